import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, type HeatMap } from '@gradcam/core';
import { images, labels, models } from '@gradcam/fixtures';
import { createTfjsBackend } from '@gradcam/tfjs';
import { loadTfjsModel } from '@gradcam/tfjs/node';
import { decodeImage } from '@gradcam/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlainRunResult } from '../src/main.js';
import { toModelInput } from '../src/preprocess.js';
import { type StaticServer, startStaticServer } from './static-server.js';

const chromiumPath = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const screenshots = join(here, '__screenshots__');

/**
 * Headless Chromium with WebGL 2 on SwiftShader (ANGLE over SwiftShader's Vulkan), no GPU needed. Without
 * `--enable-unsafe-swiftshader` recent Chromium refuses the software fallback and WebGL is unavailable.
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
];

/** Around the bulldog in both.png (as in @gradcam/tfjs's darknet test): x 75–168, y 10–140. */
const dogBox = { x0: 75, y0: 10, x1: 168, y1: 140 };

function massShare(map: ArrayLike<number>, width: number, box: typeof dogBox): number {
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

/** Largest |webgl or wasm map − Node cpu map| allowed on the [0, 1] map (measured: see the README). */
const mapTolerance = 1e-4;

const darknetLabels = readFileSync(labels.imagenetDarknetOrder, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);
const bullMastiff = darknetLabels.indexOf('bull mastiff');

describe.skipIf(!existsSync(chromiumPath))(
  `the demo page in Chromium (needs ${chromiumPath}; Chromium not installed (apt-get install chromium) skips)`,
  () => {
    let server: StaticServer;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    let reference: { top1: number; map: HeatMap; scores: Float32Array };
    const measured: Record<string, unknown> = {};

    const runInPage = (request: { backend: string; method: string; classIndex: number | null }) =>
      page.evaluate((r) => window.gradcamDemo.run(r as never), request) as Promise<PlainRunResult>;

    beforeAll(async () => {
      if (!existsSync(join(dist, 'main.js')))
        throw new Error(`Build the demo first: ${dist} has no main.js.`);
      // The reference: the same computation in Node on tfjs's cpu backend.
      await tf.setBackend('cpu');
      await tf.ready();
      const backend = await createTfjsBackend(await loadTfjsModel(models.darknetTiny), { tf });
      const input = toModelInput(decodeImage(readFileSync(images.both)));
      const top = await explain({ backend, input });
      const dog = await explain({ backend, input, target: classTarget(bullMastiff) });
      reference = {
        top1: top.samples[0]!.classIndex!,
        map: dog.samples[0]!.map,
        scores: top.samples[0]!.scores,
      };
      backend.dispose();

      server = await startStaticServer(dist);
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(`${server.url}?autorun=0`);
      await page.evaluate(() => window.gradcamDemo.ready);
    });

    afterAll(async () => {
      console.info('browser demo measurements', JSON.stringify(measured, null, 1));
      await browser?.close();
      await server?.close();
    });

    it('has WebGL 2 (SwiftShader) in headless Chromium', async () => {
      const renderer = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        if (!gl) return null;
        const info = gl.getExtension('WEBGL_debug_renderer_info');
        return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      });
      measured.renderer = renderer;
      expect(renderer).not.toBeNull();
    });

    for (const backend of ['webgl', 'wasm'] as const) {
      it(`on ${backend}: the top-1 class and the "bull mastiff" Grad-CAM map equal Node's tfjs cpu`, async () => {
        const top = await runInPage({ backend, method: 'gradcam', classIndex: null });
        expect(top.backend).toBe(backend);
        expect(top.classIndex).toBe(reference.top1);
        expect(top.top5[0]!.index).toBe(reference.top1);
        const dog = await runInPage({ backend, method: 'gradcam', classIndex: bullMastiff });
        expect(dog.backend).toBe(backend);
        expect(dog.classIndex).toBe(bullMastiff);
        expect(dog.label).toBe('bull mastiff');
        expect([dog.height, dog.width]).toEqual([reference.map.height, reference.map.width]);
        const difference = maxAbsDifference(dog.map, reference.map.data);
        const share = massShare(dog.map, dog.width, dogBox);
        const scoreDifference = Math.max(
          ...top.top5.map((prediction) => Math.abs(prediction.score - reference.scores[prediction.index]!)),
        );
        measured[backend] = {
          top1: `${top.classIndex} ${top.label}`,
          maxMapDifferenceVsNodeCpu: difference,
          maxTop5LogitDifferenceVsNodeCpu: scoreDifference,
          dogBoxShare: share,
          timingsFirstRun: top.timings,
          timingsSecondRun: dog.timings,
          drawMs: dog.drawMs,
        };
        expect(difference).toBeLessThan(mapTolerance);
        expect(scoreDifference).toBeLessThan(1e-3);
        expect(share).toBeGreaterThan(0.5);
      });
    }

    it('works through its controls: gradcam++ from the method select and the Explain button', async () => {
      const before = Number(await page.locator('body').getAttribute('data-runs'));
      await page.getByLabel('TensorFlow.js backend').selectOption('webgl');
      await page.getByLabel('Method').selectOption('gradcam++');
      await page.getByLabel('Class to explain').selectOption(String(bullMastiff));
      await page.getByRole('button', { name: 'Explain', exact: true }).click();
      await page.waitForFunction(
        (runs) => document.body.dataset.state === 'done' && Number(document.body.dataset.runs) > runs,
        before,
      );
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain('gradcam++ for "bull mastiff"');
      expect(await page.locator('#predictions li').count()).toBe(5);
      expect(await page.locator('#timings dd').count()).toBe(5);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'gradcam-plus-plus-webgl.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });

    it('explains an image picked with the file input (chelsea.png, 451×300, a tabby) on wasm', async () => {
      const before = Number(await page.locator('body').getAttribute('data-runs'));
      await page.getByLabel('TensorFlow.js backend').selectOption('wasm');
      await page.getByLabel('Method').selectOption('gradcam');
      await page.getByLabel('Image (or drop one here)').setInputFiles(images.chelsea);
      await page.waitForFunction(
        (runs) => document.body.dataset.state === 'done' && Number(document.body.dataset.runs) > runs,
        before,
      );
      expect(await page.getByLabel('Class to explain').inputValue()).toBe('');
      const canvasSize = await page
        .locator('#overlay-canvas')
        .evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height]);
      expect(canvasSize).toEqual([451, 300]);
      const predictions = await page.locator('#predictions li').allTextContents();
      measured.chelseaTop5 = predictions;
      expect(predictions.slice(0, 3).some((text) => /tabby|tiger cat|Egyptian cat/.test(text))).toBe(true);
      await page.screenshot({ path: join(screenshots, 'chelsea-wasm.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });

    it('explains an image dropped on the drop zone (both.png on cpu)', async () => {
      const before = Number(await page.locator('body').getAttribute('data-runs'));
      await page.getByLabel('TensorFlow.js backend').selectOption('cpu');
      await page.evaluate(async () => {
        const blob = await (await fetch('./images/both.png')).blob();
        const transfer = new DataTransfer();
        transfer.items.add(new File([blob], 'both.png', { type: 'image/png' }));
        const zone = document.getElementById('drop-zone')!;
        zone.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, cancelable: true, bubbles: true }),
        );
        zone.dispatchEvent(
          new DragEvent('drop', { dataTransfer: transfer, cancelable: true, bubbles: true }),
        );
      });
      await page.waitForFunction(
        (runs) => document.body.dataset.state === 'done' && Number(document.body.dataset.runs) > runs,
        before,
      );
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain('"bull mastiff" (class 139) on cpu');
      expect(pageErrors).toEqual([]);
    });
  },
);
