import { describe, expect, it } from 'vitest';
import { ignoredModelOptionsNote, onnxSessionOptions } from './onnx-session-options.js';
import { UsageError } from './usage-error.js';

const ort = {
  listSupportedBackends: () => [
    { name: 'cpu', bundled: true },
    { name: 'cuda', bundled: false },
  ],
};

describe('onnxSessionOptions', () => {
  it('sets both thread counts and the providers in order', () => {
    expect(onnxSessionOptions(ort, { threads: 3, executionProviders: ['cuda', 'cpu'] })).toEqual({
      intraOpNumThreads: 3,
      interOpNumThreads: 3,
      executionProviders: ['cuda', 'cpu'],
    });
    expect(onnxSessionOptions(ort, {})).toEqual({});
  });

  it('names the available providers for an unknown one', () => {
    expect(() => onnxSessionOptions(ort, { executionProviders: ['cpu', 'dml'] })).toThrow(UsageError);
    expect(() => onnxSessionOptions(ort, { executionProviders: ['dml'] })).toThrow(
      'Unknown execution provider "dml". Available in onnxruntime-node here: cpu, cuda (needs its own runtime libraries).',
    );
  });
});

describe('ignoredModelOptionsNote', () => {
  it('speaks up only for options a TensorFlow.js model ignores', () => {
    expect(ignoredModelOptionsNote({ backend: 'wasm', path: '/m/net.onnx', threads: 2 })).toBeUndefined();
    expect(ignoredModelOptionsNote({ backend: 'wasm' })).toBeUndefined();
    expect(ignoredModelOptionsNote({ backend: 'wasm', threads: 2, executionProviders: ['cpu'] })).toMatch(
      /^--threads and --execution-provider apply to ONNX models only/,
    );
  });
});
