import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '@gradcam/core';
import { images, models } from '@gradcam/fixtures';
import { decodeImage } from '@gradcam/viz/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerPath, startRedis, type TestRedis } from './local-redis.mjs';
import { runCli, startCli, temporaryFolder } from './run-cli.js';

if (!redisServerPath) {
  console.warn(
    '[gradcam queue tests] SKIPPED: redis-server is not installed (apt-get install redis-server; .ci/run does).',
  );
}

interface Summary {
  failed: number;
  inputs: {
    input: string;
    error?: string;
    original?: string;
    results: { files: Record<string, string> }[];
  }[];
}

/** Every file below `folder`, relative to it. */
const filesIn = (folder: string) =>
  readdirSync(folder).filter((name) => statSync(join(folder, name)).isFile());

describe('without the optional packages bullmq and ioredis', () => {
  const withoutQueuePackages = (args: readonly string[]) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('./__fixtures__/without-queue-packages.mjs', import.meta.url)),
        fileURLToPath(new URL('../dist/bin.js', import.meta.url)),
        ...args,
      ],
      { encoding: 'utf8' },
    );

  it('explains as before, and the queue commands say in one line what to install', () => {
    const explained = withoutQueuePackages(['explain', images.both, '--out', temporaryFolder()]);
    expect(explained.stderr).toBe('');
    expect(explained.status).toBe(0);
    for (const args of [
      ['queue', 'status'],
      ['worker', '--out', temporaryFolder()],
    ]) {
      const refused = withoutQueuePackages(args);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /^error: gradcam queue and gradcam worker need the packages bullmq and ioredis .*npm install -g bullmq ioredis\.\n$/,
      );
    }
  });
});

