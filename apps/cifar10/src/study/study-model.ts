import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type Backend, chooseLayer, isSpatialLayer, type LayerInfo, spatialDimensions } from '@gradcam/core';
import {
  guessPreprocessPreset,
  isPreprocessPresetName,
  type PreprocessPresetName,
  type PreprocessSpec,
  preprocessPresets,
} from '@gradcam/viz';
import { describePreprocess } from './preprocess-description.js';
import { StudyError } from './study-error.js';

/** The runtime a model runs on. */
export type StudyRuntime = 'tfjs' | 'onnx';

/** How to open one model of the study. */
export interface StudyModelRequest {
  /** A tfjs `model.json` or an `.onnx` file. */
  readonly path: string;
  /** A preprocessing preset; absent: `unit` for tfjs, guessed from the input shape for ONNX (`cifar10`). */
  readonly preprocess?: string;
  /** The layer to explain; absent: {@link chooseStudyLayer}. */
  readonly layer?: string;
}

/** An open model with everything the study says about it. */
export interface StudyModel {
  /** A short unique name (folder-safe), e.g. `resnet9_w16` or `cifar10-winml`. */
  readonly name: string;
  /** Absolute path of the model file. */
  readonly path: string;
  readonly runtime: StudyRuntime;
  readonly backend: Backend;
  /** The preprocessing preset's name. */
  readonly preprocessName: PreprocessPresetName;
  readonly preprocess: PreprocessSpec;
  /** The preprocessing in words. */
  readonly preprocessText: string;
  /** The layer explained, its output shape and why it was chosen. */
  readonly layer: { readonly name: string; readonly shape: readonly number[]; readonly reason: string };
  /** SHA-256 of the model's bytes (topology and weights): what cached results are keyed by. */
  readonly fingerprint: string;
  /** Releases the runtime's resources. */
  dispose(): Promise<void>;
}

/** Functions that open a model in each runtime (so the study does not load a runtime it does not use). */
export interface ModelOpeners {
  /** Opens a tfjs `model.json` (LayersModel or GraphModel). */
  tfjs(path: string): Promise<Backend>;
  /** Opens an ONNX model from its bytes. */
  onnx(bytes: Uint8Array): Promise<Backend>;
}

/** Smallest map side the automatic layer choice accepts: 8x8 cells of 4x4 pixels on a 32x32 image. */
const MIN_MAP_SIDE = 8;

/**
 * The layer the study explains unless told otherwise: the last spatial layer, other than a pooling layer, whose
 * maps are at least 8x8; when there is none, core's automatic choice (the last spatial layer).
 *
 * On the tfjs ResNet the automatic choice is the last residual block at 4x4: each cell covers an 8x8 patch of the
 * 32x32 image, too coarse to tell a head from a body. The last 8x8 layer (the third conv block, before its
 * pooling) still sees most of the network and draws each cell over 4x4 pixels.
 */
export function chooseStudyLayer(layers: readonly LayerInfo[]): { layer: LayerInfo; reason: string } {
  const fine = layers.filter((info) => {
    if (!isSpatialLayer(info) || /pool/i.test(info.kind)) return false;
    const { height, width } = spatialDimensions(
      info.outputShape.map((size) => size ?? 1),
      info.layout ?? 'nhwc',
    );
    return height >= MIN_MAP_SIDE && width >= MIN_MAP_SIDE;
  });
  const automatic = chooseLayer(layers);
  const chosen = fine.at(-1);
  if (!chosen) {
    if (!automatic) throw new StudyError('the model has no spatial layer to explain');
    return { layer: automatic, reason: 'the last spatial layer (no layer has maps of 8x8 or more)' };
  }
  if (automatic && automatic.name === chosen.name)
    return { layer: chosen, reason: 'the last spatial layer (the automatic choice)' };
  const shape = (info: LayerInfo) => info.outputShape.slice(1).join('x');
  return {
    layer: chosen,
    reason:
      `the last layer with maps of at least ${MIN_MAP_SIDE}x${MIN_MAP_SIDE} (${shape(chosen)}); the automatic choice, ` +
      `${automatic?.name ?? '?'} (${automatic ? shape(automatic) : '?'}), draws each map cell over ` +
      `${automatic ? Math.round(32 / spatialSide(automatic)) : '?'}x${automatic ? Math.round(32 / spatialSide(automatic)) : '?'} pixels of the 32x32 image, too coarse to tell a head from a body`,
  };
}

function spatialSide(info: LayerInfo): number {
  return spatialDimensions(
    info.outputShape.map((size) => size ?? 1),
    info.layout ?? 'nhwc',
  ).height;
}

