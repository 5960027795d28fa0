import type { OutputTensor, SpatialTensor, Target } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { type OutputReader, planTargets } from './plan-targets.js';

// An ONNX-like model: input [1, 3, 16, 16] NCHW, a heat map [1, 2, 4, 4] (NCHW) and, optionally, detections.
const input: SpatialTensor = { data: new Float32Array(3 * 16 * 16), shape: [1, 3, 16, 16], layout: 'nchw' };
const heatMap = new Float32Array(2 * 4 * 4).fill(0.05);
heatMap[(1 * 4 + 2) * 4 + 3] = 0.9; // class 1 at (y 2, x 3)
heatMap[(0 * 4 + 1) * 4 + 0] = 0.4; // class 0 at (y 1, x 0)

function reader(outputs: Record<string, OutputTensor>): OutputReader {
  return {
    outputs: Object.keys(outputs).map((name) => ({ name, shape: [] })),
    scoresOutput: 'heatmap',
    outputLayout: 'nchw',
    readOutputs: async (_, names) => names.map((name) => outputs[name]!),
  };
}

/** The indices of a weighting's non-zero weights. */
const weighted = (target: Target) =>
  target.kind === 'weights' ? Array.from(target.weights.keys()).filter((i) => target.weights[i] !== 0) : [];

const settings = { kind: 'detection' as const, classes: [], minScore: 0.3, maxDetections: 10 };

describe('planTargets on NCHW outputs (ONNX)', () => {
  it("maps a post-processed detection to its NCHW heat-map cell and explains that cell's score", async () => {
    // a box around the class-1 peak, in input pixels (the cell (2, 3) covers x 12..16, y 8..12)
    const detections = { data: Float32Array.from([11, 7, 16, 13, Math.fround(0.9), 1]), shape: [1, 1, 6] };
    const planned = await planTargets(
      reader({ heatmap: { data: heatMap, shape: [1, 2, 4, 4] }, detections }),
      input,
      settings,
    );
    expect(planned).toHaveLength(1);
    const [{ detection, target, classIndex }] = planned as [(typeof planned)[number]];
    expect([classIndex, detection!.cell]).toEqual([1, { y: 2, x: 3 }]);
    expect(detection!.box).toEqual([11 / 16, 7 / 16, 1, 13 / 16]);
    expect(weighted(target)).toEqual([(1 * 4 + 2) * 4 + 3]);
  });

  it("without a detections output, takes the heat map's peaks above --min-score", async () => {
    const size = { data: new Float32Array(2 * 4 * 4), shape: [1, 2, 4, 4] };
    const planned = await planTargets(
      reader({ heatmap: { data: heatMap, shape: [1, 2, 4, 4] }, size }),
      input,
      settings,
    );
    expect(planned.map(({ detection }) => [detection!.classIndex, detection!.cell])).toEqual([
      [1, { y: 2, x: 3 }],
      [0, { y: 1, x: 0 }],
    ]);
    expect(planned.map(({ target }) => weighted(target))).toEqual([
      [(1 * 4 + 2) * 4 + 3],
      [(0 * 4 + 1) * 4 + 0],
    ]);
  });

  it('segments the class covering most pixels of an NCHW output, weighting its channel at those pixels', async () => {
    // class 1 wins 3 of the 4 pixels
    const logits = { data: Float32Array.from([1, 0, 0, 0, 0, 2, 2, 2]), shape: [1, 2, 2, 2] };
    const planned = await planTargets({ ...reader({ heatmap: logits }) }, input, {
      ...settings,
      kind: 'segmentation',
    });
    expect(planned.map(({ classIndex }) => classIndex)).toEqual([1]);
    expect(weighted(planned[0]!.target)).toEqual([5, 6, 7]);
  });
});
