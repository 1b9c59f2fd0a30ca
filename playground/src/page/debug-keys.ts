/** The debugger's keys, as in VS Code where VS Code has one; Step Back and Reverse Continue have none there. */
export type DebugAction = 'startOrContinue' | 'stop' | 'next' | 'stepBack' | 'stepIn' | 'stepOut' | 'reverseContinue';

export function debugActionFor(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>): DebugAction | undefined {
  if (e.ctrlKey || e.metaKey) return undefined;
  switch (e.key) {
    case 'F5':
      return e.altKey ? 'reverseContinue' : e.shiftKey ? 'stop' : 'startOrContinue';
    case 'F10':
      return e.altKey ? undefined : e.shiftKey ? 'stepBack' : 'next';
    case 'F11':
      return e.altKey ? undefined : e.shiftKey ? 'stepOut' : 'stepIn';
    default:
      return undefined;
  }
}
