/**
 * The demo page: pick a model (bundled, or your own `.onnx` / tfjs files), an image (samples, file, drop, paste),
 * a method, a layer and a class; see the image, the heat map and the overlay side by side, the top-5 classes and
 * the timings; download the overlay or the raw map; or run Grad-CAM live on the camera. Every model computation
 * runs in a Web Worker (`worker/worker.ts`). Exposes `window.gradcamDemo` for automated tests (see the README).
 *
 * @packageDocumentation
 */
import { type CamMethodName, camMethodNames, camMethods, writeNpy } from '@gradcam/core';
import {
  type ColormapName,
  colorize,
  colormapNames,
  guessPreprocessPreset,
  overlay,
  type PreprocessPresetName,
  type PreprocessSpec,
  preprocessPresets,
  resizeMap,
} from '@gradcam/viz';
import { type BundledModel, bundledModels, findBundledModel } from './bundled-models.js';
import type { DemoRunRequest } from './demo-hook.js';
import { download, drawImage, element } from './dom.js';
import { LiveCamera, type LiveStats } from './live-camera.js';
import { type LoadedImage, loadImage } from './load-image.js';
import { parseClass } from './parse-class.js';
import type { ExplainResult, ModelInfo, ModelSource, TfjsBackendName } from './protocol.js';
import { renderPredictions, renderTimings } from './result-view.js';
import { isAbortError, type Job, WorkerClient } from './worker-client.js';

const form = element<HTMLFormElement>('controls');
const modelSelect = element<HTMLSelectElement>('model-select');
const modelFile = element<HTMLInputElement>('model-file');
const modelInfoText = element<HTMLParagraphElement>('model-info');
const modelNotes = element<HTMLDetailsElement>('model-notes');
const modelNotesList = element<HTMLUListElement>('model-notes-list');
const backendSelect = element<HTMLSelectElement>('backend-select');
const backendField = element<HTMLDivElement>('backend-field');
const preprocessSelect = element<HTMLSelectElement>('preprocess-select');
const samples = element<HTMLDivElement>('samples');
const imageInput = element<HTMLInputElement>('image-input');
const methodSelect = element<HTMLSelectElement>('method-select');
const layerSelect = element<HTMLSelectElement>('layer-select');
const classInput = element<HTMLInputElement>('class-input');
const classNames = element<HTMLDataListElement>('class-names');
const runButton = element<HTMLButtonElement>('run-button');
const cancelButton = element<HTMLButtonElement>('cancel-button');
const progress = element<HTMLProgressElement>('progress');
const colormapSelect = element<HTMLSelectElement>('colormap-select');
const opacityInput = element<HTMLInputElement>('opacity-input');
const opacityValue = element<HTMLOutputElement>('opacity-value');
const status = element<HTMLParagraphElement>('status');
const originalCanvas = element<HTMLCanvasElement>('original-canvas');
const heatCanvas = element<HTMLCanvasElement>('heat-canvas');
const overlayCanvas = element<HTMLCanvasElement>('overlay-canvas');
const downloadPng = element<HTMLButtonElement>('download-png');
const downloadNpy = element<HTMLButtonElement>('download-npy');
const predictionList = element<HTMLOListElement>('predictions');
const timingList = element<HTMLDListElement>('timings');
const liveButton = element<HTMLButtonElement>('live-button');
const liveFps = element<HTMLSpanElement>('live-fps');
const liveView = document.querySelector<HTMLDivElement>('.live-view')!;

const client = new WorkerClient(new URL('./worker.js', import.meta.url));
const params = new URLSearchParams(location.search);

let model: { info: ModelInfo; source: ModelSource; bundled?: BundledModel } | undefined;
let image: LoadedImage | undefined;
let shown: { result: ExplainResult; image: LoadedImage; modelName: string } | undefined;
let running: Job<ExplainResult> | undefined;
let runs = 0;
let loads = 0;

for (const bundled of bundledModels) modelSelect.add(new Option(bundled.name, bundled.id));
modelSelect.add(new Option('your model (from files)', 'files'));
modelSelect.options[modelSelect.length - 1]!.disabled = true;
for (const name of camMethodNames) methodSelect.add(new Option(methodLabel(name), name));
for (const name of colormapNames) colormapSelect.add(new Option(name, name));
backendSelect.value = params.get('backend') ?? 'wasm';

