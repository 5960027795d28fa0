import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidModelError } from '@gradcam/core';
import { models } from '@gradcam/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../__fixtures__/tfjs-backends.js';
import { isGraphModel, isLayersModel } from '../is-model.js';
import { loadTfjsModel } from './load-tfjs-model.js';
import { modelFormat } from './read-model-artifacts.js';

const scratch = mkdtempSync(join(tmpdir(), 'gradcam-tfjs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeCopy(name: string, json: unknown, weights: Buffer | null) {
  const folder = mkdtempSync(join(scratch, `${name}-`));
  const path = join(folder, 'model.json');
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  if (weights) writeFileSync(join(folder, 'emotion.bin'), weights);
  return path;
}

const emotionJson = () => JSON.parse(readFileSync(models.emotion, 'utf8')) as Record<string, unknown>;
const emotionWeights = () => readFileSync(join(dirname(models.emotion), 'emotion.bin'));

describe('loadTfjsModel', () => {
  it('loads a LayersModel and a GraphModel from disk, telling them apart by their model.json', async () => {
    await useBackend('wasm');
    const layers = await loadTfjsModel(models.darknetTiny);
    expect(isLayersModel(layers)).toBe(true);
    const graph = await loadTfjsModel(pathToFileURL(models.emotion));
    expect(isGraphModel(graph)).toBe(true);
    expect(isLayersModel(graph)).toBe(false);
    layers.dispose();
    graph.dispose();
  });

  it('reads the format from the topology when the format field is missing', () => {
    const { format: _format, ...withoutFormat } = emotionJson();
    expect(modelFormat(withoutFormat)).toBe('graph-model');
    expect(modelFormat({ modelTopology: { class_name: 'Sequential' } })).toBe('layers-model');
    expect(() => modelFormat({ modelTopology: {} })).toThrow(/not a TensorFlow.js model/);
  });

  it.each([
    ['a missing file', () => join(scratch, 'nothing', 'model.json'), /Cannot read the TensorFlow.js model/],
    [
      'a file that is not JSON',
      () => writeCopy('garbage', 'not json {', null),
      /Cannot read the TensorFlow.js model/,
    ],
    [
      'a model without weights manifest',
      () => writeCopy('manifest', { ...emotionJson(), weightsManifest: undefined }, emotionWeights()),
      /no weightsManifest/,
    ],
    [
      'a missing weight shard',
      () => writeCopy('shard', emotionJson(), null),
      /"emotion.bin".*cannot be read/,
    ],
    [
      'a truncated weight shard',
      () => writeCopy('truncated', emotionJson(), emotionWeights().subarray(0, 1000)),
      /truncated/,
    ],
  ])('rejects %s with InvalidModelError', async (_what, path, message) => {
    const loading = loadTfjsModel(path());
    await expect(loading).rejects.toSatisfy(InvalidModelError.isInstance);
    await expect(loading).rejects.toThrow(message);
  });

  it('keeps a copied model loadable (sanity check of the fixtures above)', async () => {
    const folder = mkdtempSync(join(scratch, 'copy-'));
    copyFileSync(models.emotion, join(folder, 'emotion.json'));
    copyFileSync(join(dirname(models.emotion), 'emotion.bin'), join(folder, 'emotion.bin'));
    const model = await loadTfjsModel(join(folder, 'emotion.json'));
    expect(isGraphModel(model)).toBe(true);
    model.dispose();
  });
});
