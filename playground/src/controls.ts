import type { Task } from './dataset.js';
import { button, checkbox, fieldset, filePicker, number, range, select, type Option } from './form.js';
import { OUTPUTS_FOR, optimizerTakes } from './network.js';
import { featureLabel } from './features.js';
import { HIDDEN_ACTIVATIONS, INPUT_FEATURES, MAX_LAYERS, MAX_UNITS, OPTIMIZERS, REGRESSION_SETS, SCHEDULES, SPEEDS, type LayerSpec, type PlaygroundState } from './state.js';

/** What the controls ask the app to do. */
export interface ControlEvents {
  change(patch: Partial<PlaygroundState>): void;
  csv(file: File): void;
  download(): void;
  load(file: File): void;
  copyLink(): void;
}

/** Facts about the current data that shape the controls. */
export interface DataContext {
  task: Task;
  /** numeric feature columns and all columns of a table source, null for synthetic sets */
  features: string[] | null;
  columns: string[] | null;
  trainRows: number;
  note: string;
  /** a CSV link without its file: only the data-set choice is live */
  waiting: boolean;
}

/** TensorFlow Playground's learning rates: ArrowUp/ArrowDown in the η box walk this ladder (×3 / ×3⅓ steps). */
export const LR_LADDER = [0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;

/** The next rung above (dir = 1) or below (dir = −1) a learning rate. */
export function lrStep(lr: number, dir: 1 | -1): number {
  if (dir > 0) return LR_LADDER.find((v) => v > lr * 1.0001) ?? LR_LADDER[LR_LADDER.length - 1];
  return [...LR_LADDER].reverse().find((v) => v < lr / 1.0001) ?? LR_LADDER[0];
}

const SOURCES: Option[] = [
  { value: 'circle', label: 'Circle', group: 'Classification' },
  { value: 'xor', label: 'Exclusive or', group: 'Classification' },
  { value: 'gauss', label: 'Gaussian clouds', group: 'Classification' },
  { value: 'spiral', label: 'Spiral', group: 'Classification' },
  { value: 'plane', label: 'Plane', group: 'Regression' },
  { value: 'bumps', label: 'Bumps', group: 'Regression' },
  { value: 'iris', label: 'Iris (150 flowers, 3 species)', group: 'Real data' },
  { value: 'digits', label: 'Digits (1,797 images, 10 classes)', group: 'Real data' },
  { value: 'breast_cancer', label: 'Breast cancer (569 cases)', group: 'Real data' },
  { value: 'csv', label: 'Your CSV file…', group: 'Your data' },
];

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** The left-hand panel: data, network, training, model file and view settings. */
export class Controls {
  readonly root: HTMLElement;
  private readonly sync: ((s: PlaygroundState, c: DataContext) => void)[] = [];
  private readonly layerList: HTMLOListElement;
  private state: PlaygroundState | null = null;
  private context: DataContext | null = null;
  /** where focus goes after the layer list is rebuilt, when the focused control is gone */
  private focusAfter = '';

  constructor(host: HTMLElement, private readonly events: ControlEvents) {
    this.root = host;
    const ch = (patch: Partial<PlaygroundState>) => events.change(patch);

    // data
    const problem = select('problem', 'Problem type', [{ value: 'classification', label: 'Classification' }, { value: 'regression', label: 'Regression' }], (v) => {
      const regression = v === 'regression';
      ch({ source: regression ? REGRESSION_SETS[0] : 'circle', xColumn: '', yColumn: '', target: '' });
    });
    const source = select('source', 'Data set', SOURCES, (v) => (v === 'csv' ? csvPick.input.click() : ch({ source: v as PlaygroundState['source'], xColumn: '', yColumn: '', target: '' })));
    const csvPick = filePicker('csv', 'Load a CSV file…', '.csv,text/csv,text/plain', (f) => events.csv(f));
    const noise = range('noise', 'Noise', { min: 0, max: 0.5, step: 0.05, format: pct }, (v) => ch({ noise: v }));
    const points = range('points', 'Points', { min: 50, max: 1000, step: 50, format: String }, (v) => ch({ points: v }));
    const ratio = range('testRatio', 'Test share', { min: 0.1, max: 0.9, step: 0.1, format: pct }, (v) => ch({ testRatio: Math.round(v * 10) / 10 }));
    const projection = select('projection', 'Show as', [{ value: 'pca', label: 'first two principal directions' }, { value: 'columns', label: 'two chosen columns' }], (v) => ch({ projection: v as 'pca' | 'columns' }));
    const xColumn = select('xColumn', 'Horizontal feature', [], (v) => ch({ xColumn: v }));
    const yColumn = select('yColumn', 'Vertical feature', [], (v) => ch({ yColumn: v }));
    const target = select('target', 'Target column', [], (v) => ch({ target: v, xColumn: '', yColumn: '' }));
    const note = document.createElement('p');
    note.className = 'note';
    note.id = 'data-note';
    this.root.appendChild(fieldset('Data', problem.el, source.el, csvPick.el, noise.el, points.el, ratio.el, projection.el, target.el, xColumn.el, yColumn.el, note));
    this.sync.push((s, c) => {
      // the problem type follows the data: the regression surfaces, or a CSV with a numeric target
      const regression = c.task === 'regression' && !c.waiting;
      problem.set(regression ? 'regression' : 'classification');
      source.setOptions(SOURCES.filter((o) => typeof o === 'string' || o.value === 'csv' || (REGRESSION_SETS as readonly string[]).includes(o.value) === regression));
      source.set(s.source);
      const synthetic = c.features === null;
      noise.el.hidden = !synthetic;
      points.el.hidden = !synthetic;
      noise.set(s.noise);
      points.set(s.points);
      ratio.set(s.testRatio);
      ratio.el.hidden = c.waiting;
      projection.el.hidden = synthetic;
      projection.set(s.projection);
      target.el.hidden = synthetic;
      xColumn.el.hidden = synthetic || s.projection !== 'columns';
      yColumn.el.hidden = xColumn.el.hidden;
      csvPick.el.hidden = s.source !== 'csv';
      if (c.columns !== null && c.features !== null) {
        target.setOptions(c.columns);
        target.set(s.target !== '' && c.columns.includes(s.target) ? s.target : (c.columns[c.columns.length - 1] as string));
        xColumn.setOptions(c.features);
        yColumn.setOptions(c.features);
        xColumn.set(s.xColumn !== '' && c.features.includes(s.xColumn) ? s.xColumn : (c.features[0] ?? ''));
        yColumn.set(s.yColumn !== '' && c.features.includes(s.yColumn) ? s.yColumn : (c.features[1] ?? ''));
      }
      note.textContent = c.note;
    });

    // network
    this.layerList = document.createElement('ol');
    this.layerList.className = 'layers';
    this.layerList.setAttribute('aria-label', 'Hidden layers');
    const addLayer = button('+ Add layer', () => this.editLayers((l) => (l.length < MAX_LAYERS ? [...l, { units: 4, activation: l[l.length - 1]?.activation ?? 'tanh', dropout: 0 }] : l)), { id: 'add-layer' });
    const inputs = INPUT_FEATURES.map((f) =>
      checkbox(`input-${f}`, featureLabel(f, ['x₁', 'x₂']), (on) => {
        const now = this.state?.features ?? [];
        const next = on ? [...now, f] : now.filter((g) => g !== f);
        if (next.length === 0) {
          this.update(this.state as PlaygroundState, this.context as DataContext);
          return;
        }
        ch({ features: INPUT_FEATURES.filter((g) => next.includes(g)) });
      }),
    );
    inputs.forEach((c, k) => (c.input.id = `input-${INPUT_FEATURES[k]}`));
    inputs.forEach((c) => ((c.el.querySelector('label') as HTMLLabelElement).htmlFor = c.input.id));
    const inputRow = document.createElement('div');
    inputRow.className = 'inputs';
    inputRow.setAttribute('role', 'group');
    inputRow.setAttribute('aria-label', 'Inputs');
    const inputTitle = document.createElement('span');
    inputTitle.className = 'inputs-title';
    inputTitle.textContent = 'Inputs';
    inputRow.append(inputTitle, ...inputs.map((c) => c.el));
    const output = select('outputActivation', 'Output activation', [], (v) => ch({ outputActivation: v as PlaygroundState['outputActivation'] }));
    const loss = select('loss', 'Loss', [], (v) => ch({ loss: v as PlaygroundState['loss'] }));
    this.root.appendChild(fieldset('Network', inputRow, this.layerList, addLayer, output.el, loss.el));
    this.sync.push((s, c) => {
      inputs.forEach((box, k) => box.set(s.features.includes(INPUT_FEATURES[k] as (typeof INPUT_FEATURES)[number])));
      const hadFocus = document.activeElement === addLayer;
      this.renderLayers(s.layers);
      addLayer.disabled = s.layers.length >= MAX_LAYERS;
      // a control that just became disabled would drop the focus to the page
      if (hadFocus && addLayer.disabled) refocus('add-layer', s.layers.length);
      const offer = OUTPUTS_FOR[c.task];
      output.setOptions(offer.activations);
      output.set(offer.activations.includes(s.outputActivation) ? s.outputActivation : (offer.activations[0] as string));
      loss.setOptions(offer.losses);
      loss.set(offer.losses.includes(s.loss) ? s.loss : (offer.losses[0] as string));
    });

    // training
    const optimizer = select('optimizer', 'Optimizer', OPTIMIZERS, (v) => ch({ optimizer: v as PlaygroundState['optimizer'] }));
    const lr = number('lr', 'Learning rate η', { min: 1e-6, max: 10, step: 'any' }, (v) => ch({ lr: v }), '↑/↓ step ×3 or ÷3; applies from the next step');
    (lr.input as HTMLInputElement).addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      e.preventDefault();
      const v = lrStep(this.state?.lr ?? 0.03, e.key === 'ArrowUp' ? 1 : -1);
      lr.set(v);
      ch({ lr: v });
    });
    const momentum = number('momentum', 'Momentum', { min: 0, max: 0.999, step: 0.05 }, (v) => ch({ momentum: v }));
    const beta1 = number('beta1', 'β₁', { min: 0, max: 0.9999, step: 0.01 }, (v) => ch({ beta1: v }));
    const beta2 = number('beta2', 'β₂', { min: 0, max: 0.99999, step: 0.001 }, (v) => ch({ beta2: v }));
    const schedule = select('schedule', 'Learning-rate schedule', SCHEDULES, (v) => ch({ schedule: v as PlaygroundState['schedule'] }));
    const gamma = number('gamma', 'Decay γ', { min: 0.01, max: 1, step: 0.01 }, (v) => ch({ gamma: v }));
    const stepSize = number('stepSize', 'Epochs per decay', { min: 1, max: 1000, step: 1 }, (v) => ch({ stepSize: v }));
    const totalSteps = number('totalSteps', 'Steps to minimum', { min: 1, max: 1e6, step: 1 }, (v) => ch({ totalSteps: v }));
    const batch = range('batchSize', 'Batch size', { min: 1, max: 500, step: 1, format: (v) => String(v) }, (v) => ch({ batchSize: v }));
    const full = button('Full batch', () => ch({ batchSize: Number((batch.input as HTMLInputElement).max) }), { className: 'small' });
    const reg = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1].map(String);
    const l1 = select('l1', 'L1 penalty', reg, (v) => ch({ l1: Number(v) }));
    const l2 = select('l2', 'L2 penalty', reg, (v) => ch({ l2: Number(v) }));
    const seed = number('seed', 'Seed', { min: 0, max: 0xffffffff, step: 1 }, (v) => ch({ seed: v }), 'one seed: data, split, initial weights, shuffling, dropout');
    const reseed = button('New seed', () => ch({ seed: ((this.state?.seed ?? 0) * 1103515245 + 12345) % 2147483648 }), { className: 'small' });
    this.root.appendChild(fieldset('Training', optimizer.el, lr.el, momentum.el, beta1.el, beta2.el, schedule.el, gamma.el, stepSize.el, totalSteps.el, batch.el, full, l1.el, l2.el, seed.el, reseed));
    this.sync.push((s, c) => {
      optimizer.set(s.optimizer);
      lr.set(s.lr);
      momentum.set(s.momentum);
      momentum.el.hidden = !optimizerTakes(s.optimizer, 'momentum');
      beta1.set(s.beta1);
      beta2.set(s.beta2);
      beta1.el.hidden = beta2.el.hidden = !optimizerTakes(s.optimizer, 'beta1');
      schedule.set(s.schedule);
      gamma.set(s.gamma);
      gamma.el.hidden = !(s.schedule === 'step' || s.schedule === 'exponential');
      stepSize.set(s.stepSize);
      stepSize.el.hidden = s.schedule !== 'step';
      totalSteps.set(s.totalSteps);
      totalSteps.el.hidden = s.schedule !== 'cosine';
      batch.setMax(Math.max(1, c.trainRows));
      batch.set(Math.min(s.batchSize, c.trainRows));
      l1.set(String(s.l1));
      l2.set(String(s.l2));
      seed.set(s.seed);
    });

    // model file and view
    const download = button('Download model', () => events.download(), { id: 'download-model' });
    const load = filePicker('modelFile', 'Load model file…', '.json,application/json', (f) => events.load(f), 'load-model');
    const copy = button('Copy link', () => events.copyLink(), { id: 'copy-link', title: 'Copy a link to these settings' });
    const speed = select('speed', 'Each frame trains', [{ value: 'batch', label: 'one batch' }, { value: 'epoch', label: 'one epoch' }, { value: 'fast', label: 'as much as fits' }], (v) => ch({ speed: v as (typeof SPEEDS)[number] }));
    const showTest = checkbox('showTest', 'Show test data', (v) => ch({ showTest: v }));
    const discretize = checkbox('discretize', 'Discretize output', (v) => ch({ discretize: v }));
    const modelRow = document.createElement('div');
    modelRow.className = 'buttons';
    modelRow.append(download, load.el, copy);
    this.root.appendChild(fieldset('Model and view', modelRow, speed.el, showTest.el, discretize.el));
    this.sync.push((s) => {
      speed.set(s.speed);
      showTest.set(s.showTest);
      discretize.set(s.discretize);
    });
  }

  /** Shows a state without firing changes. */
  update(state: PlaygroundState, context: DataContext): void {
    this.state = state;
    this.context = context;
    for (const f of this.sync) f(state, context);
  }

  private editLayers(edit: (layers: LayerSpec[]) => LayerSpec[]): void {
    if (this.state === null) return;
    this.events.change({ layers: edit(this.state.layers.map((l) => ({ ...l }))) });
  }

  /** One row per hidden layer: neurons −/+, activation, dropout, remove. Rebuilt only when needed, keeping focus. */
  private renderLayers(layers: readonly LayerSpec[]): void {
    const key = JSON.stringify(layers);
    if (this.layerList.dataset.key === key) return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    this.layerList.dataset.key = key;
    this.layerList.replaceChildren(
      ...layers.map((l, i) => {
        const li = document.createElement('li');
        const n = i + 1;
        const title = document.createElement('span');
        title.className = 'layer-name';
        title.textContent = `Layer ${n}`;
        const minus = button('−', () => this.editLayers((ls) => ls.map((x, k) => (k === i ? { ...x, units: Math.max(1, x.units - 1) } : x))), { id: `layer-${n}-minus`, title: `Remove a neuron from layer ${n}`, className: 'small' });
        const count = document.createElement('span');
        count.className = 'units';
        count.textContent = `${l.units} neuron${l.units === 1 ? '' : 's'}`;
        const plus = button('+', () => this.editLayers((ls) => ls.map((x, k) => (k === i ? { ...x, units: Math.min(MAX_UNITS, x.units + 1) } : x))), { id: `layer-${n}-plus`, title: `Add a neuron to layer ${n}`, className: 'small' });
        minus.disabled = l.units <= 1;
        plus.disabled = l.units >= MAX_UNITS;
        const act = select(`layer-${n}-activation`, 'activation', HIDDEN_ACTIVATIONS, (v) => this.editLayers((ls) => ls.map((x, k) => (k === i ? { ...x, activation: v as LayerSpec['activation'] } : x))));
        act.input.id = `layer-${n}-activation`;
        act.input.setAttribute('aria-label', `Layer ${n} activation`);
        (act.el.querySelector('label') as HTMLLabelElement).htmlFor = act.input.id;
        act.set(l.activation);
        const drop = select(`layer-${n}-dropout`, 'dropout', ['0', '0.1', '0.2', '0.3', '0.5'], (v) => this.editLayers((ls) => ls.map((x, k) => (k === i ? { ...x, dropout: Number(v) } : x))));
        drop.input.id = `layer-${n}-dropout`;
        drop.input.setAttribute('aria-label', `Layer ${n} dropout rate`);
        (drop.el.querySelector('label') as HTMLLabelElement).htmlFor = drop.input.id;
        drop.set(String(l.dropout));
        const remove = button(
          '✕',
          () => {
            // focus then goes to the remove button of the layer that takes this place, else the one above, else "+ Add layer"
            const left = layers.length - 1;
            this.focusAfter = left === 0 ? 'add-layer' : `layer-${Math.min(n, left)}-remove`;
            this.editLayers((ls) => ls.filter((_, k) => k !== i));
          },
          { id: `layer-${n}-remove`, title: `Remove layer ${n}`, className: 'small' },
        );
        li.append(title, minus, count, plus, act.el, drop.el, remove);
        return li;
      }),
    );
    const want = this.focusAfter !== '' ? this.focusAfter : focused;
    this.focusAfter = '';
    if (focused !== '') refocus(want, layers.length);
  }
}

/**
 * Focuses a layer-editor control by id; when it is gone or disabled, its neighbour: − ↔ +, and
 * "+ Add layer" ↔ the last layer's remove button — so adding and removing never lose the focus.
 */
function refocus(id: string, layers: number): void {
  const usable = (x: string) => {
    const el = document.getElementById(x);
    return el instanceof HTMLButtonElement ? (el.disabled ? null : el) : el;
  };
  const alt = id.endsWith('-minus') ? id.replace('-minus', '-plus') : id.endsWith('-plus') ? id.replace('-plus', '-minus') : id === 'add-layer' ? `layer-${layers}-remove` : 'add-layer';
  (usable(id) ?? usable(alt) ?? usable('add-layer'))?.focus();
}
