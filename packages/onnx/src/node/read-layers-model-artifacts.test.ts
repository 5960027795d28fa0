import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidModelError } from '@gradcam/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cifar10ModelPath } from '../export/__fixtures__/cifar10.js';
import { readModel } from '../proto/read-model.js';
import { layersModelFileToOnnx, readLayersModelArtifacts } from './read-layers-model-artifacts.js';

const folder = mkdtempSync(join(tmpdir(), 'gradcam-onnx-export-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('readLayersModelArtifacts', () => {
  it('reads model.json and its weight file, in manifest order', async () => {
    const artifacts = await readLayersModelArtifacts(cifar10ModelPath);
    expect(artifacts.weightSpecs?.[0]?.name).toBe('prep_conv/kernel');
    const floats = (artifacts.weightSpecs ?? []).reduce(
      (sum, spec) => sum + spec.shape.reduce((product, size) => product * size, 1),
      0,
    );
    expect((artifacts.weightData as Uint8Array).byteLength).toBe(floats * 4);
  });

  it('converts the file to ONNX bytes', async () => {
    const model = readModel(await layersModelFileToOnnx(cifar10ModelPath, { inputLayout: 'nchw' }));
    const dims = model.graph!.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((dim) => dim.dimParam || Number(dim.dimValue))).toEqual(['N', 3, 32, 32]);
  });

  it('says which file is missing or malformed', async () => {
    await expect(readLayersModelArtifacts(join(folder, 'absent.json'))).rejects.toThrow(InvalidModelError);
    const withoutWeights = join(folder, 'model.json');
    writeFileSync(
      withoutWeights,
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }),
    );
    await expect(readLayersModelArtifacts(withoutWeights)).rejects.toThrow(/"gone.bin"/);
    const notAModel = join(folder, 'other.json');
    writeFileSync(notAModel, '{"format": "graph-model"}');
    await expect(readLayersModelArtifacts(notAModel)).rejects.toThrow(/modelTopology and a weightsManifest/);
  });
});
