import { throwIfAborted } from '../errors/abort-error.js';
import { flipHorizontal } from '../math/flip-horizontal.js';
import type { Target } from '../target/target.js';
import type { HeatMap, SpatialTensor } from '../tensor.js';

/** The augmentations of test-time smoothing besides the identity: flipped or not, times 0.9, 1 or 1.1. */
const augmentations = [false, true].flatMap((flip) =>
  [0.9, 1, 1.1].filter((factor) => flip || factor !== 1).map((factor) => ({ flip, factor })),
);

/**
 * The target the augmented passes explain: the classes chosen on the un-augmented input when it resolved to
 * classes, so that a flip or a scaling cannot change the class explained; else the target as given.
 */
export function fixedTarget(classIndices: readonly (number | null)[], target: Target): Target {
  return classIndices.every((index) => index !== null)
    ? { kind: 'class', index: classIndices as number[] }
    : target;
}

/**
 * pytorch-grad-cam's `forward_augmentation_smoothing`: the mean of the maps of the input flipped horizontally or
 * not, times 0.9, 1 and 1.1 (six passes, `maps` being the identity's), each mapped back to the input's frame.
 * `mapsOf` computes the final maps of an augmented input.
 */
export async function augmentationSmoothing(
  input: SpatialTensor,
  maps: readonly HeatMap[],
  mapsOf: (augmented: SpatialTensor) => Promise<readonly HeatMap[]>,
  signal?: AbortSignal,
): Promise<HeatMap[]> {
  const sums = maps.map((map) => Float64Array.from(map.data));
  for (const { flip, factor } of augmentations) {
    throwIfAborted(signal);
    const augmented = await mapsOf(scaleInput(flip ? flipHorizontal(input) : input, factor));
    augmented.forEach((map, sample) => {
      const restored = flip ? flipMap(map) : map;
      const sum = sums[sample]!;
      for (let index = 0; index < restored.data.length; index++) sum[index]! += restored.data[index]!;
    });
  }
  const count = augmentations.length + 1;
  return sums.map((sum, sample) => ({
    data: Float32Array.from(sum, (value) => value / count),
    height: maps[sample]!.height,
    width: maps[sample]!.width,
  }));
}

function scaleInput(input: SpatialTensor, factor: number): SpatialTensor {
  if (factor === 1) return input;
  return { ...input, data: input.data.map((value) => value * factor) };
}

function flipMap(map: HeatMap): HeatMap {
  const data = new Float32Array(map.data.length);
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++)
      data[y * map.width + x] = map.data[y * map.width + (map.width - 1 - x)]!;
  }
  return { data, height: map.height, width: map.width };
}
