import { basename, relative, sep } from 'node:path';
import type { InputRecord } from './records.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A file's address relative to the gallery's folder, each path segment URL-encoded. */
function link(path: string, folder: string): string {
  return relative(folder, path).split(sep).map(encodeURIComponent).join('/');
}

/**
 * An HTML gallery that links the image files next to it (relative addresses, so the output folder can be moved
 * or served as it is; the page stays small however many images there are): per input, the original, an overlay
 * per method and class, and the top predictions; failed inputs with their error. Images load lazily.
 *
 * @param records - the run's records.
 * @param title - the page's title.
 * @param folder - the folder `index.html` is written to.
 */
export function renderGallery(records: readonly InputRecord[], title: string, folder: string): string {
  const sections: string[] = [];
  for (const record of records) {
    if (record.error) {
      sections.push(
        `<section class="failed"><h2>${escapeHtml(record.input)}</h2><p>${escapeHtml(record.error)}</p></section>`,
      );
      continue;
    }
    const figures: string[] = [];
    if (record.original) {
      figures.push(
        `<figure><img src="${escapeHtml(link(record.original, folder))}" alt="input" loading="lazy"><figcaption>input</figcaption></figure>`,
      );
    }
    for (const result of record.results) {
      const file = result.files.overlay ?? result.files.heatmap;
      if (!file) continue;
      const caption = `${result.method} · ${result.label ?? `class ${result.classIndex}`}${result.layer ? ` · ${result.layer}` : ''}`;
      figures.push(
        `<figure><img src="${escapeHtml(link(file, folder))}" alt="${escapeHtml(caption)}" loading="lazy"><figcaption>${escapeHtml(caption)}</figcaption></figure>`,
      );
    }
    const predictions = [
      ...record.predictions.map(
        (p) =>
          `<li>${escapeHtml(p.label ?? `class ${p.index}`)} <span>${p.probability.toFixed(3)}</span></li>`,
      ),
      ...(record.detections ?? []).map(
        (d) =>
          `<li>${escapeHtml(d.label ?? `class ${d.class}`)} <span>score ${d.score.toFixed(3)}, box ${d.box.map((v) => v.toFixed(2)).join(', ')}</span></li>`,
      ),
    ].join('');
    sections.push(
      `<section><h2>${escapeHtml(basename(record.input))}</h2><div class="row">${figures.join('')}</div><ol>${predictions}</ol></section>`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;background:#fafafa;color:#222}
section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem;margin-bottom:1.5rem}
.row{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}img{width:224px;height:auto;image-rendering:auto;border-radius:4px}
figcaption{font-size:.8rem;color:#555;max-width:224px}ol{font-size:.9rem}li span{color:#888}
.failed{border-color:#e57373}.failed p{color:#c62828}
</style></head><body><h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</body></html>
`;
}
