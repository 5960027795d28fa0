import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { orderClasses } from './class-order.js';
import { DataError } from './data-error.js';
import { type Dataset, IMAGE_BYTES, IMAGE_SIZE, type Split } from './dataset.js';

const CACHE_VERSION = 1;

interface CacheMeta {
  version: number;
  classes: string[];
  /** files per class, used to detect a changed folder */
  counts: number[];
  count: number;
  /** files (`<class>/<name>`) left out because they could not be decoded (absent: none) */
  skipped?: string[];
}

function listDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name);
}

function listImages(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f) && !f.startsWith('.'))
    .sort();
}

/** Decodes one 32x32 JPEG to RGB bytes, written at `out[offset..]`. */
function decodeInto(file: string, out: Uint8Array, offset: number): void {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 64 });
  } catch (err) {
    throw new DataError(`cannot decode ${file}: ${(err as Error).message}`);
  }
  if (img.width !== IMAGE_SIZE || img.height !== IMAGE_SIZE) {
    throw new DataError(`${file} is ${img.width}x${img.height}, expected ${IMAGE_SIZE}x${IMAGE_SIZE}`);
  }
  const channels = img.data.length / (IMAGE_SIZE * IMAGE_SIZE);
  if (channels === 3) {
    out.set(img.data, offset);
  } else {
    for (let p = 0; p < IMAGE_SIZE * IMAGE_SIZE; p++) {
      for (let c = 0; c < 3; c++)
        out[offset + p * 3 + c] = img.data[p * channels + Math.min(c, channels - 1)]!;
    }
  }
}

/** Per class, the image files of a split folder as `<class>/<name>`, sorted. */
function listSplitFiles(splitDir: string, classes: string[]): string[][] {
  return classes.map((c) => {
    const d = join(splitDir, c);
    return existsSync(d) ? listImages(d).map((f) => `${c}/${f}`) : [];
  });
}

function readSplitFromFolders(
  splitDir: string,
  classes: string[],
  onUnreadable: LoadOptions['onUnreadable'],
): Split & { skipped: string[] } {
  const perClass = listSplitFiles(splitDir, classes);
  const total = perClass.reduce((s, f) => s + f.length, 0);
  if (total === 0) throw new DataError(`no images found in ${splitDir}/<class>/*.jpg`);
  const images = new Uint8Array(total * IMAGE_BYTES);
  const labels = new Uint8Array(total);
  const files: string[] = [];
  const skipped: string[] = [];
  perClass.forEach((list, label) => {
    for (const f of list) {
      try {
        decodeInto(join(splitDir, f), images, files.length * IMAGE_BYTES);
      } catch (err) {
        if (onUnreadable == null || !(err instanceof DataError)) throw err;
        onUnreadable(join(splitDir, f), err.message);
        skipped.push(f);
        continue;
      }
      labels[files.length] = label;
      files.push(f);
    }
  });
  if (files.length === 0) throw new DataError(`no readable images in ${splitDir}/<class>/*.jpg`);
  const count = files.length;
  return {
    images: images.subarray(0, count * IMAGE_BYTES),
    labels: labels.subarray(0, count),
    count,
    files,
    skipped,
  };
}

function countFiles(splitDir: string, classes: string[]): number[] {
  return classes.map((c) => {
    const d = join(splitDir, c);
    return existsSync(d) ? listImages(d).length : 0;
  });
}

function tryReadCache(
  cacheDir: string,
  splitDir: string,
  split: string,
  classes: string[],
  counts: number[],
): Split | null {
  const metaFile = join(cacheDir, `${split}.json`);
  const binFile = join(cacheDir, `${split}.u8`);
  if (!existsSync(metaFile) || !existsSync(binFile)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta;
    if (
      meta.version !== CACHE_VERSION ||
      JSON.stringify(meta.classes) !== JSON.stringify(classes) ||
      JSON.stringify(meta.counts) !== JSON.stringify(counts)
    ) {
      return null;
    }
    const buf = readFileSync(binFile);
    if (buf.length !== meta.count * (IMAGE_BYTES + 1)) return null;
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const skipped = new Set(meta.skipped ?? []);
    const files = listSplitFiles(splitDir, classes)
      .flat()
      .filter((f) => !skipped.has(f));
    if (files.length !== meta.count) return null;
    return {
      images: bytes.subarray(0, meta.count * IMAGE_BYTES),
      labels: bytes.subarray(meta.count * IMAGE_BYTES),
      count: meta.count,
      files,
    };
  } catch {
    return null;
  }
}

