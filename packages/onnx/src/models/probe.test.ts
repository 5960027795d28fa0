import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModelProto } from '../../test/helpers/build-model.js';
import { ModelGraph } from '../graph/model-graph.js';
import { DataType } from '../proto/data-type.js';
import type { OrtModule } from '../runtime/ort-module.js';
import { probe } from './probe.js';

describe('probe', () => {
  it('measures the values computed from shapes that do not change with the batch size, and only those', async () => {
    const graph = new ModelGraph(
      buildModelProto({
        inputs: [{ name: 'x', shape: ['N', 6] }],
        outputs: ['y'],
        initializers: [
          { name: 'zero', dims: [], values: [0], type: DataType.INT64 },
          { name: 'one', dims: [], values: [1], type: DataType.INT64 },
          { name: 'half', dims: [], values: [0.5], type: DataType.FLOAT },
        ],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
          { op: 'Gather', inputs: ['shape', 'one'], outputs: ['width'], attributes: { axis: 0 } },
          { op: 'Gather', inputs: ['shape', 'zero'], outputs: ['batch'], attributes: { axis: 0 } },
          { op: 'Cast', inputs: ['width'], outputs: ['widthFloat'], attributes: { to: DataType.FLOAT } },
          { op: 'Mul', inputs: ['widthFloat', 'half'], outputs: ['scale'] },
          { op: 'ArgMax', inputs: ['x'], outputs: ['best'], attributes: { axis: 1 } },
          { op: 'Relu', inputs: ['x'], outputs: ['y'] },
        ],
      }),
    );
    const result = await probe(ort as unknown as OrtModule, graph, [null, 6], DataType.FLOAT, undefined);
    expect(result.shapeValues.get('width')).toEqual([6]);
    expect(result.shapeValues.get('scale')).toEqual([3]);
    // [N, 6] at batch 1 and 2 differ: not a constant of the backward pass.
    expect(result.shapeValues.has('shape')).toBe(false);
    expect(result.shapeValues.has('batch')).toBe(false);
    // Computed from the data (here, zeros), so never a constant.
    expect(result.shapeValues.has('best')).toBe(false);
    expect(result.infos.get('best')?.dataType).toBe(DataType.INT64);
  });
});
