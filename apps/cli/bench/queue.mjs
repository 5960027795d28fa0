// Benchmark of the job queue on this machine: images/s of `gradcam worker` with 1, 2 and 4 worker processes
// against `gradcam explain --concurrency 1, 2, 4` on the same photos (the bundled darknet-tiny, wall time from
// starting the processes to their exit, model loading included), and the queue's own cost per job: a worker that
// does nothing but take and complete jobs (its round trip per job), the time to submit a job, and the CPU time
// redis-server spends per job, which bounds how many jobs per second one Redis serves. Writes
// bench/results/queue.json. Run after `pnpm build`; BENCH_INPUTS sets the photo count, BENCH_NOOP_JOBS the empty
// jobs.
import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { images } from '@gradcam/fixtures';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { startRedis } from '../test/local-redis.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'bin.js');
const inputCount = Number(process.env.BENCH_INPUTS ?? 60);
const noopJobs = Number(process.env.BENCH_NOOP_JOBS ?? 2000);
const counts = [1, 2, 4];
const loadAtStart = loadavg();

const root = mkdtempSync(join(tmpdir(), 'gradcam-bench-queue-'));
const photos = join(root, 'photos');
mkdirSync(photos);
const sources = [images.both, images.dogs, images.chelsea];
for (let index = 0; index < inputCount; index++) {
  linkSync(sources[index % sources.length], join(photos, `photo-${String(index).padStart(4, '0')}.png`));
}

function cli(args) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`gradcam ${args.join(' ')}: ${result.stderr}`);
  return result;
}

/** redis-server's user + system CPU time in ms, from /proc (Linux). */
function redisCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const redis = await startRedis();
const redisPid = redis.pid;
const rows = [];
try {
  for (const concurrency of counts) {
    const out = join(root, `local-${concurrency}`);
    const started = performance.now();
    cli(['explain', photos, '--concurrency', String(concurrency), '--out', out]);
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      run: `explain --concurrency ${concurrency}`,
      seconds,
      imagesPerSecond: inputCount / seconds,
    });
    console.log(`explain --concurrency ${concurrency}: ${(inputCount / seconds).toFixed(2)} images/s`);
    rmSync(out, { recursive: true, force: true });
  }
  for (const processes of counts) {
    const queue = `bench-${processes}`;
    const out = join(root, `queue-${processes}`);
    cli(['queue', 'submit', photos, '--redis', redis.url, '--queue', queue]);
    const started = performance.now();
    await Promise.all(
      Array.from(
        { length: processes },
        () =>
          new Promise((resolveExit, reject) => {
            const child = spawn(
              process.execPath,
              [bin, 'worker', '--redis', redis.url, '--queue', queue, '--out', out, '--exit-when-idle'],
              { stdio: 'ignore' },
            );
            child.once('exit', (code) =>
              code === 0 ? resolveExit() : reject(new Error(`worker exit ${code}`)),
            );
          }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const status = JSON.parse(
      cli(['queue', 'status', '--redis', redis.url, '--queue', queue, '--json']).stdout,
    );
    if (status.completed !== inputCount)
      throw new Error(`${queue}: ${status.completed} of ${inputCount} completed`);
    rows.push({
      run: `${processes} worker process${processes > 1 ? 'es' : ''}`,
      seconds,
      imagesPerSecond: inputCount / seconds,
    });
    console.log(`${processes} worker processes: ${(inputCount / seconds).toFixed(2)} images/s`);
    rmSync(out, { recursive: true, force: true });
  }

  // The queue's own cost: empty jobs carrying a record of the size a real one returns.
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const record = JSON.parse(
    JSON.stringify({
      input: join(photos, 'photo-0000.png'),
      predictions: Array.from({ length: 5 }, (_, index) => ({
        index,
        label: 'a label, with synonyms',
        probability: 0.1,
        score: 1.5,
      })),
      results: [
        {
          method: 'gradcam',
          layer: 'conv2d_16',
          classIndex: 1,
          files: {
            overlay: 'photo-0000-0123456789.gradcam.1-label.overlay.png',
            heatmap: 'photo-0000-0123456789.gradcam.1-label.heatmap.png',
          },
          warnings: [],
          timings: { backendMs: 60, camMs: 2, totalMs: 62 },
        },
      ],
      totalMs: 200,
    }),
  );
  const noop = new Queue('bench-noop', { connection });
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await connection.info('memory'))[1]);
  const memoryBefore = await usedMemory();
  const cpuBeforeSubmit = redisCpuMs(redisPid);
  const submitStarted = performance.now();
  for (let start = 0; start < noopJobs; start += 500) {
    await noop.addBulk(
      Array.from({ length: Math.min(500, noopJobs - start) }, (_, index) => ({
        name: 'explain',
        data: { input: join(photos, `photo-${start + index}.png`), stem: `photo-${start + index}`, run: 'x' },
        opts: {
          jobId: `noop${start + index}`,
          attempts: 3,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
  }
  const submitMsPerJob = (performance.now() - submitStarted) / noopJobs;
  const cpuAfterSubmit = redisCpuMs(redisPid);
  let done = 0;
  const workerStarted = performance.now();
  await new Promise((resolveDone) => {
    const worker = new Worker(
      'bench-noop',
      async () => {
        done++;
        if (done === noopJobs) setImmediate(() => worker.close().then(resolveDone));
        return record;
      },
      { connection, concurrency: 1, lockDuration: 30_000, stalledInterval: 30_000 },
    );
  });
  const roundTripMsPerJob = (performance.now() - workerStarted) / noopJobs;
  const cpuAfterWork = redisCpuMs(redisPid);
  const redisBytesPerJob = ((await usedMemory()) - memoryBefore) / noopJobs;
  await noop.close();
  connection.disconnect();
  const overhead = {
    jobs: noopJobs,
    submitMsPerJob,
    workerRoundTripMsPerJob: roundTripMsPerJob,
    redisCpuMsPerJob: (cpuAfterWork - cpuBeforeSubmit) / noopJobs,
    redisCpuMsPerJobSubmit: (cpuAfterSubmit - cpuBeforeSubmit) / noopJobs,
    redisCpuMsPerJobWork: (cpuAfterWork - cpuAfterSubmit) / noopJobs,
    redisBytesPerJob,
  };
  console.log(
    `queue overhead: submit ${submitMsPerJob.toFixed(3)} ms/job, worker round trip ${roundTripMsPerJob.toFixed(2)} ms/job, redis-server CPU ${overhead.redisCpuMsPerJob.toFixed(3)} ms/job, ${(redisBytesPerJob / 1024).toFixed(1)} KiB of Redis memory per job kept`,
  );
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results', 'queue.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: availableParallelism(),
        loadAverageAtStart: loadAtStart,
        model: 'darknet-tiny (bundled, TensorFlow.js wasm), Grad-CAM, top-1 class',
        inputs: inputCount,
        rows,
        overhead,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await redis.stop();
  rmSync(root, { recursive: true, force: true });
}
