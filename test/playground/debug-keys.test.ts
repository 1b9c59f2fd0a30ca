import * as assert from 'node:assert/strict';
import { debugActionFor } from '../../playground/src/page/debug-keys.js';

const key = (k: string, mods: { shiftKey?: boolean; altKey?: boolean; ctrlKey?: boolean } = {}) => debugActionFor({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('playground debug keys', () => {
  it('maps the VS Code keys and the two backward ones', () => {
    assert.deepEqual(
      [key('F5'), key('F5', { shiftKey: true }), key('F5', { altKey: true }), key('F10'), key('F10', { shiftKey: true }), key('F11'), key('F11', { shiftKey: true })],
      ['startOrContinue', 'stop', 'reverseContinue', 'next', 'stepBack', 'stepIn', 'stepOut'],
    );
  });

  it('leaves other keys and Ctrl combinations to the editor', () => {
    assert.deepEqual([key('F9'), key('a'), key('F5', { ctrlKey: true })], [undefined, undefined, undefined]);
  });
});
