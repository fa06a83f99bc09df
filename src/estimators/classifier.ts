import { ConfigError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { BaseMLP, type EncodedTargets } from './base.js';
import type { Features } from './inputs.js';
import { LabelBinarizer, parseTargets, uniqueSorted, type ClassTargets, type Label } from './labels.js';
import { rowAccuracy } from './metrics.js';
import type { MLPOptions } from './params.js';
import { binarizerOf, estimatorFromJSON, type SavedLabels } from './serialize.js';

/** What `predict` returns: one label per row, or a 0/1 row per sample for multi-label targets. */
export type ClassPredictions = Label[] | number[][];

/**
 * Multi-layer perceptron classifier, scikit-learn's `MLPClassifier`: softmax and log-loss for
 * several classes, one logistic output for two, one logistic output per label for a 0/1
 * label-indicator y (multi-label).
 *
 *   const clf = new MLPClassifier({ solver: 'lbfgs', alpha: 1e-5, hiddenLayerSizes: [5, 2], randomState: 1 });
 *   clf.fit([[0, 0], [1, 1]], [0, 1]);
 *   clf.predict([[2, 2], [-1, -2]]);   // [1, 0]
 */
export class MLPClassifier extends BaseMLP {
  private binarizer: LabelBinarizer | null = null;

  constructor(options: MLPOptions = {}) {
    super(options);
  }

  /**
   * An MLPClassifier saved with `toJSON()` (text or parsed JSON), fitted as it was: the document is
   * validated whole, and must hold an MLPClassifier. Throws ModelFormatError naming the problem.
   */
  static fromJSON(source: unknown): MLPClassifier {
    const { params, state, labels } = estimatorFromJSON('MLPClassifier', source);
    const clf = new MLPClassifier(params);
    clf.restoreState(state);
    clf.binarizer = binarizerOf(labels as SavedLabels);
    return clf;
  }

  protected override savedLabels(): SavedLabels {
    const b = this.labels();
    return { type: b.type, classes: [...b.classes] };
  }

  /** classes_: the sorted labels (0 … k−1 for a k-column indicator y). */
  get classes(): Label[] {
    this.state();
    return [...(this.binarizer as LabelBinarizer).classes];
  }

  /** Trains on (x, y) from fresh weights, or from the current ones with `warmStart`. */
  fit(x: Features, y: ClassTargets): this {
    return this.fitInternal(x, (rows, firstPass) => this.encode(y, rows, firstPass ? 'fit' : 'warm'), false);
  }

  /**
   * One epoch over (x, y) with the current weights and optimizer state (sgd, adam). The first call
   * needs `classes`, every label that will ever appear (not needed for an indicator y).
   */
  partialFit(x: Features, y: ClassTargets, classes?: readonly Label[]): this {
    const first = this.fitted === null;
    if (first) {
      const parsed = parseTargets(this.owner, y);
      if (classes === undefined && parsed.kind !== 'indicator') {
        throw new ConfigError(`${this.owner}: classes must be passed on the first call to partialFit`);
      }
      this.binarizer = LabelBinarizer.fit(parsed.kind === 'indicator' ? parsed : { kind: 'labels', labels: [...(classes as readonly Label[])] });
    } else if (classes !== undefined) {
      const known = (this.binarizer as LabelBinarizer).classes;
      const given = uniqueSorted([...classes]);
      if (given.length !== known.length || given.some((c, i) => c !== known[i])) {
        throw new ConfigError(`${this.owner}: classes ${JSON.stringify(classes)} differ from those of the first partialFit call, ${JSON.stringify(known)}`);
      }
    }
    return this.fitInternal(x, (rows) => this.encode(y, rows, 'incremental'), true);
  }

  /**
   * Sets up the classes, the output layer and fresh initial weights from `randomState`, without
   * training (what `fit` does first). Not in scikit-learn: assign `coefs` / `intercepts` afterwards
   * and fit with `warmStart: true` to train from given weights.
   */
  initialize(x: Features, y: ClassTargets): this {
    return this.initializeFor(x, (rows) => this.encode(y, rows, 'fit'));
  }

  /** Predicted labels (multi-label: a 0/1 row per sample). */
  predict(x: Features): ClassPredictions {
    const b = this.labels();
    const codes = b.decode(this.forward(x));
    if (b.type !== 'multilabel') return b.labelsOf(codes);
    const w = b.codeWidth;
    return Array.from({ length: codes.length / w }, (_, i) => Array.from(codes.subarray(i * w, (i + 1) * w)));
  }

  /** Class probabilities, n × n_classes (binary: [1 − p, p]; multi-label: one p per label). */
  predictProba(x: Features): number[][] {
    const out = this.forward(x);
    if (this.nOutputs !== 1) return out.toArray();
    return Array.from(out.data, (p) => [1 - p, p]);
  }

  /** log of predictProba. */
  predictLogProba(x: Features): number[][] {
    return this.predictProba(x).map((row) => row.map(Math.log));
  }

  /** Mean accuracy on (x, y); for multi-label, the share of rows with every label right. */
  score(x: Features, y: ClassTargets): number {
    const b = this.labels();
    const out = this.forward(x);
    const target = b.transform(this.owner, parseTargets(this.owner, y));
    if (target.rows !== out.rows) throw new ConfigError(`${this.owner}: X has ${out.rows} rows but y has ${target.rows}`);
    return rowAccuracy(b.codesOf(target), b.decode(out), b.codeWidth);
  }

  protected scoreEncoded(x: Matrix, y: Matrix): number {
    const b = this.labels();
    return rowAccuracy(b.codesOf(y), b.decode(this.state().network.predict(x)), b.codeWidth);
  }

  /** scikit-learn stratifies the early-stopping split only for a single output (binary). */
  protected stratifyBy(y: Matrix): Int32Array | null {
    return y.cols === 1 ? this.labels().codesOf(y) : null;
  }

  /**
   * The network's targets for y. 'fit' learns the classes afresh; 'warm' requires the same set of
   * classes as before; 'incremental' requires labels among the known classes.
   */
  private encode(y: ClassTargets, rows: number, mode: 'fit' | 'warm' | 'incremental'): EncodedTargets {
    const parsed = parseTargets(this.owner, y);
    const n = parsed.kind === 'labels' ? parsed.labels.length : parsed.matrix.rows;
    if (n !== rows) throw new ConfigError(`${this.owner}: X has ${rows} rows but y has ${n}`);
    if (mode === 'fit' || this.binarizer === null) this.binarizer = LabelBinarizer.fit(parsed);
    else if (mode === 'warm' && parsed.kind === 'labels') {
      const known = this.binarizer.classes;
      const seen = uniqueSorted(parsed.labels);
      if (seen.length !== known.length || seen.some((c, i) => c !== known[i])) {
        throw new ConfigError(`${this.owner}: warmStart can only be used where y has the same classes as in the previous call to fit; previously got ${JSON.stringify(known)}, y has ${JSON.stringify(seen)}`);
      }
    }
    const b = this.binarizer;
    return { y: b.transform(this.owner, parsed), outActivation: b.type === 'multiclass' ? 'softmax' : 'logistic' };
  }

  private labels(): LabelBinarizer {
    this.state();
    return this.binarizer as LabelBinarizer;
  }
}
