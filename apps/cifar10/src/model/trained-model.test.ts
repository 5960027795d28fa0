import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../backend/setup-backend.js';
import { CIFAR10_CLASSES } from '../data/class-order.js';
import { loadDataset } from '../data/load-dataset.js';
import { evaluateSplit } from '../train/evaluate-split.js';
import { loadLayersModelFromFile } from '../train/model-io.js';

const MODEL = fileURLToPath(new URL('../../model/model.json', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../__fixtures__/tiny-cifar', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cifar10-model-'));

beforeAll(async () => {
  await setupBackend('wasm');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the committed CIFAR-10 model', () => {
  it('loads, names its classes, and classifies real CIFAR-10 images it was not tuned on', async () => {
    const metadata = JSON.parse(readFileSync(MODEL, 'utf8')) as {
      userDefinedMetadata?: { classes?: string[] };
    };
    expect(metadata.userDefinedMetadata?.classes).toEqual([...CIFAR10_CLASSES]);
    const model = await loadLayersModelFromFile(MODEL);
    // The fixture's images are from CIFAR-10's test split (never trained on).
    const data = loadDataset(FIXTURE, { cacheDir: join(tmp, 'cache') });
    const all = evaluateSplit(model, data.train, 10);
    const test = evaluateSplit(model, data.test, 10);
    const accuracy = (all.accuracy * all.count + test.accuracy * test.count) / (all.count + test.count);
    // The model's full test-set accuracy is in the README; on these 29 images a working model scores well
    // above chance (10%).
    expect(accuracy).toBeGreaterThan(0.6);
  });
});
