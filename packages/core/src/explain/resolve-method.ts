import type { Backend } from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import type { CamMethod } from '../methods/cam-method.js';
import { gradCam } from '../methods/grad-cam.js';
import { type InputMethod, isInputMethod } from '../methods/input-method.js';
import { type CamMethodName, type CamMethodOptions, camMethodEntry } from '../methods/registry.js';

/**
 * The method `explain` runs (by name from the registry, as given, or Grad-CAM), checked against the backend's
 * capabilities.
 *
 * @throws {@link CapabilityNotSupportedError} with a hint naming what to use instead, when the backend lacks a
 * capability the method needs.
 */
export function resolveMethod(
  backend: Backend,
  method: CamMethod | InputMethod | CamMethodName | undefined,
  methodOptions: CamMethodOptions | undefined,
): CamMethod | InputMethod {
  const resolved: CamMethod | InputMethod =
    typeof method === 'string'
      ? (camMethodEntry(method).create as (options?: unknown) => CamMethod | InputMethod)(
          (methodOptions as Record<string, unknown> | undefined)?.[method],
        )
      : (method ?? gradCam);
  for (const capability of resolved.requires) {
    if (!backend.capabilities[capability]) {
      const hint =
        capability === 'inputGradients'
          ? `${resolved.name} needs gradients with respect to the input (forwardWithInputGradient), which ` +
            '@gradcam/onnx and @gradcam/tfjs offer; layer methods (gradcam, ...) do not.'
          : capability === 'gradients' && isInputMethod(resolved)
            ? `${resolved.name} forms a Grad-CAM map too, which needs gradients at a layer.`
            : capability === 'gradients'
              ? resolved.requires.length > 1
                ? `${resolved.name} ranks channels by gradient here: rank them by 'activation' with this backend.`
                : 'Use a gradient-free method (scorecam, ablationcam, eigencam) with this backend.'
              : `${resolved.name} needs it; gradient methods (gradcam, gradcam++, ...) do not.`;
      throw new CapabilityNotSupportedError(capability, backend.name, hint);
    }
  }
  return resolved;
}
