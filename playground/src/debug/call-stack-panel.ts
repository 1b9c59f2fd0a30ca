/** The Call stack panel: the stopped thread's frames, innermost first; a click selects a frame. */
import type { DebugProtocol } from '@vscode/debugprotocol';

export class CallStackPanel {
  private selectListener: (frame: DebugProtocol.StackFrame) => void = () => undefined;

  constructor(private readonly list: HTMLElement) {}

  onSelect(listener: (frame: DebugProtocol.StackFrame) => void): void {
    this.selectListener = listener;
  }

  clear(): void {
    this.list.replaceChildren();
  }

  show(threadName: string, frames: readonly DebugProtocol.StackFrame[], selectedId: number): void {
    const header = document.createElement('li');
    header.className = 'thread';
    header.textContent = threadName;
    header.style.color = 'var(--dim)';
    const rows = frames.map((f) => {
      const li = document.createElement('li');
      li.dataset.frameId = String(f.id);
      if (f.id === selectedId) li.classList.add('selected');
      const where = f.source?.path ? `:${f.line}` : f.source?.name ? ` (${f.source.name}:${f.line})` : '';
      li.textContent = `${f.name}${where}`;
      li.title = li.textContent;
      li.addEventListener('click', () => {
        for (const other of this.list.querySelectorAll('li.selected')) other.classList.remove('selected');
        li.classList.add('selected');
        this.selectListener(f);
      });
      return li;
    });
    this.list.replaceChildren(header, ...rows);
  }
}
