/**
 * The optimizer and loss descriptors (src/optim/registry.ts, src/nn/loss-registry.ts): every one
 * builds from its defaults, saves a config that builds it again, and refuses options it does not
 * declare, naming the close one; the model file's schema and the playground's lists follow them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dense, getLoss, loadModel, lossName, Model, serializeModel } from '../../src/index.js';
import { lossSpecOf } from '../../src/nn/losses.js';
import { LOSS_DESCRIPTORS } from '../../src/nn/loss-registry.js';
import { createOptimizer } from '../../src/optim/create.js';
import { OPTIMIZER_DESCRIPTORS, optimizerDescriptor } from '../../src/optim/registry.js';
import { OUTPUTS_FOR } from '../../playground/src/network.js';
import { LOSSES, OPTIMIZERS } from '../../playground/src/state.js';

describe('optimizer descriptors', () => {
  for (const d of OPTIMIZER_DESCRIPTORS) {
    it(`${d.name}: defaults fill the saved config, which builds the same optimizer`, () => {
      const config = createOptimizer(d.name).config() as unknown as Record<string, unknown>;
      for (const [key, spec] of Object.entries(d.options)) assert.equal(config[key], spec.default, `${d.name}.${key}`);
      if ('defaultLr' in d) assert.equal(config.lr, d.defaultLr);
      assert.deepEqual(createOptimizer(createOptimizer(d.name).config()).config(), config);
    });
  }

  it('an option the optimizer does not declare is refused, suggesting the close one', () => {
    assert.throws(() => createOptimizer({ name: 'adam', beta: 0.8 } as never), /Adam: unknown option 'beta' \(did you mean 'beta1'\?\)/);
    assert.throws(() => createOptimizer({ name: 'sgd', momentun: 0.9 } as never), /SGD: unknown option 'momentun' \(did you mean 'momentum'\?\)/);
    assert.throws(() => createOptimizer({ name: 'lbfgs', lr: 0.1 } as never), /LBFGS: unknown option 'lr'/);
  });

  it('a declared check refuses a bad value with the value in the message', () => {
    assert.throws(() => createOptimizer({ name: 'rmsprop', rho: 1.5 }), /RMSprop: rho must be a number ≥ 0 and ≤ 1, got 1\.5/);
    assert.throws(() => createOptimizer({ name: 'adam', amsgrad: 1 as unknown as boolean }), /Adam: amsgrad must be true or false, got 1/);
  });

  it('unknown names suggest the close one; spellings are case-insensitive', () => {
    assert.throws(() => optimizerDescriptor('adamx'), /unknown optimizer 'adamx' \(did you mean 'adam'\?\); expected one of sgd, adam, adamw, rmsprop, adagrad, lbfgs/);
    assert.equal(optimizerDescriptor('L-BFGS').name, 'lbfgs');
    assert.equal(createOptimizer('AdamW' as 'adamw').name, 'adamw');
  });

  it('the playground offers the optimizers whose descriptor says so', () => {
    assert.deepEqual(OPTIMIZERS, OPTIMIZER_DESCRIPTORS.filter((d) => 'playground' in d).map((d) => d.name));
    assert.ok(!(OPTIMIZERS as readonly string[]).includes('lbfgs'));
  });
});

describe('loss descriptors', () => {
  for (const d of LOSS_DESCRIPTORS) {
    it(`${d.name}: its saved form builds it again, also through a model file`, () => {
      const loss = getLoss(d.name);
      assert.equal(loss.name, d.name);
      assert.deepEqual(lossSpecOf(getLoss(lossSpecOf(loss))), lossSpecOf(loss));
      const model = new Model({ inputs: 2, layers: [new Dense({ units: 2 })], loss: lossSpecOf(loss) });
      assert.deepEqual(lossSpecOf(loadModel(serializeModel(model)).model.loss), lossSpecOf(loss));
    });
  }

  it('huber keeps its δ through a model file; a bad δ is refused with its value', () => {
    const model = new Model({ inputs: 2, layers: [new Dense({ units: 1 })], loss: { name: 'huber', delta: 0.25 } });
    assert.deepEqual(lossSpecOf(loadModel(serializeModel(model)).model.loss), { name: 'huber', delta: 0.25 });
    assert.deepEqual(lossSpecOf(getLoss('huber')), { name: 'huber', delta: 1 });
    assert.throws(() => getLoss({ name: 'huber', delta: -1 }), /huber: delta must be a number > 0, got -1/);
    assert.throws(() => getLoss({ name: 'huber', delt: 2 } as never), /huber: unknown option 'delt' \(did you mean 'delta'\?\)/);
  });

  it('unknown names suggest the close one; aliases resolve', () => {
    assert.throws(() => lossName('hubber'), /unknown loss 'hubber' \(did you mean 'huber'\?\)/);
    assert.equal(lossName('mean_squared_error'), 'mse');
    assert.equal(lossName('BCE'), 'binaryCrossentropy');
  });

  it('the playground lists each task’s losses in the descriptors’ rank order', () => {
    assert.deepEqual(OUTPUTS_FOR.binary.losses, ['binaryCrossentropy', 'mse']);
    assert.deepEqual(OUTPUTS_FOR.multiclass.losses, ['sparseCategoricalCrossentropy']);
    assert.deepEqual(OUTPUTS_FOR.regression.losses, ['mse', 'mae', 'huber']);
    assert.deepEqual([...LOSSES].sort(), ['auto', 'binaryCrossentropy', 'huber', 'mae', 'mse', 'sparseCategoricalCrossentropy']);
  });
});
