import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidModelError } from '@gradcam/core';
import { models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from '../index.js';
import { readOnnxModel } from './index.js';

describe('readOnnxModel', () => {
  it('reads a model file into bytes that createOnnxBackend loads', async () => {
    const bytes = await readOnnxModel(models.mnist);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const backend = await createOnnxBackend({ ort, model: bytes });
    expect(backend.input.shape).toEqual([1, 1, 28, 28]);
    await backend.dispose();
  });

  it('rejects a missing file, a folder and an empty file with InvalidModelError naming the path', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gradcam-onnx-'));
    const empty = join(folder, 'empty.onnx');
    writeFileSync(empty, new Uint8Array(0));
    for (const path of [join(folder, 'missing.onnx'), folder, empty]) {
      const error = await readOnnxModel(path).catch((caught: unknown) => caught);
      expect(InvalidModelError.isInstance(error), path).toBe(true);
      expect((error as Error).message).toContain(path);
    }
  });
});
