import { CapabilityNotSupportedError, InvalidModelError, type LayerInfo } from '@gradcam/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelRunner, SplitModel } from '../runner/model-runner.js';
import { isTokenShape } from '../runner/plain-tensors.js';
import { toScores } from '../runner/to-scores.js';
import type { Tensor, TfCore } from '../tf-core.js';
import { FlippedFilterCache } from './flipped-filter-cache.js';
import type { KerasContainerLike } from './keras-internals.js';
import { layersModelBiases } from './layer-biases.js';
import { compileLayersProgram, type LayerStep, type ProgramTensor } from './layers-program.js';
import { runLayerStep, type StepMode } from './run-layer-step.js';

/** Options of {@link createLayersRunner}. */
export interface LayersRunnerOptions {
  /** Name of the output layer to explain. @default the first output */
  readonly output?: string | undefined;
  /** Explain the scores before a final softmax. */
  readonly explainPreSoftmax: boolean;
}

/**
 * Runs a LayersModel layer by layer over its flattened functional graph (branches, shared layers and nested
 * models included), so that any layer's output can be read or replaced by a watched tensor.
 *
 * @throws {@link InvalidModelError} when the model does not take one 4-D input or has no class-score output.
 */
export function createLayersRunner(
  tf: TfCore,
  model: LayersModel,
  options: LayersRunnerOptions,
): ModelRunner {
  const program = compileLayersProgram(model as unknown as KerasContainerLike, options);
  const { inputShape, scoresShape, steps } = program;
  if (inputShape.length !== 4) {
    throw new InvalidModelError(
      `The model's input has shape [${inputShape.map(String).join(', ')}]; @gradcam/tfjs explains models ` +
        'that take images, [batch, height, width, channels].',
    );
  }
  const known = scoresShape.slice(1);
  const numClasses = known.every((size) => size !== null)
    ? known.reduce<number>((product, size) => product * size!, 1)
    : undefined;
  const filters = new FlippedFilterCache(tf);
  const tensors = new Map(program.tensors.map((tensor) => [tensor.name, tensor]));
  const descendantsCache = new Map<string, LayerStep[]>();
  const descendantsOf = (key: string): LayerStep[] => {
    let cached = descendantsCache.get(key);
    if (!cached) {
      const reached = new Set([key]);
      cached = [];
      for (const step of steps) {
        if (step.inputs.some((input) => reached.has(input))) {
          cached.push(step);
          for (const output of step.outputs) reached.add(output);
        }
      }
      descendantsCache.set(key, cached);
    }
    return cached;
  };
  const tensorNamed = (name: string): ProgramTensor => {
    const tensor = tensors.get(name);
    if (!tensor) throw new Error(`Internal error: layer "${name}" was not validated.`);
    return tensor;
  };
  const run = (env: Map<string, Tensor>, list: readonly LayerStep[], mode: StepMode): void => {
    for (const step of list) {
      const inputs = step.inputs.map((key) => {
        const value = env.get(key);
        if (!value) throw new Error(`Internal error: "${step.name}" reads a tensor that was not computed.`);
        return value;
      });
      runLayerStep(tf, step, inputs, mode, filters).forEach((output, index) => {
        const key = step.outputs[index];
        if (key !== undefined) env.set(key, output);
      });
    }
  };
  const headFrom = (env: ReadonlyMap<string, Tensor>, key: string) => {
    const after = descendantsOf(key);
    return (activations: Tensor): Tensor => {
      const local = new Map(env);
      local.set(key, activations);
      run(local, after, 'gradient');
      return toScores(tf, local.get(program.scores)!);
    };
  };

  const layers: LayerInfo[] = program.tensors.map((tensor) => ({
    name: tensor.name,
    kind: tensor.kind,
    outputShape: tensor.shape,
    ...(tensor.layout
      ? { layout: tensor.layout }
      : isTokenShape(tensor.shape)
        ? { layout: 'ntc' as const }
        : {}),
  }));

  return {
    modelKind: 'LayersModel',
    input: {
      name: model.inputNames?.[0] ?? 'input',
      shape: inputShape as [number | null, number | null, number | null, number | null],
      layout: 'nhwc',
    },
    numClasses,
    notes: program.notes,
    layers,
    split(input: Tensor, layer: string): SplitModel {
      const { key } = tensorNamed(layer);
      const after = new Set(descendantsOf(key));
      const env = new Map([[program.input, input]]);
      run(
        env,
        steps.filter((step) => !after.has(step)),
        'inference',
      );
      return { activations: env.get(key)!, head: headFrom(env, key) };
    },
    head(layer: string) {
      const { key } = tensorNamed(layer);
      const after = descendantsOf(key);
      const computed = new Set([key, ...after.flatMap((step) => step.outputs)]);
      const bypass = after.flatMap((step) =>
        step.inputs.filter((input) => !computed.has(input)).map(() => step.name),
      );
      if (bypass.length > 0) {
        throw new CapabilityNotSupportedError(
          'headFromActivations',
          'tfjs',
          `The layers after "${layer}" also read tensors that do not come from it (at "${bypass[0]}": a branch ` +
            'bypasses the layer), so the scores are not a function of its activations alone. Pick a layer ' +
            'after the branches merge, or use scoresWithActivations({ input, layer, activations }).',
        );
      }
      return headFrom(new Map(), key);
    },
    layerBiases: () => layersModelBiases(steps),
    scoresOf(input: Tensor) {
      const env = new Map([[program.input, input]]);
      run(env, steps, 'gradient');
      return toScores(tf, env.get(program.scores)!);
    },
    forward(input: Tensor, names: readonly string[]) {
      const env = new Map([[program.input, input]]);
      run(env, steps, 'inference');
      return {
        scores: toScores(tf, env.get(program.scores)!),
        activations: names.map((name) => env.get(tensorNamed(name).key)!),
      };
    },
    // Layer weights are variables, never computed from the input.
    filtersAreConstant: true,
    dispose: () => {
      filters.dispose();
      model.dispose();
    },
  };
}
