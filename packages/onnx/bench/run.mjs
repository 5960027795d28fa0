// Benchmark: plain forward vs Grad-CAM on onnxruntime-node, same session options, per model.
// Run with `pnpm bench` (builds first) or `node bench/run.mjs` after `tsc -p tsconfig.json`.
// Writes bench/results/onnx-node.json and prints a table. Timings are medians over RUNS runs after WARMUP.
// BENCH_MODELS=vit-random,mnist measures only those models and writes bench/results/onnx-node-<models>.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseLayer, SeededRandom } from '@gradcam/core';
import { median, models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { createOnnxBackend } from '../dist/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 150);
const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
const here = dirname(fileURLToPath(import.meta.url));

const cases = [
  { name: 'smallcnn', path: models.smallcnn, shape: [1, 3, 224, 224] },
  { name: 'cifar10', path: models.cifar10, shape: [1, 3, 32, 32] },
  { name: 'squeezenet-fp16', path: models.squeezenetFp16, shape: [1, 3, 224, 224], float16: true },
  { name: 'mnist', path: models.mnist, shape: [1, 1, 28, 28], scale: 255 },
  { name: 'vit-random', path: models.vitRandom, shape: [1, 3, 224, 224] },
];

const only = process.env.BENCH_MODELS?.split(',').map((name) => name.trim());
const selected = only ? cases.filter((testCase) => only.includes(testCase.name)) : cases;

function random(count, seed, scale = 1) {
  const generator = new SeededRandom(seed);
  return Float32Array.from({ length: count }, () => generator.next() * scale);
}

function toHalf(value) {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 112;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | ((bits >>> 13) & 0x3ff);
}

async function time(run) {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const results = [];
for (const testCase of selected) {
  const bytes = readFileSync(testCase.path);
  const count = testCase.shape.reduce((product, size) => product * size, 1);
  const data = random(count, 42, testCase.scale ?? 1);
  const raw = await ort.InferenceSession.create(bytes, sessionOptions);
  const rawInput = testCase.float16
    ? new ort.Tensor('float16', Uint16Array.from(data, toHalf), testCase.shape)
    : new ort.Tensor('float32', data, testCase.shape);
  const backend = await createOnnxBackend({ ort, model: bytes, sessionOptions });
  const layer = chooseLayer(await backend.listLayers()).name;
  const input = { data, shape: testCase.shape, layout: 'nchw' };
  const top = { input, layer, target: { kind: 'top' } };
  const classTarget = { input, layer, target: { kind: 'class', index: 1 } };
  const runs = {
    forward: () => raw.run({ [raw.inputNames[0]]: rawInput }),
    backendForward: () => backend.forward({ input }),
    gradcamTop: () => backend.forwardWithGradient(top),
    gradcamClass: () => backend.forwardWithGradient(classTarget),
  };
  for (let round = 0; round < WARMUP; round++) for (const run of Object.values(runs)) await run();
  const samples = Object.fromEntries(Object.keys(runs).map((key) => [key, []]));
  // Interleaved, in a rotating order, so that background load and ordering affect every measurement alike.
  const entries = Object.entries(runs);
  for (let round = 0; round < RUNS; round++) {
    for (let step = 0; step < entries.length; step++) {
      const [key, run] = entries[(round + step) % entries.length];
      samples[key].push(await time(run));
    }
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
  // Per round, Grad-CAM over the forward measured next to it: robust to slow swings of background load.
  const pairedRatio = median(samples.gradcamTop.map((value, round) => value / samples.forward[round]));
  results.push({
    model: testCase.name,
    layer,
    inputShape: testCase.shape,
    forwardMs: medians.forward,
    backendForwardMs: medians.backendForward,
    gradcamTopMs: medians.gradcamTop,
    gradcamClassMs: medians.gradcamClass,
    ratio: medians.gradcamTop / medians.forward,
    pairedRatio,
    twoRunTopMs: medians.backendForward + medians.gradcamClass,
  });
  await backend.dispose();
  await raw.release();
}

const output = {
  runtime: `onnxruntime-node ${ort.env.versions?.node ?? ''}`.trim(),
  node: process.version,
  sessionOptions,
  runs: RUNS,
  warmup: WARMUP,
  note:
    'forwardMs: the original model in its own session (native input type). gradcamTopMs: one forwardWithGradient ' +
    'call at the automatic layer with the top-1 target computed in the graph; ratio = gradcamTopMs / forwardMs; ' +
    'pairedRatio = median over rounds of the two timed back to back. ' +
    'twoRunTopMs: what a first plain forward to find the top class plus a class-target gradient run would cost.',
  results,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', only ? `onnx-node-${only.join('-')}.json` : 'onnx-node.json'),
  `${JSON.stringify(output, null, 2)}\n`,
);

const pad = (value, width) => String(value).padStart(width);
console.log(
  `${output.runtime}, ${RUNS} runs after ${WARMUP} warm-up, median ms, session options ${JSON.stringify(sessionOptions)}`,
);
console.log(
  `${'model'.padEnd(16)}${pad('forward', 10)}${pad('fwd(be)', 10)}${pad('gradcam', 10)}${pad('ratio', 8)}${pad('paired', 8)}${pad('class', 10)}${pad('2-run top', 11)}  layer`,
);
for (const row of results) {
  console.log(
    `${row.model.padEnd(16)}${pad(row.forwardMs.toFixed(3), 10)}${pad(row.backendForwardMs.toFixed(3), 10)}${pad(
      row.gradcamTopMs.toFixed(3),
      10,
    )}${pad(`${row.ratio.toFixed(2)}x`, 8)}${pad(`${row.pairedRatio.toFixed(2)}x`, 8)}${pad(row.gradcamClassMs.toFixed(3), 10)}${pad(row.twoRunTopMs.toFixed(3), 11)}  ${row.layer}`,
  );
}
