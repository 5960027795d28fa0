// Benchmark of every CAM method on one TensorFlow.js model (darknet-tiny, wasm) and one ONNX model (smallcnn,
// onnxruntime-node): median ms per explain() call, written to bench/results/methods.json and printed as a table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { camMethodNames, explain, readNpyFloat32 } from '@gradcam/core';
import { median, models, smallcnnReference } from '@gradcam/fixtures';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const warmUp = 5;
// Median of `count` timed calls after warm-up calls (the JIT and the runtimes' buffers settle first).
async function time(call, count = runs, warm = warmUp) {
  for (let run = 0; run < warm; run++) await call();
  const times = [];
  for (let run = 0; run < count; run++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

// Score-CAM and Ablation-CAM run one pass per channel: on darknet-tiny's 1024-channel layer they use the top 64
// channels (documented speed/quality trade-off); on smallcnn (32 channels) all of them.
const manyPassOptions = (channels) => ({
  scorecam: channels ? { channels: { top: channels } } : {},
  ablationcam: channels ? { channels: { top: channels } } : {},
});

async function benchTfjs() {
  const tf = await import('@tensorflow/tfjs-core');
  const { createTfjsBackend } = await import('@gradcam/tfjs');
  const { loadTfjsModel, setupTfjsNode } = await import('@gradcam/tfjs/node');
  await setupTfjsNode({ backend: 'wasm', tf });
  const backend = await createTfjsBackend(await loadTfjsModel(models.darknetTiny, { tf }), { tf });
  const input = {
    data: new Float32Array(224 * 224 * 3).map((_, i) => (i % 255) / 255),
    shape: [1, 224, 224, 3],
    layout: 'nhwc',
  };
  const forwardMs = await time(() => backend.forward({ input }));
  const rows = [];
  for (const method of camMethodNames) {
    const slow = method === 'scorecam' || method === 'ablationcam';
    const ms = await time(
      () => explain({ backend, input, method, methodOptions: manyPassOptions(64) }),
      slow ? 3 : runs,
      slow ? 1 : warmUp,
    );
    rows.push({ model: 'darknet-tiny (tfjs wasm)', method, medianMs: ms, ratioToForward: ms / forwardMs });
  }
  return { forwardMs, rows };
}

async function benchOnnx() {
  const ort = await import('onnxruntime-node');
  const { createOnnxBackend } = await import('@gradcam/onnx');
  const backend = await createOnnxBackend({ ort, model: new Uint8Array(readFileSync(models.smallcnn)) });
  const { data, shape } = readNpyFloat32(readFileSync(smallcnnReference('input')));
  const input = { data, shape, layout: 'nchw' };
  const layer = '/features/features.7/Relu_output_0';
  const forwardMs = await time(() => backend.forward({ input }), runs, 100);
  const rows = [];
  for (const method of camMethodNames) {
    // onnxruntime-node's output buffers are freed by the garbage collector: the first hundred or so calls that
    // return large activations are slower, so the ONNX rows warm up longer (as the @gradcam/onnx bench does).
    const slow = method === 'scorecam';
    const ms = await time(
      () => explain({ backend, input, layer, method, methodOptions: manyPassOptions() }),
      slow ? 5 : runs,
      slow ? 2 : 100,
    );
    rows.push({ model: 'smallcnn (onnxruntime-node)', method, medianMs: ms, ratioToForward: ms / forwardMs });
  }
  return { forwardMs, rows };
}

const tfjs = await benchTfjs();
const onnx = await benchOnnx();
const result = {
  date: new Date().toISOString(),
  runs,
  node: process.version,
  forwardMs: { 'darknet-tiny (tfjs wasm)': tfjs.forwardMs, 'smallcnn (onnxruntime-node)': onnx.forwardMs },
  rows: [...tfjs.rows, ...onnx.rows],
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'methods.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `forward: darknet-tiny ${tfjs.forwardMs.toFixed(1)} ms, smallcnn ${onnx.forwardMs.toFixed(1)} ms`,
);
console.table(
  result.rows.map((row) => ({
    ...row,
    medianMs: row.medianMs.toFixed(1),
    ratioToForward: row.ratioToForward.toFixed(2),
  })),
);
