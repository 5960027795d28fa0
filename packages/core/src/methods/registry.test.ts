import { describe, expect, expectTypeOf, it } from 'vitest';
import { hasErrorCode } from '../errors/gradcam-error.js';
import type { AblationCamOptions } from './ablation-cam.js';
import type { DeepFeatureFactorizationOptions } from './deep-feature-factorization.js';
import type { FastScoreCamOptions } from './fast-score-cam.js';
import type { FemOptions } from './fem.js';
import type { FinerCamOptions } from './finer-cam.js';
import type { IntegratedGradientsMethodOptions } from './integrated-gradients.js';
import type { KpcaCamOptions } from './kpca-cam.js';
import type { RandomCamOptions } from './random-cam.js';
import {
  type CamMethodOptions,
  camMethod,
  camMethodEntry,
  camMethodNames,
  camMethods,
  isCamMethodName,
} from './registry.js';
import type { ScoreCamOptions } from './score-cam.js';
import type { ShapleyCamOptions } from './shapley-cam.js';
import type { SmoothGradMethodOptions } from './smoothgrad.js';

describe('the method registry', () => {
  it('lists its names in record order', () => {
    expect(camMethodNames).toEqual(Object.keys(camMethods));
    expect(camMethodNames).toEqual(
      expect.arrayContaining(['gradcam', 'gradcam++', 'xgradcam', 'hirescam', 'gradcam-elementwise']),
    );
    expect(camMethodNames).toEqual(
      expect.arrayContaining(['layercam', 'eigencam', 'eigengradcam', 'scorecam', 'ablationcam']),
    );
    expect(camMethodNames).toEqual(
      expect.arrayContaining([
        'fast-scorecam',
        'finercam',
        'kpcacam',
        'fem',
        'shapleycam',
        'dff',
        'randomcam',
      ]),
    );
    expect(camMethodNames.filter((name) => camMethods[name].kind === 'input')).toEqual([
      'gradient',
      'gradient-x-input',
      'guided-backprop',
      'guided-gradcam',
      'smoothgrad',
      'integrated-gradients',
      'fullgrad',
    ]);
  });

  it.each(camMethodNames)('%s: creates the method named by its key, needing what the entry says', (name) => {
    const entry = camMethodEntry(name);
    expect(['layer', 'input']).toContain(entry.kind);
    expect(entry.description.length).toBeGreaterThan(20);
    const method = entry.create();
    expect(method.name).toBe(name);
    expect(method.requires).toEqual(entry.requires);
    if (entry.kind === 'layer') expect(camMethod(name).requires).toEqual(entry.requires);
    else {
      expect(method.requires).toContain('inputGradients');
      expect(() => camMethod(name)).toThrow(/input space/);
    }
  });

  it('derives methodOptions: one optional entry per method that takes options', () => {
    expectTypeOf<CamMethodOptions>().toEqualTypeOf<{
      readonly scorecam?: ScoreCamOptions;
      readonly ablationcam?: AblationCamOptions;
      readonly 'fast-scorecam'?: FastScoreCamOptions;
      readonly finercam?: FinerCamOptions;
      readonly kpcacam?: KpcaCamOptions;
      readonly fem?: FemOptions;
      readonly shapleycam?: ShapleyCamOptions;
      readonly dff?: DeepFeatureFactorizationOptions;
      readonly randomcam?: RandomCamOptions;
      readonly smoothgrad?: SmoothGradMethodOptions;
      readonly 'integrated-gradients'?: IntegratedGradientsMethodOptions;
    }>();
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