function methodLabel(name: CamMethodName): string {
  if (isSlow(name)) return `${name} (slow: one pass per channel)`;
  if (isManyPass(name)) return `${name} (input space, 50 passes)`;
  return camMethods[name].kind === 'input' ? `${name} (input space)` : name;
}

type State = 'loading' | 'running' | 'done' | 'error';

function setStatus(text: string, state: State): void {
  status.textContent = text;
  status.classList.toggle('error', state === 'error');
  document.body.dataset.state = state;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function setRunning(busy: boolean): void {
  runButton.disabled = busy;
  cancelButton.disabled = !busy;
}

function setLoading(busy: boolean): void {
  modelSelect.disabled = busy;
  modelFile.disabled = busy;
  backendSelect.disabled = busy || model?.info.runtime !== 'tfjs';
  runButton.disabled = busy;
}

// ---- model ----

/** The preprocessing in use: the preset chosen, at the model's fixed input size when it has one. */
function preprocessSpec(): PreprocessSpec {
  const preset = preprocessPresets[preprocessSelect.value as PreprocessPresetName];
  const size = modelSize();
  return model && fixedSize(model.info) ? { ...preset, size } : preset;
}

function fixedSize(info: ModelInfo): boolean {
  const [, a, b, c] = info.inputShape;
  return info.layout === 'nchw' ? b !== null && c !== null : a !== null && b !== null;
}

function modelSize(): { height: number; width: number } {
  if (!model) return { height: 224, width: 224 };
  const [, a, b, c] = model.info.inputShape;
  const [height, width] = model.info.layout === 'nchw' ? [b, c] : [a, b];
  const preset = preprocessPresets[preprocessSelect.value as PreprocessPresetName];
  return { height: height ?? preset?.size?.height ?? 224, width: width ?? preset?.size?.width ?? 224 };
}

function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((size) => size ?? '?').join(', ')}]`;
}

function showModel(info: ModelInfo, bundled: BundledModel | undefined): void {
  const threads =
    info.threads === undefined ? '' : `, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  const runtime = info.tfjsBackend
    ? `TensorFlow.js (${info.tfjsBackend}${threads})`
    : `${info.runtime} (${threads.slice(2) || 'wasm'})`;
  modelInfoText.textContent =
    `${info.name}: ${runtime}, input ${describeShape(info.inputShape)} ${info.layout.toUpperCase()}, ` +
    `${info.numClasses ?? '?'} classes${info.labels ? '' : ' (no names)'}, ${info.layers.length} layers to explain at; ` +
    `loaded in ${Math.round(info.loadMs)} ms.`;
  modelNotes.hidden = info.notes.length === 0;
  modelNotesList.replaceChildren(
    ...info.notes.map((note) => {
      const item = document.createElement('li');
      item.textContent = note;
      return item;
    }),
  );
  layerSelect.replaceChildren(
    ...info.layers.map(
      (layer) =>
        new Option(
          `${layer.name} (${layer.kind} ${describeShape(layer.outputShape)})${layer.name === info.defaultLayer ? ' (automatic)' : ''}`,
          layer.name,
          layer.name === info.defaultLayer,
          layer.name === info.defaultLayer,
        ),
    ),
  );
  const recommended =
    bundled?.preprocess ?? guessPreprocessPreset({ shape: info.inputShape, layout: info.layout });
  preprocessSelect.replaceChildren(
    ...Object.keys(preprocessPresets).map((name) => {
      const note =
        name === recommended ? (bundled ? ' (this model’s)' : ' (guessed from the input shape)') : '';
      return new Option(`${name}${note}`, name, name === recommended, name === recommended);
    }),
  );
  classNames.replaceChildren(...(info.labels ?? []).map((label, index) => new Option(`${index}`, label)));
  classInput.value = '';
  if (info.tfjsBackend) backendSelect.value = info.tfjsBackend;
  // ONNX models run on onnxruntime-web's WebAssembly: there is no backend to pick.
  backendField.hidden = info.runtime !== 'tfjs';
}

