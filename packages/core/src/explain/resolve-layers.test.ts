import { describe, expect, it } from 'vitest';
import { UnknownLayerError } from '../errors/unknown-layer-error.js';
import { conformanceModel } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { resolveLayers } from './resolve-layers.js';

const backend = referenceBackend(conformanceModel(), { layout: 'nchw' });

describe('resolveLayers', () => {
  it('chooses the last spatial layer, or checks the ones named, in order', async () => {
    expect(await resolveLayers(backend, undefined)).toEqual(['relu']);
    expect(await resolveLayers(backend, 'conv')).toEqual(['conv']);
    expect(await resolveLayers(backend, ['relu', 'conv'])).toEqual(['relu', 'conv']);
  });

  it('names the layers that exist when one does not, and refuses an empty list', async () => {
    await expect(resolveLayers(backend, ['conv', 'conv9'])).rejects.toThrow(UnknownLayerError);
    await expect(resolveLayers(backend, ['conv9'])).rejects.toThrow(/conv, relu/);
    await expect(resolveLayers(backend, [])).rejects.toThrow(RangeError);
  });
});
