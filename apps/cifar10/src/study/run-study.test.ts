import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { models } from '@gradcam/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES } from '../data/class-order.js';
import { classify } from './classification.js';
import { modelOpeners } from './model-openers.js';
import { runStudy, type StudyOptions } from './run-study.js';
import type { StudyReport } from './study-report.js';

// 40 CIFAR-10 test images, 4 per class (provenance in the app's NOTICE).
const SAMPLE = fileURLToPath(new URL('../__fixtures__/study-sample', import.meta.url));
const TFJS_MODEL = fileURLToPath(new URL('../../model/model.json', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cifar10-study-'));
const openers = modelOpeners('wasm', 1);

const options = (overrides: Partial<StudyOptions> = {}): StudyOptions => ({
  dataDir: SAMPLE,
  outDir: join(tmp, 'report'),
  imageCacheDir: join(tmp, 'images'),
  models: [{ path: TFJS_MODEL }, { path: models.cifar10 }],
  methods: ['gradcam', 'scorecam'],
  metricsSample: 10,
  gallery: 1,
  confident: 1,
  steps: 8,
  seed: 1,
  agreementImages: 3,
  openers,
  progressStream: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
  ...overrides,
});

let report: StudyReport;
beforeAll(async () => {
  report = (await runStudy(options()))!;
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 60_000);

describe('runStudy on 40 test images', () => {
  it('writes index.html and study.json with both models', () => {
    const out = join(tmp, 'report');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as StudyReport;
    expect(json.models.map((model) => [model.name, model.runtime])).toEqual([
      ['resnet9_w16', 'tfjs'],
      ['cifar10-winml', 'onnx'],
    ]);
    expect(json.models[0]!.preprocess.description).toBe('RGB, x / 255');
    expect(json.models[1]!.preprocess.description).toBe('RGB, (x / 255 - 0.5) / 0.5');
    expect(json.models[0]!.layer.name).toBe('layer3_relu');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const model of json.models) expect(html).toContain(model.name);
    expect(html).not.toContain('data:image');
  });

  it('reports accuracy, per-class accuracy and confusion that a recount of its own predictions gives', () => {
    for (const model of report.models) {
      expect(model.predictions).toHaveLength(40);
      const index = (name: string) => CIFAR10_CLASSES.indexOf(name as (typeof CIFAR10_CLASSES)[number]);
      const recount = classify(
        model.predictions.map((p) => index(p.trueClass)),
        model.predictions.map((p) => index(p.predictedClass)),
        10,
      );
      expect(model.accuracy).toBe(recount.accuracy);
      expect(model.confusion).toEqual(recount.confusion);
      expect(Object.values(model.perClass)).toEqual(recount.perClass);
      expect(model.confusion.flat().reduce((sum, count) => sum + count, 0)).toBe(40);
      // The predictions' files are the sample's, true classes from their folders.
      for (const prediction of model.predictions)
        expect(prediction.file.startsWith(`${prediction.trueClass}/`)).toBe(true);
    }
    // The committed model is far better than chance on these images, the ONNX one too.
    expect(report.models[0]!.accuracy).toBeGreaterThan(0.6);
    expect(report.models[1]!.accuracy).toBeGreaterThan(0.3);
  });

  it('lists every failure with the maps of the predicted and the true class on disk', () => {
    const out = join(tmp, 'report');
    for (const model of report.models) {
      const wrong = model.predictions.filter((p) => p.trueClass !== p.predictedClass);
      expect(model.failures.map((failure) => failure.file)).toEqual(wrong.map((p) => p.file));
      for (const failure of model.failures) {
        expect(failure.predictedClass).not.toBe(failure.trueClass);
        expect(failure.probabilities.predicted).toBeGreaterThan(failure.probabilities.true);
        expect(existsSync(join(out, failure.image))).toBe(true);
        for (const method of ['gradcam', 'scorecam']) {
          const maps = failure.maps[method]!;
          expect(maps.predicted).not.toBe(maps.true);
          expect(readFileSync(join(out, maps.predicted)).subarray(1, 4).toString()).toBe('PNG');
          expect(existsSync(join(out, maps.true))).toBe(true);
        }
      }
    }
    expect(report.models[1]!.failures.length).toBeGreaterThan(0);
  });

  it('measures every method on the metrics sample', () => {
    for (const model of report.models) {
      for (const method of ['gradcam', 'scorecam']) {
        const metrics = model.metrics[method]!;
        expect(metrics.images).toBe(10);
        expect(metrics.averageDrop).toBeGreaterThanOrEqual(0);
        expect(metrics.averageDrop).toBeLessThanOrEqual(100);
        expect(metrics.deletionCurve).toHaveLength(9);
        expect(metrics.insertionAuc).toBeGreaterThan(0);
      }
    }
  });

  it('explains the tfjs model and its ONNX export alike (agreement <= 1e-4)', () => {
    const agreement = report.agreement!;
    expect(agreement.images).toBe(3);
    expect(agreement.maxScoreDiff).toBeLessThan(1e-5);
    expect(agreement.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(Object.keys(agreement.perMethod)).toEqual(['gradcam', 'scorecam']);
    expect(existsSync(join(tmp, 'report', 'models', 'resnet9_w16.onnx'))).toBe(true);
  });

  it('reuses every computed part on a second run', async () => {
    const again = (await runStudy(options()))!;
    for (const timing of again.timings.phases.filter((t) => t.model)) {
      expect(timing.cached, timing.phase).toBe(timing.items);
    }
    expect(again.models[1]!.metrics).toEqual(report.models[1]!.metrics);
  }, 600_000);
});

describe('runStudy on bad input', () => {
  it('names a missing data folder, a folder without test/, and a model that is not a CIFAR-10 classifier', async () => {
    await expect(runStudy(options({ dataDir: join(tmp, 'nowhere') }))).rejects.toThrow(
      /data folder not found/,
    );
    const noTest = join(tmp, 'no-test');
    mkdirSync(join(noTest, 'train', 'cat'), { recursive: true });
    mkdirSync(join(noTest, 'train', 'dog'), { recursive: true });
    await expect(runStudy(options({ dataDir: noTest }))).rejects.toThrow(/missing .*test/);
    const notAModel = join(tmp, 'broken.onnx');
    writeFileSync(notAModel, 'not an onnx file');
    await expect(
      runStudy(options({ models: [{ path: notAModel }], outDir: join(tmp, 'r2') })),
    ).rejects.toThrow(/cannot load the model/);
    await expect(
      runStudy(options({ models: [{ path: models.mnist }], outDir: join(tmp, 'r3') })),
    ).rejects.toThrow(/not a CIFAR-10 classifier/);
    expect(existsSync(join(tmp, 'r3', 'index.html'))).toBe(false);
  }, 120_000);

  it('reports an unreadable image and leaves it out', async () => {
    const data = join(tmp, 'with-bad-image');
    for (const name of CIFAR10_CLASSES) {
      mkdirSync(join(data, 'test', name), { recursive: true });
      writeFileSync(
        join(data, 'test', name, '0003.jpg'),
        readFileSync(join(SAMPLE, 'test', name, '0003.jpg')),
      );
    }
    writeFileSync(join(data, 'test', 'cat', 'broken.jpg'), 'not a jpeg');
    const lines: string[] = [];
    const result = (await runStudy(
      options({
        dataDir: data,
        outDir: join(tmp, 'r4'),
        imageCacheDir: join(tmp, 'images4'),
        models: [{ path: models.cifar10 }],
        methods: ['gradcam'],
        agreementImages: 0,
        log: (line) => lines.push(line),
      }),
    ))!;
    expect(result.data.skipped).toEqual([join(data, 'test', 'cat', 'broken.jpg')]);
    expect(result.data.images).toBe(10);
    expect(lines.some((line) => line.startsWith(`skipped ${join(data, 'test', 'cat', 'broken.jpg')}`))).toBe(
      true,
    );
  }, 120_000);
});
