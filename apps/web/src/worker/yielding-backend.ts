import type { Backend } from '@gradcam/core';

/** Resolves on a later macrotask, so that messages waiting for the worker (an abort) are handled first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * The same backend, but every pass first lets the worker's event loop run. tfjs on `cpu` and `wasm` resolves its
 * passes as microtasks, so without this a Score-CAM run would keep the worker busy from start to end and an
 * abort message would only be read once it finished.
 */
export function yieldingBackend(backend: Backend): Backend {
  const { forward, headFromActivations, forwardWithInputGradient, layerBiases } = backend;
  return {
    specificationVersion: backend.specificationVersion,
    name: backend.name,
    input: backend.input,
    capabilities: backend.capabilities,
    ...(backend.numClasses === undefined ? {} : { numClasses: backend.numClasses }),
    ...(backend.notes ? { notes: backend.notes } : {}),
    listLayers: () => backend.listLayers(),
    forwardWithGradient: async (request) => {
      await nextTask();
      return backend.forwardWithGradient(request);
    },
    ...(forward
      ? {
          forward: async (request: Parameters<typeof forward>[0]) => {
            await nextTask();
            return forward.call(backend, request);
          },
        }
      : {}),
    ...(forwardWithInputGradient
      ? {
          forwardWithInputGradient: async (request: Parameters<typeof forwardWithInputGradient>[0]) => {
            await nextTask();
            return forwardWithInputGradient.call(backend, request);
          },
        }
      : {}),
    ...(layerBiases ? { layerBiases: () => layerBiases.call(backend) } : {}),
    ...(headFromActivations
      ? {
          headFromActivations: async (request: Parameters<typeof headFromActivations>[0]) => {
            await nextTask();
            return headFromActivations.call(backend, request);
          },
        }
      : {}),
  };
}
