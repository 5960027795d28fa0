import type { Backend } from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import type { CamMethod } from '../methods/cam-method.js';
import { gradCam } from '../methods/grad-cam.js';
import { type CamMethodName, type CamMethodOptions, camMethod } from '../methods/registry.js';

/**
 * The method `explain` runs (by name from the registry, as given, or Grad-CAM), checked against the backend's
 * capabilities.
 *
 * @throws {@link CapabilityNotSupportedError} with a hint naming what to use instead, when the backend lacks a
 * capability the method needs.
 */
export function resolveMethod(
  backend: Backend,
  method: CamMethod | CamMethodName | undefined,
  methodOptions: CamMethodOptions | undefined,
): CamMethod {
  const resolved = typeof method === 'string' ? camMethod(method, methodOptions) : (method ?? gradCam);
  for (const capability of resolved.requires) {
    if (!backend.capabilities[capability]) {
      const hint =
        capability === 'gradients'
          ? resolved.requires.length > 1
            ? `${resolved.name} ranks channels by gradient here: rank them by 'activation' with this backend.`
            : 'Use a gradient-free method (scorecam, ablationcam, eigencam) with this backend.'
          : `${resolved.name} needs it; gradient methods (gradcam, gradcam++, ...) do not.`;
      throw new CapabilityNotSupportedError(capability, backend.name, hint);
    }
  }
  return resolved;
}
