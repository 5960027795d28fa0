import type { HeatMap as CoreHeatMap } from '@gradcam/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { HeatMap, ScalarMap } from './heat-map.js';

describe('HeatMap', () => {
  it("is the same type as @gradcam/core's HeatMap, both ways, and ScalarMap is its alias", () => {
    expectTypeOf<HeatMap>().toEqualTypeOf<CoreHeatMap>();
    expectTypeOf<ScalarMap>().toEqualTypeOf<HeatMap>();
  });
});
