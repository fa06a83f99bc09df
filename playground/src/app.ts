import type { StepTrace } from '../../src/index.js';
import { parseCsv, type Table } from '../../src/data/index.js';
import { bundledText } from './bundled.js';
import { Controls, type DataContext } from './controls.js';
import { syntheticData, tableData, type PlaneData } from './dataset.js';
import { featureLabel } from './features.js';
import { button } from './form.js';
import { FrameRate } from './fps.js';
import { savedSettings } from './model-io.js';
import { buildModel, outputChoice } from './network.js';
import type { LoadedSpec, Snapshot, ToPage, ToWorker } from './protocol.js';
import { STAGES, fmt, layerTitle, stageView, weightChanges } from './stages.js';
import { BUNDLED_SETS, OPTIMIZERS, cloneState, decodeState, encodeState, isSynthetic, type InputFeature, type PlaygroundState } from './state.js';
import { paintNeuron } from './views/heatmap.js';
import { renderGraphLegend, renderPlaneLegend } from './views/legend.js';
import { CurvesView } from './views/curves.js';
import { GraphView } from './views/graph.js';
import { PlaneView } from './views/plane.js';
import { StepPanel } from './views/step.js';
import { renderSummary } from './views/table.js';

const GRID_SIZE = 50;
const CSV_KEY = 'mlpkit-playground-csv';
/** Settings that change only how things are drawn or paced: no new model. */
const VIEW_KEYS: readonly (keyof PlaygroundState)[] = ['speed', 'showTest', 'discretize'];
/** Settings that change the data. */
const DATA_KEYS: readonly (keyof PlaygroundState)[] = ['source', 'noise', 'points', 'testRatio', 'projection', 'xColumn', 'yColumn', 'target', 'seed'];
/** Settings of the optimizer only: they apply on the next step, the weights and the curve stay. */
const OPTIMIZER_KEYS: readonly (keyof PlaygroundState)[] = ['optimizer', 'lr', 'momentum', 'beta1', 'beta2', 'schedule', 'gamma', 'stepSize', 'totalSteps', 'batchSize', 'l1', 'l2'];
/** What a network setting is called in the "weights reset" line. */
const NETWORK_WORDS: Partial<Record<keyof PlaygroundState, string>> = { layers: 'the hidden layers', features: 'the inputs', outputActivation: 'the output activation', loss: 'the loss' };

type Tone = 'info' | 'warn' | 'error';

interface Elements {
  controls: HTMLElement;
  toolbar: HTMLElement;
  status: HTMLElement;
  message: HTMLElement;
  graph: HTMLElement;
  graphLegend: HTMLElement;
  plane: HTMLElement;
  planeLegend: HTMLElement;
  curves: HTMLElement;
  summary: HTMLElement;
  step: HTMLElement;
}

/**
 * The page's controller: the state (mirrored in the URL), the data, the worker that trains, and the
 * views it draws once per animation frame from the worker's latest snapshot.
 */
export class App {
  private state: PlaygroundState;
  private data: PlaneData | null = null;
  private context: DataContext | null = null;
  private readonly tables = new Map<string, Table>();
  private readonly worker: Worker;
  private readonly controls: Controls;
  private readonly plane: PlaneView;
  private readonly graph: GraphView;
  private readonly curves: CurvesView;
  private readonly stepPanel: StepPanel;
  private latest: Snapshot | null = null;
  private drawPending = false;
  private playing = false;
  private readonly fps = new FrameRate();
  private selected = -1;
  /** index into STAGES of the stage shown, −1 for none */
  private stage = -1;
  private trace: StepTrace | null = null;
  private readonly playButton: HTMLButtonElement;
  private readonly trainButtons: HTMLButtonElement[];
  private readonly sampleInput: HTMLInputElement;
  /** a CSV link opened in a browser that does not have the file: wait for the user to load it */
  private waitingForCsv = false;
  /** a loaded model's spec is being applied: do not rebuild the model */
  private adopting = false;
  private statusCells: Record<'epoch' | 'steps' | 'train' | 'test' | 'lr' | 'fps', HTMLElement> | null = null;

