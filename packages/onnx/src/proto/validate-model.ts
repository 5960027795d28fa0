import { InvalidModelError } from '@gradcam/core';
import { nodeInputs, nodeOutputs } from '../graph/node-inputs.js';
import { topologicalOrder } from '../graph/topological-order.js';
import { byteSize, DataType } from './data-type.js';
import type { ModelProto, TensorProto } from './onnx.js';
import { isExternalTensor } from './tensor-proto.js';
import { toNumber } from './to-number.js';

/** The oldest default-domain opset the backward rules are written for (numpy broadcasting, `Cast` by enum). */
export const MIN_OPSET = 7;

const MAX_ELEMENTS = 2 ** 31;

/**
 * Checks the structure of a decoded model before any runtime sees it: a graph with nodes, a default-domain
 * opset this package supports, a data input, node inputs that something defines, unique node outputs, no
 * cycles, graph outputs that exist, and initializers whose stored data matches their shape.
 *
 * @throws {@link InvalidModelError} naming the first problem found.
 */
export function validateModel(model: ModelProto): void {
  const graph = model.graph;
  if (!graph) throw invalid('it has no graph (is this an ONNX model file?)');
  const nodes = graph.node ?? [];
  if (nodes.length === 0) throw invalid('its graph has no nodes');
  const opset = defaultOpset(model);
  if (opset === undefined) throw invalid('it imports no version of the default ONNX operator set');
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > 1000) {
    throw invalid(
      `it uses ONNX opset ${opset}; opsets ${MIN_OPSET} and newer are supported. ` +
        'Convert it with onnx.version_converter.convert_version(model, 13).',
    );
  }
  const defined = new Set<string>();
  (graph.initializer ?? []).forEach((tensor, index) => {
    checkInitializer(tensor, index);
    defined.add(tensor.name!);
  });
  if ((graph.sparseInitializer ?? []).length > 0) throw invalid('sparse initializers are not supported');
  for (const value of graph.input ?? []) {
    if (!value.name) throw invalid('a graph input has no name');
    defined.add(value.name);
  }
  const initializerNames = new Set((graph.initializer ?? []).map((tensor) => tensor.name!));
  if (!(graph.input ?? []).some((value) => !initializerNames.has(value.name!))) {
    throw invalid('it has no graph input besides its initializers');
  }
  nodes.forEach((node, index) => {
    const label = `node ${index} (${node.name ? `"${node.name}", ` : ''}${node.opType || '?'})`;
    if (!node.opType) throw invalid(`${label} has no operator type`);
    const outputs = nodeOutputs(node);
    if (outputs.length === 0) throw invalid(`${label} has no outputs`);
    for (const name of outputs) {
      if (defined.has(name)) throw invalid(`${label} writes tensor "${name}", which is already defined`);
      defined.add(name);
    }
  });
  nodes.forEach((node, index) => {
    for (const name of nodeInputs(node)) {
      if (!defined.has(name)) {
        throw invalid(
          `node ${index} (${node.name ? `"${node.name}", ` : ''}${node.opType}) reads tensor "${name}", which no node, input or initializer defines`,
        );
      }
    }
  });
  if ((graph.output ?? []).length === 0) throw invalid('its graph has no outputs');
  for (const value of graph.output ?? []) {
    if (!value.name || !defined.has(value.name)) {
      throw invalid(`graph output "${value.name ?? ''}" is not computed by the graph`);
    }
  }
  if (!topologicalOrder(nodes)) throw invalid('its graph has a cycle');
}

/** The version of the default (`''` / `'ai.onnx'`) operator set a model imports, if any. */
export function defaultOpset(model: ModelProto): number | undefined {
  const entry = (model.opsetImport ?? []).find((item) => !item.domain || item.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : undefined;
}

function checkInitializer(tensor: TensorProto, index: number): void {
  const label = `initializer ${index}${tensor.name ? ` ("${tensor.name}")` : ''}`;
  if (!tensor.name) throw invalid(`${label} has no name`);
  if (isExternalTensor(tensor)) {
    throw invalid(
      `${label} stores its data in an external file; load a model with its weights embedded (onnx.save with save_as_external_data=False)`,
    );
  }
  const dims = (tensor.dims ?? []).map(toNumber);
  let count = 1;
  for (const size of dims) {
    if (!Number.isInteger(size) || size < 0) throw invalid(`${label} has an invalid dimension ${size}`);
    count *= size;
  }
  if (count > MAX_ELEMENTS) throw invalid(`${label} claims ${count} elements`);
  const dataType = tensor.dataType ?? 0;
  if (dataType === DataType.STRING) {
    if ((tensor.stringData ?? []).length !== count) throw invalid(`${label} has the wrong number of strings`);
    return;
  }
  const size = byteSize(dataType);
  if (size === undefined || dataType === DataType.UNDEFINED) {
    throw invalid(`${label} has an unknown element type ${dataType}`);
  }
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * size) {
      throw invalid(
        `${label} has ${raw.length} bytes of data for shape [${dims.join(', ')}] (${count * size} expected): the file is probably truncated or corrupt`,
      );
    }
    return;
  }
  const stored = storedCount(tensor, dataType);
  if (stored !== count) {
    throw invalid(`${label} has ${stored} values for shape [${dims.join(', ')}] (${count} expected)`);
  }
}

function storedCount(tensor: TensorProto, dataType: number): number {
  switch (dataType) {
    case DataType.FLOAT:
      return (tensor.floatData ?? []).length;
    case DataType.DOUBLE:
      return (tensor.doubleData ?? []).length;
    case DataType.INT64:
      return (tensor.int64Data ?? []).length;
    case DataType.UINT32:
    case DataType.UINT64:
      return (tensor.uint64Data ?? []).length;
    case DataType.COMPLEX64:
      return (tensor.floatData ?? []).length / 2;
    case DataType.COMPLEX128:
      return (tensor.doubleData ?? []).length / 2;
    default:
      return (tensor.int32Data ?? []).length;
  }
}

function invalid(problem: string): InvalidModelError {
  return new InvalidModelError(`Invalid ONNX model: ${problem}.`);
}