/** Samples offered with a user's model: the photos and a few CIFAR-10 images. */
const generalSamples = [
  ...bundledModels[0]!.samples,
  ...bundledModels.find((candidate) => candidate.id === 'cifar10')!.samples.slice(0, 2),
];

function showSamples(bundled: BundledModel | undefined): void {
  samples.replaceChildren(
    ...(bundled?.samples ?? generalSamples).map((sample) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sample';
      button.title = sample.caption;
      button.setAttribute('aria-label', `Sample: ${sample.caption}`);
      const thumbnail = document.createElement('img');
      thumbnail.src = sample.url;
      thumbnail.alt = '';
      button.append(thumbnail);
      button.addEventListener('click', () => void useSample(sample.url, sample.caption));
      return button;
    }),
  );
}

async function loadModel(
  source: ModelSource,
  tfjsBackend = backendSelect.value as TfjsBackendName,
): Promise<ModelInfo> {
  const bundled = source.kind === 'bundled' ? findBundledModel(source.id) : undefined;
  const what =
    bundled?.name ?? (source.kind === 'files' ? source.files.map((file) => file.name).join(', ') : '');
  // A new model replaces whatever the old one was doing.
  running?.cancel();
  setStatus(`Loading ${what}…`, 'loading');
  setLoading(true);
  try {
    const info = await client.loadModel(source, tfjsBackend).promise;
    const changed = model?.source !== source;
    model = { info, source, ...(bundled ? { bundled } : {}) };
    showModel(info, bundled);
    if (changed) showSamples(bundled);
    modelSelect.value = bundled ? bundled.id : 'files';
    setStatus(`Loaded ${info.name}.`, 'done');
    return info;
  } catch (error) {
    setStatus(`Could not load ${what}: ${message(error)}`, 'error');
    if (model) modelSelect.value = model.bundled?.id ?? 'files';
    throw error;
  } finally {
    setLoading(false);
    document.body.dataset.loads = String(++loads);
  }
}

async function useModel(source: ModelSource): Promise<void> {
  const info = await loadModel(source);
  const bundled = source.kind === 'bundled' ? findBundledModel(source.id) : undefined;
  const first = bundled?.samples[0];
  if (first) await useSample(first.url, first.caption, false);
  if (image) await explainFromForm();
  else setStatus(`Loaded ${info.name}: now pick an image.`, 'done');
}

// ---- image ----

async function useImage(blob: Blob, name: string, run = true): Promise<void> {
  try {
    image = await loadImage(blob, name);
  } catch (error) {
    setStatus(message(error), 'error');
    return;
  }
  shown = undefined;
  drawImage(originalCanvas, image.display);
  clearCanvas(heatCanvas, image.display);
  drawImage(overlayCanvas, image.display);
  predictionList.replaceChildren();
  downloadPng.disabled = true;
  downloadNpy.disabled = true;
  classInput.value = '';
  if (run && model) await explainFromForm();
}

async function useSample(url: string, caption: string, run = true): Promise<void> {
  const response = await fetch(url);
  await useImage(await response.blob(), caption, run);
}

function clearCanvas(canvas: HTMLCanvasElement, size: { width: number; height: number }): void {
  canvas.width = size.width;
  canvas.height = size.height;
  canvas.getContext('2d')!.clearRect(0, 0, size.width, size.height);
}

// ---- explaining ----

interface ExplainSettings {
  readonly method: CamMethodName;
  readonly classIndex?: number;
  readonly layer?: string;
  readonly input?: DemoRunRequest['input'];
}

