import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGallery } from './gallery.js';
import type { InputRecord } from './records.js';

const count = 1000;

describe('renderGallery', () => {
  it('links the image files of a 1,000-input run: under 1 KB of HTML per image, every src on disk', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gradcam-gallery-'));
    const records: InputRecord[] = Array.from({ length: count }, (_, index) => {
      const stem = `photo #${index} & co`;
      const original = join(folder, `${stem}.input.png`);
      const overlay = join(folder, `${stem}.gradcam-pp.281-tabby.overlay.png`);
      for (const file of [original, overlay]) writeFileSync(file, 'image bytes');
      return {
        input: `/photos/${stem}.png`,
        original,
        predictions: [{ index: 281, label: 'tabby', probability: 0.9, score: 7 }],
        results: [
          {
            method: 'gradcam++',
            layer: 'conv',
            classIndex: 281,
            label: 'tabby',
            files: { overlay, heatmap: overlay.replace('overlay', 'heatmap') },
            warnings: [],
            timings: { backendMs: 1, camMs: 1, totalMs: 2 },
          },
        ],
        totalMs: 2,
      };
    });
    records.push({ input: '/photos/broken.png', predictions: [], results: [], error: 'corrupt', totalMs: 0 });
    const html = renderGallery(records, 'run', folder);
    const images = 2 * count;
    expect(Buffer.byteLength(html)).toBeLessThan(images * 1024);
    expect(html).not.toContain('data:');
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources).toHaveLength(images);
    const index = join(folder, 'index.html');
    for (const source of sources) {
      const decoded = decodeURIComponent(source.replaceAll('&amp;', '&'));
      expect(existsSync(join(dirname(index), decoded))).toBe(true);
    }
    expect(html).toContain('corrupt');
  });

  it('lists the detections of a detection run with their scores and boxes', () => {
    const html = renderGallery(
      [
        {
          input: '/photos/both.png',
          predictions: [],
          detections: [
            {
              label: 'dog',
              class: 16,
              score: 0.689,
              box: [0.33, 0.05, 0.75, 0.66],
              cell: { y: 46, x: 70 },
              maps: {},
            },
          ],
          results: [],
          totalMs: 1,
        },
      ],
      'run',
      tmpdir(),
    );
    expect(html).toContain('<li>dog <span>score 0.689, box 0.33, 0.05, 0.75, 0.66</span></li>');
  });
});
