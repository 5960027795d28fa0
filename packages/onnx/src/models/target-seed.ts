import { tensorValueInfo } from '../graph/derive-model.js';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { intAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import type { ValueInfoProto } from '../proto/onnx.js';
import { float32Output } from './float32-boundary.js';
import { flatScores } from './scores-output.js';

/** The nodes that turn the score tensor into the seed of a backward pass, and the inputs they read. */
export interface TargetSeed {
  /** The scores as a float32 `[N, classes]` output. */
  readonly scores: { readonly name: string; readonly output: ValueInfoProto };
  /** The gradient of the objective with respect to the score tensor (its shape and type). */
  readonly seed: string;
  /** Input names: the score weights `[N, classes]` (float32) and the top-1 switch (float32 `[1]`). */
  readonly feeds: { readonly weights: string; readonly top: string };
  /** Declarations of those inputs. */
  readonly inputs: readonly ValueInfoProto[];
}

/**
 * Emits the objective `sum_k w[n,k] * scores[n,k]` of a gradient model: the weights are
 * `weights + top * onehot(argmax(scores))`, so feeding `top = 1` and zero weights explains each sample's top-1
 * class (computed in the graph, one run suffices), `top = 0` and explicit weights anything else. Returns the
 * seed of the backward pass (the objective's gradient with respect to `score`).
 *
 * @param builder - the derived model's builder.
 * @param score - the score tensor.
 */
export function emitTargetSeed(builder: GraphBuilder, score: string): TargetSeed {
  const flat = flatScores(builder, score);
  const scoresInfo = builder.requireInfo(flat);
  const classes = scoresInfo.shape[1]!;
  const batch = scoresInfo.dynamic[0] ? null : scoresInfo.shape[0]!;
  const scores = float32Output(builder, flat, 'scores');
  const weights = builder.name('target_weights');
  const top = builder.name('target_top');
  const best = builder.op('ArgMax', [scores.name], [intAttr('axis', 1), intAttr('keepdims', 1)]);
  const classIds = builder.constant(
    Array.from({ length: classes }, (_, index) => index),
    [1, classes],
    DataType.INT64,
    'class_ids',
  );
  const oneHot = builder.mask(builder.op('Equal', [best, classIds]), DataType.FLOAT);
  const effective = builder.add(weights, builder.mul(oneHot, top));
  builder.setInfo(effective, { ...scoresInfo, dataType: DataType.FLOAT });
  const typed = builder.cast(effective, scoresInfo.dataType);
  const seed = flat === score ? typed : builder.reshapeLike(typed, score);
  builder.setInfo(seed, builder.requireInfo(score));
  return {
    scores,
    seed,
    feeds: { weights, top },
    inputs: [
      tensorValueInfo(weights, DataType.FLOAT, [batch, classes]),
      tensorValueInfo(top, DataType.FLOAT, [1]),
    ],
  };
}
