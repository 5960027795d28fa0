export type {
  Backend,
  BackendCapabilities,
  BackendV1,
  ForwardRequest,
  ForwardResult,
  GradientRequest,
  GradientResult,
  HeadRequest,
  InputGradientRequest,
  InputGradientResult,
  InputSpec,
  LayerInfo,
} from './v1/backend-v1.js';
