import { describe, expect, it } from 'vitest';
import { buildModelProto } from '../../test/helpers/build-model.js';
import { DataType } from '../proto/data-type.js';
import { ModelGraph } from './model-graph.js';
import { shapeDerivedTensors } from './shape-derived.js';

describe('shapeDerivedTensors', () => {
  it('follows Shape and Size through constant arithmetic, never through data', () => {
    const graph = new ModelGraph(
      buildModelProto({
        inputs: [{ name: 'x', shape: ['N', 6] }],
        outputs: ['y'],
        initializers: [
          { name: 'one', dims: [1], values: [1], type: DataType.INT64 },
          { name: 'three', dims: [], values: [3], type: DataType.INT64 },
        ],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
          { op: 'Gather', inputs: ['shape', 'one'], outputs: ['width'], attributes: { axis: 0 } },
          { op: 'Div', inputs: ['width', 'three'], outputs: ['third'] },
          { op: 'Size', inputs: ['x'], outputs: ['count'] },
          { op: 'ArgMax', inputs: ['x'], outputs: ['best'], attributes: { axis: 1 } },
          { op: 'Add', inputs: ['best', 'third'], outputs: ['mixed'] },
          { op: 'Relu', inputs: ['x'], outputs: ['y'] },
        ],
      }),
    );
    expect([...shapeDerivedTensors(graph)].sort()).toEqual(['count', 'shape', 'third', 'width']);
  });
});