/** The runtime a model file runs on, from its name. */
export function runtimeOf(path: string): StudyRuntime {
  if (extname(path).toLowerCase() === '.onnx') return 'onnx';
  if (extname(path).toLowerCase() === '.json') return 'tfjs';
  throw new StudyError(`${path} is neither a tfjs model.json nor an .onnx file`);
}

/**
 * Opens a model for the study and checks that it is a CIFAR-10 classifier: one 32x32 RGB input and 10 scores.
 *
 * @throws {@link StudyError} for a missing or unreadable model, another kind of model, an unknown preprocessing or
 * layer.
 */
export async function openStudyModel(request: StudyModelRequest, openers: ModelOpeners): Promise<StudyModel> {
  const path = resolve(request.path);
  if (!existsSync(path)) throw new StudyError(`model not found: ${request.path}`);
  const runtime = runtimeOf(path);
  const hash = createHash('sha256');
  let backend: Backend;
  let name: string;
  try {
    if (runtime === 'onnx') {
      const bytes = new Uint8Array(await readFile(path));
      hash.update(bytes);
      backend = await openers.onnx(bytes);
      name = basename(path, extname(path));
    } else {
      const text = await readFile(path, 'utf8');
      hash.update(text);
      const json = JSON.parse(text) as {
        modelTopology?: { config?: { name?: string } };
        weightsManifest?: Array<{ paths: string[] }>;
      };
      for (const group of json.weightsManifest ?? []) {
        for (const shard of group.paths) hash.update(await readFile(join(dirname(path), shard)));
      }
      backend = await openers.tfjs(path);
      name = json.modelTopology?.config?.name ?? basename(dirname(path));
    }
  } catch (error) {
    if (error instanceof StudyError) throw error;
    throw new StudyError(`cannot load the model ${request.path}: ${firstLine(error)}`);
  }
  const dispose = async () => backend.dispose?.();
  try {
    await checkCifarClassifier(backend, request.path);
    const presetName =
      request.preprocess ?? (runtime === 'tfjs' ? 'unit' : guessPreprocessPreset(backend.input));
    if (!isPreprocessPresetName(presetName)) {
      throw new StudyError(
        `unknown preprocessing '${presetName}' for ${request.path} (one of: ${Object.keys(preprocessPresets).join(', ')})`,
      );
    }
    const layers = await backend.listLayers();
    let layer: { layer: LayerInfo; reason: string };
    if (request.layer != null) {
      const found = layers.find((info) => info.name === request.layer);
      if (!found || !isSpatialLayer(found)) {
        const spatial = layers.filter(isSpatialLayer).map((info) => info.name);
        throw new StudyError(
          `${request.path} has no spatial layer '${request.layer}' (its spatial layers: ${spatial.join(', ')})`,
        );
      }
      layer = { layer: found, reason: 'chosen with --layer' };
    } else {
      layer = chooseStudyLayer(layers);
    }
    const preprocess = { ...preprocessPresets[presetName], size: { height: 32, width: 32 } };
    return {
      name: name.replace(/[^\w.-]+/g, '-'),
      path,
      runtime,
      backend,
      preprocessName: presetName,
      preprocess,
      preprocessText: describePreprocess(preprocess),
      layer: {
        name: layer.layer.name,
        shape: layer.layer.outputShape.slice(1).map((size) => size ?? 0),
        reason: layer.reason,
      },
      fingerprint: hash.digest('hex'),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Runs one black image and checks the input and output shapes of a CIFAR-10 classifier. */
async function checkCifarClassifier(backend: Backend, path: string): Promise<void> {
  const { shape, layout } = backend.input;
  const [height, width, channels] =
    layout === 'nchw' ? [shape[2], shape[3], shape[1]] : [shape[1], shape[2], shape[3]];
  const fits = (size: number | null, expected: number) => size === null || size === expected;
  if (!fits(height, 32) || !fits(width, 32) || !fits(channels, 3)) {
    throw new StudyError(
      `${path} is not a CIFAR-10 classifier: it takes ${height ?? '?'}x${width ?? '?'} images with ${channels ?? '?'} channels, not 32x32 RGB`,
    );
  }
  if (!backend.forward) throw new StudyError(`${path}: its runtime cannot run the model forward`);
  const input = {
    data: new Float32Array(3 * 32 * 32),
    shape: (layout === 'nchw' ? [1, 3, 32, 32] : [1, 32, 32, 3]) as [number, number, number, number],
    layout,
  };
  let classes: number;
  try {
    classes = (await backend.forward({ input })).scores.shape[1];
  } catch (error) {
    throw new StudyError(`${path} does not run on a 32x32 RGB image: ${firstLine(error)}`);
  }
  if (classes !== 10) {
    throw new StudyError(`${path} is not a CIFAR-10 classifier: it outputs ${classes} scores, not 10`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
