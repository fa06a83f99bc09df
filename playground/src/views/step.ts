import { STAGES, type StageView } from '../stages.js';

const HINT = 'Pick a point on the plane (or type its number), then press Step to walk through forward, loss, backward and update.';

/**
 * The step panel: the four stages as a progress row, the current stage's formula and tables of
 * numbers (each numeric cell keeps its full value in `data-raw`), and a polite live region that
 * reads the stage's sentence to screen readers.
 */
export class StepPanel {
  private readonly pills: HTMLLIElement[];
  private readonly formula: HTMLParagraphElement;
  private readonly tables: HTMLDivElement;
  readonly live: HTMLParagraphElement;

  constructor(host: HTMLElement) {
    const list = document.createElement('ol');
    list.className = 'stages';
    list.setAttribute('aria-label', 'Stages of one training step');
    this.pills = STAGES.map((s, k) => {
      const li = document.createElement('li');
      li.textContent = `${k + 1} ${s}`;
      li.dataset.stage = s;
      list.appendChild(li);
      return li;
    });
    this.live = document.createElement('p');
    this.live.id = 'stage-text';
    this.live.className = 'stage-text';
    this.live.setAttribute('aria-live', 'polite');
    this.live.textContent = HINT;
    this.formula = document.createElement('p');
    this.formula.className = 'formula';
    this.tables = document.createElement('div');
    this.tables.className = 'stage-tables';
    const key = document.createElement('p');
    key.className = 'step-note';
    key.innerHTML = 'Numbers in <span class="pos">blue</span> are positive, in <span class="neg">orange</span> negative; hover a number for all its digits.';
    host.append(list, this.live, this.formula, key, this.tables);
  }

  /** Shows a stage (null clears the panel back to the hint). */
  show(view: StageView | null, message?: string): void {
    const at = view === null ? -1 : STAGES.indexOf(view.stage);
    this.pills.forEach((li, k) => {
      li.classList.toggle('current', k === at);
      li.classList.toggle('done', k < at);
      if (k === at) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
    if (view === null) {
      this.formula.textContent = '';
      this.tables.replaceChildren();
      this.live.textContent = message ?? HINT;
      return;
    }
    this.live.textContent = `${view.title}: ${view.announcement}`;
    this.formula.textContent = view.formula;
    this.tables.replaceChildren(
      ...view.tables.map((t) => {
        const table = document.createElement('table');
        table.id = `t-${t.id}`;
        table.className = 'numbers';
        const caption = table.createCaption();
        caption.textContent = t.caption;
        const head = table.createTHead().insertRow();
        for (const h of t.head) {
          const th = document.createElement('th');
          th.scope = 'col';
          th.textContent = h;
          head.appendChild(th);
        }
        const body = table.createTBody();
        for (const r of t.rows) {
          const tr = body.insertRow();
          tr.dataset.key = r.key;
          r.cells.forEach((cell, k) => {
            const td = document.createElement(k === 0 ? 'th' : 'td');
            if (k === 0) (td as HTMLTableCellElement).scope = 'row';
            td.textContent = cell.text;
            if (cell.raw !== undefined) {
              td.dataset.raw = String(cell.raw);
              td.title = String(cell.raw);
              td.className = cell.raw > 0 ? 'pos' : cell.raw < 0 ? 'neg' : '';
            }
            tr.appendChild(td);
          });
        }
        const scroll = document.createElement('div');
        scroll.className = 'table-scroll';
        scroll.appendChild(table);
        return scroll;
      }),
    );
  }
}