function writeCache(
  cacheDir: string,
  split: string,
  classes: string[],
  counts: number[],
  s: Split & { skipped: string[] },
): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const bin = join(cacheDir, `${split}.u8`);
    const buf = new Uint8Array(s.count * (IMAGE_BYTES + 1));
    buf.set(s.images, 0);
    buf.set(s.labels, s.count * IMAGE_BYTES);
    writeFileSync(`${bin}.tmp`, buf);
    renameSync(`${bin}.tmp`, bin);
    const meta: CacheMeta = {
      version: CACHE_VERSION,
      classes,
      counts,
      count: s.count,
      ...(s.skipped.length > 0 ? { skipped: s.skipped } : {}),
    };
    const metaFile = join(cacheDir, `${split}.json`);
    writeFileSync(`${metaFile}.tmp`, JSON.stringify(meta));
    renameSync(`${metaFile}.tmp`, metaFile);
  } catch (err) {
    process.stderr.write(
      `warning: could not write dataset cache in ${cacheDir}: ${(err as Error).message}\n`,
    );
  }
}

/** Options for {@link loadDataset}. */
export interface LoadOptions {
  /** where the decoded uint8 cache lives; default `<dataDir>/.cache-u8` */
  cacheDir?: string;
  /** only load these splits (default both) */
  splits?: Array<'train' | 'test'>;
  /** progress messages */
  log?: (msg: string) => void;
  /**
   * Called for each image that cannot be decoded (or is not 32x32), which is then left out. Without it, such an
   * image is a {@link DataError}. Images left out are remembered in the cache, so it is called on the run that
   * decodes the folder, not on later runs that read the cache.
   */
  onUnreadable?: (file: string, problem: string) => void;
}

/**
 * Reads the class names of a CIFAR-style folder: sub-folders of `<dir>/train` (or `<dir>/test`),
 * ordered like `<dir>/labels.txt` when that file exists.
 */
export function readClasses(dataDir: string): string[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new DataError(`data folder not found: ${dataDir}`);
  }
  const trainDir = join(dataDir, 'train');
  const testDir = join(dataDir, 'test');
  const source = existsSync(trainDir) ? trainDir : existsSync(testDir) ? testDir : null;
  if (source == null)
    throw new DataError(`${dataDir} has no train/ or test/ folder (expected <dir>/train/<class>/*.jpg)`);
  const folders = listDirs(source);
  if (folders.length < 2)
    throw new DataError(`${source} needs one sub-folder per class, found ${folders.length}`);
  const labelsFile = join(dataDir, 'labels.txt');
  const labels = existsSync(labelsFile)
    ? readFileSync(labelsFile, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : undefined;
  return orderClasses(folders, labels);
}

/**
 * Loads `<dataDir>/{train,test}/<class>/*.jpg` as uint8 arrays. JPEGs are decoded once and cached as a
 * raw binary (`<split>.u8` + `<split>.json`) so later runs and epochs never decode again.
 */
export function loadDataset(dataDir: string, opts: LoadOptions = {}): Dataset {
  const classes = readClasses(dataDir);
  const cacheDir = opts.cacheDir ?? join(dataDir, '.cache-u8');
  const empty: Split = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, files: [] };
  const out: Dataset = { classes, train: empty, test: empty };
  for (const split of opts.splits ?? ['train', 'test']) {
    const splitDir = join(dataDir, split);
    if (!existsSync(splitDir)) throw new DataError(`missing ${splitDir} (expected ${split}/<class>/*.jpg)`);
    const counts = countFiles(splitDir, classes);
    const cached = tryReadCache(cacheDir, splitDir, split, classes, counts);
    if (cached != null) {
      out[split] = cached;
      continue;
    }
    const t0 = Date.now();
    const s = readSplitFromFolders(splitDir, classes, opts.onUnreadable);
    opts.log?.(`decoded ${s.count} ${split} images in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    writeCache(cacheDir, split, classes, counts, s);
    out[split] = { images: s.images, labels: s.labels, count: s.count, files: s.files };
  }
  return out;
}
