/**
 * The pixels of a map from the most to the least salient: indices into `map` sorted by value, descending,
 * ties broken by the lower index first (a stable, deterministic order).
 *
 * RISE takes `np.flip(np.argsort(map))` and ROAD's reference code breaks ties with `1e-4` random noise; both
 * leave the order of equal values to chance, this function does not.
 *
 * @param map - the map's values, row-major.
 */
export function salientOrder(map: ArrayLike<number>): Uint32Array {
  const order = Uint32Array.from({ length: map.length }, (_, index) => index);
  return order.sort((a, b) => map[b]! - map[a]! || a - b);
}
