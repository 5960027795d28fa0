import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpyFloat32 } from '@gradcam/core';
import { images, models } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.js';

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

/** Share of a `.npy` map's mass inside `[x0, y0, x1, y1]` (normalised to 0..1). */
function massShare(path: string, box: readonly number[]): number {
  const { data, shape } = readNpyFloat32(readFileSync(path));
  const [height, width] = shape as [number, number];
  let inside = 0;
  let total = 0;
  data.forEach((value, index) => {
    const x = ((index % width) + 0.5) / width;
    const y = (Math.floor(index / width) + 0.5) / height;
    total += value;
    if (x >= box[0]! && x < box[2]! && y >= box[1]! && y < box[3]!) inside += value;
  });
  return inside / total;
}

describe('gradcam explain --target segmentation (selfie segmentation, astronaut.png)', () => {
  it('explains the person mask: class 0 of the one-channel output, no class predictions', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      images.astronaut,
      '--model',
      models.selfie,
      '--target',
      'segmentation',
      '--preprocess',
      'size=256x256,scale=1/255',
      '--layer',
      'add_13__xeno_compat__1',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [record] = summaryOf(out).inputs;
    expect(record.predictions).toEqual([]);
    expect(record.detections).toBeUndefined();
    expect(record.results).toHaveLength(1);
    const [explained] = record.results;
    expect([explained.classIndex, explained.layer]).toEqual([0, 'add_13__xeno_compat__1']);
    expect(existsSync(explained.files.overlay)).toBe(true);
    // The astronaut fills the middle and bottom of the photo; flag and shuttle are on the sides. Measured: 0.81 of
    // the map in the middle 60% of the columns.
    expect(massShare(explained.files.mapNpy, [0.2, 0, 0.8, 1])).toBeGreaterThan(0.7);
  });

  it('rejects detection options without --target detection, and an unknown target', () => {
    const out = temporaryFolder();
    expect(runCli(['explain', images.both, '--min-score', '0.5', '--out', out]).code).toBe(2);
    const unknown = runCli(['explain', images.both, '--target', 'boxes', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--target must be classification, detection, segmentation');
  });
});

const centerNet = '/work/shared/data/models/tfjs-graph/centernet/centernet.json';
const hasCenterNet = existsSync(centerNet);
if (!hasCenterNet) {
  console.log(`Skipping the CenterNet CLI test: the model (4 MB, not a fixture) is absent at ${centerNet}.`);
}

describe.skipIf(!hasCenterNet)('gradcam explain --target detection (CenterNet, both.png)', () => {
  it('lists the dog and the cat with boxes, each with its map inside its box', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      images.both,
      '--model',
      centerNet,
      '--output',
      'tower_0/keypoints',
      '--target',
      'detection',
      '--preprocess',
      'size=512x512,scale=1',
      '--layer',
      'tower_0/CenternetHead/mul',
      '--max-detections',
      '2',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [record] = summaryOf(out).inputs;
    const { detections } = record;
    expect(detections.map((detection: { class: number }) => detection.class)).toEqual([16, 15]);
    for (const detection of detections) {
      expect(detection.box.every((value: number) => value >= 0 && value <= 1)).toBe(true);
      expect(existsSync(detection.maps.gradcam.overlay)).toBe(true);
      // Measured: 1.00 of each map inside its own box.
      expect(massShare(detection.maps.gradcam.mapNpy, detection.box)).toBeGreaterThan(0.8);
    }
    expect(detections[0].score).toBeGreaterThan(0.6);
  });
});