async function explainNow(
  settings: ExplainSettings,
): Promise<{ result: ExplainResult; roundTripMs: number; drawMs: number }> {
  if (!model) throw new Error('No model is loaded yet.');
  if (!image && !settings.input) throw new Error('Pick an image first.');
  running?.cancel();
  const current = image;
  const modelName = model.info.name;
  setStatus(`Running ${settings.method} on ${modelName}…`, 'running');
  setRunning(true);
  progress.hidden = true;
  progress.value = 0;
  const started = performance.now();
  const job = client.explain(
    {
      method: settings.method,
      ...(settings.classIndex === undefined ? {} : { classIndex: settings.classIndex }),
      ...(settings.layer ? { layer: settings.layer } : {}),
      ...(settings.input
        ? { input: { data: Float32Array.from(settings.input.data), shape: settings.input.shape } }
        : {
            image: {
              data: new Uint8ClampedArray(current!.source.data),
              width: current!.source.width,
              height: current!.source.height,
            },
            preprocess: preprocessSpec(),
          }),
    },
    (done, total) => {
      progress.hidden = false;
      progress.max = total;
      progress.value = done;
      setStatus(`Running ${settings.method} on ${modelName}: pass ${done} of ${total}…`, 'running');
    },
  );
  running = job;
  try {
    const result = await job.promise;
    const roundTripMs = performance.now() - started;
    const drawStarted = performance.now();
    if (settings.input) {
      // A tensor given by the caller is not the image on the page: show its map alone.
      shown = undefined;
      const map = { data: result.map, height: result.height, width: result.width };
      drawImage(heatCanvas, colorize(map, { colormap: colormapSelect.value as ColormapName }));
      for (const canvas of [originalCanvas, overlayCanvas]) clearCanvas(canvas, map);
      downloadPng.disabled = true;
      downloadNpy.disabled = true;
    } else if (current) {
      shown = { result, image: current, modelName };
      render();
    }
    const drawMs = performance.now() - drawStarted;
    showPredictions(result);
    showTimings(result, roundTripMs, drawMs);
    document.body.dataset.runs = String(++runs);
    document.body.dataset.runModel = modelName;
    const label = result.predictions.find((prediction) => prediction.classIndex === result.classIndex)?.label;
    setStatus(
      `${result.method} for ${label ? `"${label}" (class ${result.classIndex})` : `class ${result.classIndex}`}` +
        `${result.layer ? ` at ${result.layer}` : ' (input space)'}` +
        `${settings.input ? ', on the input tensor given (not the image shown)' : ''}.` +
        (result.warnings.length > 0 ? ` ${result.warnings.join(' ')}` : ''),
      'done',
    );
    return { result, roundTripMs, drawMs };
  } catch (error) {
    // A run replaced by a newer one says nothing: the newer one owns the status line.
    if (running === job)
      setStatus(isAbortError(error) ? 'Cancelled.' : `Could not explain: ${message(error)}`, 'error');
    throw error;
  } finally {
    if (running === job) {
      running = undefined;
      setRunning(false);
      progress.hidden = true;
    }
  }
}

function formSettings(): ExplainSettings {
  const classIndex = parseClass(classInput.value, model?.info.labels, model?.info.numClasses);
  return {
    method: methodSelect.value as CamMethodName,
    ...(classIndex === undefined ? {} : { classIndex }),
    ...(layerSelect.value && layerSelect.value !== model?.info.defaultLayer
      ? { layer: layerSelect.value }
      : {}),
  };
}

/** True for the methods that run one pass per channel (minutes on a large model). */
function isSlow(method: string): boolean {
  return method === 'scorecam' || method === 'ablationcam' || method === 'shapleycam';
}

/** True for the input-space methods that run about fifty gradient passes (SmoothGrad, Integrated Gradients). */
function isManyPass(method: string): boolean {
  return method === 'smoothgrad' || method === 'integrated-gradients';
}

/**
 * Explains with the form's settings. `automatic` runs (after a change of model, image, layer or preprocessing)
 * do not start the slow methods by themselves: they say how to start them.
 */
async function explainFromForm(automatic = true): Promise<void> {
  if (automatic && (isSlow(methodSelect.value) || isManyPass(methodSelect.value))) {
    setStatus(
      `${methodSelect.value} runs ${isSlow(methodSelect.value) ? 'one pass per channel' : 'about fifty passes'}: ` +
        'press Explain to start it (you can cancel).',
      'done',
    );
    return;
  }
  let settings: ExplainSettings;
  try {
    settings = formSettings();
  } catch (error) {
    setStatus(message(error), 'error');
    return;
  }
  await explainNow(settings).catch(() => undefined);
}

