import { collectInputs } from '../collect-inputs.js';
import { exitCodes } from '../exit-codes.js';
import { resolveExplainSettings } from '../explain-settings.js';
import { ignoredModelOptionsNote } from '../onnx-session-options.js';
import { openModel } from '../open-model.js';
import { connectRedis } from '../queue/connect-redis.js';
import { jobIdOf, queuedStemOf } from '../queue/job-identity.js';
import { loadQueueLibrary } from '../queue/queue-library.js';
import {
  type QueuedInput,
  type QueuedRun,
  readQueuedRun,
  runHash,
  writeQueuedRun,
} from '../queue/queued-run.js';
import { readManifest } from '../queue/read-manifest.js';
import type { RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';

/** Jobs added per round trip. */
const batchSize = 500;
/** Every state a job of the run can be in. */
export const jobStates = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/**
 * `gradcam queue submit`: checks the options against the model (as `gradcam explain` does, once), records the run
 * in Redis and adds one job per input. Job ids are a hash of the run and the input, so submitting the same run
 * again adds only the inputs that are new. Prints how many jobs were added.
 *
 * @throws {@link UsageError} for a wrong command line, or a queue that holds another run.
 */
export async function runQueueSubmit(options: RunOptions): Promise<number> {
  const library = await loadQueueLibrary();
  if (options.inputs.length === 0 && options.manifests.length === 0) {
    throw new UsageError('No inputs: give image files, folders, .npy tensors or --manifest FILE.');
  }
  const listed = await Promise.all(options.manifests.map(readManifest));
  const found = options.inputs.length > 0 ? await collectInputs(options.inputs) : [];
  const inputs = [...new Set([...found, ...listed.flat()])];
  const ignored = ignoredModelOptionsNote(options.model);
  if (ignored) process.stderr.write(`note: ${ignored}\n`);
  const model = await openModel(options.model);
  let run: QueuedRun;
  try {
    const { outDir: _, ...settings } = await resolveExplainSettings(options, model, inputs);
    run = {
      key: runHash(options.model, settings),
      model: options.model,
      description: model.description,
      notes: model.backend.notes ?? [],
      settings,
      submittedAt: Date.now(),
    };
  } finally {
    await model.dispose();
  }
  const connection = await connectRedis(library, options.redis);
  const queue = new library.bullmq.Queue<QueuedInput>(options.queue, { connection });
  try {
    const count = async () =>
      Object.values(await queue.getJobCounts(...jobStates)).reduce((sum, value) => sum + value, 0);
    const before = await count();
    const existing = await readQueuedRun(connection, options.queue);
    if (existing && existing.key !== run.key && before > 0) {
      throw new UsageError(
        `Queue "${options.queue}" holds another run (${existing.description}, other options): collect it and empty it with 'gradcam queue clear', or use another --queue.`,
      );
    }
    if (!existing || existing.key !== run.key) await writeQueuedRun(connection, options.queue, run);
    for (let start = 0; start < inputs.length; start += batchSize) {
      await queue.addBulk(
        inputs.slice(start, start + batchSize).map((input) => ({
          name: 'explain',
          data: { input, stem: queuedStemOf(input), run: run.key },
          opts: {
            jobId: jobIdOf(run.key, input),
            attempts: options.attempts,
            backoff: { type: 'fixed', delay: 1000 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
    }
    const added = (await count()) - before;
    process.stdout.write(
      `Submitted ${inputs.length} input${inputs.length === 1 ? '' : 's'} to queue ${options.queue}: ${added} new job${added === 1 ? '' : 's'}, ${inputs.length - added} already queued.\n`,
    );
    return exitCodes.ok;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
