import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Backend,
  type CamMethodName,
  camMethodNames,
  classTarget,
  explain,
  type HeatMap,
  type SpatialTensor,
} from '@gradcam/core';
import { images, labels, models } from '@gradcam/fixtures';
import { createOnnxBackend } from '@gradcam/onnx';
import { createTfjsBackend } from '@gradcam/tfjs';
import { loadTfjsModel } from '@gradcam/tfjs/node';
import { imageToInput, type PreprocessSpec, preprocessPresets } from '@gradcam/viz';
import { decodeImage } from '@gradcam/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as ortNode from 'onnxruntime-node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRunRequest, DemoRunResult } from '../src/demo-hook.js';
import { sineModel, twoInputModel } from './error-models.js';
import { type StaticServer, startStaticServer } from './static-server.js';

const chromiumPath = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const screenshots = join(here, '__screenshots__');
const results = join(here, '..', 'bench', 'results', 'browser.json');
const cifarModel = join(here, '../../cifar10/model/model.json');
const cifarImage = (name: string) =>
  join(here, `../../cifar10/src/__fixtures__/tiny-cifar/test/${name}/0002.jpg`);

/**
 * Headless Chromium with WebGL 2 on SwiftShader (ANGLE over SwiftShader's Vulkan), no GPU needed, and a fake
 * camera that needs no permission prompt. Without `--enable-unsafe-swiftshader` recent Chromium refuses the
 * software fallback and WebGL is unavailable.
 */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}
/** Around the bulldog in both.png (224×224): x 75–168, y 10–140. */
const dogBox: Box = { x0: 75, y0: 10, x1: 168, y1: 140 };
/** Around the cat lying across the bottom of both.png. */
const catBox: Box = { x0: 30, y0: 130, x1: 215, y1: 224 };
/** Around the deer in the CIFAR-10 sample (32×32): the animal, head to legs. */
const deerBox: Box = { x0: 5, y0: 4, x1: 25, y1: 24 };

/** Share of the map's mass inside `box` (a uniform map gives the box's share of the area). */
function massShare(map: ArrayLike<number>, width: number, box: Box): number {
  let inside = 0;
  let total = 0;
  for (let index = 0; index < map.length; index++) {
    const value = map[index]!;
    const x = index % width;
    const y = Math.floor(index / width);
    total += value;
    if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) inside += value;
  }
  return total > 0 ? inside / total : 0;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let index = 0; index < a.length; index++) max = Math.max(max, Math.abs(a[index]! - b[index]!));
  return max;
}

/** Largest |page map − Node map| allowed on the [0, 1] maps (measured: see the README). */
const mapTolerance = 1e-4;

const darknetLabels = readFileSync(labels.imagenetDarknetOrder, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);
const bullMastiff = darknetLabels.indexOf('bull mastiff');
/** SqueezeNet's (torchvision order) bull mastiff. */
const squeezenetBullMastiff = 243;

/** An input as the page's hook takes it. */
const plain = (input: SpatialTensor) => ({ data: Array.from(input.data), shape: [...input.shape] });

async function nodeMap(backend: Backend, input: SpatialTensor, classIndex?: number): Promise<HeatMap> {
  const result = await explain({
    backend,
    input,
    ...(classIndex === undefined ? {} : { target: classTarget(classIndex) }),
  });
  return result.samples[0]!.map;
}

async function nodeTfjsMap(
  modelPath: string,
  input: (backend: Backend) => SpatialTensor,
  classIndex?: number,
) {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await loadTfjsModel(modelPath);
  const backend = await createTfjsBackend(model, { tf });
  try {
    const tensor = input(backend);
    return { tensor, map: await nodeMap(backend, tensor, classIndex) };
  } finally {
    await backend.dispose?.(); // disposes the model too
  }
}

