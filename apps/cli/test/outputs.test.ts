import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readNpyFloat32 } from '@gradcam/core';
import { images, models, withExifOrientation } from '@gradcam/fixtures';
import { orientImage } from '@gradcam/viz';
import { decodeImage, encodeJpeg } from '@gradcam/viz/node';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.js';

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

/** Share of pixels whose RGB differs between two decoded images of the same size. */
function differingShare(a: string, b: string): number {
  const first = decodeImage(new Uint8Array(readFileSync(a)));
  const second = decodeImage(new Uint8Array(readFileSync(b)));
  expect([first.width, first.height]).toEqual([second.width, second.height]);
  let differing = 0;
  for (let pixel = 0; pixel < first.width * first.height; pixel++) {
    const at = pixel * 4;
    if ([0, 1, 2].some((channel) => first.data[at + channel] !== second.data[at + channel])) differing++;
  }
  return differing / (first.width * first.height);
}

describe('gradcam explain: output names never collide', () => {
  // The ONNX CIFAR-10 model: at the bundled darknet-tiny's automatic layer (the 1000 class maps right before the
  // global average pooling) every gradient of the target lies in one channel, so Grad-CAM and Grad-CAM++ give the
  // same map there, and Score-CAM over its 1000 channels takes minutes on a busy machine.
  it('writes three distinct overlays for --method gradcam,gradcam++,scorecam, with different pixels', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      images.both,
      '--model',
      models.cifar10,
      '--preprocess',
      'cifar10',
      '--method',
      'gradcam,gradcam++,scorecam',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const [record] = summaryOf(out).inputs;
    const overlays: string[] = record.results.map((r: { files: { overlay: string } }) => r.files.overlay);
    expect(overlays.map((file) => basename(file).split('.')[1])).toEqual([
      'gradcam',
      'gradcam-pp',
      'scorecam',
    ]);
    expect(new Set(overlays).size).toBe(3);
    for (const file of overlays) expect(existsSync(file)).toBe(true);
    const written = readdirSync(out).filter((name) => name.endsWith('.overlay.png'));
    expect(written).toHaveLength(3);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect(differingShare(overlays[a]!, overlays[b]!)).toBeGreaterThan(0.05);
    }
  });

  it('keeps same-named inputs from different folders and with different extensions', () => {
    const folder = temporaryFolder();
    for (const sub of ['a', 'b']) mkdirSync(join(folder, sub));
    writeFileSync(join(folder, 'a', 'x.jpg'), readFileSync(images.horses));
    writeFileSync(
      join(folder, 'b', 'x.jpg'),
      encodeJpeg(decodeImage(new Uint8Array(readFileSync(images.both)))),
    );
    writeFileSync(join(folder, 'x.png'), readFileSync(images.chelsea));
    writeFileSync(join(folder, 'x.jpg'), encodeJpeg(decodeImage(new Uint8Array(readFileSync(images.dogs)))));
    const out = temporaryFolder();
    const result = runCli(['explain', folder, '--out', out, '--npy', '--concurrency', '1']);
    expect(result.code).toBe(0);
    const records = summaryOf(out).inputs as {
      input: string;
      original: string;
      results: { files: Record<string, string> }[];
    }[];
    expect(records).toHaveLength(4);
    const files = records.flatMap((record) => [record.original, ...Object.values(record.results[0]!.files)]);
    expect(new Set(files).size).toBe(files.length);
    for (const file of files) expect(existsSync(file)).toBe(true);
    // Each input's map is its own: the four maps all differ.
    const maps = records.map((record) => readFileSync(record.results[0]!.files.mapNpy!).toString('base64'));
    expect(new Set(maps).size).toBe(4);
    expect(readdirSync(out).filter((name) => name.endsWith('.overlay.png'))).toHaveLength(4);
  });

  it('a second run into the same --out replaces the first: summary and folder hold only the new results', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(runCli(['explain', images.both, images.chelsea, '--out', out, '--method', 'gradcam++']).code).toBe(
      0,
    );
    const first = summaryOf(out);
    const second = runCli(['explain', images.dogs, '--out', out]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/replaced the earlier results/);
    const summary = summaryOf(out);
    expect(summary.inputs.map((record: { input: string }) => basename(record.input))).toEqual(['dogs.png']);
    for (const record of first.inputs) {
      for (const file of Object.values(record.results[0].files) as string[])
        expect(existsSync(file)).toBe(false);
    }
    const images_ = readdirSync(out).filter((name) => name.endsWith('.png'));
    expect(images_.every((name) => name.startsWith('dogs.'))).toBe(true);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('chelsea');
  });
});