  constructor(private readonly el: Elements) {
    this.state = decodeState(location.hash).state;
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (e: MessageEvent<ToPage>) => this.onMessage(e.data));
    this.worker.addEventListener('error', (e) => this.say(`The training worker failed: ${e.message}`, 'error'));
    this.controls = new Controls(el.controls, {
      change: (patch) => void this.change(patch),
      csv: (file) => void this.loadCsv(file),
      download: () => this.post({ type: 'export' }),
      load: (file) => void this.loadModelFile(file),
      copyLink: () => void this.copyLink(),
    });
    this.graph = new GraphView(el.graph, {
      hoverNeuron: (n) => this.showNeuron(n),
      editWeight: (link, value) => this.post({ type: 'setWeight', layer: link.layer, i: link.i, j: link.j, value }),
      toggleInput: (f) => this.toggleInput(f),
    });
    this.plane = new PlaneView(el.plane, (i) => this.pick(i));
    this.curves = new CurvesView(el.curves);
    this.stepPanel = new StepPanel(el.step);

    const bar = el.toolbar;
    const reset = button('↺ Reset', () => void this.rebuild(false), { id: 'reset', title: 'Reset the weights (r)' });
    this.playButton = button('▶ Play', () => this.togglePlay(), { id: 'play', title: 'Play or pause training (p)' });
    const epoch = button('Epoch', () => this.once('epoch'), { id: 'epoch', title: 'Train one epoch (e)' });
    const batch = button('Batch', () => this.once('batch'), { id: 'batch', title: 'Train one batch (b)' });
    const step = button('Step', () => this.nextStage(), { id: 'step', title: 'One step on the picked sample, stage by stage (s)' });
    const sampleLabel = document.createElement('label');
    sampleLabel.htmlFor = 'sample';
    sampleLabel.textContent = 'Sample';
    this.sampleInput = document.createElement('input');
    this.sampleInput.type = 'number';
    this.sampleInput.id = 'sample';
    this.sampleInput.min = '0';
    this.sampleInput.step = '1';
    this.sampleInput.placeholder = 'pick one';
    this.sampleInput.addEventListener('change', () => this.typedSample());
    this.trainButtons = [reset, this.playButton, epoch, batch, step];
    bar.append(reset, this.playButton, epoch, batch, step, sampleLabel, this.sampleInput);

