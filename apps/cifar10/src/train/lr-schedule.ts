/** One-cycle learning-rate schedule settings. */
export interface OneCycle {
  /** peak learning rate */
  peak: number;
  /** fraction of all steps spent warming up linearly to the peak */
  warmup: number;
  /** learning rate at step 0, as a fraction of the peak */
  startFraction: number;
}

/**
 * Learning rate at `step` of `totalSteps` for a one-cycle schedule: linear warm-up from
 * `startFraction·peak` to `peak`, then linear decay to 0 at the last step.
 */
export function oneCycleLr(step: number, totalSteps: number, s: OneCycle): number {
  const t = Math.min(Math.max(step / Math.max(totalSteps, 1), 0), 1);
  if (t < s.warmup) return s.peak * (s.startFraction + (1 - s.startFraction) * (t / s.warmup));
  return (s.peak * (1 - t)) / (1 - s.warmup);
}
