import { readFileSync } from 'node:fs';
import { readNpyFloat32 } from '@gradcam/core';
import { models, smallcnnExtraReference, smallcnnReference } from '@gradcam/fixtures';
import {
  averageDropAndIncrease,
  type MetricScore,
  noisyLinearImputation,
  ROAD_PERCENTILES,
  road,
} from '@gradcam/metrics';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';

// pytorch-grad-cam 1.5.5's own faithfulness metrics (torch 1.13.1) on the small CNN, for its Grad-CAM map of
// class 4 (smallcnn/gradcam_cam.npy) on its input: `CamMultImageConfidenceChange`, `DropInConfidence`,
// `IncreaseInConfidence`, ROAD MoRF/LeRF at each percentile and `ROADCombined` with the imputer's noise set to 0,
// for the logit (`ClassifierOutputTarget`) and the softmax (`ClassifierOutputSoftmaxTarget`) target, and the
// input its ROAD imputes at MoRF 50.
//
// Its ROAD chooses pixels by threshold, `map >= np.percentile(map, q)` for MoRF at `q` and the same on `1 - map`
// for LeRF, so its `q` removes about `100 - q` percent: our `removal: 'threshold'` at `p = 100 - q` is that rule.

interface AnchorTarget {
  readonly cam_mult_image_confidence_change: number;
  readonly drop_in_confidence: number;
  readonly increase_in_confidence: number;
  readonly road_morf: Record<string, number>;
  readonly road_lerf: Record<string, number>;
  readonly road_combined: number;
}

const anchor = JSON.parse(readFileSync(smallcnnExtraReference('metrics.json'), 'utf8')) as {
  readonly class_idx: number;
  readonly logit: AnchorTarget;
  readonly softmax: AnchorTarget;
};
const reference = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));
const targets: [keyof typeof anchor & ('logit' | 'softmax'), MetricScore][] = [
  ['logit', 'logit'],
  ['softmax', 'probability'],
];

