/**
 * cloudabi-run's YAML configuration as the scenario language writes it: one
 * flow node on one line, tags as written (`!fd 3`, `!file {path: /etc/x}`,
 * `!!str 42`), plain or quoted scalars. Lowered to sim-core's YamlNode, the
 * events a YAML parser reports before tags are resolved
 * (CAUTILS src/cloudabi-run/cloudabi-run.cc), and printed back.
 */
import { AstUtils, GrammarAST } from 'langium';
import type * as ast from '../generated/ast.js';
import { ExecsimGrammar } from '../generated/grammar.js';
import type { YamlNode } from '../../../../sim-core/src/personalities/cloudabi/api.js';
import { locOf, rangeOf, type LoweringContext } from '../lowering/context.js';
import { languageKeywords, printString, UnprintableError } from '../printer/tokens.js';

const TAG = /^!!?[A-Za-z_][A-Za-z0-9_./-]*$/;
const WORD = /^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9]+$/;

let plainKeywords: ReadonlySet<string> | undefined;

/** The keywords YamlPlain (cloudabi.langium) accepts as words. */
function plainFirstKeywords(): ReadonlySet<string> {
  if (!plainKeywords) {
    const rule = ExecsimGrammar().rules.find((r) => r.name === 'YamlPlain');
    plainKeywords = new Set(rule ? AstUtils.streamAllContents(rule).filter(GrammarAST.isKeyword).map((k) => k.value).filter((k) => /^[a-z]/.test(k)).toArray() : []);
  }
  return plainKeywords;
}
const PATH = /^\.{0,2}\/(?!\/)[^\s"[\]{}(),;|]*$/;

export function lowerYaml(node: ast.Yaml | undefined, cx: LoweringContext): YamlNode | undefined {
  if (!node) return undefined;
  const tag = node.tag !== undefined ? { tag: node.tag } : {};
  const loc = { loc: locOf(rangeOf(node)) };
  switch (node.$type) {
    case 'YamlScalar':
      if (node.quoted !== undefined) return { kind: 'scalar', value: node.quoted, style: 'quoted', ...tag, ...loc };
      return node.plain === undefined ? undefined : { kind: 'scalar', value: node.plain, ...tag, ...loc };
    case 'YamlSeq': {
      const items: YamlNode[] = [];
      for (const item of node.items) {
        const y = lowerYaml(item, cx);
        if (!y) return undefined;
        items.push(y);
      }
      return { kind: 'seq', items, ...tag, ...loc };
    }
    case 'YamlMap': {
      const entries: { key: YamlNode; value: YamlNode }[] = [];
      for (const entry of node.entries) {
        const key = lowerYaml(entry.key, cx);
        const value = lowerYaml(entry.value, cx);
        if (!key || !value) return undefined;
        entries.push({ key, value });
      }
      return { kind: 'map', entries, ...tag, ...loc };
    }
  }
}

/** A plain scalar is written bare when the grammar reads it back as the same plain scalar. */
function isPlain(value: string): boolean {
  if (PATH.test(value)) return true;
  if (/^-[0-9]+(\.[0-9]+)?$/.test(value)) return true;
  const words = value.split('.');
  if (!words.every((w) => WORD.test(w))) return false;
  const first = words[0]!;
  return !languageKeywords().has(first) || plainFirstKeywords().has(first);
}

export function printYamlNode(node: YamlNode): string {
  if (node.tag !== undefined && !TAG.test(node.tag)) throw new UnprintableError(`YAML tag ${node.tag} has no syntax: write it as !name or !!name`);
  const tag = node.tag !== undefined ? `${node.tag} ` : '';
  switch (node.kind) {
    case 'scalar':
      if (node.style === 'quoted') return tag + printString(node.value);
      if (!isPlain(node.value)) throw new UnprintableError(`plain YAML scalar "${node.value}" cannot be written bare; it reads back differently`);
      return tag + node.value;
    case 'seq':
      return `${tag}[${node.items.map(printYamlNode).join(', ')}]`;
    case 'map':
      return `${tag}{${node.entries.map((e) => `${printYamlNode(e.key)}: ${printYamlNode(e.value)}`).join(', ')}}`;
  }
}
