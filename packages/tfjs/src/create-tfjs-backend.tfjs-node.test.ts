import { classTarget, explain } from '@gradcam/core';
import { models } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { bothImageInput, catBox, dogBox, massShare } from './__fixtures__/darknet.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { loadTfjsModel } from './node/load-tfjs-model.js';
import type { TfCore } from './tf-core.js';

// tfjs-node (the native "tensorflow" backend) cannot be installed on this machine; the test runs where it is.
const tfjsNodeName = '@tensorflow/tfjs-node';
const tfjsNode = (await import(/* @vite-ignore */ tfjsNodeName).catch(() => undefined)) as TfCore | undefined;

describe('the "tensorflow" backend of tfjs-node', () => {
  it.skipIf(!tfjsNode)(
    `explains darknet-tiny (${tfjsNode ? 'tfjs-node found' : 'skipped: @tensorflow/tfjs-node is not installed here'})`,
    async () => {
      const tf = tfjsNode!;
      await tf.setBackend('tensorflow');
      const backend = await createTfjsBackend(await loadTfjsModel(models.darknetTiny, { tf }), { tf });
      expect(backend.name).toBe('tfjs-tensorflow');
      const { samples } = await explain({ backend, input: bothImageInput(), target: classTarget(139) });
      expect(massShare(samples[0]!.map, dogBox)).toBeGreaterThan(massShare(samples[0]!.map, catBox));
      await backend.dispose();
    },
  );
});