function render(): void {
  if (!shown) return;
  const { result, image: shownImage } = shown;
  const colormap = colormapSelect.value as ColormapName;
  const alpha = Number(opacityInput.value);
  const map = { data: result.map, height: result.height, width: result.width };
  const { width, height } = shownImage.display;
  drawImage(originalCanvas, shownImage.display);
  drawImage(heatCanvas, colorize(resizeMap(map, { height, width }), { colormap }));
  drawImage(overlayCanvas, overlay(shownImage.display, map, { colormap, alpha }));
  overlayCanvas.setAttribute('aria-label', `${result.method} heat map over the image`);
  downloadPng.disabled = false;
  downloadNpy.disabled = false;
}

function showPredictions(result: ExplainResult): void {
  renderPredictions(predictionList, result, (classIndex) => {
    classInput.value = String(classIndex);
    void explainFromForm(false);
  });
}

function showTimings(result: ExplainResult, roundTripMs: number, drawMs: number): void {
  renderTimings(timingList, [
    ['preprocess (in the worker)', result.timings.preprocessMs],
    ['forward + gradient', result.timings.backendMs],
    ['CAM math (incl. extra passes)', result.timings.camMs],
    ['explain total', result.timings.explainMs],
    ['page → worker → page', roundTripMs],
    ['colour + draw', drawMs],
  ]);
}

function fileStem(): string {
  const parts = [shown?.modelName, shown?.result.method, `class-${shown?.result.classIndex}`];
  return parts.join('-').replace(/[^\w.+-]+/g, '_');
}

// ---- live camera ----

const live = new LiveCamera(
  element<HTMLVideoElement>('live-video'),
  element<HTMLCanvasElement>('live-canvas'),
  client,
  () => ({
    size: modelSize(),
    preprocess: preprocessSpec(),
    ...(layerSelect.value ? { layer: layerSelect.value } : {}),
    colormap: colormapSelect.value as ColormapName,
    opacity: Number(opacityInput.value),
  }),
  (stats) => {
    liveFps.textContent = `${stats.fps.toFixed(1)} frames/s (${stats.frames} frames, explain ${Math.round(stats.explainMs)} ms each)`;
    if (live.error) {
      liveFps.textContent = `Stopped: ${message(live.error)}`;
      liveStopped();
    }
  },
);

function liveStopped(): void {
  liveButton.textContent = 'Start camera';
  liveView.hidden = true;
  runButton.disabled = false;
}

async function startLive(): Promise<void> {
  if (!model) throw new Error('Load a model first.');
  running?.cancel();
  liveView.hidden = false;
  liveButton.textContent = 'Stop camera';
  runButton.disabled = true;
  liveFps.textContent = 'Starting the camera…';
  try {
    await live.start();
  } catch (error) {
    liveStopped();
    liveFps.textContent = message(error);
    throw error;
  }
}

function stopLive(): LiveStats {
  const stats = live.stop();
  liveStopped();
  liveFps.textContent = `Stopped: ${stats.fps.toFixed(1)} frames/s over ${stats.frames} frames.`;
  return stats;
}

// ---- events ----

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void explainFromForm(false);
});
cancelButton.addEventListener('click', () => running?.cancel());
modelSelect.addEventListener('change', () => {
  if (modelSelect.value !== 'files')
    void useModel({ kind: 'bundled', id: modelSelect.value }).catch(() => undefined);
});
modelFile.addEventListener('change', () => {
  const files = Array.from(modelFile.files ?? []);
  modelFile.value = '';
  if (files.length > 0) void useModel({ kind: 'files', files }).catch(() => undefined);
});
backendSelect.addEventListener('change', () => {
  if (model)
    void loadModel(model.source).then(
      () => explainFromForm(),
      () => undefined,
    );
});
preprocessSelect.addEventListener('change', () => void explainFromForm());
layerSelect.addEventListener('change', () => void explainFromForm());
methodSelect.addEventListener('change', () => void explainFromForm());
colormapSelect.addEventListener('change', render);
opacityInput.addEventListener('input', () => {
  opacityValue.value = Number(opacityInput.value).toFixed(2);
  render();
});
imageInput.addEventListener('change', () => {
  const file = imageInput.files?.[0];
  if (file) void useImage(file, file.name);
});
downloadPng.addEventListener('click', () => {
  overlayCanvas.toBlob((blob) => blob && download(blob, `${fileStem()}.png`), 'image/png');
});
downloadNpy.addEventListener('click', () => {
  if (!shown) return;
  const { map, height, width, attributions } = shown.result;
  // Input-space methods: the raw [channels, height, width] attributions; layer methods: the map.
  const npy = attributions ? writeNpy(attributions.data, attributions.shape) : writeNpy(map, [height, width]);
  download(new Blob([npy as BlobPart], { type: 'application/octet-stream' }), `${fileStem()}.npy`);
});
liveButton.addEventListener('click', () => {
  if (live.running) stopLive();
  else void startLive().catch(() => undefined);
});