async function nodeOnnxMap(
  bytes: Uint8Array,
  input: (backend: Backend) => SpatialTensor,
  classIndex?: number,
) {
  const backend = await createOnnxBackend({ ort: ortNode, model: bytes });
  try {
    const tensor = input(backend);
    return { tensor, map: await nodeMap(backend, tensor, classIndex) };
  } finally {
    await backend.dispose();
  }
}

const photo = (path: string) => decodeImage(readFileSync(path));

describe.skipIf(!existsSync(chromiumPath))(
  `the demo page in Chromium (needs ${chromiumPath}; Chromium not installed (apt-get install chromium) skips)`,
  () => {
    let server: StaticServer;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const measured: Record<string, unknown> = {};

    const run = (request: DemoRunRequest) =>
      page.evaluate((r) => window.gradcamDemo.run(r), request) as Promise<DemoRunResult>;
    const status = () => page.locator('#status').textContent();
    const shoot = async (name: string) => {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    };
    /** Waits for a run that ends after `before` runs (of the model named `model`, when given). */
    const waitForRun = async (before: number, model?: string) =>
      page.waitForFunction(
        ([runs, name]) =>
          document.body.dataset.state === 'done' &&
          Number(document.body.dataset.runs) > (runs as number) &&
          (name === undefined || document.body.dataset.runModel === name),
        [before, model] as const,
        { timeout: 60_000 },
      );
    const runs = async () => Number(await page.locator('body').getAttribute('data-runs'));
    const loads = async () => Number(await page.locator('body').getAttribute('data-loads'));
    /** Waits until a model load that started after `before` loads has ended (loaded or failed). */
    const waitForLoad = async (before: number) =>
      page.waitForFunction((count) => Number(document.body.dataset.loads) > count, before, {
        timeout: 60_000,
      });

    /** Runs each method on the loaded model; returns the methods whose map is not a finite [0, 1] map with a peak of 1. */
    const runEach = async (methods: readonly string[]) => {
      const broken: string[] = [];
      for (const method of methods) {
        const result = await run({ method: method as CamMethodName });
        const finite = result.map.every((value) => Number.isFinite(value) && value >= 0 && value <= 1);
        if (result.method !== method || !finite || Math.max(...result.map) < 0.99) broken.push(method);
      }
      await page.getByLabel('Method').selectOption('gradcam');
      return broken;
    };

    beforeAll(async () => {
      if (!existsSync(join(dist, 'main.js')))
        throw new Error(`Build the demo first: ${dist} has no main.js.`);
      server = await startStaticServer(dist);
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(`${server.url}?autorun=0`);
      await page.evaluate(() => window.gradcamDemo.ready);
      measured.crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
    });

    afterAll(async () => {
      console.info('browser demo measurements', JSON.stringify(measured, null, 1));
      mkdirSync(dirname(results), { recursive: true });
      writeFileSync(
        results,
        `${JSON.stringify({ date: new Date().toISOString(), chromium: browser?.version(), ...measured }, null, 1)}\n`,
      );
      await browser?.close();
      await server?.close();
    });

    it('is cross-origin isolated and has WebGL 2 (SwiftShader) in headless Chromium', async () => {
      const renderer = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        if (!gl) return null;
        const info = gl.getExtension('WEBGL_debug_renderer_info');
        return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      });
      measured.renderer = renderer;
      expect(renderer).not.toBeNull();
      expect(measured.crossOriginIsolated).toBe(true);
    });

    for (const backend of ['webgl', 'wasm'] as const) {
      it(`darknet-tiny on ${backend}: the top-1 class and the "bull mastiff" Grad-CAM map equal Node's tfjs cpu, on the dog`, async () => {
        const reference = await nodeTfjsMap(
          models.darknetTiny,
          (nodeBackend) => imageToInput(photo(images.both), nodeBackend.input, preprocessPresets.unit),
          bullMastiff,
        );
        const top = await run({ backend, method: 'gradcam' });
        expect(top.backend).toBe(backend);
        expect(top.classIndex).toBe(bullMastiff);
        const dog = await run({ backend, method: 'gradcam', classIndex: bullMastiff });
        expect(dog.label).toBe('bull mastiff');
        expect([dog.height, dog.width]).toEqual([reference.map.height, reference.map.width]);
        const difference = maxAbsDifference(dog.map, reference.map.data);
        const share = massShare(dog.map, dog.width, dogBox);
        measured[`darknet-${backend}`] = {
          maxMapDifferenceVsNodeCpu: difference,
          dogBoxShare: share,
          timingsFirstRun: top.timings,
          timingsSecondRun: dog.timings,
        };
        expect(difference).toBeLessThan(mapTolerance);
        expect(share).toBeGreaterThan(0.5);
      });
    }

    it('takes images dropped on the page and pasted, explains a clicked prediction, downloads PNG and .npy', async () => {
      const dispatch = (kind: 'drop' | 'paste') =>
        page.evaluate(async (event) => {
          const blob = await (await fetch('./images/chelsea.png')).blob();
          const transfer = new DataTransfer();
          transfer.items.add(new File([blob], `${event}.png`, { type: 'image/png' }));
          if (event === 'paste') {
            document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
            return;
          }
          const zone = document.getElementById('drop-zone')!;
          zone.dispatchEvent(
            new DragEvent('dragover', { dataTransfer: transfer, cancelable: true, bubbles: true }),
          );
          zone.dispatchEvent(
            new DragEvent('drop', { dataTransfer: transfer, cancelable: true, bubbles: true }),
          );
        }, kind);
      for (const kind of ['drop', 'paste'] as const) {
        const before = await runs();
        await dispatch(kind);
        await waitForRun(before);
        const predictions = await page.locator('#predictions li').allTextContents();
        expect(predictions.slice(0, 3).some((text) => /tabby|tiger cat|Egyptian cat/.test(text))).toBe(true);
        const size = await page
          .locator('#original-canvas')
          .evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height]);
        expect(size).toEqual([451, 300]);
      }
      const before = await runs();
      await page.locator('#predictions li').nth(1).getByRole('button').click();
      await waitForRun(before);
      const second = await page.locator('#predictions li').nth(1).getByRole('button').getAttribute('class');
      expect(second).toContain('explained');
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download PNG' }).click(),
      ]);
      expect(png.suggestedFilename()).toMatch(/^darknet-tiny.*-gradcam-class-\d+\.png$/);
      const [npy] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download map (.npy)' }).click(),
      ]);
      const bytes = readFileSync((await npy.path())!);
      expect(bytes.subarray(1, 6).toString('latin1')).toBe('NUMPY');
      expect(bytes.toString('latin1')).toContain("'shape': (224, 224)");
      await shoot('chelsea-second-class');
      expect(pageErrors).toEqual([]);
    });

    it('keeps painting during Score-CAM, shows progress, and cancel() stops it within a second', async () => {
      const outcome = await page.evaluate(async () => {
        let frames = 0;
        let counting = true;
        const count = () => {
          frames++;
          if (counting) requestAnimationFrame(count);
        };
        requestAnimationFrame(count);
        const settled = window.gradcamDemo.run({ method: 'scorecam', backend: 'wasm' });
        const outcome = settled.then(
          () => 'resolved',
          (error: Error) => `${error.name}: ${error.message}`,
        );
        const started = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 4000));
        const progress = document.getElementById('progress') as HTMLProgressElement;
        const snapshot = {
          framesDuring: frames,
          seconds: (performance.now() - started) / 1000,
          done: progress.value,
          total: progress.max,
          progressShown: !progress.hidden,
          status: document.getElementById('status')!.textContent,
          cancelEnabled: !(document.getElementById('cancel-button') as HTMLButtonElement).disabled,
        };
        const cancelled = performance.now();
        window.gradcamDemo.cancel();
        const result = await outcome;
        const cancelMs = performance.now() - cancelled;
        counting = false;
        return { ...snapshot, result, cancelMs };
      });
      measured.scoreCamDarknetWasm = {
        animationFramesPerSecond: outcome.framesDuring / outcome.seconds,
        passesIn4Seconds: outcome.done,
        passes: outcome.total,
        estimatedFullRunSeconds: (outcome.total / Math.max(1, outcome.done)) * outcome.seconds,
        cancelMs: outcome.cancelMs,
      };
      expect(outcome.result).toBe('AbortError: Cancelled.');
      expect(outcome.cancelMs).toBeLessThan(1000);
      expect(outcome.framesDuring).toBeGreaterThan(10);
      expect(outcome.progressShown).toBe(true);
      expect(outcome.cancelEnabled).toBe(true);
      expect(outcome.status).toMatch(/Running scorecam on .*: pass \d+ of 1000/);
      expect(await status()).toBe('Cancelled.');
      await shoot('score-cam-cancelled');
      await page.getByLabel('Method').selectOption('gradcam');
    });

    it('CIFAR-10 (bundled tfjs model): picked from the menu, explains the deer on the deer and matches Node; full Score-CAM', async () => {
      const before = await runs();
      await page.getByLabel('Bundled model').selectOption('cifar10');
      await waitForRun(before, 'CIFAR-10 CNN (this project, TensorFlow.js)');
      const deer = await run({ method: 'gradcam' });
      expect(deer.predictions[0]!.label).toBe('deer');
      const share = massShare(deer.map, deer.width, deerBox);
      await shoot('cifar10-deer');
      const reference = await nodeTfjsMap(cifarModel, (backend) =>
        imageToInput(photo(cifarImage('ship')), backend.input, preprocessPresets.unit),
      );
      const ship = await run({ method: 'gradcam', input: plain(reference.tensor) });
      const difference = maxAbsDifference(ship.map, reference.map.data);
      const before2 = await runs();
      await page.getByRole('button', { name: 'Sample: ship (CIFAR-10 test set)' }).click();
      await waitForRun(before2);
      const predictions = await page.locator('#predictions li').allTextContents();
      await shoot('cifar10-ship');
      const started = Date.now();
      const score = await run({ method: 'scorecam' });
      await page.getByLabel('Method').selectOption('gradcam');
      measured.cifar10 = {
        deerTop1: deer.predictions[0],
        deerBoxShare: share,
        deerBoxArea: ((deerBox.x1 - deerBox.x0) * (deerBox.y1 - deerBox.y0)) / 1024,
        shipPredictions: predictions,
        maxMapDifferenceVsNodeCpu: difference,
        scoreCamSeconds: (Date.now() - started) / 1000,
        scoreCamTimings: score.timings,
      };
      expect(difference).toBeLessThan(mapTolerance);
      // More than half the map in a box of 39% of the image.
      expect(share).toBeGreaterThan(0.5);
      expect(predictions[0]).toMatch(/^ship/);
      expect(score.method).toBe('scorecam');
      expect(await runEach(camMethodNames)).toEqual([]);
    });

    it('SqueezeNet fp16 (bundled ONNX on onnxruntime-web): the dog map is on the dog and matches onnxruntime-node', async () => {
      const before = await runs();
      await page.getByLabel('Bundled model').selectOption('squeezenet');
      await waitForRun(before, 'SqueezeNet 1.0 fp16 (ImageNet, ONNX)');
      expect(await page.locator('#model-info').textContent()).toMatch(
        /onnxruntime-web \(\d+ threads?\), input \[1, 3, 224, 224\]/,
      );
      const dog = await run({ method: 'gradcam', classIndex: squeezenetBullMastiff });
      expect(dog.backend).toBe('onnxruntime-web');
      const shares = {
        dog: massShare(dog.map, dog.width, dogBox),
        cat: massShare(dog.map, dog.width, catBox),
      };
      await shoot('squeezenet-dog');
      const spec: PreprocessSpec = preprocessPresets['imagenet-bgr-caffe'];
      const reference = await nodeOnnxMap(
        readFileSync(models.squeezenetFp16),
        (backend) => imageToInput(photo(images.both), backend.input, spec),
        squeezenetBullMastiff,
      );
      const same = await run({
        method: 'gradcam',
        classIndex: squeezenetBullMastiff,
        input: plain(reference.tensor),
      });
      const difference = maxAbsDifference(same.map, reference.map.data);
      measured.squeezenet = { shares, maxMapDifferenceVsOnnxruntimeNode: difference, timings: dog.timings };
      expect(shares.dog).toBeGreaterThan(shares.cat);
      expect(difference).toBeLessThan(mapTolerance);
      // Every method but Score-CAM and ShapleyCAM (1000 passes at 224×224, 4000 head passes: minutes here) and the
      // input-space methods that run one pass per noisy copy, path step or biased layer (tens of passes; they run on
      // the CIFAR-10 model above, and on onnxruntime-web in @gradcam/onnx's method tests).
      const manyPass = new Set(['scorecam', 'shapleycam', 'smoothgrad', 'integrated-gradients', 'fullgrad']);
      expect(await runEach(camMethodNames.filter((name) => !manyPass.has(name)))).toEqual([]);
    });

    it("loads the user's ONNX model through #model-file (CIFAR-10 ONNX) and matches onnxruntime-node", async () => {
      const [beforeLoads, before] = [await loads(), await runs()];
      await page.locator('#model-file').setInputFiles(models.cifar10);
      await waitForLoad(beforeLoads);
      expect(await page.locator('#model-info').textContent()).toContain('cifar10-winml.onnx');
      expect(await page.getByLabel('Preprocessing').inputValue()).toBe('cifar10');
      await waitForRun(before, 'cifar10-winml.onnx');
      const reference = await nodeOnnxMap(readFileSync(models.cifar10), (backend) =>
        imageToInput(photo(cifarImage('deer')), backend.input, preprocessPresets.cifar10),
      );
      const result = await run({ method: 'gradcam', input: plain(reference.tensor) });
      const difference = maxAbsDifference(result.map, reference.map.data);
      measured.userOnnxCifar10 = {
        maxMapDifferenceVsOnnxruntimeNode: difference,
        top1: result.predictions[0],
      };
      expect(result.backend).toBe('onnxruntime-web');
      expect(difference).toBeLessThan(mapTolerance);
      await shoot('user-onnx');
    });

    it("loads the user's tfjs GraphModel and LayersModel through #model-file, and matches Node's tfjs cpu", async () => {
      const summary = await page.evaluate(async () => {
        const fetched = async (url: string, name: string) =>
          new File([await (await fetch(url)).blob()], name, { type: 'application/octet-stream' });
        return window.gradcamDemo.loadModel([
          await fetched('./models/cifar10/weights.bin', 'weights.bin'),
          await fetched('./models/cifar10/model.json', 'model.json'),
        ]);
      });
      expect(summary).toMatchObject({ name: 'model.json', runtime: 'tfjs', inputShape: [null, 32, 32, 3] });
      expect(summary.layers).toContain('res3_add');

      const emotion = dirname(models.emotion);
      const [beforeLoads, before] = [await loads(), await runs()];
      await page
        .locator('#model-file')
        .setInputFiles([join(emotion, 'emotion.json'), join(emotion, 'emotion.bin')]);
      await waitForLoad(beforeLoads);
      expect(await page.locator('#model-info').textContent()).toContain('emotion.json');
      await waitForRun(before, 'emotion.json');
      const gray: PreprocessSpec = {
        ...preprocessPresets.mnist,
        scale: 1 / 255,
        size: { height: 64, width: 64 },
      };
      const reference = await nodeTfjsMap(models.emotion, (backend) =>
        imageToInput(photo(images.chelsea), backend.input, gray),
      );
      const result = await run({ method: 'gradcam', input: plain(reference.tensor) });
      const difference = maxAbsDifference(result.map, reference.map.data);
      measured.userTfjsGraphModel = { maxMapDifferenceVsNodeCpu: difference };
      expect(difference).toBeLessThan(mapTolerance);
      await shoot('user-tfjs-graph-model');
      expect(pageErrors).toEqual([]);
    });

    it('shows readable errors and stays usable: not a model, several inputs, no gradient for an op, wrong size', async () => {
      const pick = async (name: string, buffer: Uint8Array | string) => {
        const before = await loads();
        await page
          .locator('#model-file')
          .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
        await waitForLoad(before);
        return status();
      };
      const messages: Record<string, string | null> = {};
      messages.notAModel = await pick('notes.txt', 'hello');
      expect(messages.notAModel).toBe(
        'Could not load notes.txt: "notes.txt" is not a model: pick a .onnx file, or a TensorFlow.js model.json together with its weight files (.bin).',
      );
      messages.brokenOnnx = await pick('broken.onnx', 'not protobuf');
      expect(messages.brokenOnnx).toMatch(/^Could not load broken\.onnx: /);
      messages.missingWeights = await pick('model.json', readFileSync(models.darknetTiny, 'utf8'));
      expect(messages.missingWeights).toMatch(
        /needs its weight files "group1-shard1of1", .*pick them together/,
      );
      messages.twoInputs = await pick('two-inputs.onnx', twoInputModel);
      expect(messages.twoInputs).toMatch(
        /The model has 2 inputs \("left", "right"\); image classifiers with exactly one input/,
      );
      await shoot('error-two-inputs');

      await pick('sine.onnx', sineModel);
      const noGradient = await page.evaluate(() =>
        window.gradcamDemo.run({ method: 'gradcam', layer: 'r1' }).then(
          () => 'resolved',
          (error: Error) => error.name,
        ),
      );
      messages.noGradient = await status();
      expect(noGradient).toBe('GradientNotSupportedError');
      expect(messages.noGradient).toMatch(/^Could not explain: .*Sin/);
      const wrongSize = await page.evaluate(() =>
        window.gradcamDemo
          .run({ method: 'gradcam', input: { data: new Array(3 * 8 * 8).fill(0), shape: [1, 3, 8, 8] } })
          .then(
            () => 'resolved',
            (error: Error) => error.name,
          ),
      );
      messages.wrongSize = await status();
      expect(wrongSize).toBe('ShapeMismatchError');
      expect(messages.wrongSize).toMatch(/^Could not explain: .*16/);
      await shoot('error-wrong-size');
      measured.errorMessages = messages;

      // Still usable: the default layer of the same model explains.
      const after = await run({ method: 'gradcam' });
      expect(after.layer).toBe('r2');
      expect(pageErrors).toEqual([]);
    });

    it('live camera mode runs Grad-CAM on the fake camera with darknet-tiny, on wasm and on webgl', async () => {
      const before = await runs();
      await page.getByLabel('Bundled model').selectOption('darknet-tiny');
      await waitForRun(before, 'darknet-tiny (ImageNet, TensorFlow.js)');
      const live: Record<string, unknown> = {};
      for (const backend of ['wasm', 'webgl'] as const) {
        await run({ method: 'gradcam', backend });
        // webgl on SwiftShader takes seconds per frame: a longer window so that a few frames complete.
        const seconds = backend === 'wasm' ? 8 : 20;
        const stats = await page.evaluate(
          (duration) => window.gradcamDemo.live({ seconds: duration }),
          seconds,
        );
        live[backend] = stats;
        if (backend === 'wasm') {
          expect(stats.frames).toBeGreaterThan(0);
          await page.evaluate(() => document.getElementById('live-button')!.click());
          await page.waitForFunction(() =>
            /frames\/s/.test(document.getElementById('live-fps')!.textContent ?? ''),
          );
          await page.locator('.live').scrollIntoViewIfNeeded();
          await shoot('live-camera');
          await page.evaluate(() => document.getElementById('live-button')!.click());
        }
      }
      measured.live = live;
      console.info('live camera', JSON.stringify(live));
      expect(pageErrors).toEqual([]);
    });
  },
);
