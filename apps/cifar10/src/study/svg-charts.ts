/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Colours of the series (models) in every chart. */
export const SERIES_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];

/** One series of a {@link groupedBars} chart. */
export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * A vertical grouped bar chart as inline SVG: one group per category, one bar per series, value labels on the
 * bars, a y axis from 0 to `max`.
 */
export function groupedBars(
  categories: readonly string[],
  series: readonly BarSeries[],
  options: { max: number; format: (value: number) => string; title: string; height?: number },
): string {
  const height = (options.height ?? 220) + 14 * Math.max(series.length - 1, 0);
  const left = 40;
  const bottom = 40;
  // One legend line per series above the plot.
  const top = 14 * series.length + 12;
  const groupWidth = Math.max(
    categories.some((category) => category.length > 7) ? 70 : 50,
    14 * series.length + 14,
  );
  const width = left + categories.length * groupWidth + 10;
  const plot = height - bottom - top;
  const barWidth = (groupWidth - 10) / Math.max(series.length, 1);
  const y = (value: number) => top + plot - (Math.max(0, Math.min(value, options.max)) / options.max) * plot;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const value = tick * options.max;
    parts.push(
      `<line x1="${left}" x2="${width - 5}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>` +
        `<text x="${left - 4}" y="${y(value) + 4}" text-anchor="end" font-size="10">${escapeHtml(options.format(value))}</text>`,
    );
  }
  categories.forEach((category, group) => {
    const x0 = left + group * groupWidth + 5;
    series.forEach((s, index) => {
      const value = s.values[group]!;
      const x = x0 + index * barWidth;
      const colour = SERIES_COLOURS[index % SERIES_COLOURS.length];
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(top + plot - y(value)).toFixed(1)}" fill="${colour}"><title>${escapeHtml(`${s.name}, ${category}: ${options.format(value)}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${x0 + (groupWidth - 10) / 2}" y="${height - bottom + 14}" text-anchor="middle" font-size="11">${escapeHtml(category)}</text>`,
    );
  });
  const legend = series
    .map(
      (s, index) =>
        `<rect x="${left}" y="${4 + index * 14}" width="10" height="10" fill="${SERIES_COLOURS[index % SERIES_COLOURS.length]}"/>` +
        `<text x="${left + 14}" y="${13 + index * 14}" font-size="11">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return (
    `<svg class="chart" role="img" aria-label="${escapeHtml(options.title)}" width="${Math.max(width, 200)}" height="${height}" viewBox="0 0 ${Math.max(width, 200)} ${height}">` +
    `${legend}${parts.join('')}<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plot}" stroke="#888"/></svg>`
  );
}

/**
 * A confusion matrix as an inline SVG heat map: rows are true classes, columns predicted classes, each cell
 * coloured by its share of the row (white 0 to dark blue 1) and labelled with its count.
 */
export function confusionHeatMap(
  classes: readonly string[],
  confusion: readonly (readonly number[])[],
): string {
  const cell = 38;
  const left = 84;
  const top = 84;
  const size = classes.length * cell;
  const parts: string[] = [];
  confusion.forEach((row, truth) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    row.forEach((count, guess) => {
      const share = total > 0 ? count / total : 0;
      // Square root: errors of a few percent still show; the diagonal is blue, errors red.
      const strength = Math.sqrt(share);
      const light = Math.round(255 - strength * 200);
      const fill = truth === guess ? `rgb(${light},${light},255)` : `rgb(255,${light},${light})`;
      const text = strength > 0.6 ? '#fff' : '#000';
      const x = left + guess * cell;
      const y = top + truth * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"><title>${escapeHtml(`true ${classes[truth]}, predicted ${classes[guess]}: ${count} (${(share * 100).toFixed(1)}% of ${classes[truth]})`)}</title></rect>` +
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${text}">${count}</text>`,
      );
    });
  });
  classes.forEach((name, index) => {
    parts.push(
      `<text x="${left - 6}" y="${top + index * cell + cell / 2 + 4}" text-anchor="end" font-size="11">${escapeHtml(name)}</text>`,
      `<text transform="translate(${left + index * cell + cell / 2 + 4},${top - 6}) rotate(-60)" font-size="11">${escapeHtml(name)}</text>`,
    );
  });
  parts.push(
    `<text x="${left + size / 2}" y="12" text-anchor="middle" font-size="11" font-weight="bold">predicted class</text>`,
    `<text transform="translate(12,${top + size / 2}) rotate(-90)" text-anchor="middle" font-size="11" font-weight="bold">true class</text>`,
  );
  const total = left + size + 4;
  return `<svg class="chart" role="img" aria-label="confusion matrix" width="${total}" height="${top + size + 4}" viewBox="0 0 ${total} ${top + size + 4}">${parts.join('')}</svg>`;
}

/** Mean curves (deletion or insertion) of several series as an inline SVG line chart over x in [0, 1]. */
export function lineChart(series: readonly BarSeries[], options: { title: string; max?: number }): string {
  const width = 260;
  const height = 170;
  const left = 36;
  const top = 20;
  const plotWidth = width - left - 10;
  const plotHeight = height - top - 26;
  const max = options.max ?? Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (point: number, count: number) => left + (point / Math.max(count - 1, 1)) * plotWidth;
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const lines = series.map((s, index) => {
    const points = s.values.map(
      (value, point) => `${x(point, s.values.length).toFixed(1)},${y(value).toFixed(1)}`,
    );
    return `<polyline fill="none" stroke="${SERIES_COLOURS[index % SERIES_COLOURS.length]}" stroke-width="1.5" points="${points.join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`;
  });
  const axes =
    `<line x1="${left}" x2="${left + plotWidth}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#888"/>` +
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#888"/>` +
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end" font-size="10">${max.toFixed(2)}</text>` +
    `<text x="${left - 4}" y="${top + plotHeight}" text-anchor="end" font-size="10">0</text>` +
    `<text x="${left}" y="${height - 8}" font-size="10">0</text>` +
    `<text x="${left + plotWidth}" y="${height - 8}" text-anchor="end" font-size="10">1</text>` +
    `<text x="${left + plotWidth / 2}" y="${height - 8}" text-anchor="middle" font-size="10">fraction of pixels</text>` +
    `<text x="${left + plotWidth / 2}" y="12" text-anchor="middle" font-size="11" font-weight="bold">${escapeHtml(options.title)}</text>`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axes}${lines.join('')}</svg>`;
}
