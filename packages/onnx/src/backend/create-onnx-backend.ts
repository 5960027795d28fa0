import { CapabilityNotSupportedError, InvalidModelError } from '@gradcam/core';
import { ModelGraph } from '../graph/model-graph.js';
import { probe } from '../models/probe.js';
import { ProbedModel } from '../models/probed-model.js';
import { selectScoreTensor } from '../models/score-tensor.js';
import { DataType, isFloatType, ortTypeName } from '../proto/data-type.js';
import { readModel } from '../proto/read-model.js';
import { toNumber } from '../proto/to-number.js';
import { runtimeName } from '../runtime/ort-module.js';
import { type OnnxBackend, onnxBackend } from './onnx-backend.js';
import type { OnnxBackendOptions } from './onnx-backend-options.js';

/**
 * Loads an ONNX image classifier into a `@gradcam/core` Backend (spec v1) running on ONNX Runtime, with exact
 * gradients: for each target layer the backend generates an augmented ONNX model whose backward pass is written
 * in ONNX operators, and answers every gradient call with one `session.run`.
 *
 * Loading decodes and validates the model (a truncated or corrupt file gives `InvalidModelError` before any
 * session exists), then runs it once or twice on zeros to measure every intermediate tensor's shape.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * import { explain } from '@gradcam/core';
 * import { createOnnxBackend } from '@gradcam/onnx';
 * import { readOnnxModel } from '@gradcam/onnx/node';
 *
 * const backend = await createOnnxBackend({ ort, model: await readOnnxModel('resnet18.onnx') });
 * const explanation = await explain({ backend, input }); // input: { data, shape: [1, 3, 224, 224], layout: 'nchw' }
 * ```
 *
 * @throws {@link InvalidModelError} when the model cannot be read, validated or loaded by the runtime.
 * @throws {@link CapabilityNotSupportedError} when the model's input size is free and no `inputShape` is given.
 */
export async function createOnnxBackend(options: OnnxBackendOptions): Promise<OnnxBackend> {
  const { ort } = options;
  const name = options.name ?? runtimeName(ort);
  if ((options.layout ?? 'nchw') !== 'nchw') {
    throw new CapabilityNotSupportedError(
      `layout '${options.layout}'`,
      name,
      "ONNX image models take 'nchw' input; convert yours with toLayout(tensor, 'nchw').",
    );
  }
  const bytes = await modelBytes(options.model);
  const graph = new ModelGraph(readModel(bytes));
  const tensorType = graph.input.type?.tensorType;
  const inputType = tensorType?.elemType ?? DataType.UNDEFINED;
  if (!isFloatType(inputType)) {
    throw new InvalidModelError(
      `The model's input "${graph.input.name}" is ${ortTypeName(inputType)}; a float image input is needed.`,
    );
  }
  const declared = (tensorType?.shape?.dim ?? []).map((dim) => {
    const size = toNumber(dim.dimValue);
    return size > 0 ? size : null;
  });
  const shape = options.inputShape ? [...options.inputShape] : declared;
  if (shape.length !== 4) {
    throw new InvalidModelError(
      `The model's input "${graph.input.name}" has ${shape.length} axes ([${shape.map((size) => size ?? '?').join(', ')}]); ` +
        'an image input [N, C, H, W] is needed.',
    );
  }
  if (shape.slice(1).some((size) => size === null)) {
    throw new CapabilityNotSupportedError(
      'free input size',
      name,
      `The model's input "${graph.input.name}" is [${shape.map((size) => size ?? '?').join(', ')}]: ` +
        'pass inputShape, e.g. [null, 3, 224, 224], to fix its channels, height and width.',
    );
  }
  const probeResult = await probe(ort, graph, shape, inputType, options.sessionOptions);
  const probed = new ProbedModel(graph, probeResult);
  const selection = selectScoreTensor(graph, options.output);
  const scoreInfo = probed.info(selection.tensor);
  if (!scoreInfo || !isFloatType(scoreInfo.dataType) || scoreInfo.shape.length < 2) {
    throw new InvalidModelError(
      `The score tensor "${selection.tensor}" is ${
        scoreInfo ? `${ortTypeName(scoreInfo.dataType)} [${scoreInfo.shape.join(', ')}]` : 'not computed'
      }; a float [batch, classes] tensor is needed. Name another one with the \`output\` option.`,
    );
  }
  const numClasses = scoreInfo.shape.slice(1).reduce((product, size) => product * size, 1);
  const notes: string[] = [];
  if (selection.skippedSoftmax) {
    const { operation, node, output } = selection.skippedSoftmax;
    notes.push(
      `The model ends in ${operation} (node "${node}"): explaining the scores before it ("${selection.tensor}"), ` +
        `as the Grad-CAM paper does. Pass output: '${output}' to explain the probabilities instead.`,
    );
  }
  if (scoreInfo.dataType !== DataType.FLOAT) {
    notes.push(
      `The model computes in ${ortTypeName(scoreInfo.dataType)}: the backward pass runs in that type inside the ` +
        'graph; inputs and results are float32.',
    );
  }
  return onnxBackend({
    ort,
    name,
    probed,
    score: selection.tensor,
    numClasses,
    notes,
    sessionOptions: options.sessionOptions,
  });
}

async function modelBytes(model: OnnxBackendOptions['model']): Promise<Uint8Array> {
  if (model instanceof Uint8Array) return model;
  if (model instanceof ArrayBuffer) return new Uint8Array(model);
  if (typeof model !== 'string') {
    throw new InvalidModelError(
      'Invalid ONNX model: pass the file contents (Uint8Array or ArrayBuffer) or a URL to fetch.',
    );
  }
  let response: Response;
  try {
    response = await fetch(model);
  } catch (error) {
    throw new InvalidModelError(
      `Could not fetch the ONNX model "${model}": ${error instanceof Error ? error.message : String(error)}. ` +
        "In Node, read a file with readOnnxModel(path) from '@gradcam/onnx/node'.",
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new InvalidModelError(`Could not fetch the ONNX model "${model}": HTTP ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
