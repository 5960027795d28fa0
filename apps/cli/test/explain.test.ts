import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpyFloat32, writeNpy } from '@gradcam/core';
import {
  images,
  models,
  smallcnnExtraReference,
  smallcnnReference,
  vitRandomReference,
} from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.js';

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

describe('gradcam explain', () => {
  it('explains a photo with the bundled model and no other flag', () => {
    const cwd = temporaryFolder();
    const result = runCli(['explain', images.both], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = join(cwd, 'gradcam-out');
    const summary = summaryOf(out);
    expect(summary.failed).toBe(0);
    const [record] = summary.inputs;
    expect(record.predictions).toHaveLength(5);
    expect(record.predictions[0].label).toBeTypeOf('string');
    expect(record.results).toHaveLength(1);
    expect(record.results[0].method).toBe('gradcam');
    expect(record.results[0].classIndex).toBe(record.predictions[0].index);
    for (const file of Object.values(record.results[0].files) as string[])
      expect(existsSync(file)).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBe(2);
    for (const source of sources) expect(existsSync(join(out, decodeURIComponent(source)))).toBe(true);
    expect(result.stdout).toContain('Gallery:');
  });

  it('explains the classes asked for, by index and by label, with several methods, as JSON', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      images.both,
      '--class',
      'tabby',
      '--class',
      '1',
      '--method',
      'gradcam,gradcam++',
      '--out',
      out,
      '--json',
      '--format',
      'jpg',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    const results = summary.inputs[0].results;
    expect(results.map((r: { method: string }) => r.method)).toEqual([
      'gradcam',
      'gradcam',
      'gradcam++',
      'gradcam++',
    ]);
    expect(results[0].label).toBe('tabby');
    expect(results[1].classIndex).toBe(1);
    expect(results[0].files.overlay).toMatch(/\.jpg$/);
  });

  it('reproduces pytorch-grad-cam from a preprocessed .npy through an ONNX model (1e-4)', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      smallcnnReference('input'),
      '--model',
      models.smallcnn,
      '--layer',
      '/features/features.7/Relu_output_0',
      '--class',
      '4',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { files } = summaryOf(out).inputs[0].results[0];
    const map = readNpyFloat32(readFileSync(files.mapNpy));
    const expected = readNpyFloat32(readFileSync(smallcnnReference('gradcam_cam')));
    expect(map.shape).toEqual([224, 224]);
    let worst = 0;
    for (let index = 0; index < map.data.length; index++) {
      worst = Math.max(worst, Math.abs(map.data[index]! - expected.data[index]!));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('writes the raw [3, H, W] attributions of input-space methods with --npy (pytorch-grad-cam, 1e-4 of the peak)', () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      smallcnnReference('input'),
      '--model',
      models.smallcnn,
      '--layer',
      '/features/features.7/Relu_output_0',
      '--class',
      '4',
      '--method',
      'guided-backprop,guided-gradcam',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const results = summaryOf(out).inputs[0].results;
    expect(results.map((entry: { method: string }) => entry.method)).toEqual([
      'guided-backprop',
      'guided-gradcam',
    ]);
    results.forEach((entry: { files: Record<string, string> }, index: number) => {
      const attributions = readNpyFloat32(readFileSync(entry.files.attributionsNpy!));
      expect(attributions.shape).toEqual([3, 224, 224]);
      const reference = readNpyFloat32(
        readFileSync(smallcnnExtraReference(`${index === 0 ? 'guided_backprop' : 'guided_gradcam'}.npy`)),
      );
      let worst = 0;
      let peak = 0;
      for (let i = 0; i < reference.data.length; i++) {
        worst = Math.max(worst, Math.abs(attributions.data[i]! - reference.data[i]!));
        peak = Math.max(peak, Math.abs(reference.data[i]!));
      }
      expect(worst / peak).toBeLessThan(1e-4);
      expect(existsSync(entry.files.gradient!)).toBe(true);
      expect(readNpyFloat32(readFileSync(entry.files.mapNpy!)).shape).toEqual([224, 224]);
      expect(entry.files.coarseNpy).toBeUndefined();
    });
  });

  it('reads WebP (through the optional sharp) like the PNG it was made from', async () => {
    const sharp = (await import('sharp')).default;
    const folder = temporaryFolder();
    const webp = join(folder, 'both.webp');
    await sharp(readFileSync(images.both)).webp({ lossless: true }).toFile(webp);
    const out = temporaryFolder();
    const fromWebp = runCli(['explain', webp, '--out', out, '--json', '--npy']);
    const fromPng = runCli(['explain', images.both, '--out', temporaryFolder(), '--json', '--npy']);
    expect(fromWebp.code).toBe(0);
    const a = JSON.parse(fromWebp.stdout).inputs[0];
    const b = JSON.parse(fromPng.stdout).inputs[0];
    expect(a.predictions[0].index).toBe(b.predictions[0].index);
    const mapA = readNpyFloat32(readFileSync(a.results[0].files.mapNpy)).data;
    const mapB = readNpyFloat32(readFileSync(b.results[0].files.mapNpy)).data;
    expect(Array.from(mapA)).toEqual(Array.from(mapB));
  });

  it('explains with the ONNX CIFAR-10 and MNIST models using their presets', () => {
    const out = temporaryFolder();
    const cifar = runCli([
      'explain',
      images.horses,
      '--model',
      models.cifar10,
      '--preprocess',
      'cifar10',
      '--out',
      out,
      '--json',
    ]);
    expect(cifar.code).toBe(0);
    expect(JSON.parse(cifar.stdout).inputs[0].predictions[0].index).toBeLessThan(10);
    const mnist = runCli([
      'explain',
      images.horses,
      '--model',
      models.mnist,
      '--preprocess',
      'mnist',
      '--out',
      out,
      '--json',
    ]);
    expect(mnist.code).toBe(0);
    expect(JSON.parse(mnist.stdout).inputs[0].results[0].layer).toBeTypeOf('string');
  });

  it('walks folders, keeps going past a bad file, reports it, and exits non-zero', () => {
    const folder = temporaryFolder();
    mkdirSync(join(folder, 'nested'));
    writeFileSync(join(folder, 'a.png'), readFileSync(images.both));
    writeFileSync(join(folder, 'nested', 'b.jpg'), readFileSync(images.horses));
    writeFileSync(join(folder, 'broken.png'), 'this is not a png');
    writeFileSync(join(folder, 'notes.txt'), 'ignored');
    const out = temporaryFolder();
    const result = runCli(['explain', folder, '--out', out, '--concurrency', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.png/);
    const summary = summaryOf(out);
    expect(summary.inputs).toHaveLength(3);
    expect(summary.failed).toBe(1);
    const ok = summary.inputs.filter((record: { error?: string }) => !record.error);
    expect(ok).toHaveLength(2);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('broken.png');
  });

  it('gives the same maps with worker threads as without', () => {
    const folder = temporaryFolder();
    for (const name of ['a', 'b', 'c']) writeFileSync(join(folder, `${name}.png`), readFileSync(images.both));
    const serial = temporaryFolder();
    const parallel = temporaryFolder();
    expect(runCli(['explain', folder, '--out', serial, '--npy', '--concurrency', '1']).code).toBe(0);
    expect(runCli(['explain', folder, '--out', parallel, '--npy', '--concurrency', '2']).code).toBe(0);
    for (const name of ['a', 'b', 'c']) {
      const [file] = summaryOf(serial)
        .inputs.find((r: { input: string }) => r.input.endsWith(`${name}.png`))
        .results.map((r: { files: { mapNpy: string } }) => r.files.mapNpy);
      const other = file.replace(serial, parallel);
      expect(Array.from(readNpyFloat32(readFileSync(other)).data)).toEqual(
        Array.from(readNpyFloat32(readFileSync(file)).data),
      );
    }
  });
});

describe('gradcam explain: errors are one line and exit non-zero', () => {
  const expectError = (args: string[], pattern: RegExp) => {
    const result = runCli(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('for a missing file', () =>
    expectError(['explain', '/no/such/photo.jpg'], /No such file or folder: \/no\/such\/photo\.jpg/));
  it('for an undecodable image', () => {
    const file = join(temporaryFolder(), 'bad.jpg');
    writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]));
    expectError(['explain', file], /bad\.jpg/);
  });
  it('for an image too large to decode safely', () => {
    const png = Buffer.from(readFileSync(images.both));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    const file = join(temporaryFolder(), 'huge.png');
    writeFileSync(file, png);
    expectError(['explain', file], /huge\.png.*(large|pixels)/i);
  });
  it('for an .npy of the wrong shape', () => {
    const file = join(temporaryFolder(), 'wrong.npy');
    writeFileSync(file, writeNpy(new Float32Array(3 * 32 * 32), [1, 3, 32, 32]));
    expectError(['explain', file], /wrong\.npy: the tensor has shape \[1, 3, 32, 32\] but the model takes/);
  });
  it('for an unknown layer, listing the candidates', () =>
    expectError(
      ['explain', images.both, '--layer', 'nope'],
      /Unknown layer "nope"\. Layers you can use.*conv/,
    ));
  it('for a class out of range', () =>
    expectError(['explain', images.both, '--class', '5000'], /out of range.*1000 classes/));
  it('for an unknown label', () =>
    expectError(['explain', images.both, '--class', 'unicorn'], /not a label/));
  it('for an unknown option or method', () => {
    expectError(['explain', images.both, '--colour', 'red'], /Unknown option '--colour'/);
    expectError(['explain', images.both, '--method', 'magic'], /Unknown method "magic"/);
  });
  it('for a model the backward rules cannot handle, suggesting a gradient-free method that then works', () => {
    const model = fileURLToPath(new URL('./__fixtures__/sin-head.onnx', import.meta.url));
    const args = [
      'explain',
      images.both,
      '--model',
      model,
      '--preprocess',
      'unit',
      '--layer',
      'feat',
      '--out',
      temporaryFolder(),
    ];
    expectError(args, /Cannot compute gradients through Sin \(node "sin_node"\).*--method scorecam/);
    expect(runCli([...args, '--method', 'scorecam']).code).toBe(0);
  });
  it('for a model file that is not a model', () => {
    const file = join(temporaryFolder(), 'model.onnx');
    writeFileSync(file, 'not onnx at all');
    expectError(['explain', images.both, '--model', file], /onnx|model/i);
  });
});

describe('gradcam layers', () => {
  it('lists the layers with shapes and marks the automatic choice', () => {
    const result = runCli(['layers']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/← automatic choice/);
    const json = JSON.parse(runCli(['layers', '--model', models.cifar10, '--json']).stdout);
    const automatic = json.layers.filter((layer: { automatic: boolean }) => layer.automatic);
    expect(automatic).toHaveLength(1);
    expect(automatic[0].outputShape).toHaveLength(4);
  });
});

describe('a Vision Transformer', () => {
  it("lists its token layers, picks the last block's ln_1, and explains it with --tokens as pytorch-grad-cam does", () => {
    const json = JSON.parse(runCli(['layers', '--model', models.vitRandom, '--json']).stdout);
    const automatic = json.layers.find((layer: { automatic: boolean }) => layer.automatic);
    expect(automatic).toMatchObject({
      name: '/encoder/layers/encoder_layer_2/ln_1/LayerNormalization_output_0',
      outputShape: [null, 197, 96],
      layout: 'ntc',
      tokens: true,
      candidate: true,
    });
    expect(runCli(['layers', '--model', models.vitRandom]).stdout).toMatch(
      /\[N, 197, 96\] ntc {2}\(tokens\) {2}← automatic choice/,
    );
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      smallcnnReference('input'),
      '--model',
      models.vitRandom,
      '--tokens',
      'prefix=1,size=14x14',
      '--class',
      '759',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { files } = summaryOf(out).inputs[0].results[0];
    const map = readNpyFloat32(readFileSync(files.mapNpy));
    const expected = readNpyFloat32(readFileSync(vitRandomReference('gradcam_cam')));
    let worst = 0;
    for (let index = 0; index < map.data.length; index++) {
      worst = Math.max(worst, Math.abs(map.data[index]! - expected.data[index]!));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(readNpyFloat32(readFileSync(files.coarseNpy)).shape).toEqual([14, 14]);
  });

  it('rejects --tokens that do not fit the layer with one line saying what to pass (exit 1)', () => {
    const result = runCli([
      'explain',
      smallcnnReference('input'),
      '--model',
      models.vitRandom,
      '--tokens',
      'prefix=3',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/prefix=1,height=14,width=14/);
  });
});
