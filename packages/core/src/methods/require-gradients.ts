import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import type { CamContext } from './cam-method.js';

/** The gradients of a context, or a clear error when the method was run without them. */
export function requireGradients(context: CamContext, method: string) {
  if (!context.gradients) {
    throw new CapabilityNotSupportedError('gradients', context.backend.name, `${method} needs gradients.`);
  }
  return context.gradients;
}