describe.skipIf(!redisServerPath)('gradcam queue and gradcam worker, against a real redis-server', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const queueArgs = (queue: string) => ['--redis', redis.url, '--queue', queue];

  it('loses nothing when a worker is killed: every good input once with whole files, the corrupt one failed', async () => {
    const root = temporaryFolder();
    const photos = join(root, 'photos');
    const out = join(root, 'shared-out');
    mkdirSync(join(photos, 'b'), { recursive: true });
    // 12 photos in two folders (same names in both: their outputs must not collide) and one corrupt file.
    const good: string[] = [];
    for (const [index, source] of [images.both, images.dogs, images.chelsea].entries()) {
      for (let copy = 0; copy < 2; copy++) {
        for (const folder of [photos, join(photos, 'b')]) {
          const path = join(folder, `photo-${index}-${copy}.png`);
          copyFileSync(source, path);
          good.push(path);
        }
      }
    }
    const corrupt = join(photos, 'corrupt.png');
    writeFileSync(corrupt, readFileSync(images.both).subarray(0, 300));

    const submit = runCli(['queue', 'submit', photos, ...queueArgs('kill'), '--attempts', '2']);
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    expect(submit.stdout).toMatch(/Submitted 13 inputs to queue kill: 13 new jobs, 0 already queued/);
    const again = runCli(['queue', 'submit', photos, ...queueArgs('kill'), '--attempts', '2']);
    expect(again.stdout).toMatch(/Submitted 13 inputs to queue kill: 0 new jobs, 13 already queued/);
    const waiting = JSON.parse(runCli(['queue', 'status', ...queueArgs('kill'), '--json']).stdout);
    expect(waiting).toMatchObject({ waiting: 13, active: 0, completed: 0, failed: 0 });

    const workerArgs = ['worker', ...queueArgs('kill'), '--out', out, '--stall-timeout', '2'];
    const doomed = startCli(workerArgs);
    const survivor = startCli([...workerArgs, '--exit-when-idle']);
    // Kill the first worker as soon as it has finished one input: it has taken its next job by then.
    const deadline = Date.now() + 120_000;
    while (!doomed.output.stdout.includes('done ') && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    expect(doomed.output.stdout).toContain('done ');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    expect(await survivor.exited).toBe(0);

    // The killed worker's job was given back by BullMQ's stalled-job check and explained by the other worker.
    const jobKeys = (await redis.client.keys('bull:kill:*')).filter((key) =>
      /^bull:kill:[0-9a-f]{40}$/.test(key),
    );
    expect(jobKeys).toHaveLength(13);
    const stalled = await Promise.all(jobKeys.map((key) => redis.client.hget(key, 'stc')));
    expect(stalled.filter((count) => Number(count) > 0).length).toBeGreaterThanOrEqual(1);

    const collect = runCli(['queue', 'collect', ...queueArgs('kill'), '--out', out, '--json']);
    expect(collect.code).toBe(1);
    const summary = JSON.parse(collect.stdout) as Summary;
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(summary.inputs.map((record) => record.input).sort()).toEqual([...good, corrupt].sort());
    expect(summary.failed).toBe(1);
    const failed = summary.inputs.find((record) => record.input === corrupt)!;
    expect(failed.error).toMatch(/corrupt\.png/);
    expect(failed.error!.split('\n')).toHaveLength(1);
    const listed = new Set<string>();
    for (const record of summary.inputs.filter((entry) => entry.input !== corrupt)) {
      expect(record.error).toBeUndefined();
      expect(record.results).toHaveLength(1);
      for (const file of [record.original!, ...Object.values(record.results[0]!.files)]) {
        expect(file.startsWith(out)).toBe(true);
        expect(listed.has(file), `${file} belongs to one input`).toBe(false);
        listed.add(file);
      }
    }
    expect(listed.size).toBe(12 * 3);
    // No torn file: every image in the folder decodes, and nothing but the run's files (and no temporary file)
    // is left.
    const written = filesIn(out);
    expect(written.sort()).toEqual(
      [...[...listed].map((file) => file.slice(out.length + 1)), 'index.html', 'summary.json'].sort(),
    );
    for (const name of written.filter((file) => file.endsWith('.png'))) {
      const image = decodeImage(new Uint8Array(readFileSync(join(out, name))));
      expect(image.width * image.height).toBeGreaterThan(0);
    }
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((match) => decodeURIComponent(match[1]!));
    // The gallery shows each input and its overlay.
    expect(sources).toHaveLength(12 * 2);
    for (const source of sources) expect(existsSync(join(out, source))).toBe(true);

    // A job run again (here: the same input and options in a new queue) writes the same files, byte for byte.
    const first = summary.inputs.find((record) => record.input === good[0])!;
    const files = [first.original!, ...Object.values(first.results[0]!.files)];
    const before = files.map((file) => readFileSync(file));
    for (const file of files) writeFileSync(file, 'overwritten');
    expect(runCli(['queue', 'submit', good[0]!, ...queueArgs('again')]).code).toBe(0);
    const rerun = runCli(['worker', ...queueArgs('again'), '--out', out, '--exit-when-idle']);
    expect(rerun.code).toBe(0);
    files.forEach((file, index) => expect(readFileSync(file).equals(before[index]!)).toBe(true));
  }, 300_000);

  it('finishes the job in hand on SIGTERM, then exits; the rest stay queued', async () => {
    const root = temporaryFolder();
    const photos = join(root, 'photos');
    mkdirSync(photos);
    for (let copy = 0; copy < 6; copy++) copyFileSync(images.dogs, join(photos, `dogs-${copy}.png`));
    expect(runCli(['queue', 'submit', photos, ...queueArgs('term')]).code).toBe(0);
    const worker = startCli(['worker', ...queueArgs('term'), '--out', join(root, 'out')]);
    const deadline = Date.now() + 120_000;
    while (!worker.output.stdout.includes('done ') && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output.stderr).toMatch(/SIGTERM: finishing the jobs in hand/);
    const done = worker.output.stdout.split('\n').filter((line) => line.startsWith('done ')).length;
    const status = JSON.parse(runCli(['queue', 'status', ...queueArgs('term'), '--json']).stdout);
    expect(status).toMatchObject({ active: 0, failed: 0, completed: done, waiting: 6 - done });
    expect(done).toBeLessThan(6);
    if (done >= 2) {
      // Throughput over the completed jobs' finishing times, and the ETA of the rest at that rate.
      const finished = await Promise.all(
        (await redis.client.zrange('bull:term:completed', '0', '-1')).map((id) =>
          redis.client.hget(`bull:term:${id}`, 'finishedOn'),
        ),
      );
      const times = finished.map(Number);
      const rate = (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
      expect(status.throughput).toBeCloseTo(rate, 6);
      expect(status.etaSeconds).toBeCloseTo((6 - done) / rate, 6);
    }
  }, 180_000);

  it('explains the paths and http addresses of a manifest', async () => {
    const root = temporaryFolder();
    const server = createServer((request, response) => {
      if (request.url === '/photos/chelsea.png') response.end(readFileSync(images.chelsea));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const { port } = server.address() as AddressInfo;
    try {
      mkdirSync(join(root, 'list'));
      copyFileSync(images.both, join(root, 'list', 'both.png'));
      const manifest = join(root, 'list', 'inputs.txt');
      const address = `http://127.0.0.1:${port}/photos/chelsea.png`;
      const missing = `http://127.0.0.1:${port}/photos/missing.png`;
      writeFileSync(manifest, `# two photos and a missing one\nboth.png\n\n${address}\n${missing}\n`);
      const submit = runCli([
        'queue',
        'submit',
        '--manifest',
        manifest,
        ...queueArgs('manifest'),
        '--attempts',
        '1',
      ]);
      expect(submit.stdout).toMatch(/Submitted 3 inputs to queue manifest: 3 new jobs/);
      const out = join(root, 'out');
      // Two threads, each with its own model, share the jobs; both stop once the queue is empty.
      const worker = startCli([
        'worker',
        ...queueArgs('manifest'),
        '--out',
        out,
        '--exit-when-idle',
        '--concurrency',
        '2',
      ]);
      expect(await worker.exited).toBe(0);
      const collect = runCli(['queue', 'collect', ...queueArgs('manifest'), '--out', out, '--json']);
      const summary = JSON.parse(collect.stdout) as Summary;
      expect(summary.inputs.map((record) => record.input).sort()).toEqual(
        [join(root, 'list', 'both.png'), address, missing].sort(),
      );
      const fetched = summary.inputs.find((record) => record.input === address)!;
      expect(fetched.error).toBeUndefined();
      expect(existsSync(fetched.results[0]!.files.overlay!)).toBe(true);
      expect(summary.inputs.find((record) => record.input === missing)!.error).toMatch(/HTTP 404/);
    } finally {
      server.close();
    }
  }, 180_000);

  it('stops a worker whose model cannot be loaded before it takes a job', () => {
    const root = temporaryFolder();
    const model = join(root, 'model.onnx');
    copyFileSync(models.mnist, model);
    const input = join(root, 'digit.npy');
    writeFileSync(input, writeNpy(new Float32Array(28 * 28), [1, 1, 28, 28]));
    expect(runCli(['queue', 'submit', input, '--model', model, ...queueArgs('badmodel')]).code).toBe(0);
    writeFileSync(model, 'not a model any more');
    const worker = runCli([
      'worker',
      ...queueArgs('badmodel'),
      '--out',
      join(root, 'out'),
      '--exit-when-idle',
    ]);
    expect(worker.code).toBe(1);
    expect(worker.stderr.trim().split('\n')).toHaveLength(1);
    expect(worker.stderr).toMatch(/^error: Cannot load the model of this run \(.*model\.onnx/);
    const status = JSON.parse(runCli(['queue', 'status', ...queueArgs('badmodel'), '--json']).stdout);
    expect(status).toMatchObject({ waiting: 1, active: 0, completed: 0, failed: 0 });
  });

  it('refuses to mix two runs in one queue, and clear empties it', () => {
    const root = temporaryFolder();
    expect(runCli(['queue', 'submit', images.both, ...queueArgs('mixed')]).code).toBe(0);
    const other = runCli(['queue', 'submit', images.both, '--method', 'gradcam++', ...queueArgs('mixed')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another run/);
    expect(runCli(['queue', 'clear', ...queueArgs('mixed')]).code).toBe(0);
    const after = runCli(['queue', 'submit', images.both, '--method', 'gradcam++', ...queueArgs('mixed')]);
    expect(after.stdout).toMatch(/1 new job/);
    expect(existsSync(root)).toBe(true);
  });

  it('says so in one line when Redis cannot be reached', async () => {
    const closed = `redis://127.0.0.1:${redis.port + 1 === 65536 ? 1 : redis.port + 1}`;
    const result = runCli(['queue', 'status', '--redis', closed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ .*--redis\.\n$/);
  });
});