    this.el.plane.querySelector('canvas')?.addEventListener('keydown', (e) => this.planeKey(e));
    document.addEventListener('keydown', (e) => this.shortcut(e));
    window.addEventListener('hashchange', () => {
      if (location.hash.slice(1) !== encodeState(this.state)) void this.apply(decodeState(location.hash).state, true);
    });
  }

  async start(): Promise<void> {
    const { state, warnings } = decodeState(location.hash);
    await this.apply(state, true, warnings.length > 0 ? `Some link settings were ignored: ${warnings.join('; ')}` : '');
  }

  // ——— state ———

  private async change(patch: Partial<PlaygroundState>): Promise<void> {
    const next = { ...cloneState(this.state), ...patch };
    const keys = (Object.keys(patch) as (keyof PlaygroundState)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(this.state[k]));
    if (keys.length === 0) {
      this.syncControls();
      return;
    }
    if (keys.every((k) => VIEW_KEYS.includes(k))) {
      this.state = next;
      this.writeUrl();
      if (patch.speed !== undefined) this.post({ type: 'setSpeed', speed: patch.speed });
      this.plane.setOptions({ showTest: next.showTest, discretize: next.discretize });
      if (this.latest !== null) this.graph.update(this.latest, next.discretize);
      this.syncControls();
      return;
    }
    if (this.data !== null && keys.every((k) => VIEW_KEYS.includes(k) || OPTIMIZER_KEYS.includes(k))) {
      // the optimizer's settings: the worker swaps them in before its next step; weights, epoch and curve stay
      this.state = next;
      this.writeUrl();
      this.syncControls();
      this.clearStep();
      this.post({ type: 'configure', state: cloneState(next) });
      const lr = keys.includes('lr') ? ` η = ${fmt(next.lr)}` : '';
      this.say(`${keys.filter((k) => OPTIMIZER_KEYS.includes(k)).join(', ')} changed:${lr} from the next step on; training goes on.`);
      return;
    }
    const newData = keys.some((k) => DATA_KEYS.includes(k));
    const words = keys.map((k) => NETWORK_WORDS[k]).filter((w): w is string => w !== undefined);
    await this.apply(next, newData, newData ? 'New data: weights reset.' : `Weights reset: ${words.join(' and ')} changed the network.`);
  }

  private toggleInput(f: InputFeature): void {
    const on = this.state.features.includes(f);
    if (on && this.state.features.length === 1) {
      this.say('The network needs at least one input.', 'warn');
      return;
    }
    void this.change({ features: on ? this.state.features.filter((g) => g !== f) : [...this.state.features, f] });
  }

  /** Takes a new state: rebuilds the data when asked, then the model (unless a loaded model is being adopted). */
  private async apply(next: PlaygroundState, newData: boolean, message = ''): Promise<void> {
    const previous = this.state;
    this.state = next;
    if (next.source === 'csv' && !this.tables.has('csv') && localStorage.getItem(CSV_KEY) === null) {
      this.awaitCsv();
      return;
    }
    let note = '';
    try {
      if (newData || this.data === null || this.waitingForCsv) note = await this.loadData();
    } catch (err) {
      this.say(`Could not use that data: ${(err as Error).message}`, 'error');
      this.state = previous;
      this.syncControls();
      return;
    }
    this.waitingForCsv = false;
    this.setTrainingEnabled(true);
    this.writeUrl();
    this.say([message, note].filter((m) => m !== '').join(' '), note !== '' ? 'warn' : 'info');
    await this.rebuild(true);
  }

  /**
   * A CSV link opened where the file is not stored: the settings from the link are shown, the data
   * set is "Your CSV file" with its picker, and training waits for the file.
   */
  private awaitCsv(): void {
    this.waitingForCsv = true;
    this.data = null;
    this.latest = null;
    this.context = { task: 'binary', features: null, columns: null, trainRows: 1, note: 'Load the CSV file this link was made with (or pick another data set).', waiting: true };
    this.writeUrl();
    this.syncControls();
    this.setPlaying(false);
    this.clearStep();
    this.setTrainingEnabled(false);
    this.plane.clear('Load a CSV file to begin');
    this.el.summary.replaceChildren();
    this.say('This link uses a CSV file that this browser does not have: load it with “Load a CSV file…”, or pick another data set.', 'info');
    this.el.status.dataset.waiting = 'csv';
  }

  private setTrainingEnabled(on: boolean): void {
    for (const b of this.trainButtons) b.disabled = !on;
    this.sampleInput.disabled = !on;
    if (on) delete this.el.status.dataset.waiting;
  }

  /** Loads the data the state names; returns a sentence when rows were left out. */
  private async loadData(): Promise<string> {
    const s = this.state;
    let dropped = 0;
    if (isSynthetic(s.source)) {
      this.data = syntheticData(s);
      this.context = { task: this.data.task, features: null, columns: null, trainRows: this.data.train.length, note: this.data.note, waiting: false };
    } else {
      const table = await this.tableFor(s.source);
      this.data = tableData(table, { projection: s.projection, xColumn: s.xColumn, yColumn: s.yColumn, target: s.target, testRatio: s.testRatio, seed: s.seed });
      dropped = this.data.dropped;
      const columns = table.columns.map((c) => c.name);
      const target = s.target !== '' && columns.includes(s.target) ? s.target : (columns[columns.length - 1] as string);
      const features = table.columns.filter((c) => c.kind === 'numeric' && c.name !== target).map((c) => c.name);
      this.context = { task: this.data.task, features, columns, trainRows: this.data.train.length, note: this.data.note, waiting: false };
    }
    if (this.selected >= this.data.y.length) this.selected = -1;
    this.plane.setData(this.data);
    this.graph.setData(this.data);
    this.setInputs();
    renderPlaneLegend(this.el.planeLegend, this.data);
    renderGraphLegend(this.el.graphLegend, this.data);
    this.sampleInput.max = String(this.data.y.length - 1);
    return dropped > 0 ? `${dropped} row${dropped === 1 ? '' : 's'} with a missing value in a used column left out.` : '';
  }

  /** The graph's input neurons: which features are switched on. */
  private setInputs(): void {
    if (this.data === null) return;
    this.graph.setInputs(this.state.features);
  }

  private async tableFor(source: PlaygroundState['source']): Promise<Table> {
    const cached = this.tables.get(source);
    if (cached !== undefined) return cached;
    let table: Table;
    if (source === 'csv') {
      const saved = localStorage.getItem(CSV_KEY);
      if (saved === null) throw new Error('this link uses a CSV file that is not stored in this browser; load the file again');
      const { name, text } = JSON.parse(saved) as { name: string; text: string };
      table = parseCsv(text, { source: name });
    } else {
      table = parseCsv(await bundledText(source as (typeof BUNDLED_SETS)[number]), { source: `${source}.csv` });
    }
    this.tables.set(source, table);
    return table;
  }

  /** New weights for the current settings (the data stays). */
  private async rebuild(fromSettings: boolean): Promise<void> {
    if (this.data === null) return;
    if (!fromSettings) this.say('Weights reset.');
    this.setPlaying(false);
    this.clearStep();
    this.syncControls();
    this.renderSummary();
    this.setInputs();
    this.plane.setOptions({ showTest: this.state.showTest, discretize: this.state.discretize, selected: this.selected });
    this.post({ type: 'reset', state: cloneState(this.state), data: this.data, gridSize: GRID_SIZE });
  }

  private renderSummary(): void {
    if (this.data === null) return;
    try {
      const model = buildModel(this.state, outputChoice(this.state, this.data.task, this.data.classes.length));
      renderSummary(this.el.summary, model.summary());
    } catch (err) {
      this.say((err as Error).message, 'error');
    }
  }

  private syncControls(): void {
    if (this.context !== null) this.controls.update(this.state, this.context);
  }

  private writeUrl(): void {
    const hash = encodeState(this.state);
    history.replaceState(null, '', hash === '' ? location.pathname + location.search : `#${hash}`);
  }

  // ——— training ———

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private togglePlay(): void {
    if (this.data === null) return;
    if (this.el.message.classList.contains('error')) this.say('');
    this.setPlaying(!this.playing);
    this.post({ type: this.playing ? 'play' : 'pause' });
  }

  private setPlaying(on: boolean): void {
    this.playing = on;
    this.playButton.textContent = on ? '❚❚ Pause' : '▶ Play';
    this.playButton.setAttribute('aria-pressed', String(on));
    if (on) {
      this.fps.reset();
      this.clearStep();
    }
  }

  private once(kind: 'epoch' | 'batch'): void {
    if (this.data === null) return;
    if (this.el.message.classList.contains('error')) this.say('');
    if (this.playing) this.setPlaying(false);
    this.clearStep();
    this.post({ type: kind });
  }

  private onMessage(msg: ToPage): void {
    switch (msg.type) {
      case 'snapshot':
        this.latest = msg.snapshot;
        if (msg.snapshot.historyReset) this.curves.add([], true);
        this.curves.add(msg.snapshot.history, false);
        if (!msg.snapshot.playing && this.playing) this.setPlaying(false);
        if (!this.drawPending) {
          this.drawPending = true;
          requestAnimationFrame((t) => this.draw(t));
        }
        return;
      case 'trace':
        if (msg.sample !== this.selected) return;
        this.trace = msg.trace;
        this.stage = 0;
        this.showStage();
        return;
      case 'weight':
        this.say(`Weight ${msg.name} set to ${fmt(msg.value, 6)}.`);
        return;
      case 'model':
        this.download(msg.text);
        return;
      case 'loaded':
        this.adopt(msg.spec);
        return;
      case 'error':
        this.setPlaying(false);
        this.say(msg.message, 'error');
        return;
    }
  }

  /** Draws the latest snapshot, then tells the worker to send the next. */
  private draw(now: number): void {
    this.drawPending = false;
    const snap = this.latest;
    if (snap === null) return;
    this.plane.update(snap.grids[snap.grids.length - 1] as Float32Array, snap.gridSize);
    this.graph.update(snap, this.state.discretize);
    if (this.stage >= 0) this.labelGraph();
    if (snap.playing) this.fps.tick(now);
    const fps = snap.playing ? this.fps.value(now) : 0;
    this.el.status.dataset.epoch = String(snap.epoch);
    this.el.status.dataset.train = String(snap.train);
    this.el.status.dataset.test = String(snap.test);
    this.el.status.dataset.fps = String(fps);
    this.el.status.dataset.steps = String(snap.steps);
    this.showStatus(snap, fps);
    this.post({ type: 'ack' });
  }

  /** The numbers line; fixed spans whose text changes, so a frame re-lays out nothing else. */
  private showStatus(snap: Snapshot, fps: number): void {
    if (this.statusCells === null) {
      this.el.status.innerHTML =
        '<span>Epoch <b id="epoch-count"></b></span><span>step <b id="step-count"></b></span>' +
        '<span>train cost <b id="train-cost"></b></span><span>test cost <b id="test-cost"></b></span>' +
        '<span>η <b id="lr-now"></b></span><span id="fps"></span>';
      const get = (id: string) => this.el.status.querySelector(`#${id}`) as HTMLElement;
      this.statusCells = { epoch: get('epoch-count'), steps: get('step-count'), train: get('train-cost'), test: get('test-cost'), lr: get('lr-now'), fps: get('fps') };
    }
    const c = this.statusCells;
    c.epoch.textContent = String(snap.epoch);
    c.steps.textContent = String(snap.steps);
    c.train.textContent = snap.train.toFixed(3);
    c.test.textContent = snap.test.toFixed(3);
    c.lr.textContent = fmt(snap.lr);
    c.fps.textContent = snap.playing ? `${fps} fps · ${Math.round(snap.stepsPerSecond)} steps/s` : '';
  }

  // ——— step mode ———

  private isTest(i: number): boolean {
    return this.data !== null && Array.prototype.includes.call(this.data.test, i);
  }

  private pick(i: number): void {
    this.selected = i;
    this.sampleInput.value = String(i);
    this.plane.setOptions({ selected: i });
    this.clearStep();
    if (this.data !== null) {
      const d = this.data;
      const y = d.y[i] as number;
      const test = this.isTest(i);
      const warn = test ? ' This is a test point: a step on it trains on test data, so the test cost no longer measures unseen data. Pick a filled (training) point to avoid that.' : '';
      this.stepPanel.show(null, `Picked ${test ? 'test' : 'training'} sample ${i} at (${fmt(d.x[2 * i] as number)}, ${fmt(d.x[2 * i + 1] as number)}), target ${d.task === 'regression' ? fmt(y) : (d.classes[y] ?? y)}. Press Step.${warn}`);
      if (test) this.say(`Sample ${i} is a test point: Step will train on it.`, 'warn');
      else if (this.el.message.classList.contains('warn')) this.say('');
    }
  }

  /** The Sample box: a row number in range picks it; anything else is put back, saying why. */
  private typedSample(): void {
    if (this.data === null) return;
    const n = this.data.y.length;
    const v = Number(this.sampleInput.value);
    if (this.sampleInput.value.trim() !== '' && Number.isInteger(v) && v >= 0 && v < n) {
      this.pick(v);
      return;
    }
    this.say(`No sample ${this.sampleInput.value}: the data set has samples 0 … ${n - 1}.`, 'warn');
    this.sampleInput.value = this.selected >= 0 ? String(this.selected) : '';
  }

  private nextStage(): void {
    if (this.data === null) return;
    if (this.playing) {
      this.setPlaying(false);
      this.post({ type: 'pause' });
    }
    if (this.selected < 0) this.pick(this.data.train[0] as number);
    if (this.stage < 0 || this.stage === STAGES.length - 1 || this.trace === null) {
      // a new step: trace it on the current weights
      this.post({ type: 'explain', sample: this.selected });
      return;
    }
    this.stage++;
    this.showStage();
    if (STAGES[this.stage] === 'update') {
      this.post({ type: 'commitStep', sample: this.selected });
      if (this.isTest(this.selected)) this.say(`Trained one step on test sample ${this.selected}.`, 'warn');
    }
  }

  private showStage(): void {
    if (this.trace === null || this.stage < 0 || this.data === null) return;
    const names = this.state.features.map((f) => featureLabel(f, (this.data as PlaneData).featureNames));
    const view = stageView(STAGES[this.stage] as (typeof STAGES)[number], this.trace, this.selected, names);
    if (view.stage === 'update' && this.isTest(this.selected)) view.announcement += ` Sample ${this.selected} is a test point: this step trained on it.`;
    this.stepPanel.show(view);
    this.el.step.dataset.stage = STAGES[this.stage];
    this.labelGraph();
  }

  /** Numbers on the graph's neurons: a in forward and loss, δ in backward, Δb in update (with the changed links). */
  private labelGraph(): void {
    const t = this.trace;
    const stage = STAGES[this.stage];
    if (t === null || stage === undefined) {
      this.graph.setValues(null);
      this.graph.setChanges(null);
      return;
    }
    if (stage === 'update') {
      const db = t.forward.map((f) => t.update?.tensors.find((u) => u.name === `${f.name}/b`)?.change[0] ?? []);
      this.graph.setValues([[], ...db], 'Δb');
      this.graph.setChanges(weightChanges(t));
      return;
    }
    this.graph.setChanges(null);
    if (stage === 'backward') {
      const deltas = t.forward.map((f) => (t.backward.find((b) => b.layer === f.layer)?.delta[0] ?? []) as number[]);
      this.graph.setValues([[], ...deltas], 'δ');
    } else {
      this.graph.setValues([t.input[0] as number[], ...t.forward.map((f) => f.a[0] as number[])], 'a');
    }
  }

  /** A hovered neuron's output on the big plane (null: back to the prediction). */
  private showNeuron(n: { column: number; unit: number; label: string; values: Float32Array } | null): void {
    const data = this.data;
    const snap = this.latest;
    if (n === null || data === null || snap === null) {
      this.plane.setOverlay(null);
      return;
    }
    const layers = snap.layers.length;
    const activation = n.column === 0 ? 'identity' : (snap.layers[n.column - 1]?.activation ?? 'identity');
    this.plane.setOverlay({
      label: n.column === 0 ? n.label : `${n.column === layers ? 'output' : layerTitle(n.column - 1, layers + 1)} neuron ${n.unit + 1}`,
      paint: (map) => paintNeuron(map, data, n.values, activation, n.column === layers, n.unit, this.state.discretize),
    });
  }

  private clearStep(): void {
    this.stage = -1;
    this.trace = null;
    delete this.el.step.dataset.stage;
    this.graph.setValues(null);
    this.graph.setChanges(null);
    this.stepPanel.show(null);
  }

  // ——— files ———

  private download(text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `mlpkit-playground-${this.state.source}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.say('Model downloaded in the mlpkit model format.');
  }

  private async loadModelFile(file: File): Promise<void> {
    const text = await file.text();
    const saved = savedSettings(text);
    if (saved !== null) {
      // the data and settings the model was trained with, then its weights
      const { state } = decodeState(saved);
      await this.apply(state, true);
    }
    this.adopting = true;
    this.post({ type: 'import', text });
  }

  /** A model file was loaded: show its network in the editor without building a new one. */
  private adopt(spec: LoadedSpec): void {
    if (!this.adopting) return;
    this.adopting = false;
    const s = cloneState(this.state);
    s.layers = spec.layers;
    s.outputActivation = spec.outputActivation as PlaygroundState['outputActivation'];
    s.loss = spec.loss as PlaygroundState['loss'];
    s.l1 = spec.l1;
    s.l2 = spec.l2;
    const o = spec.optimizer;
    if (o !== null && (OPTIMIZERS as readonly string[]).includes(String(o.name))) {
      s.optimizer = o.name as PlaygroundState['optimizer'];
      if (typeof o.lr === 'number') s.lr = o.lr;
      if (typeof o.momentum === 'number') s.momentum = o.momentum;
      if (typeof o.beta1 === 'number') s.beta1 = o.beta1;
      if (typeof o.beta2 === 'number') s.beta2 = o.beta2;
    }
    this.state = s;
    this.writeUrl();
    this.syncControls();
    this.renderSummary();
    this.clearStep();
    this.say(`Model loaded: its weights are shown${spec.epoch > 0 ? `, at epoch ${spec.epoch}` : ''}; Play continues training it.`);
  }

  private async loadCsv(file: File): Promise<void> {
    try {
      const text = await file.text();
      const table = parseCsv(text, { source: file.name });
      if (table.columns.filter((c) => c.kind === 'numeric').length < 2) throw new Error('it needs at least two numeric columns');
      try {
        localStorage.setItem(CSV_KEY, JSON.stringify({ name: file.name, text }));
      } catch {
        this.say('The file is too large to keep for a reload; it works until you leave the page.', 'warn');
      }
      this.tables.set('csv', table);
      await this.apply({ ...cloneState(this.state), source: 'csv', target: '', xColumn: '', yColumn: '' }, true);
    } catch (err) {
      this.say(`Could not read ${file.name}: ${(err as Error).message}`, 'error');
      this.syncControls();
    }
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.say('Link copied.');
    } catch {
      this.say(`Link: ${location.href}`);
    }
  }

  // ——— keyboard and messages ———

  private shortcut(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || t.closest('input, select, textarea') !== null) return;
    const act: Record<string, () => void> = {
      p: () => this.togglePlay(),
      e: () => this.once('epoch'),
      b: () => this.once('batch'),
      s: () => this.nextStage(),
      r: () => void this.rebuild(false),
    };
    const f = act[e.key.toLowerCase()];
    if (f !== undefined) {
      e.preventDefault();
      f();
    }
  }

  /** Arrow keys on the plane walk through the samples. */
  private planeKey(e: KeyboardEvent): void {
    if (this.data === null) return;
    const n = this.data.y.length;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') this.pick(this.selected < 0 ? 0 : (this.selected + 1) % n);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') this.pick(this.selected <= 0 ? n - 1 : this.selected - 1);
    else return;
    e.preventDefault();
  }

  /** The message line: one sentence, replaced by the next; errors in red, warnings in amber. */
  private say(text: string, tone: Tone = 'info'): void {
    this.el.message.textContent = text;
    this.el.message.classList.toggle('error', tone === 'error' && text !== '');
    this.el.message.classList.toggle('warn', tone === 'warn' && text !== '');
  }
}
