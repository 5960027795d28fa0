import { GradcamError } from '../errors/gradcam-error.js';
import { type AblationCamOptions, createAblationCam } from './ablation-cam.js';
import type { CamMethod } from './cam-method.js';
import { eigenCam, eigenGradCam, gradCamElementwise, hiResCam, layerCam } from './elementwise-methods.js';
import { gradCam } from './grad-cam.js';
import { gradCamPlusPlus } from './grad-cam-plus-plus.js';
import { createScoreCam, type ScoreCamOptions } from './score-cam.js';
import { xGradCam } from './x-grad-cam.js';

/** The names of the built-in CAM methods. */
export const camMethodNames = [
  'gradcam',
  'gradcam++',
  'xgradcam',
  'hirescam',
  'gradcam-elementwise',
  'layercam',
  'eigencam',
  'eigengradcam',
  'scorecam',
  'ablationcam',
] as const;

/** The name of a built-in CAM method. */
export type CamMethodName = (typeof camMethodNames)[number];

/** Options of the many-pass methods, used when a method is given by name. */
export interface CamMethodOptions {
  /** Options of Score-CAM. */
  readonly scoreCam?: ScoreCamOptions;
  /** Options of Ablation-CAM. */
  readonly ablationCam?: AblationCamOptions;
}

/**
 * The built-in method with this name.
 *
 * @throws {@link GradcamError} with code `'unknown-method'` listing the methods, for an unknown name.
 */
export function camMethod(name: string, options: CamMethodOptions = {}): CamMethod {
  switch (name as CamMethodName) {
    case 'gradcam':
      return gradCam;
    case 'gradcam++':
      return gradCamPlusPlus;
    case 'xgradcam':
      return xGradCam;
    case 'hirescam':
      return hiResCam;
    case 'gradcam-elementwise':
      return gradCamElementwise;
    case 'layercam':
      return layerCam;
    case 'eigencam':
      return eigenCam;
    case 'eigengradcam':
      return eigenGradCam;
    case 'scorecam':
      return createScoreCam(options.scoreCam);
    case 'ablationcam':
      return createAblationCam(options.ablationCam);
    default:
      throw new GradcamError(
        'unknown-method',
        `Unknown CAM method "${name}". Methods: ${camMethodNames.join(', ')}.`,
      );
  }
}
