/**
 * The activation descriptors (src/nn/activation-registry.ts) against independent values and
 * against each other: every φ at three points as torch.nn.functional computes it (float64), every
 * φ′ against the central difference (φ(z + h) − φ(z − h)) / 2h of its own φ, and the derived
 * tables (kernel numbers, playground codes, spellings) free of clashes. A new activation is one
 * descriptor and one line in REFERENCE below.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ACTIVATION_DESCRIPTORS } from '../../src/nn/activation-registry.js';
import { ACTIVATION_NAMES, activationName, getActivation, type ActivationName } from '../../src/nn/activations.js';

const POINTS = [-2, 0.5, 3];

/** φ(−2), φ(0.5), φ(3) from torch 1.13 in float64 (α at its default; softmax over the three). */
const REFERENCE: Record<ActivationName, readonly number[]> = {
  identity: [-2.0, 0.5, 3.0],
  relu: [0.0, 0.5, 3.0],
  leakyRelu: [-0.02, 0.5, 3.0],
  elu: [-0.8646647167633873, 0.5, 3.0],
  selu: [-1.5201664685956948, 0.5253504936777402, 3.1521029620664414],
  gelu: [-0.04550026389635842, 0.34573123063700656, 2.99595030590511],
  sigmoid: [0.11920292202211755, 0.6224593312018546, 0.9525741268224334],
  tanh: [-0.9640275800758169, 0.46211715726000974, 0.9950547536867305],
  softplus: [0.1269280110429725, 0.9740769841801067, 3.048587351573742],
  softsign: [-0.6666666666666666, 0.3333333333333333, 0.75],
  swish: [-0.2384058440442351, 0.3112296656009273, 2.8577223804672998],
  mish: [-0.2525014826957089, 0.3752452113048951, 2.9865350049679575],
  softmax: [0.006188285272800034, 0.07538874796299667, 0.9184229667642032],
};

describe('activation descriptors', () => {
  for (const name of ACTIVATION_NAMES) {
    it(`${name}: φ at −2, 0.5, 3 matches torch`, () => {
      const act = getActivation(name);
      const a = new Float64Array(POINTS.length);
      if (act.kind === 'rowwise') act.forwardRow(POINTS, a, 0, POINTS.length);
      else POINTS.forEach((z, i) => (a[i] = act.f(z)));
      REFERENCE[name].forEach((expected, i) => assert.ok(Math.abs((a[i] as number) - expected) <= 1e-15 * Math.max(1, Math.abs(expected)), `${name}(${POINTS[i]}) = ${a[i]}, torch ${expected}`));
    });
  }

  for (const d of ACTIVATION_DESCRIPTORS) {
    if (d.kind !== 'elementwise') continue;
    it(`${d.name}: φ′ is the derivative of φ (central differences, away from z = 0)`, () => {
      const act = getActivation('alpha' in d ? { name: d.name, alpha: 0.3 } : d.name);
      assert.equal(act.kind, 'elementwise');
      if (act.kind !== 'elementwise') return;
      const h = 1e-5;
      for (const z of [-4.1, -1.7, -0.6, -0.05, 0.05, 0.3, 1.2, 2.9, 6.5]) {
        // φ′(z) ≈ (φ(z + h) − φ(z − h)) / 2h, error about h²·φ‴/6 + 1e-16/h
        const numeric = (act.f(z + h) - act.f(z - h)) / (2 * h);
        const analytic = act.df(z, act.f(z));
        assert.ok(Math.abs(analytic - numeric) <= 1e-8 * Math.max(1, Math.abs(numeric)), `${d.name}′(${z}) = ${analytic}, differences give ${numeric}`);
      }
    });
  }

  it('the WASM kernel numbers are the constants of assembly/activations.as, one per activation', () => {
    const source = readFileSync(new URL('../../src/backend/wasm/assembly/activations.as', import.meta.url), 'utf8');
    const constants = new Map([...source.matchAll(/export const (\w+): i32 = (\d+);/g)].map((m) => [m[1] as string, Number(m[2])]));
    const withKernel = ACTIVATION_DESCRIPTORS.filter((d) => 'wasm' in d);
    for (const d of withKernel) {
      const constant = d.name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
      assert.equal(constants.get(constant), d.wasm, `${d.name}: descriptor says kernel ${d.wasm}, activations.as has ${constant} = ${constants.get(constant)}`);
    }
    assert.equal(constants.size, withKernel.length, `activations.as declares ${[...constants.keys()].join(', ')}`);
  });

  it('spellings and playground codes are unique', () => {
    const spellings = ACTIVATION_DESCRIPTORS.flatMap((d) => [d.name, ...('aliases' in d ? d.aliases : [])].map((s) => s.toLowerCase()));
    assert.equal(new Set(spellings).size, spellings.length, spellings.join(', '));
    const codes = ACTIVATION_DESCRIPTORS.flatMap((d) => ('playground' in d ? [d.playground] : []));
    assert.equal(new Set(codes).size, codes.length, codes.join(', '));
    for (const c of codes) assert.match(c, /^[a-z]$/);
  });

  it('an unknown name suggests the close one and lists the rest', () => {
    assert.throws(() => activationName('relux'), /unknown activation 'relux' \(did you mean 'relu'\?\); expected one of identity, relu,.* \(or linear, none, logistic, silu\)/);
    assert.equal(activationName('Leaky_ReLU'), 'leakyRelu');
    assert.equal(activationName('SiLU'), 'swish');
  });
});
