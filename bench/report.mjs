// Medians, ranges, ratios and the issue's targets for the benchmark's table.

/** Every number the runners report: where it lives in a runner's JSON, its unit, and which way is better. */
export const METRICS = [
  { id: 'A32', label: 'A train, batch 32', unit: 'samples/s', path: ['A', '32'], higher: true },
  { id: 'A128', label: 'A train, batch 128', unit: 'samples/s', path: ['A', '128'], higher: true },
  { id: 'A512', label: 'A train, batch 512', unit: 'samples/s', path: ['A', '512'], higher: true },
  { id: 'Bsteps', label: 'B tiny net, SGD', unit: 'steps/s', path: ['B', 'stepsPerSecond'], higher: true },
  { id: 'Bsamples', label: 'B tiny net, SGD', unit: 'samples/s', path: ['B', 'samplesPerSecond'], higher: true },
  { id: 'Crows', label: 'C predict, batches of 1,024', unit: 'rows/s', path: ['C', 'rowsPerSecond'], higher: true },
  { id: 'Clat', label: 'C single-row latency, MNIST net', unit: 'µs', path: ['C', 'latencyMicros'], higher: false },
  { id: 'Ctiny', label: 'C single-row latency, tiny net', unit: 'µs', path: ['C', 'tinyLatencyMicros'], higher: false },
  { id: 'D', label: 'D peak memory, training A', unit: 'MiB', path: ['D', 'peakRssMiB'], higher: false },
  { id: 'G1', label: 'GEMM 128×784×256', unit: 'GFLOPS', path: ['gemm', '128×784×256'], higher: true },
  { id: 'G2', label: 'GEMM 1024×1024×1024', unit: 'GFLOPS', path: ['gemm', '1024×1024×1024'], higher: true },
];

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** { runner: { metricId: { median, min, max, n } } } over the rounds */
export function summarize(results) {
  const out = {};
  for (const [runner, rounds] of Object.entries(results)) {
    out[runner] = {};
    for (const m of METRICS) {
      const values = rounds.map((r) => m.path.reduce((o, k) => (o === undefined ? undefined : o[k]), r)).filter((v) => typeof v === 'number' && Number.isFinite(v));
      if (values.length > 0) out[runner][m.id] = { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
    }
  }
  return out;
}

/** how many times better mlpkit is than a peer on a metric (> 1: mlpkit better) */
function advantage(metric, ours, theirs) {
  return metric.higher ? ours / theirs : theirs / ours;
}

function fmt(v) {
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const get = (summary, runner, id) => summary[runner]?.[id]?.median;

/** The issue's targets, each with the measured ratio and whether it is met. */
export function evaluateTargets(summary, ours) {
  const best = (prefix, id, higher = true) => {
    const vals = Object.keys(summary).filter((r) => r.startsWith(prefix)).map((r) => get(summary, r, id)).filter((v) => v !== undefined);
    return vals.length === 0 ? undefined : higher ? Math.max(...vals) : Math.min(...vals);
  };
  const rows = [];
  const add = (what, value, goal, unit = '×') => rows.push({ what, value, goal, met: value === undefined ? null : value >= goal, unit });
  const r = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
  add('A batch 128 ÷ tfjs wasm', r(get(summary, ours, 'A128'), get(summary, 'tfjs wasm', 'A128')), 10);
  add('A batch 128 ÷ scikit-learn', r(get(summary, ours, 'A128'), get(summary, 'scikit-learn', 'A128')), 1);
  add('A batch 512 ÷ scikit-learn', r(get(summary, ours, 'A512'), get(summary, 'scikit-learn', 'A512')), 1);
  // two-core scaling (issue 12): the all-cores runner against one thread, in the same run
  const one = 'mlpkit wasm ×1';
  if (ours !== one) {
    add(`A batch 128: ${ours.replace('mlpkit wasm ', '')} ÷ ×1`, r(get(summary, ours, 'A128'), get(summary, one, 'A128')), 1.8);
    add(`A batch 512: ${ours.replace('mlpkit wasm ', '')} ÷ ×1`, r(get(summary, ours, 'A512'), get(summary, one, 'A512')), 1.8);
    add(`C rows/s: ${ours.replace('mlpkit wasm ', '')} ÷ ×1`, r(get(summary, ours, 'Crows'), get(summary, one, 'Crows')), 1.9);
  }
  add('B steps/s ÷ best TF.js', r(get(summary, ours, 'Bsteps'), best('tfjs', 'Bsteps')), 50);
  add('B samples/s ÷ brain.js', r(get(summary, ours, 'Bsamples'), get(summary, 'brain.js', 'Bsamples')), 1);
  add('C rows/s ÷ scikit-learn', r(get(summary, ours, 'Crows'), get(summary, 'scikit-learn', 'Crows')), 1);
  add('C latency: tfjs wasm ÷ mlpkit', r(get(summary, 'tfjs wasm', 'Clat'), get(summary, ours, 'Clat')), 3);
  const tiny = get(summary, ours, 'Ctiny');
  rows.push({ what: 'C tiny-net latency (µs)', value: tiny, goal: 2, met: tiny === undefined ? null : tiny <= 2, unit: 'µs ≤' });
  add('D: tfjs wasm peak ÷ mlpkit peak', r(get(summary, 'tfjs wasm', 'D'), get(summary, ours, 'D')), 1);
  add('GEMM 128×784×256 ÷ OpenBLAS (Haswell kernel)', r(get(summary, ours, 'G1'), get(summary, 'numpy openblas (Haswell)', 'G1')), 0.5);
  add('GEMM 128×784×256 ÷ OpenBLAS (env, AVX-512)', r(get(summary, ours, 'G1'), get(summary, 'numpy openblas (env)', 'G1')), 0.33);
  return rows;
}

/** The markdown table: per metric and runner, the median, min–max and mlpkit's advantage. */
export function formatTable(summary, ours, runners, skipped, targets) {
  const one = 'mlpkit wasm ×1';
  const scaling = ours !== one && summary[one] !== undefined;
  const lines = [
    `| workload | runner | median | min–max | ${ours} vs this |${scaling ? ` ${ours.replace('mlpkit wasm ', '')} ÷ ×1 |` : ''}`,
    `| --- | --- | ---: | ---: | ---: |${scaling ? ' ---: |' : ''}`,
  ];
  for (const m of METRICS) {
    for (const runner of runners) {
      const s = summary[runner]?.[m.id];
      if (s === undefined) continue;
      const mine = get(summary, ours, m.id);
      const ratio = runner === ours || mine === undefined ? '' : `${fmt(advantage(m, mine, s.median))}× ${m.higher ? 'faster' : m.unit === 'MiB' ? 'less' : 'lower'}`;
      const ones = get(summary, one, m.id);
      const speedup = !scaling ? '' : runner === ours && ones !== undefined && mine !== undefined ? ` ${fmt(advantage(m, mine, ones))} |` : ' |';
      lines.push(`| ${m.label} (${m.unit}) | ${runner} | ${fmt(s.median)} | ${fmt(s.min)}–${fmt(s.max)} | ${ratio} |${speedup}`);
    }
  }
  for (const [runner, why] of Object.entries(skipped)) lines.push(`| all | ${runner} | skipped | ${why} | |`);
  lines.push('', '| target | measured | goal | met |', '| --- | ---: | ---: | :---: |');
  for (const t of targets) {
    lines.push(`| ${t.what} | ${t.value === undefined ? 'n/a' : fmt(t.value)} | ${t.unit === '×' ? `≥ ${t.goal}×` : `${t.unit} ${t.goal}`} | ${t.met === null ? 'n/a' : t.met ? 'yes' : 'no'} |`);
  }
  return lines.join('\n');
}
