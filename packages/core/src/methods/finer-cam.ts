import { GradcamError } from '../errors/gradcam-error.js';
import { requireSpatial } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { finerComparisonClasses, finerTargetGradient } from './finer-target.js';
import { gradCam } from './grad-cam.js';
import { requireGradients } from './require-gradients.js';

/** Options of {@link createFinerCam} (pytorch-grad-cam's defaults). */
export interface FinerCamOptions {
  /** How strongly the similar classes are subtracted. @default 1 */
  readonly alpha?: number;
  /** Ranks of the similar classes compared with (0 is the explained class itself). @default [1, 2, 3] */
  readonly comparison?: readonly number[];
  /** The gradient-based method applied to FinerCAM's target. @default Grad-CAM */
  readonly base?: CamMethod;
}

/**
 * Finer-CAM (Zhang et al., CVPR 2025), as pytorch-grad-cam's `FinerCAM` computes it: the explained class is
 * compared with the classes whose scores are closest to it, and the base method (Grad-CAM by default) explains
 * the softmax-weighted difference `sum_i p_i (s_main - alpha s_i) / sum_i p_i` instead of `s_main`, so the map
 * shows what sets the class apart from its look-alikes. The target must name one class per sample (the default
 * top class, or a class index). Runs one more backward pass than the base method: the gradient of the
 * linearised target (exact, see {@link finerTargetGradient}).
 *
 * @throws {@link GradcamError} with code `'finercam-needs-class'` when the target is a weighting of several classes.
 */
export function createFinerCam(options: FinerCamOptions = {}): CamMethod {
  const alpha = options.alpha ?? 1;
  const ranks = options.comparison ?? [1, 2, 3];
  const base = options.base ?? gradCam;
  if (!Number.isFinite(alpha))
    throw new RangeError(`finercam's alpha must be a finite number, got ${alpha}.`);
  if (ranks.length === 0)
    throw new RangeError('finercam needs at least one comparison rank, e.g. [1, 2, 3].');
  return {
    name: 'finercam',
    requires: [...new Set([...base.requires, 'gradients' as const])],
    async compute(context) {
      requireGradients(context, 'finercam');
      const { backend, input, layer, scores, targetWeights } = context;
      const [batch, classes] = scores.shape;
      const weights = new Float32Array(batch * classes);
      for (let n = 0; n < batch; n++) {
        const row = targetWeights.subarray(n * classes, (n + 1) * classes);
        const main = row.findIndex((value) => value !== 0);
        if (main < 0 || row[main] !== 1 || row.some((value, k) => k !== main && value !== 0)) {
          throw new GradcamError(
            'finercam-needs-class',
            'FinerCAM explains one class per sample against its most similar classes: give a class index or the top class as target, not a weighting.',
          );
        }
        const sample = scores.data.subarray(n * classes, (n + 1) * classes);
        const comparison = finerComparisonClasses(sample, main, ranks);
        weights.set(finerTargetGradient(sample, { main, comparison, alpha }), n * classes);
      }
      const result = await backend.forwardWithGradient({
        input,
        layer,
        target: { kind: 'weights', weights },
      });
      const gradients = requireSpatial(result.gradients, `FinerCAM's gradients at "${layer}"`);
      return base.compute({ ...context, gradients, targetWeights: weights });
    },
  };
}
