// Everything from the main entries of the five libraries, so that a bundler has to include all of their code
// (bundled by test/browser-bundle.test.ts).
import * as core from '@gradcam/core';
import * as metrics from '@gradcam/metrics';
import * as onnx from '@gradcam/onnx';
import * as tfjs from '@gradcam/tfjs';
import * as viz from '@gradcam/viz';

export { core, metrics, onnx, tfjs, viz };
