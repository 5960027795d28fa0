// Benchmark: darknet-tiny at 224x224 on the tfjs wasm backend. Forward pass alone versus Grad-CAM
// (forward + gradient) at the last convolution and at an early layer. Medians over interleaved runs.
//
// Run from packages/tfjs after building: `pnpm bench` (node bench/run.mjs). Writes bench/results/tfjs-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain, SeededRandom } from '@gradcam/core';
import { median, models } from '@gradcam/fixtures';
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '../dist/index.js';
import { loadTfjsModel, setupTfjsNode } from '../dist/node/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);

await setupTfjsNode({ backend: 'wasm', tf });

const model = await loadTfjsModel(models.darknetTiny);
const backend = await createTfjsBackend(model);
const layers = await backend.listLayers();
const lastConv = [...layers].reverse().find((layer) => layer.kind === 'Conv2D').name;
const earlyLayer = 'leaky_re_lu_2';
const early = layers.find((layer) => layer.name === earlyLayer);

// A deterministic input (timings do not depend on the pixels).
const size = 224 * 224 * 3;
const data = new Float32Array(size);
const generator = new SeededRandom(1);
for (let index = 0; index < size; index++) data[index] = generator.next();
const input = { data, shape: [1, 224, 224, 3], layout: 'nhwc' };
const target = { kind: 'top' };

const cases = {
  'forward (model.predict + read scores)': async () => {
    const x = tf.tensor4d(data, [1, 224, 224, 3]);
    const y = model.predict(x);
    await y.data();
    tf.dispose([x, y]);
  },
  'forward (backend.forward)': () => backend.forward({ input }),
  [`Grad-CAM at last conv "${lastConv}" (forwardWithGradient)`]: () =>
    backend.forwardWithGradient({ input, layer: lastConv, target }),
  [`Grad-CAM at last conv "${lastConv}" (explain, 224x224 map)`]: () =>
    explain({ backend, input, layer: lastConv, target }),
  [`Grad-CAM at early layer "${earlyLayer}" (forwardWithGradient)`]: () =>
    backend.forwardWithGradient({ input, layer: earlyLayer, target }),
};

/**
 * Runs the cases round-robin (warm-up rounds first) and returns one row per case. The first case is the
 * baseline. Another job shares this machine: besides the ratio of medians, each row has the median of the
 * per-round ratios (the case divided by the baseline of the same round), which cancels slow phases of the load,
 * and the mean CPU time of this process per call (user + system; tfjs-backend-wasm is single-threaded in Node),
 * which waiting for the other jobs does not inflate.
 */
async function measure(cases) {
  const names = Object.keys(cases);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const cpuTimes = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of names) {
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      await cases[name]();
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      if (round >= warmup) {
        times[name].push(elapsed);
        cpuTimes[name].push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  const baseline = times[names[0]];
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const cpuBaseline = mean(cpuTimes[names[0]]);
  return names.map((name) => ({
    case: name,
    medianMs: Number(median(times[name]).toFixed(2)),
    minMs: Number(Math.min(...times[name]).toFixed(2)),
    ratioToForward: Number((median(times[name]) / median(baseline)).toFixed(3)),
    pairedRatio: Number(median(times[name].map((time, round) => time / baseline[round])).toFixed(3)),
    meanCpuMs: Number(mean(cpuTimes[name]).toFixed(2)),
    cpuRatioToForward: Number((mean(cpuTimes[name]) / cpuBaseline).toFixed(3)),
  }));
}

const rows = await measure(cases);

// A GraphModel too: the emotion classifier (separable convolutions, residual adds, softmax), 64x64x1.
const graph = await createTfjsBackend(await loadTfjsModel(models.emotion));
const graphInput = { data: data.slice(0, 64 * 64), shape: [1, 64, 64, 1], layout: 'nhwc' };
const node = (name) => `StatefulPartitionedCall/model_1/${name}`;
const graphRows = await measure({
  'emotion: forward (backend.forward)': () => graph.forward({ input: graphInput }),
  'emotion: Grad-CAM at last conv "conv2d_5/BiasAdd"': () =>
    graph.forwardWithGradient({ input: graphInput, layer: node('conv2d_5/BiasAdd'), target }),
  'emotion: Grad-CAM at early layer "block1_conv2_act/Relu"': () =>
    graph.forwardWithGradient({ input: graphInput, layer: node('block1_conv2_act/Relu'), target }),
});
await graph.dispose();

const result = {
  model: 'darknet-tiny (LayersModel, 224x224x3)',
  backend: tf.getBackend(),
  wasmSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
  wasmThreads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  tfjsVersion: tf.version_core,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  runs,
  warmup,
  earlyLayer: { name: earlyLayer, outputShape: early?.outputShape },
  lastConv: { name: lastConv, outputShape: layers.find((layer) => layer.name === lastConv)?.outputShape },
  date: new Date().toISOString(),
  note:
    'Medians of interleaved runs after warm-up. ratioToForward: median / model.predict median; pairedRatio: ' +
    'median over rounds of (case time / model.predict time of the same round); meanCpuMs: mean CPU time of the ' +
    'process per call, cpuRatioToForward: its ratio to the first case of the table (robust to other jobs).',
  target: 'Grad-CAM at the last convolution <= 1.3 x forward; emotion at block1_conv2_act <= 2.5 x forward',
  rows,
  graphModel: { model: 'emotion (GraphModel, 64x64x1)', rows: graphRows },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'tfjs-wasm.json'), `${JSON.stringify(result, null, 2)}\n`);
console.table(rows);
console.table(graphRows);
console.log(`wrote ${join(here, 'results', 'tfjs-wasm.json')}`);
await backend.dispose();
