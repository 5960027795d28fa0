import { describe, expect, it } from 'vitest';
import type { InputRecord } from '../records.js';
import { fromPortableRecord, toPortableRecord } from './portable-record.js';

describe('portable records', () => {
  it('store files relative to the output folder and resolve them where it is mounted', () => {
    const record: InputRecord = {
      input: '/data/cat.png',
      original: '/mnt/a/out/cat-1.input.png',
      predictions: [{ index: 3, probability: 0.5, score: 2 }],
      results: [
        {
          method: 'gradcam',
          layer: 'conv',
          classIndex: 3,
          files: {
            overlay: '/mnt/a/out/cat-1.gradcam.3.overlay.png',
            heatmap: '/mnt/a/out/cat-1.gradcam.3.heatmap.png',
          },
          warnings: [],
          timings: { backendMs: 1, camMs: 1, totalMs: 2 },
        },
      ],
      totalMs: 3,
    };
    const portable = toPortableRecord(record, '/mnt/a/out');
    expect(portable.original).toBe('cat-1.input.png');
    expect(portable.results[0]!.files).toEqual({
      overlay: 'cat-1.gradcam.3.overlay.png',
      heatmap: 'cat-1.gradcam.3.heatmap.png',
    });
    expect(portable.input).toBe('/data/cat.png');
    const here = fromPortableRecord(portable, '/shared/out');
    expect(here.original).toBe('/shared/out/cat-1.input.png');
    expect(here.results[0]!.files.overlay).toBe('/shared/out/cat-1.gradcam.3.overlay.png');
    expect(here.predictions).toEqual(record.predictions);
  });
});
