import { camMethodNames } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { methodFileName } from './method-file-name.js';

describe('methodFileName', () => {
  it('gives gradcam++ its own readable name', () => {
    expect(methodFileName('gradcam++')).toBe('gradcam-pp');
    expect(methodFileName('gradcam')).toBe('gradcam');
  });

  it('is one-to-one over every built-in method, with names safe in any file system', () => {
    const names = camMethodNames.map(methodFileName);
    expect(new Set(names).size).toBe(camMethodNames.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});
