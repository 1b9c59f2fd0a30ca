/**
 * The Breakpoints panel: phase breakpoints (DAP function breakpoints: phase
 * ids with `*` wildcards, completed from the phase catalogue) and line
 * breakpoints set in the editor's glyph margin. The adapter's verdict
 * (verified, or the reason it is not) is shown next to each.
 */
import { completePhase, type PhaseChoice } from './phase-completion.js';

export interface BreakpointVerdict {
  readonly verified: boolean;
  readonly message?: string;
}

export class BreakpointsPanel {
  readonly phases: string[] = [];
  readonly lines: number[] = [];
  private phaseVerdicts: BreakpointVerdict[] = [];
  private lineVerdicts: BreakpointVerdict[] = [];
  private choices: PhaseChoice[] = [];
  private selected = -1;
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly list: HTMLElement,
    private readonly form: HTMLFormElement,
    private readonly input: HTMLInputElement,
    private readonly suggestions: HTMLElement,
    private readonly catalogue: () => Promise<readonly PhaseChoice[]>,
  ) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = this.choices[this.selected];
      this.addPhase(chosen && this.selected >= 0 ? chosen.id : input.value);
    });
    input.addEventListener('input', () => void this.suggest());
    input.addEventListener('focus', () => void this.suggest());
    input.addEventListener('blur', () => setTimeout(() => this.hideSuggestions(), 150));
    input.addEventListener('keydown', (e) => {
      if (this.suggestions.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = this.choices.length;
        this.selected = n ? (this.selected + (e.key === 'ArrowDown' ? 1 : n - 1) + (this.selected < 0 && e.key === 'ArrowUp' ? 1 : 0)) % n : -1;
        this.renderSuggestions();
      } else if (e.key === 'Tab' && this.choices.length) {
        e.preventDefault();
        input.value = this.choices[Math.max(0, this.selected)]!.id;
        void this.suggest();
      } else if (e.key === 'Escape') {
        this.hideSuggestions();
      }
    });
    this.render();
  }

  onChange(listener: () => void): void {
    this.changeListeners.add(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  addPhase(text: string): void {
    const id = text.trim();
    this.input.value = '';
    this.hideSuggestions();
    if (!id || this.phases.includes(id)) return;
    this.phases.push(id);
    this.phaseVerdicts = [];
    this.render();
    this.changed();
  }

  removePhase(id: string): void {
    const i = this.phases.indexOf(id);
    if (i < 0) return;
    this.phases.splice(i, 1);
    this.phaseVerdicts = [];
    this.render();
    this.changed();
  }

  toggleLine(line: number): void {
    const i = this.lines.indexOf(line);
    if (i >= 0) this.lines.splice(i, 1);
    else this.lines.push(line), this.lines.sort((a, b) => a - b);
    this.lineVerdicts = [];
    this.render();
    this.changed();
  }

  /** The adapter's answers, in the order the breakpoints were sent. */
  setVerdicts(phases: readonly BreakpointVerdict[], lines: readonly BreakpointVerdict[]): void {
    this.phaseVerdicts = [...phases];
    this.lineVerdicts = [...lines];
    this.render();
  }

  private async suggest(): Promise<void> {
    const all = await this.catalogue();
    this.choices = completePhase(this.input.value, all);
    this.selected = this.choices.length && this.input.value.trim() ? 0 : -1;
    this.renderSuggestions();
  }

  private hideSuggestions(): void {
    this.suggestions.hidden = true;
    this.selected = -1;
  }

  private renderSuggestions(): void {
    this.suggestions.replaceChildren(
      ...this.choices.map((c, i) => {
        const li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === this.selected));
        li.dataset.phase = c.id;
        li.append(c.id);
        const title = document.createElement('small');
        title.textContent = c.title;
        li.append(title);
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.addPhase(c.id);
        });
        return li;
      }),
    );
    this.suggestions.hidden = this.choices.length === 0;
  }

  private render(): void {
    const rows: HTMLElement[] = [];
    this.phases.forEach((id, i) => rows.push(this.row(`phase ${id}`, this.phaseVerdicts[i], () => this.removePhase(id), { phase: id })));
    this.lines.forEach((line, i) => rows.push(this.row(`line ${line}`, this.lineVerdicts[i], () => this.toggleLine(line), { line: String(line) })));
    this.list.replaceChildren(...rows);
  }

  private row(label: string, verdict: BreakpointVerdict | undefined, remove: () => void, data: Record<string, string>): HTMLElement {
    const li = document.createElement('li');
    Object.assign(li.dataset, data);
    if (verdict && !verdict.verified) li.classList.add('unverified');
    const mark = document.createElement('span');
    mark.textContent = verdict && !verdict.verified ? '○' : '●';
    mark.style.color = verdict && !verdict.verified ? '' : '#e51400';
    const text = document.createElement('span');
    text.textContent = label;
    li.append(mark, text);
    if (verdict?.message) {
      const message = document.createElement('span');
      message.className = 'message';
      message.textContent = verdict.message;
      li.append(message);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '×';
    button.title = `Remove the breakpoint on ${label}`;
    button.addEventListener('click', remove);
    li.append(button);
    return li;
  }
}