function isModelFile(file: File): boolean {
  return /\.(onnx|json|bin)$/i.test(file.name);
}

async function useDropped(files: File[]): Promise<void> {
  if (files.some(isModelFile)) {
    await useModel({ kind: 'files', files }).catch(() => undefined);
    return;
  }
  const picture = files.find((file) => file.type.startsWith('image/')) ?? files[0];
  if (picture) await useImage(picture, picture.name);
}

document.addEventListener('dragover', (event) => {
  event.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  void useDropped(Array.from(event.dataTransfer?.files ?? []));
});
document.addEventListener('paste', (event) => {
  const file = Array.from(event.clipboardData?.files ?? []).find((candidate) =>
    candidate.type.startsWith('image/'),
  );
  if (file) {
    event.preventDefault();
    void useImage(file, file.name || 'pasted image');
  }
});

// ---- start and the test hook ----

async function start(): Promise<void> {
  const first = findBundledModel(params.get('model') ?? '') ?? bundledModels[0]!;
  await loadModel({ kind: 'bundled', id: first.id });
  await useSample(first.samples[0]!.url, first.samples[0]!.caption, false);
  setStatus(`Ready: ${first.name} with the sample "${first.samples[0]!.caption}".`, 'done');
}

const ready = start();
ready.catch((error: unknown) => setStatus(`Cannot start: ${message(error)}`, 'error'));

window.gradcamDemo = {
  ready,
  async loadModel(files) {
    const info = await loadModel({ kind: 'files', files });
    return {
      name: info.name,
      runtime: info.runtime,
      inputShape: info.inputShape,
      layers: info.layers.map((layer) => layer.name),
    };
  },
  async run(request = {}) {
    if (!model) throw new Error('No model is loaded yet.');
    if (request.backend && model.info.runtime === 'tfjs' && request.backend !== model.info.tfjsBackend) {
      await loadModel(model.source, request.backend);
    }
    const method = request.method ?? (methodSelect.value as CamMethodName);
    methodSelect.value = method;
    const { result, roundTripMs, drawMs } = await explainNow({
      method,
      ...(request.classIndex == null ? {} : { classIndex: request.classIndex }),
      ...(request.layer ? { layer: request.layer } : {}),
      ...(request.input ? { input: request.input } : {}),
    });
    const label = result.predictions.find((prediction) => prediction.classIndex === result.classIndex)?.label;
    return {
      map: Array.from(result.map),
      height: result.height,
      width: result.width,
      classIndex: result.classIndex,
      ...(label ? { label } : {}),
      method: result.method,
      ...(result.layer === undefined ? {} : { layer: result.layer }),
      backend: model.info.tfjsBackend ?? model.info.runtime,
      predictions: result.predictions.map((prediction) => ({ ...prediction })),
      timings: { ...result.timings, roundTripMs, drawMs },
    };
  },
  cancel() {
    running?.cancel();
  },
  async live({ seconds }) {
    await startLive();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    if (live.error) throw live.error;
    return stopLive();
  },
};

// `?autorun=0` (the tests) skips the first explanation.
if (params.get('autorun') !== '0') ready.then(() => explainFromForm()).catch(() => undefined);
