import { describe, expect, it } from 'vitest';
import { onnx } from '../proto/onnx.js';
import { topologicalOrder } from './topological-order.js';

const node = (name: string, input: string[], output: string[]) =>
  onnx.NodeProto.create({ name, input, output });

describe('topologicalOrder', () => {
  it('keeps sorted graphs as they are and sorts the others', () => {
    const a = node('a', ['x'], ['a']);
    const b = node('b', ['a'], ['b']);
    const c = node('c', ['a', 'b'], ['c']);
    expect(topologicalOrder([a, b, c])?.map((item) => item.name)).toEqual(['a', 'b', 'c']);
    expect(topologicalOrder([c, b, a])?.map((item) => item.name)).toEqual(['a', 'b', 'c']);
  });

  it('returns undefined for a cycle', () => {
    expect(topologicalOrder([node('a', ['b'], ['a']), node('b', ['a'], ['b'])])).toBeUndefined();
    expect(topologicalOrder([node('self', ['s'], ['s'])])).toBeUndefined();
  });
});