describe("faithfulness metrics against pytorch-grad-cam's own values on smallcnn", () => {
  let backend: OnnxBackend;
  const { data, shape } = reference('input');
  const input = { data, shape: shape as [number, number, number, number], layout: 'nchw' as const };
  const cam = reference('gradcam_cam');
  const maps = [{ data: cam.data, height: 224, width: 224 }];
  const target = { kind: 'class', index: anchor.class_idx } as const;

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  it.each(targets)('%s target: confidence change, drop and increase in confidence', async (key, score) => {
    const expected = anchor[key];
    const result = await averageDropAndIncrease({ backend, input, maps, target, score });
    const original = result.originalScores[0]!;
    const change = result.explanationScores[0]! - original;
    // The anchor's drop is absolute (max(0, -change)); ours is relative, in percent of the original score.
    const drop = (result.drops[0]! * original) / 100;
    console.info(
      `[metrics anchor] ${key}: confidence change ${change} (anchor ${expected.cam_mult_image_confidence_change}, ` +
        `difference ${(change - expected.cam_mult_image_confidence_change).toExponential(2)})`,
    );
    expect(original).toBeGreaterThan(0);
    // Measured: 3.6e-7 (logit) and 7.5e-7 (softmax) relative.
    expect(Math.abs(change - expected.cam_mult_image_confidence_change)).toBeLessThan(
      1e-5 * Math.abs(expected.cam_mult_image_confidence_change),
    );
    expect(Math.abs(drop - expected.drop_in_confidence)).toBeLessThan(1e-5 * expected.drop_in_confidence);
    expect(expected.increase_in_confidence).toBe(0);
    expect(result.increaseInConfidence / 100).toBe(expected.increase_in_confidence);
  });

  it.each(
    targets,
  )('%s target: ROAD MoRF and LeRF per percentile and ROADCombined, noise 0, threshold removal', async (key, score) => {
    const expected = anchor[key];
    const result = await road({
      backend,
      input,
      maps,
      target,
      score,
      noise: 0,
      removal: 'threshold',
    });
    expect(result.percentiles).toEqual(ROAD_PERCENTILES);
    expect(result.unconvergedImputations).toBe(0);
    const original = result.originalScores[0]!;
    const rows: string[] = [];
    let worst = 0;
    for (const [order, differences, anchorOrder] of [
      ['MoRF', result.mostRelevantFirst.differences[0]!, expected.road_morf],
      ['LeRF', result.leastRelevantFirst.differences[0]!, expected.road_lerf],
    ] as const) {
      expect(Object.keys(anchorOrder)).toHaveLength(9);
      result.percentiles.forEach((p, step) => {
        const want = anchorOrder[String(100 - p)]!;
        expect(want).toBeTypeOf('number');
        const difference = differences[step]! - want;
        worst = Math.max(worst, Math.abs(difference) / Math.abs(original));
        rows.push(`${order} ${p}%: ${differences[step]!.toExponential(4)} (${difference.toExponential(1)})`);
        // Relative to the original score: the anchor's differences are float32 subtractions of scores of
        // that size, so a difference near 0 cannot be compared more finely than that. Measured: at most
        // 6.9e-7 (logit) and 3.7e-7 (softmax) of the score; with `removal: 'count'` (our default, which
        // removes exactly floor(224 * 224 * p / 100) pixels, up to 2 fewer) 1.1e-4 and 4.6e-5.
        expect(Math.abs(difference)).toBeLessThan(1e-5 * Math.abs(original));
      });
    }
    const combined = result.combined[0]!;
    console.info(
      `[metrics anchor] ${key}: ROAD score ${original}, worst |difference| / score ${worst.toExponential(2)}, ` +
        `combined ${combined} (anchor ${expected.road_combined}); ${rows.join(', ')}`,
    );
    // Measured: 6.7e-7 (logit) and 9.3e-7 (softmax) relative; 8.2e-5 and 6.8e-5 with `removal: 'count'`.
    expect(Math.abs(combined - expected.road_combined)).toBeLessThan(1e-5 * Math.abs(expected.road_combined));
  });

  it('removes the pixels the anchor removes and imputes them as it does (MoRF 50%, noise 0)', async () => {
    const imputed = readNpyFloat32(readFileSync(smallcnnExtraReference('road_morf50_imputed.npy')));
    expect(imputed.shape).toEqual(shape);
    const pixels = 224 * 224;
    // The pixels the anchor changed are the ones it removed (an imputed value equal to the original is
    // possible but not met here: the count is that of map >= its median).
    const changed = new Uint8Array(pixels);
    for (let index = 0; index < data.length; index++) {
      if (imputed.data[index] !== data[index]) changed[index % pixels] = 1;
    }
    const result = await road({
      backend,
      input,
      maps,
      target,
      score: 'logit',
      noise: 0,
      removal: 'threshold',
      percentiles: [50],
    });
    const removedCount = changed.reduce((sum, flag) => sum + flag, 0);
    expect(removedCount).toBe(25088);
    expect(result.mostRelevantFirst.removedCounts[0]![0]).toBe(removedCount);
    // The same pixels: the anchor's mask is map >= the median (between the 25088th and 25089th largest values).
    const sorted = Float64Array.from(cam.data).sort();
    const median = (sorted[pixels / 2 - 1]! + sorted[pixels / 2]!) / 2;
    const mask = Uint8Array.from(cam.data, (value) => (value >= median ? 1 : 0));
    expect(Array.from(mask)).toEqual(Array.from(changed));
    const ours = noisyLinearImputation(input, mask, { noise: 0 });
    expect(ours.converged).toBe(true);
    let worst = 0;
    let peak = 0;
    for (let index = 0; index < data.length; index++) {
      worst = Math.max(worst, Math.abs(ours.output.data[index]! - imputed.data[index]!));
      peak = Math.max(peak, Math.abs(imputed.data[index]!));
    }
    console.info(
      `[metrics anchor] MoRF 50% imputed input: max |difference| ${worst.toExponential(2)} (peak ${peak})`,
    );
    // Measured: 2.4e-7 (9e-8 of the peak): one float32 rounding of the solution.
    expect(worst).toBeLessThan(1e-6 * peak);
  });
});
