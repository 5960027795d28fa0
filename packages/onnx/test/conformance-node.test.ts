import { describeConformance } from '@gradcam/core/testing';
import * as ort from 'onnxruntime-node';
import { describe, it } from 'vitest';
import { conformanceLoader } from './helpers/conformance-onnx.js';

describeConformance({ describe, it }, 'onnxruntime-node', { load: conformanceLoader(ort) });
