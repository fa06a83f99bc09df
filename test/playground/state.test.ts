import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STATE, decodeLayers, decodeState, defaultState, encodeLayers, encodeState } from '../../playground/src/state.js';

describe('playground URL state', () => {
  it('the defaults encode to an empty hash, and an empty hash decodes to the defaults', () => {
    assert.equal(encodeState(defaultState()), '');
    assert.deepEqual(decodeState('').state, defaultState());
    assert.deepEqual(decodeState('#').warnings, []);
  });

  it('round-trips every kind of field', () => {
    const s = defaultState();
    s.source = 'spiral';
    s.noise = 0.25;
    s.testRatio = 0.3;
    s.layers = [{ units: 6, activation: 'relu', dropout: 0.2 }, { units: 3, activation: 'gelu', dropout: 0 }];
    s.optimizer = 'adam';
    s.lr = 0.003;
    s.schedule = 'step';
    s.batchSize = 1;
    s.l2 = 0.001;
    s.seed = 4242;
    s.discretize = true;
    s.showTest = false;
    s.xColumn = 'petal length (cm)';
    const hash = encodeState(s);
    assert.match(hash, /layers=6r%3A0\.2%2C3g/);
    assert.deepEqual(decodeState(`#${hash}`), { state: s, warnings: [] });
  });

  it('the switched-on inputs are written in a fixed order, and a bad list keeps x1,x2', () => {
    const s = defaultState();
    s.features = ['x1x2', 'x1', 'sin2'];
    assert.equal(encodeState(s), 'features=x1%2Cx1x2%2Csin2');
    assert.deepEqual(decodeState('features=sin2,x1,x1x2').state.features, ['x1', 'x1x2', 'sin2']);
    for (const bad of ['', 'x3', 'x1,,y']) {
      const d = decodeState(`features=${bad}`);
      assert.deepEqual(d.state.features, ['x1', 'x2'], bad);
      assert.equal(d.warnings.length, 1, bad);
    }
  });

  it('a network with no hidden layer is written as "-"', () => {
    const s = defaultState();
    s.layers = [];
    assert.equal(encodeState(s), 'layers=-');
    assert.deepEqual(decodeState('layers=-').state.layers, []);
  });

  it('layer codes: units, activation letter, optional dropout', () => {
    assert.equal(encodeLayers([{ units: 8, activation: 'tanh', dropout: 0 }, { units: 4, activation: 'relu', dropout: 0.5 }]), '8t,4r:0.5');
    assert.deepEqual(decodeLayers('8t,4r:0.5'), [{ units: 8, activation: 'tanh', dropout: 0 }, { units: 4, activation: 'relu', dropout: 0.5 }]);
    for (const bad of ['9t', '0t', '8x', '8t:1.5', '8t,', 'abc', '1t,1t,1t,1t,1t,1t,1t']) assert.equal(decodeLayers(bad), null, bad);
  });

  it('keeps the default for invalid values, ignores unknown keys, and says so', () => {
    const { state, warnings } = decodeState('source=moon&noise=2&lr=abc&batchSize=2.5&seed=-1&layers=99z&foo=1&optimizer=adam');
    assert.equal(state.source, DEFAULT_STATE.source);
    assert.equal(state.noise, DEFAULT_STATE.noise);
    assert.equal(state.lr, DEFAULT_STATE.lr);
    assert.equal(state.batchSize, DEFAULT_STATE.batchSize);
    assert.equal(state.seed, DEFAULT_STATE.seed);
    assert.deepEqual(state.layers, DEFAULT_STATE.layers);
    assert.equal(state.optimizer, 'adam');
    assert.equal(warnings.length, 7);
    assert.ok(warnings.some((w) => w.includes("unknown setting 'foo'")));
  });

  it('equal states give equal links (fixed field order)', () => {
    const a = decodeState('seed=3&source=xor').state;
    const b = decodeState('source=xor&seed=3').state;
    assert.equal(encodeState(a), encodeState(b));
    assert.equal(encodeState(a), 'source=xor&seed=3');
  });
});
