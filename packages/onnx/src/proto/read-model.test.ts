import { readFileSync } from 'node:fs';
import { InvalidModelError } from '@gradcam/core';
import { conformanceModel, seededRandom } from '@gradcam/core/testing';
import { images, models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel, buildModelProto } from '../../test/helpers/build-model.js';
import { conformanceOnnx } from '../../test/helpers/conformance-onnx.js';
import { ModelGraph } from '../graph/model-graph.js';
import { createOnnxBackend } from '../index.js';
import { onnx } from './onnx.js';
import { readModel } from './read-model.js';
import { writeModel } from './write-model.js';

/** Parses and validates like createOnnxBackend does before any session exists. */
const load = (bytes: Uint8Array) => new ModelGraph(readModel(bytes));

function outcome(bytes: Uint8Array): 'accepted' | 'rejected' {
  try {
    load(bytes);
    return 'accepted';
  } catch (error) {
    if (InvalidModelError.isInstance(error)) return 'rejected';
    throw new Error(
      `not an InvalidModelError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
}

describe('reading malformed models', () => {
  const small = conformanceOnnx(conformanceModel());
  const accepted: Uint8Array[] = [];

  it('reads the fixture models', () => {
    for (const path of Object.values(models).filter((file) => file.endsWith('.onnx'))) {
      expect(outcome(readFileSync(path))).toBe('accepted');
    }
  });

  it('rejects thousands of truncated and mutated variants with InvalidModelError only, quickly', () => {
    const random = seededRandom(404);
    const integer = (below: number) => Math.floor(((random() + 1) / 2) * below) % below;
    const counts = { accepted: 0, rejected: 0 };
    accepted.length = 0;
    const started = performance.now();
    const variants = 4000;
    for (let variant = 0; variant < variants; variant++) {
      let bytes: Uint8Array;
      const kind = variant % 5;
      if (kind === 0) {
        bytes = small.slice(0, integer(small.length));
      } else if (kind === 1 || kind === 2) {
        bytes = small.slice();
        const flips = 1 + integer(kind === 1 ? 2 : 8);
        for (let flip = 0; flip < flips; flip++) bytes[integer(bytes.length)] = integer(256);
      } else if (kind === 3) {
        const at = integer(small.length);
        const removed = 1 + integer(16);
        bytes = new Uint8Array([...small.subarray(0, at), ...small.subarray(at + removed)]);
      } else {
        const at = integer(small.length);
        const inserted = Array.from({ length: 1 + integer(8) }, () => integer(256));
        bytes = new Uint8Array([...small.subarray(0, at), ...inserted, ...small.subarray(at)]);
      }
      const result = outcome(bytes);
      counts[result]++;
      if (result === 'accepted' && accepted.length < 40 && variant % 3 === 0) accepted.push(bytes);
    }
    const elapsed = performance.now() - started;
    console.info(
      `[fuzz] ${variants} variants of a ${small.length}-byte model: ${counts.rejected} rejected with InvalidModelError, ` +
        `${counts.accepted} still valid (mutations in weights), ${elapsed.toFixed(0)} ms`,
    );
    expect(counts.rejected).toBeGreaterThan(variants / 2);
  });

  it('the mutated variants that pass validation load in ONNX Runtime or fail with InvalidModelError', async () => {
    expect(accepted.length).toBeGreaterThan(10);
    const outcomes = { loaded: 0, rejected: 0 };
    for (const bytes of accepted) {
      try {
        const backend = await createOnnxBackend({ ort, model: bytes });
        await backend.dispose();
        outcomes.loaded++;
      } catch (error) {
        if (!InvalidModelError.isInstance(error)) throw error;
        outcomes.rejected++;
      }
    }
    console.info(
      `[fuzz] ${accepted.length} valid-looking variants: ${outcomes.loaded} loaded, ${outcomes.rejected} rejected by the runtime (wrapped)`,
    );
  });

  it('truncated real models are rejected', () => {
    const bytes = readFileSync(models.smallcnn);
    for (const fraction of [0.01, 0.1, 0.5, 0.9, 0.999]) {
      expect(outcome(bytes.subarray(0, Math.floor(bytes.length * fraction)))).toBe('rejected');
    }
  });

  it('explains what is wrong', () => {
    const message = (bytes: Uint8Array) => {
      try {
        load(bytes);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message(new Uint8Array())).toMatch(/empty/);
    expect(message(new TextEncoder().encode('{"format": "not onnx"}'))).toMatch(/Invalid ONNX model/);
    expect(message(readFileSync(images.both))).toMatch(/Invalid ONNX model/);
    const truncated = readFileSync(models.smallcnn).subarray(0, 40_000);
    expect(message(truncated)).toMatch(/truncated|decoded|bytes of data/);
    const unknownInput = buildModel({
      inputs: [{ name: 'x', shape: [1, 2] }],
      outputs: ['y'],
      nodes: [{ op: 'Add', inputs: ['x', 'missing'], outputs: ['y'], name: 'adder' }],
    });
    expect(message(unknownInput)).toMatch(/"adder".*reads tensor "missing"/);
    const cycle = buildModel({
      inputs: [{ name: 'x', shape: [1, 2] }],
      outputs: ['y'],
      nodes: [
        { op: 'Add', inputs: ['x', 'z'], outputs: ['y'] },
        { op: 'Relu', inputs: ['y'], outputs: ['z'] },
      ],
    });
    expect(message(cycle)).toMatch(/cycle/);
    const old = buildModel({
      opset: 6,
      inputs: [{ name: 'x', shape: [1, 2] }],
      outputs: ['y'],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    expect(message(old)).toMatch(/opset 6.*version_converter/);
    const external = buildModelProto({
      inputs: [{ name: 'x', shape: [1, 2] }],
      outputs: ['y'],
      initializers: [{ name: 'w', dims: [2], values: [1, 2] }],
      nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    external.graph!.initializer![0]!.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    expect(message(new Uint8Array(writeModel(external)))).toMatch(/external file/);
  });

  it('wraps the runtime error when a structurally sound model does not load', async () => {
    const unknownOperator = buildModel({
      inputs: [{ name: 'x', shape: [1, 2, 3, 3] }],
      outputs: ['y'],
      nodes: [{ op: 'NoSuchOperator', inputs: ['x'], outputs: ['y'] }],
    });
    const error = await createOnnxBackend({ ort, model: unknownOperator }).catch((caught: unknown) => caught);
    expect(InvalidModelError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ONNX Runtime could not load the model/);
  });

  it('rejects a missing file and non-image inputs with InvalidModelError', async () => {
    const missing = await createOnnxBackend({ ort, model: '/no/such/model.onnx' }).catch(
      (caught: unknown) => caught,
    );
    expect(InvalidModelError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/readOnnxModel\(path\) from '@gradcam\/onnx\/node'/);
    const flat = buildModel({
      inputs: [{ name: 'x', shape: ['N', 784] }],
      outputs: ['y'],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    const error = await createOnnxBackend({ ort, model: flat }).catch((caught: unknown) => caught);
    expect(InvalidModelError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/\[N, C, H, W\]/);
  });
});