describe('gradcam explain: JPEG EXIF orientation', () => {
  it('explains a sideways-stored JPEG (orientation 6) like the upright photo', () => {
    const folder = temporaryFolder();
    const upright = decodeImage(new Uint8Array(readFileSync(images.both)));
    // Stored rotated a quarter turn counter-clockwise; orientation 6 says: turn clockwise to view.
    const sideways = encodeJpeg(orientImage(upright, 8), 100);
    writeFileSync(join(folder, 'tagged.jpg'), withExifOrientation(sideways, 6));
    writeFileSync(join(folder, 'untagged.jpg'), sideways);
    writeFileSync(join(folder, 'upright.jpg'), encodeJpeg(upright, 100));
    const out = temporaryFolder();
    const result = runCli(['explain', folder, '--out', out, '--npy', '--json', '--concurrency', '1']);
    expect(result.code).toBe(0);
    const byName = Object.fromEntries(
      JSON.parse(result.stdout).inputs.map((record: { input: string }) => [basename(record.input), record]),
    );
    const map = (name: string) => readNpyFloat32(readFileSync(byName[name].results[0].files.mapNpy)).data;
    const meanDifference = (a: Float32Array, b: Float32Array) =>
      a.reduce((sum, value, index) => sum + Math.abs(value - b[index]!), 0) / a.length;
    expect(byName['tagged.jpg'].predictions[0].index).toBe(byName['upright.jpg'].predictions[0].index);
    const tagged = meanDifference(map('tagged.jpg'), map('upright.jpg'));
    const untagged = meanDifference(map('untagged.jpg'), map('upright.jpg'));
    expect(tagged).toBeLessThan(0.02);
    expect(untagged).toBeGreaterThan(5 * tagged);
    // The copy of the input in the gallery is upright too (re-encoded, not the sideways file copied).
    const original = decodeImage(new Uint8Array(readFileSync(byName['tagged.jpg'].original)));
    expect(differingShare(byName['tagged.jpg'].original, byName['upright.jpg'].original)).toBeLessThan(1);
    expect(original.width).toBe(224);
  });
});

describe('EXIF orientation agrees with libvips', () => {
  it('decodes all eight orientations as sharp.rotate() does (up to JPEG decoder rounding)', async () => {
    const sharp = (await import('sharp')).default;
    const upright = decodeImage(new Uint8Array(readFileSync(images.chelsea)));
    // A 64-row strip: not square, so a quarter turn shows in the size too.
    const jpeg = encodeJpeg(
      { ...upright, data: upright.data.slice(0, 64 * upright.width * 4), height: 64 },
      100,
    );
    let baseline: number | undefined;
    for (let orientation = 1; orientation <= 8; orientation++) {
      const file = withExifOrientation(jpeg, orientation);
      const ours = decodeImage(file);
      const theirs = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([ours.width, ours.height]).toEqual([theirs.info.width, theirs.info.height]);
      // The two JPEG decoders round differently by a few levels (a mean of about 0.4 here; a wrong turn gives
      // about 20). Both move the same pixels, so the difference is the same for every orientation.
      let total = 0;
      for (let index = 0; index < ours.data.length; index++) {
        total += Math.abs(ours.data[index]! - theirs.data[index]!);
      }
      const mean = total / ours.data.length;
      baseline ??= mean;
      expect(mean, `orientation ${orientation}`).toBeLessThan(1);
      expect(mean, `orientation ${orientation}`).toBeCloseTo(baseline, 9);
    }
  });
});

describe('gradcam explain: --preprocess', () => {
  it('takes scale=1/255 and scalar mean and std, equal to the preset they spell out', () => {
    const run = (preprocess: string) => {
      const out = temporaryFolder();
      const args = ['explain', images.horses, '--model', models.cifar10, '--preprocess', preprocess];
      const result = runCli([...args, '--out', out, '--npy', '--json']);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout).inputs[0];
    };
    const spelt = run('scale=1/255,mean=0.5,std=0.5,size=32x32');
    const preset = run('cifar10');
    expect(spelt.predictions).toEqual(preset.predictions);
    const map = (record: { results: { files: { mapNpy: string } }[] }) =>
      Array.from(readNpyFloat32(readFileSync(record.results[0]!.files.mapNpy)).data);
    expect(map(spelt)).toEqual(map(preset));
    const unit = run('unit');
    expect(unit.predictions[0].score).not.toBe(preset.predictions[0].score);
  });
});
