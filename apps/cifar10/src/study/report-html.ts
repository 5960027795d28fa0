import { formatSeconds } from './phase-progress.js';
import type { Failure, ModelReport, ShownImage, StudyReport } from './study-report.js';
import { confusionHeatMap, escapeHtml, groupedBars, lineChart, SERIES_COLOURS } from './svg-charts.js';

const METHOD_NAMES: Record<string, string> = {
  gradcam: 'Grad-CAM',
  'gradcam++': 'Grad-CAM++',
  xgradcam: 'XGrad-CAM',
  hirescam: 'HiResCAM',
  'gradcam-elementwise': 'Grad-CAM (element-wise)',
  layercam: 'LayerCAM',
  eigencam: 'Eigen-CAM',
  eigengradcam: 'EigenGrad-CAM',
  scorecam: 'Score-CAM',
  ablationcam: 'Ablation-CAM',
};

/** The display name of a CAM method. */
function methodName(method: string): string {
  return METHOD_NAMES[method] ?? method;
}

/** The classes whose sections test the original study's claims, and what it claimed. */
const CLAIMS: Record<string, string> = {
  deer: 'the original study showed the network looking at the antlers and the head for "deer"',
  ship: 'the original study showed the network looking at the mast and the exhaust pipe (funnel) for "ship"',
};

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 16px 48px; color: #222; }
h1 { margin-top: 24px; } h2 { margin-top: 36px; border-bottom: 1px solid #ccc; } h3 { margin-top: 24px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
nav { position: sticky; top: 0; background: #fff; padding: 6px 0; border-bottom: 1px solid #eee; z-index: 1; }
nav a { margin-right: 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; }
figure { margin: 0; } figcaption { font-size: 12px; color: #444; max-width: 260px; }
.tile img { width: 128px; height: 128px; image-rendering: auto; display: block; }
.tile .row { display: flex; gap: 2px; }
.tile .names span { width: 128px; font-size: 11px; color: #555; text-align: center; }
.failure { display: flex; gap: 6px; align-items: flex-start; padding: 6px 0; border-bottom: 1px solid #eee; }
.failure img { width: 128px; height: 128px; display: block; }
.failure .pair { display: flex; flex-direction: column; gap: 2px; }
.failure .pair div { display: flex; gap: 2px; }
.failure .label { font-size: 11px; color: #555; text-align: center; }
.pred { color: #b00; } .true { color: #070; }
.note { background: #f6f6f6; padding: 8px 12px; border-left: 3px solid #999; max-width: 1000px; }
.finding { background: #fff8e5; padding: 8px 12px; border-left: 3px solid #e0a800; max-width: 1000px; }
.legend { display: inline-block; width: 160px; height: 10px; background: linear-gradient(to right, #00007f, #0000ff, #00ffff, #7fff7f, #ffff00, #ff0000, #7f0000); vertical-align: middle; }
`;

/**
 * The study's HTML page: a static file that opens from disk, with inline SVG charts and the images as files beside
 * it (lazy-loaded), so thousands of failures do not make a heavy page.
 */
export function renderReport(report: StudyReport): string {
  const { classes, models, options } = report;
  const methods = options.methods;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const parts: string[] = [];
  parts.push(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CIFAR-10 Grad-CAM study</title>` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>`,
    '<h1>What a CIFAR-10 CNN looks at: the Grad-CAM study</h1>',
    `<p>${report.data.images.toLocaleString('en')} test images from <code>${escapeHtml(report.data.folder)}</code>, ` +
      `${models.length} model${models.length === 1 ? '' : 's'}, maps by ${methods.map(methodName).join(', ')}. ` +
      `Written ${escapeHtml(report.createdAt.replace('T', ' ').replace(/\..*/, ' UTC'))} in ${formatSeconds(report.timings.totalSeconds)}` +
      (report.timings.phases.some((timing) => timing.cached > 0)
        ? ' (parts read from the cache of earlier runs: see <a href="#timings">Timings</a>). '
        : '. ') +
      `Every number on this page is in <a href="study.json">study.json</a>.</p>`,
  );
  if (report.data.skipped.length > 0) {
    parts.push(
      `<p class="note">${report.data.skipped.length} file(s) could not be read and were left out: ${report.data.skipped.map((file) => `<code>${escapeHtml(file)}</code>`).join(', ')}.</p>`,
    );
  }
  parts.push(
    '<nav><a href="#models">Models</a><a href="#accuracy">Accuracy</a><a href="#confusion">Confusion</a>' +
      '<a href="#faithfulness">Faithfulness</a><a href="#agreement">Agreement</a><a href="#timings">Timings</a> | ' +
      classes
        .map((name) => `<a href="#class-${name}">${escapeHtml(name)}${CLAIMS[name] ? ' ★' : ''}</a>`)
        .join('') +
      '</nav>',
  );
  parts.push(
    '<p class="note">How to read the maps: each 32x32 test image is shown 4x larger with nearest-neighbour pixels; the ' +
      'map (computed at the layer named below, resized smoothly to the image) is blended over it with the JET ' +
      'colormap <span class="legend"></span> from blue (0, no evidence) to red (1, the strongest evidence for the class ' +
      'explained). Maps are normalised per image: a red region means "most important in this image", not "important" ' +
      'in absolute terms.</p>',
  );

  parts.push(
    '<h2 id="models">Models</h2><table><tr><th>model</th><th>runtime</th><th>preprocessing</th>' +
      '<th>layer explained</th><th class="num">accuracy</th><th class="num">failures</th></tr>',
  );
  for (const model of models) {
    parts.push(
      `<tr><td><b>${escapeHtml(model.name)}</b><br><code>${escapeHtml(model.path)}</code></td><td>${model.runtime}</td>` +
        `<td>${escapeHtml(model.preprocess.description)} (<code>${escapeHtml(model.preprocess.preset)}</code>)</td>` +
        `<td><code>${escapeHtml(model.layer.name)}</code> (${model.layer.shape.join('x')}): ${escapeHtml(model.layer.reason)}</td>` +
        `<td class="num">${percent(model.accuracy)}</td><td class="num">${model.failures.length.toLocaleString('en')}</td></tr>`,
    );
  }
  parts.push('</table>');

  parts.push(
    '<h2 id="accuracy">Accuracy per class</h2><div class="charts">',
    groupedBars(
      classes,
      models.map((model) => ({
        name: `${model.name} (${percent(model.accuracy)})`,
        values: classes.map((name) => model.perClass[name]!),
      })),
      { max: 1, format: (value) => `${Math.round(value * 100)}%`, title: 'accuracy per class' },
    ),
    '</div>',
    `<table><tr><th>model</th>${classes.map((name) => `<th class="num">${escapeHtml(name)}</th>`).join('')}</tr>` +
      models
        .map(
          (model) =>
            `<tr><td>${escapeHtml(model.name)}</td>${classes.map((name) => `<td class="num">${percent(model.perClass[name]!)}</td>`).join('')}</tr>`,
        )
        .join('') +
      '</table>',
  );

  parts.push(
    '<h2 id="confusion">Confusion matrices</h2><p>Rows: the true class; columns: the predicted class; cells: image ' +
      'counts, coloured by their share of the row (square-root scale, so that errors of a few percent show).</p><div class="charts">',
  );
  for (const model of models) {
    parts.push(
      `<figure>${confusionHeatMap(classes, model.confusion)}<figcaption>${escapeHtml(model.name)}</figcaption></figure>`,
    );
  }
  parts.push('</div>');

  parts.push(faithfulnessSection(report));
  parts.push(agreementSection(report));
  parts.push(timingsSection(report));
  for (const name of classes) parts.push(classSection(report, name));
  parts.push('</body></html>\n');
  return parts.join('\n');
}

function faithfulnessSection(report: StudyReport): string {
  const { models, options } = report;
  const methods = options.methods;
  const parts = [
    '<h2 id="faithfulness">Faithfulness of the maps</h2>',
    `<p class="note">On a stratified sample of ${options.metricsSample.toLocaleString('en')} test images (seed ${options.seed}; the same images for every model), ` +
      "each followed by the softmax probability of the model's <b>predicted</b> class, with that class's map. " +
      '<b>Average Drop</b> (lower is better): how much the probability falls when the image is multiplied by its map; ' +
      '<b>Increase in Confidence</b> (higher is better): how often it rises (Chattopadhay et al. 2018). ' +
      `<b>Deletion</b> AUC (lower is better): the area under the probability as the most important pixels are turned black, ${options.steps} steps; ` +
      '<b>Insertion</b> AUC (higher is better): the area as the most important pixels are put back into a blurred copy (Petsiuk et al. 2018). ' +
      "Perturbations happen in each model's own input space, so the two models' numbers are comparable in direction, not exactly in size.</p>",
    '<table><tr><th>model</th><th>method</th><th class="num">Average Drop % ↓</th><th class="num">Increase in Confidence % ↑</th>' +
      '<th class="num">deletion AUC ↓</th><th class="num">insertion AUC ↑</th><th class="num">images</th></tr>',
  ];
  for (const model of models) {
    for (const method of methods) {
      const m = model.metrics[method]!;
      parts.push(
        `<tr><td>${escapeHtml(model.name)}</td><td>${methodName(method)}</td><td class="num">${m.averageDrop.toFixed(1)}</td>` +
          `<td class="num">${m.increaseInConfidence.toFixed(1)}</td><td class="num">${m.deletionAuc.toFixed(3)}</td>` +
          `<td class="num">${m.insertionAuc.toFixed(3)}</td><td class="num">${m.images}</td></tr>`,
      );
    }
  }
  parts.push('</table><div class="charts">');
  const metricCharts: Array<
    [string, (model: ModelReport, method: string) => number, number, (value: number) => string]
  > = [
    [
      'Average Drop % (lower is better)',
      (model, method) => model.metrics[method]!.averageDrop,
      100,
      (v) => v.toFixed(0),
    ],
    [
      'Increase in Confidence % (higher is better)',
      (model, method) => model.metrics[method]!.increaseInConfidence,
      100,
      (v) => v.toFixed(0),
    ],
    [
      'deletion AUC (lower is better)',
      (model, method) => model.metrics[method]!.deletionAuc,
      1,
      (v) => v.toFixed(2),
    ],
    [
      'insertion AUC (higher is better)',
      (model, method) => model.metrics[method]!.insertionAuc,
      1,
      (v) => v.toFixed(2),
    ],
  ];
  for (const [title, value, max, format] of metricCharts) {
    parts.push(
      `<figure>${groupedBars(
        methods.map(methodName),
        models.map((model) => ({ name: model.name, values: methods.map((method) => value(model, method)) })),
        { max, format, title, height: 200 },
      )}<figcaption>${escapeHtml(title)}</figcaption></figure>`,
    );
  }
  parts.push('</div><div class="charts">');
  for (const model of models) {
    for (const kind of ['deletion', 'insertion'] as const) {
      parts.push(
        lineChart(
          methods.map((method) => ({
            name: methodName(method),
            values: model.metrics[method]![kind === 'deletion' ? 'deletionCurve' : 'insertionCurve'],
          })),
          { title: `${model.name}: ${kind}`, max: 1 },
        ),
      );
    }
  }
  parts.push(
    `</div><p>Curve colours: ${methods.map((method, index) => `<span style="color:${SERIES_COLOURS[index % SERIES_COLOURS.length]}">■ ${methodName(method)}</span>`).join(' ')}.</p>`,
  );
  return parts.join('\n');
}

function agreementSection(report: StudyReport): string {
  const a = report.agreement;
  if (!a) {
    return '<h2 id="agreement">Cross-runtime agreement</h2><p>Not measured in this run.</p>';
  }
  const rows = Object.entries(a.perMethod)
    .map(
      ([method, diff]) =>
        `<tr><td>${methodName(method)}</td><td class="num">${diff.toExponential(2)}</td></tr>`,
    )
    .join('');
  return (
    '<h2 id="agreement">Cross-runtime agreement</h2>' +
    `<p>The same network, <b>${escapeHtml(a.models[0])}</b> on TensorFlow.js and exported to ONNX as <b>${escapeHtml(a.models[1])}</b> ` +
    `on ONNX Runtime, explained on the same ${a.images} images at the same layer (<code>${escapeHtml(a.layers[0])}</code> / <code>${escapeHtml(a.layers[1])}</code>), ` +
    `for each image's predicted class. Largest difference of a map value (maps in [0, 1]): <b>${a.maxAbsDiff.toExponential(2)}</b> ` +
    `(${a.maxAbsDiff <= 1e-4 ? 'within' : '<b>above</b>'} the 1e-4 the study requires); largest difference of a score (logit): ${a.maxScoreDiff.toExponential(2)}.</p>` +
    `<table><tr><th>method</th><th class="num">max |difference|</th></tr>${rows}</table>`
  );
}

function timingsSection(report: StudyReport): string {
  const rows = report.timings.phases
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.model ?? '')}</td><td>${escapeHtml(t.phase)}</td><td class="num">${formatSeconds(t.seconds)}</td>` +
        `<td class="num">${t.items.toLocaleString('en')} ${escapeHtml(t.unit)}</td><td class="num">${t.perSecond == null ? 'cached' : t.perSecond.toFixed(1)}</td>` +
        `<td class="num">${t.cpuSeconds.toFixed(0)}</td><td class="num">${t.cached > 0 ? t.cached.toLocaleString('en') : ''}</td>` +
        `<td>${t.computedEarlier ? `${formatSeconds(t.computedEarlier.seconds)}, ${t.computedEarlier.perSecond?.toFixed(1) ?? '?'} ${escapeHtml(t.unit)}/s, ${t.computedEarlier.cpuSeconds.toFixed(0)} CPU s` : ''}</td></tr>`,
    )
    .join('');
  return (
    '<h2 id="timings">Timings</h2>' +
    `<p>Whole run: ${formatSeconds(report.timings.totalSeconds)}. Items read from the cache (<code>.cache/</code> beside this page) are not recomputed; for a phase read in full from it, the last column gives the run that computed it. Wall time depends on what else the machine runs: CPU seconds say how much work a phase was.</p>` +
    `<table><tr><th>model</th><th>phase</th><th class="num">time</th><th class="num">items</th><th class="num">computed per second</th><th class="num">CPU seconds</th><th class="num">from cache</th><th>when computed (earlier run)</th></tr>${rows}</table>`
  );
}

function tile(item: ShownImage, methods: readonly string[]): string {
  const maps = methods
    .map(
      (method) =>
        `<img loading="lazy" src="${escapeHtml(item.maps[method]!)}" alt="${escapeHtml(methodName(method))}" title="${escapeHtml(methodName(method))}">`,
    )
    .join('');
  const names = ['image', ...methods.map(methodName)]
    .map((name) => `<span>${escapeHtml(name)}</span>`)
    .join('');
  return (
    `<figure class="tile"><div class="row"><img loading="lazy" src="${escapeHtml(item.image)}" alt="${escapeHtml(item.file)}">${maps}</div>` +
    `<div class="row names">${names}</div>` +
    `<figcaption>${escapeHtml(item.file)} — p = ${item.probability.toFixed(3)}</figcaption></figure>`
  );
}

function failureRow(failure: Failure, methods: readonly string[]): string {
  const pairs = methods
    .map(
      (method) =>
        `<div class="pair"><div><img loading="lazy" src="${escapeHtml(failure.maps[method]!.predicted)}" alt="predicted">` +
        `<img loading="lazy" src="${escapeHtml(failure.maps[method]!.true)}" alt="true"></div>` +
        `<span class="label">${escapeHtml(methodName(method))}: <span class="pred">predicted</span> | <span class="true">true</span></span></div>`,
    )
    .join('');
  return (
    `<div class="failure"><figure><img loading="lazy" src="${escapeHtml(failure.image)}" alt="${escapeHtml(failure.file)}">` +
    `<figcaption>${escapeHtml(failure.file)}<br><span class="pred">predicted ${escapeHtml(failure.predictedClass)} ${failure.probabilities.predicted.toFixed(3)}</span><br>` +
    `<span class="true">true ${escapeHtml(failure.trueClass)} ${failure.probabilities.true.toFixed(3)}</span></figcaption></figure>${pairs}</div>`
  );
}

function classSection(report: StudyReport, name: string): string {
  const methods = report.options.methods;
  const parts = [`<h2 id="class-${name}">${escapeHtml(name)}</h2>`];
  const claim = CLAIMS[name];
  if (claim)
    parts.push(
      `<p class="note">The claim to check: ${escapeHtml(claim)}. Below, the images of this class the model is most confident about, with their maps.</p>`,
    );
  for (const model of report.models) {
    parts.push(
      `<h3>${escapeHtml(model.name)}: ${(model.perClass[name]! * 100).toFixed(1)}% of ${escapeHtml(name)} images correct</h3>`,
    );
    const finding = model.findings[name];
    if (finding) parts.push(`<p class="finding"><b>What the maps show.</b> ${escapeHtml(finding)}</p>`);
    else if (claim)
      parts.push(
        '<p class="finding">No findings have been written for these weights yet: look at the maps below.</p>',
      );
    const confident = model.confident[name] ?? [];
    const gallery = model.gallery[name] ?? [];
    if (confident.length === 0) {
      parts.push(`<p>No ${escapeHtml(name)} image was classified correctly.</p>`);
    } else {
      parts.push(
        `<h4>Most confident (${confident.length})</h4>`,
        `<div class="tiles">${confident.map((item) => tile(item, methods)).join('')}</div>`,
        `<h4>Correctly classified, a random sample (${gallery.length})</h4>`,
        `<div class="tiles">${gallery.map((item) => tile(item, methods)).join('')}</div>`,
      );
    }
    const failures = model.failures.filter((failure) => failure.trueClass === name);
    const counts = new Map<string, number>();
    for (const failure of failures)
      counts.set(failure.predictedClass, (counts.get(failure.predictedClass) ?? 0) + 1);
    const mistakenFor = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([other, count]) => `${other} ${count}`)
      .join(', ');
    if (failures.length === 0) {
      parts.push(`<p>No failures: every ${escapeHtml(name)} image was classified correctly.</p>`);
      continue;
    }
    parts.push(
      `<details><summary><b>All ${failures.length} failures</b> (true class ${escapeHtml(name)}; taken for: ${escapeHtml(mistakenFor || 'none')}). ` +
        'Each: the image, then per method the map for the <span class="pred">predicted</span> class beside the map for the <span class="true">true</span> class.</summary>' +
        failures.map((failure) => failureRow(failure, methods)).join('') +
        '</details>',
    );
  }
  return parts.join('\n');
}
