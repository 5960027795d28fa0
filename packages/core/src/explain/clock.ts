/** Milliseconds from a monotonic clock where there is one. */
export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Where the time of one batch goes, accumulated over its passes. */
export interface PassTiming {
  /** Time spent in the backend's forward (and backward) passes of the input itself. */
  backendMs: number;
  /** Time spent forming the maps, including the extra passes of many-pass methods. */
  camMs: number;
}
