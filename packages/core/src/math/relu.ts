import type { HeatMap } from '../tensor.js';

/**
 * `max(0, x)` of every value of a map, as a new map.
 */
export function relu(map: HeatMap): HeatMap {
  const data = new Float32Array(map.data.length);
  for (let index = 0; index < data.length; index++) {
    const value = map.data[index]!;
    data[index] = value > 0 ? value : 0;
  }
  return { data, height: map.height, width: map.width };
}
