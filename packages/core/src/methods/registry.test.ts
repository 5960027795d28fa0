import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/gradcam-error.js';
import { camMethod, camMethodEntry, camMethodNames, camMethods, isCamMethodName } from './registry.js';

describe('the method registry', () => {
  it('lists its names in record order', () => {
    expect(camMethodNames).toEqual(Object.keys(camMethods));
    expect(camMethodNames).toHaveLength(17);
  });

  it.each(camMethodNames)('%s: creates the method named by its key, needing what the entry says', (name) => {
    const entry = camMethodEntry(name);
    expect(entry.kind).toBe('layer');
    expect(entry.description.length).toBeGreaterThan(20);
    const method = camMethod(name);
    expect(method.name).toBe(name);
    expect(method.requires).toEqual(entry.requires);
  });

  it('hands each method its own entry of the options', () => {
    const selection = { top: 2, by: 'gradient' } as const;
    expect(camMethod('scorecam', { ablationcam: { channels: selection } }).requires).toEqual(['forward']);
    expect(camMethod('scorecam', { scorecam: { channels: selection } }).requires).toEqual([
      'forward',
      'gradients',
    ]);
  });

  it('rejects an unknown name with the list of methods', () => {
    expect(isCamMethodName('toString')).toBe(false);
    let error: unknown;
    try {
      camMethod('toString');
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'unknown-method')).toBe(true);
    expect((error as Error).message).toContain(camMethodNames.join(', '));
  });
});
