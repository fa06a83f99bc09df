import type { ModelSummary } from '../../../src/index.js';

/** The architecture table: one row per layer with its shapes and parameter count. */
export function renderSummary(host: HTMLElement, s: ModelSummary): void {
  const table = document.createElement('table');
  table.className = 'summary';
  table.innerHTML = `<caption>Architecture: ${s.inputs} inputs, ${s.totalParams.toLocaleString('en-US')} parameters</caption>
    <thead><tr><th scope="col">Layer</th><th scope="col">Type</th><th scope="col">Units</th><th scope="col">Activation</th><th scope="col">W</th><th scope="col">b</th><th scope="col">Params</th></tr></thead>`;
  const body = document.createElement('tbody');
  for (const r of s.rows) {
    const tr = document.createElement('tr');
    const cells = [`${r.index} ${r.name}`, r.type, String(r.units), r.activation, r.weightShape === null ? '—' : `${r.weightShape[0]}×${r.weightShape[1]}`, r.biasShape === null ? '—' : String(r.biasShape[0]), String(r.params)];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  host.replaceChildren(table);
}
