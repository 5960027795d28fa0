// Soak benchmark: one worker process (this one, through the queue on a local redis-server) explains 2,000 inputs
// per adapter (TensorFlow.js: the bundled darknet-tiny on wasm; ONNX Runtime: the CIFAR-10 CNN) and samples its
// memory after a garbage collection: resident set size, V8 heap, external memory and, for TensorFlow.js, the live
// tensors, after the warm-up and every few hundred jobs. Workers run for hours: the growth from the warm-up to the
// end must stay under 5%. Writes bench/results/soak.json. Run with `node --expose-gc bench/soak.mjs` (after
// `pnpm build`); SOAK_JOBS sets the count.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { images, models } from '@gradcam/fixtures';
import { startRedis } from '../test/local-redis.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'bin.js');
const jobs = Number(process.env.SOAK_JOBS ?? 2000);
const warmUp = Math.min(200, Math.floor(jobs / 10));
const sampleEvery = Math.max(1, Math.floor(jobs / 10));
if (typeof globalThis.gc !== 'function') throw new Error('Run with node --expose-gc.');
const { serveQueue } = await import('../dist/queue/serve-queue.js');
const tf = await import('@tensorflow/tfjs-core');

const adapters = [
  { name: 'tfjs', model: undefined, description: 'darknet-tiny (bundled, TensorFlow.js wasm)' },
  { name: 'onnx', model: models.cifar10, description: 'CIFAR-10 CNN (onnxruntime-node)' },
];
const photos = [images.both, images.dogs, images.chelsea];

function memory(done, adapter) {
  globalThis.gc();
  const usage = process.memoryUsage();
  return {
    jobs: done,
    rssMiB: usage.rss / 2 ** 20,
    heapUsedMiB: usage.heapUsed / 2 ** 20,
    externalMiB: usage.external / 2 ** 20,
    arrayBuffersMiB: usage.arrayBuffers / 2 ** 20,
    // ONNX Runtime's tensors are freed by the garbage collector: it has no count of live ones.
    tfjsTensors: adapter === 'tfjs' ? tf.memory().numTensors : null,
  };
}

const redis = await startRedis();
const results = [];
try {
  for (const adapter of adapters) {
    const root = mkdtempSync(join(tmpdir(), `gradcam-soak-${adapter.name}-`));
    const inputs = join(root, 'inputs');
    mkdirSync(inputs);
    // Distinct paths (hard links to three photos) are distinct jobs.
    for (let index = 0; index < jobs; index++) {
      linkSync(photos[index % photos.length], join(inputs, `photo-${String(index).padStart(5, '0')}.png`));
    }
    const queue = `soak-${adapter.name}`;
    const submit = spawnSync(
      process.execPath,
      [
        bin,
        'queue',
        'submit',
        inputs,
        '--redis',
        redis.url,
        '--queue',
        queue,
        ...(adapter.model ? ['--model', adapter.model, '--preprocess', 'cifar10'] : []),
      ],
      { encoding: 'utf8' },
    );
    if (submit.status !== 0) throw new Error(submit.stderr);
    const samples = [];
    let done = 0;
    const started = performance.now();
    let warmedAt = started;
    const outDir = join(root, 'out');
    await serveQueue({
      redis: redis.url,
      queue,
      outDir,
      exitWhenIdle: true,
      stallTimeout: 60,
      modelOverrides: {},
      signal: new AbortController().signal,
      onAttempt: ({ record }) => {
        if (record.error) throw new Error(record.error);
        done++;
        // The files are checked by the tests; here they are removed so that 2,000 inputs do not fill the disk.
        for (const file of [
          record.original,
          ...record.results.flatMap((result) => Object.values(result.files)),
        ])
          if (file) rmSync(file, { force: true });
        if (done === warmUp) warmedAt = performance.now();
        if (done === warmUp || done % sampleEvery === 0 || done === jobs)
          samples.push(memory(done, adapter.name));
      },
    });
    const ended = performance.now();
    const first = samples.find((sample) => sample.jobs === warmUp);
    const last = samples.at(-1);
    const row = {
      adapter: adapter.name,
      model: adapter.description,
      jobs: done,
      warmUpJobs: warmUp,
      msPerJobAfterWarmUp: (ended - warmedAt) / Math.max(1, done - warmUp),
      rssGrowthPercent: ((last.rssMiB - first.rssMiB) / first.rssMiB) * 100,
      heapGrowthPercent: ((last.heapUsedMiB - first.heapUsedMiB) / first.heapUsedMiB) * 100,
      tfjsTensorsAfterWarmUp: first.tfjsTensors,
      tfjsTensorsAtEnd: last.tfjsTensors,
      samples,
    };
    results.push(row);
    console.log(
      `${adapter.name}: ${done} jobs, ${row.msPerJobAfterWarmUp.toFixed(0)} ms/job; RSS ${first.rssMiB.toFixed(1)} → ${last.rssMiB.toFixed(1)} MiB (${row.rssGrowthPercent.toFixed(2)}%), heap ${first.heapUsedMiB.toFixed(1)} → ${last.heapUsedMiB.toFixed(1)} MiB, tfjs tensors ${first.tfjsTensors} → ${last.tfjsTensors}`,
    );
    rmSync(root, { recursive: true, force: true });
  }
} finally {
  await redis.stop();
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'soak.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, jobsPerAdapter: jobs, results }, null, 2)}\n`,
);
