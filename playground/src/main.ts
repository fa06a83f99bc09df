import './style.css';
import { App } from './app.js';

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`playground: #${id} is missing from index.html`);
  return el;
}

const app = new App({
  controls: byId('controls'),
  toolbar: byId('toolbar'),
  status: byId('status'),
  message: byId('message'),
  graph: byId('graph'),
  graphLegend: byId('graph-legend'),
  plane: byId('plane-host'),
  planeLegend: byId('plane-legend'),
  curves: byId('curves-host'),
  summary: byId('summary'),
  step: byId('step-panel'),
});
void app.start();
