import * as assert from 'node:assert/strict';
import { canonicalScalarTag, parseFdNumber, parseYamlInt, reportedTag } from '../../../../../sim-core/src/personalities/cloudabi/run/yaml-to-argdata.js';

const Y = 'tag:yaml.org,2002:';

describe('yaml2argdata tag resolution (YAMLCanonicalizingFactory)', () => {
  it('resolves plain scalars by the YAML 1.2 core schema', () => {
    const cases: Array<[string, string]> = [
      ['', 'null'], ['~', 'null'], ['Null', 'null'], ['true', 'bool'], ['FALSE', 'bool'], ['42', 'int'], ['-7', 'int'],
      ['0x1F', 'int'], ['0o17', 'int'], ['3.5', 'float'], ['.inf', 'float'], ['.NaN', 'float'], ['1e3', 'float'], ['yes', 'str'], ['mail.example.org', 'str'],
    ];
    for (const [value, tag] of cases) assert.equal(canonicalScalarTag('?', value), Y + tag, value);
  });

  it('makes a quoted scalar a string whatever it looks like', () => assert.equal(canonicalScalarTag('!', '42'), Y + 'str'));

  it('reads !x with cloudabi-run\'s %TAG directive and !!x as a YAML core tag', () => {
    assert.equal(reportedTag({ kind: 'scalar', value: '1', tag: '!fd' }), 'tag:nuxi.nl,2015:cloudabi/fd');
    assert.equal(reportedTag({ kind: 'scalar', value: '1', tag: '!!str' }), Y + 'str');
    assert.equal(reportedTag({ kind: 'scalar', value: '1' }), '?');
    assert.equal(reportedTag({ kind: 'scalar', value: '1', style: 'quoted' }), '!');
  });
});

describe('yaml2argdata integers (YAMLArgdataFactory)', () => {
  it('reads decimal intmax_t, then uintmax_t', () => {
    assert.equal(parseYamlInt('-9223372036854775808'), -(2n ** 63n));
    assert.equal(parseYamlInt('18446744073709551615'), 2n ** 64n - 1n);
    assert.equal(parseYamlInt('+5'), 5n);
    assert.equal(parseYamlInt('007'), 7n);
  });

  it('does not read hexadecimal, octal or numbers past uintmax_t', () => {
    assert.equal(parseYamlInt('0x1F'), undefined);
    assert.equal(parseYamlInt('0o17'), undefined);
    assert.equal(parseYamlInt('18446744073709551616'), undefined);
  });

  it('wraps a negative number below intmax_t as the unsigned extraction does', () => {
    assert.equal(parseYamlInt('-9223372036854775809'), 2n ** 63n - 1n);
  });
});

describe('!fd numbers (std::stoi)', () => {
  it('takes leading blanks and a sign, and nothing after the digits', () => {
    assert.equal(parseFdNumber(' 3'), 3);
    assert.equal(parseFdNumber('-1'), -1);
    assert.equal(parseFdNumber('3 '), undefined);
    assert.equal(parseFdNumber('x'), undefined);
    assert.equal(parseFdNumber('2147483648'), undefined);
  });
});
