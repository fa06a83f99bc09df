import type { ActivationDescriptor } from './activation-descriptor.js';
import { erf } from './erf.js';

/**
 * Every activation mlpkit has, one entry each: the formula with its derivative beside it, and how
 * the WASM kernels, ONNX, the standalone JavaScript, torch and the playground express it. The
 * names, the model-file schema, `getActivation`, the kernel numbers and the export mappings are all
 * derived from this list (docs/extending.md walks through adding one). Entries never change name:
 * model files store it.
 */

// SELU constants (Klambauer et al., 2017)
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const INV_SQRT_2 = 1 / Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** σ(z) = 1 / (1 + e^(−z)), evaluated without overflow for large |z| */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export const ACTIVATION_DESCRIPTORS = [
  {
    name: 'identity',
    aliases: ['linear', 'none'],
    kind: 'elementwise',
    wasm: 0,
    playground: 'i',
    f: (z) => z,
    df: () => 1,
    js: () => 'v',
    onnx: (g, z, _alpha, out) => (out.output === undefined ? z : g.op('Identity', [z], out)),
    torch: null,
  },
  {
    name: 'relu',
    kind: 'elementwise',
    wasm: 1,
    playground: 'r',
    initializer: 'heUniform',
    f: (z) => (z > 0 ? z : 0),
    // relu′(0) is taken as 0, as PyTorch does
    df: (z) => (z > 0 ? 1 : 0),
    js: () => 'v > 0 ? v : 0',
    onnx: (g, z, _alpha, out) => g.op('Relu', [z], out),
    torch: { module: 'ReLU' },
  },
  {
    name: 'leakyRelu',
    alpha: 0.01,
    kind: 'elementwise',
    wasm: 2,
    playground: 'l',
    initializer: 'heUniform',
    // leakyRelu(z) = z for z > 0, αz otherwise
    f: (z, alpha) => (z > 0 ? z : alpha * z),
    df: (z, _a, alpha) => (z > 0 ? 1 : alpha),
    js: (alpha) => `v > 0 ? v : ${alpha} * v`,
    // a = z for z ≥ 0, αz otherwise (equal at 0)
    onnx: (g, z, alpha, out) => g.op('LeakyRelu', [z], { ...out, attributes: [{ name: 'alpha', kind: 'float', value: alpha }] }),
    torch: { module: 'LeakyReLU', alphaArg: 'negative_slope' },
  },
  {
    name: 'elu',
    alpha: 1,
    kind: 'elementwise',
    wasm: 5,
    playground: 'e',
    initializer: 'heUniform',
    // elu(z) = z for z > 0, α(e^z − 1) otherwise;  elu′ = 1 or αe^z
    f: (z, alpha) => (z > 0 ? z : alpha * Math.expm1(z)),
    df: (z, _a, alpha) => (z > 0 ? 1 : alpha * Math.exp(z)),
    js: (alpha) => `v > 0 ? v : ${alpha} * Math.expm1(v)`,
    onnx: (g, z, alpha, out) => g.op('Elu', [z], { ...out, attributes: [{ name: 'alpha', kind: 'float', value: alpha }] }),
    torch: { module: 'ELU', alphaArg: 'alpha' },
  },
  {
    name: 'selu',
    kind: 'elementwise',
    wasm: 6,
    initializer: 'lecunNormal',
    // selu(z) = λ·z for z > 0, λα(e^z − 1) otherwise;  selu′ = λ or λα·e^z
    f: (z) => (z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z)),
    df: (z) => (z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z)),
    // λ = 1.0507…, α = 1.6732… (Klambauer et al., 2017)
    js: () => 'v > 0 ? 1.0507009873554805 * v : 1.0507009873554805 * 1.6732632423543772 * Math.expm1(v)',
    onnx: (g, z, _alpha, out) =>
      g.op('Selu', [z], {
        ...out,
        attributes: [
          { name: 'alpha', kind: 'float', value: SELU_ALPHA },
          { name: 'gamma', kind: 'float', value: SELU_LAMBDA },
        ],
      }),
    torch: { module: 'SELU' },
  },
  {
    name: 'gelu',
    kind: 'elementwise',
    playground: 'g',
    initializer: 'heUniform',
    // gelu(z) = z·Φ(z) with Φ(z) = ½(1 + erf(z/√2));  gelu′ = Φ(z) + z·φ(z), φ the normal density
    f: (z) => 0.5 * z * (1 + erf(z * INV_SQRT_2)),
    df: (z) => 0.5 * (1 + erf(z * INV_SQRT_2)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z),
    js: () => '0.5 * v * (1 + erf(v * Math.SQRT1_2))',
    jsHelpers: ['erf'],
    // a = ½·z·(1 + erf(z/√2)) (the exact GELU; ONNX's own Gelu needs opset 20)
    onnx: (g, z, _alpha, out) => {
      const scaled = g.op('Mul', [z, g.scalar('inv_sqrt2', Math.SQRT1_2)]);
      const onePlusErf = g.op('Add', [g.op('Erf', [scaled]), g.scalar('one', 1)]);
      const halfZ = g.op('Mul', [z, g.scalar('half', 0.5)]);
      return g.op('Mul', [halfZ, onePlusErf], { ...out, base: 'gelu' });
    },
    torch: { module: 'GELU', accepts: { approximate: ['none'] } },
  },
  {
    name: 'sigmoid',
    aliases: ['logistic'],
    kind: 'elementwise',
    wasm: 3,
    playground: 's',
    f: sigmoid,
    // σ′ = a(1 − a)
    df: (_z, a) => a * (1 - a),
    js: () => 'sigmoid(v)',
    jsHelpers: ['sigmoid'],
    onnx: (g, z, _alpha, out) => g.op('Sigmoid', [z], out),
    torch: { module: 'Sigmoid' },
  },
  {
    name: 'tanh',
    kind: 'elementwise',
    wasm: 4,
    playground: 't',
    f: Math.tanh,
    // tanh′ = 1 − a²
    df: (_z, a) => 1 - a * a,
    js: () => 'Math.tanh(v)',
    onnx: (g, z, _alpha, out) => g.op('Tanh', [z], out),
    torch: { module: 'Tanh' },
  },
  {
    name: 'softplus',
    kind: 'elementwise',
    wasm: 7,
    playground: 'p',
    // softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|));  softplus′ = σ(z)
    f: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
    df: (z) => sigmoid(z),
    js: () => 'Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))',
    onnx: (g, z, _alpha, out) => g.op('Softplus', [z], out),
    torch: { module: 'Softplus', accepts: { beta: [1] } },
  },
  {
    name: 'softsign',
    kind: 'elementwise',
    wasm: 8,
    // softsign(z) = z / (1 + |z|);  softsign′ = 1 / (1 + |z|)²
    f: (z) => z / (1 + Math.abs(z)),
    df: (z) => 1 / ((1 + Math.abs(z)) * (1 + Math.abs(z))),
    js: () => 'v / (1 + Math.abs(v))',
    onnx: (g, z, _alpha, out) => g.op('Softsign', [z], out),
    torch: { module: 'Softsign' },
  },
  {
    name: 'swish',
    aliases: ['silu'],
    kind: 'elementwise',
    wasm: 9,
    playground: 'w',
    initializer: 'heUniform',
    // swish(z) = z·σ(z);  swish′ = σ(z) + z·σ(z)(1 − σ(z)) = σ(z)(1 + z(1 − σ(z)))
    f: (z) => z * sigmoid(z),
    df: (z) => {
      const s = sigmoid(z);
      return s * (1 + z * (1 - s));
    },
    js: () => 'v * sigmoid(v)',
    jsHelpers: ['sigmoid'],
    // a = z·σ(z)
    onnx: (g, z, _alpha, out) => g.op('Mul', [z, g.op('Sigmoid', [z])], { ...out, base: 'swish' }),
    torch: { module: 'SiLU' },
  },
  {
    name: 'mish',
    kind: 'elementwise',
    playground: 'm',
    initializer: 'heUniform',
    // mish(z) = z·tanh(softplus(z)) (Misra, 2019)
    f: (z) => z * Math.tanh(Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))),
    // mish′ = t + z·(1 − t²)·σ(z), t = tanh(softplus(z)), since softplus′ = σ
    df: (z) => {
      const t = Math.tanh(Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
      return t + z * (1 - t * t) * sigmoid(z);
    },
    js: () => 'v * Math.tanh(Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))))',
    // a = z·tanh(softplus(z)) (ONNX's own Mish needs opset 18)
    onnx: (g, z, _alpha, out) => g.op('Mul', [z, g.op('Tanh', [g.op('Softplus', [z])])], { ...out, base: 'mish' }),
    torch: { module: 'Mish' },
  },
  {
    name: 'softmax',
    kind: 'rowwise',
    wasm: 10,
    // aⱼ = e^(zⱼ − max z) / Σₖ e^(zₖ − max z)
    forwardRow(z, a, offset, n) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, z[offset + j] as number);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp((z[offset + j] as number) - max);
        a[offset + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) a[offset + j] = (a[offset + j] as number) / sum;
    },
    // dZⱼ = aⱼ (dAⱼ − Σₖ aₖ dAₖ)
    backwardRow(a, dA, dZ, offset, n) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += (a[offset + j] as number) * (dA[offset + j] as number);
      for (let j = 0; j < n; j++) dZ[offset + j] = (a[offset + j] as number) * ((dA[offset + j] as number) - dot);
    },
    // aⱼ = e^(zⱼ − max z) / Σₖ e^(zₖ − max z)
    jsRow: `(z) => {
    let max = -Infinity;
    for (let j = 0; j < z.length; j++) max = Math.max(max, z[j]);
    let sum = 0;
    for (let j = 0; j < z.length; j++) { z[j] = Math.exp(z[j] - max); sum += z[j]; }
    for (let j = 0; j < z.length; j++) z[j] /= sum;
  }`,
    // over the units of a batch × units matrix
    onnx: (g, z, _alpha, out) => g.op('Softmax', [z], { ...out, attributes: [{ name: 'axis', kind: 'int', value: 1 }] }),
    torch: { module: 'Softmax', args: { dim: -1 }, accepts: { dim: [-1, 1] } },
  },
] as const satisfies readonly ActivationDescriptor[];
