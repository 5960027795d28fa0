import * as tfcore from '@tensorflow/tfjs-core';

/**
 * The TensorFlow.js core namespace the adapter runs on: `@tensorflow/tfjs-core`, or `@tensorflow/tfjs`, or
 * `@tensorflow/tfjs-node` (each exposes the same core API).
 */
export type TfCore = typeof tfcore;

/** The `@tensorflow/tfjs-core` this package resolves, used when the caller does not pass its own `tf`. */
export const defaultTf: TfCore = tfcore;

/** A TensorFlow.js tensor of any rank. */
export type Tensor = tfcore.Tensor;
