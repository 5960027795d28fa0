import { describeConformance } from '@gradcam/core/testing';
import * as ort from 'onnxruntime-web';
import { describe, it } from 'vitest';
import { conformanceLoader } from './helpers/conformance-onnx.js';

ort.env.wasm.numThreads = 1;

describeConformance({ describe, it }, 'onnxruntime-web (wasm)', { load: conformanceLoader(ort) });
