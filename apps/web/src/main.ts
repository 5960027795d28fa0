/**
 * The demo page: pick an image, a tfjs backend, a CAM method and a class; see the heat map, the top-5
 * predictions and the timings. Exposes `window.gradcamDemo` for the browser test.
 *
 * @packageDocumentation
 */
import { type CamMethodName, camMethodNames } from '@gradcam/core';
import { overlay, type RgbaImage } from '@gradcam/viz';
import { Engine, type RunRequest, type RunResult, type TfjsBackendName } from './engine.js';
import type { Prediction } from './top-k.js';

/** The model's input size. */
const modelSize = 224;
/** The longest side of the displayed overlay. */
const maxDisplaySide = 640;

/** A run's result as plain JSON values, what the test hook returns. */
export interface PlainRunResult extends Omit<RunResult, 'map'> {
  /** The map as a plain array, row by row. */
  readonly map: number[];
  /** Time to colour the map and draw it, in milliseconds. */
  readonly drawMs: number;
}

/** The test hook on `window.gradcamDemo`. */
export interface GradcamDemoHook {
  /** Resolves once the labels and the sample image are loaded. */
  readonly ready: Promise<void>;
  /** Explains the current image with these settings (also shown on the page). */
  run(request: RunRequest): Promise<PlainRunResult>;
}

declare global {
  interface Window {
    gradcamDemo: GradcamDemoHook;
  }
}

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page.`);
  return found as T;
};

const form = element<HTMLFormElement>('controls');
const dropZone = element<HTMLDivElement>('drop-zone');
const imageInput = element<HTMLInputElement>('image-input');
const backendSelect = element<HTMLSelectElement>('backend-select');
const methodSelect = element<HTMLSelectElement>('method-select');
const classSelect = element<HTMLSelectElement>('class-select');
const runButton = element<HTMLButtonElement>('run-button');
const canvas = element<HTMLCanvasElement>('overlay-canvas');
const status = element<HTMLParagraphElement>('status');
const predictionList = element<HTMLOListElement>('predictions');
const timingList = element<HTMLDListElement>('timings');

for (const name of camMethodNames)
  methodSelect.add(new Option(name, name, name === 'gradcam', name === 'gradcam'));

let engine: Engine | undefined;
/** The image shown (at most {@link maxDisplaySide}) and the same image at the model's size. */
let current: { display: ImageData; model: ImageData } | undefined;
let runs = 0;

function setStatus(text: string, state: 'loading' | 'running' | 'done' | 'error'): void {
  status.textContent = text;
  status.classList.toggle('error', state === 'error');
  document.body.dataset.state = state;
}

async function imageData(blob: Blob, width: number, height: number): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob, {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
  const scratch = document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  const context = scratch.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, width, height);
}

async function loadImage(blob: Blob): Promise<void> {
  const probe = await createImageBitmap(blob);
  const scale = Math.min(1, maxDisplaySide / Math.max(probe.width, probe.height));
  const display = await imageData(
    blob,
    Math.max(1, Math.round(probe.width * scale)),
    Math.max(1, Math.round(probe.height * scale)),
  );
  probe.close();
  // The model sees the whole image stretched to 224×224 (no crop), so the map stretches back over it.
  const model = await imageData(blob, modelSize, modelSize);
  current = { display, model };
  classSelect.length = 1;
  predictionList.replaceChildren();
  draw(display);
}

function draw(image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width), 0, 0);
}

function showPredictions(result: RunResult): void {
  const selected = classSelect.value;
  classSelect.length = 1;
  predictionList.replaceChildren(
    ...result.top5.map((prediction: Prediction) => {
      classSelect.add(new Option(`${prediction.label} (#${prediction.index})`, String(prediction.index)));
      const item = document.createElement('li');
      item.classList.toggle('explained', prediction.index === result.classIndex);
      item.textContent = `${prediction.label}: ${(100 * prediction.probability).toFixed(1)}%`;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Explain';
      button.setAttribute('aria-label', `Explain ${prediction.label}`);
      button.addEventListener('click', () => {
        classSelect.value = String(prediction.index);
        form.requestSubmit();
      });
      item.append(button);
      return item;
    }),
  );
  classSelect.value = Array.from(classSelect.options).some((option) => option.value === selected)
    ? selected
    : '';
}

function showTimings(result: RunResult, drawMs: number): void {
  const rows: [string, number][] = [
    ['backend setup (incl. model load)', result.timings.setupMs],
    ['forward + gradient', result.timings.backendMs],
    ['CAM math', result.timings.camMs],
    ['explain total', result.timings.explainMs],
    ['overlay + draw', drawMs],
  ];
  timingList.replaceChildren(
    ...rows.flatMap(([name, ms]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const value = document.createElement('dd');
      value.textContent = `${ms.toFixed(1)} ms`;
      return [term, value];
    }),
  );
}

async function run(request: RunRequest): Promise<PlainRunResult> {
  if (!engine || !current) throw new Error('The page is not ready yet.');
  runButton.disabled = true;
  setStatus(`Running ${request.method} on ${request.backend}…`, 'running');
  try {
    const result = await engine.run(current.model, request);
    const drawStart = performance.now();
    draw(overlay(current.display, { data: result.map, width: result.width, height: result.height }));
    canvas.setAttribute('aria-label', `${result.method} heat map for "${result.label}" over the image`);
    const drawMs = performance.now() - drawStart;
    showPredictions(result);
    showTimings(result, drawMs);
    document.body.dataset.runs = String(++runs);
    setStatus(
      `${result.method} for "${result.label}" (class ${result.classIndex}) on ${result.backend}.`,
      'done',
    );
    return { ...result, map: Array.from(result.map), drawMs };
  } catch (error) {
    setStatus(error instanceof Error ? error.message : String(error), 'error');
    throw error;
  } finally {
    runButton.disabled = false;
  }
}

function formRequest(): RunRequest {
  return {
    backend: backendSelect.value as TfjsBackendName,
    method: methodSelect.value as CamMethodName,
    classIndex: classSelect.value === '' ? null : Number(classSelect.value),
  };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  run(formRequest()).catch(() => undefined);
});

async function useFile(file: File | undefined): Promise<void> {
  if (!file) return;
  try {
    await loadImage(file);
    classSelect.value = '';
    await run(formRequest());
  } catch (error) {
    setStatus(`Cannot use this image: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

imageInput.addEventListener('change', () => void useFile(imageInput.files?.[0]));
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  void useFile(event.dataTransfer?.files[0]);
});

async function start(): Promise<void> {
  const [labelsText, sample] = await Promise.all([
    fetch('./models/darknet-tiny/labels.txt').then((response) => response.text()),
    fetch('./images/both.png').then((response) => response.blob()),
  ]);
  engine = new Engine(
    labelsText
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  );
  await loadImage(sample);
  setStatus('Ready: the sample photo (a bulldog above a tabby cat) is loaded.', 'done');
}

const ready = start();
ready.catch((error: unknown) => setStatus(`Cannot start: ${String(error)}`, 'error'));
window.gradcamDemo = { ready, run };
// `?autorun=0` (the tests) skips the first explanation.
if (new URLSearchParams(location.search).get('autorun') !== '0') {
  ready.then(() => run(formRequest())).catch(() => undefined);
}
