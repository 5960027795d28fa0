import { GradcamError } from '../errors/gradcam-error.js';
import { createAblationCam } from './ablation-cam.js';
import type { CamMethod, MethodCapability } from './cam-method.js';
import { createDeepFeatureFactorization } from './deep-feature-factorization.js';
import { eigenCam } from './eigen-cam.js';
import { eigenGradCam } from './eigen-grad-cam.js';
import { createFastScoreCam } from './fast-score-cam.js';
import { createFem } from './fem.js';
import { createFinerCam } from './finer-cam.js';
import { fullgrad } from './fullgrad.js';
import { gradCam } from './grad-cam.js';
import { gradCamElementwise } from './grad-cam-elementwise.js';
import { gradCamPlusPlus } from './grad-cam-plus-plus.js';
import { gradient } from './gradient.js';
import { gradientXInput } from './gradient-x-input.js';
import { guidedBackprop } from './guided-backprop.js';
import { guidedGradcam } from './guided-gradcam.js';
import { hiResCam } from './hires-cam.js';
import type { InputMethod } from './input-method.js';
import { createIntegratedGradients } from './integrated-gradients.js';
import { createKpcaCam } from './kpca-cam.js';
import { layerCam } from './layer-cam.js';
import { createRandomCam } from './random-cam.js';
import { createScoreCam } from './score-cam.js';
import { createShapleyCam } from './shapley-cam.js';
import { createSmoothGrad } from './smoothgrad.js';
import { xGradCam } from './x-grad-cam.js';

/**
 * A registered method whose map is formed from one layer's activations ({@link CamMethod}): at the layer's
 * resolution, one channel, resized to the input by `explain`.
 */
export interface LayerMethodEntry<Options = never> {
  /** Where the map lives. */
  readonly kind: 'layer';
  /** One line: what the method weighs the activations by. */
  readonly description: string;
  /** The backend capabilities it needs with its default options. */
  readonly requires: readonly MethodCapability[];
  /** The method, configured by its options (the method's entry in `explain`'s `methodOptions`). */
  readonly create: (options?: Options) => CamMethod;
}

/**
 * A registered method whose map lives in input space ({@link InputMethod}): the input's resolution and channels.
 * Its map is shown as a channel reduction of the attributions (see `explain`'s `inputReduction`).
 */
export interface InputMethodEntry<Options = never> {
  /** Where the map lives. */
  readonly kind: 'input';
  /** One line: what the map shows. */
  readonly description: string;
  /** The backend capabilities it needs with its default options. */
  readonly requires: readonly MethodCapability[];
  /** The method, configured by its options. */
  readonly create: (options?: Options) => InputMethod;
}

/** One entry of the method registry, whatever its options (`never`: any options type fits). */
export type MethodEntry = LayerMethodEntry<never> | InputMethodEntry<never>;

/** The entry of an input-space method that has no options. */
function inputSpace(method: InputMethod, description: string): InputMethodEntry {
  return { kind: 'input', description, requires: method.requires, create: () => method };
}

/** The entry of a layer method that has no options. */
function layer(method: CamMethod, description: string): LayerMethodEntry {
  return { kind: 'layer', description, requires: method.requires, create: () => method };
}

/**
 * The built-in methods, by name. Adding a method is one file under `methods/` and one line here: the name list,
 * {@link CamMethodName}, the per-method `methodOptions` of `explain` and the CLI's method list derive from it.
 */
export const camMethods = {
  gradcam: layer(gradCam, 'Channel weights: the spatial mean of the gradient (Grad-CAM).'),
  'gradcam++': layer(gradCamPlusPlus, 'Channel weights: positive gradients weighted by second-order terms.'),
  xgradcam: layer(xGradCam, 'Channel weights: gradient times activation over the activation sum.'),
  hirescam: layer(hiResCam, 'Element-wise gradient times activation, summed over channels.'),
  'gradcam-elementwise': layer(gradCamElementwise, 'Element-wise ReLU(gradient times activation), summed.'),
  layercam: layer(layerCam, 'Element-wise positive gradient times activation, summed over channels.'),
  eigencam: layer(eigenCam, 'The first principal component of the activations (no gradients, no target).'),
  eigengradcam: layer(eigenGradCam, 'The first principal component of gradient times activation.'),
  scorecam: {
    kind: 'layer',
    description: 'Channel weights: the softmaxed target score of the input masked by each channel.',
    requires: ['forward'],
    create: createScoreCam,
  },
  ablationcam: {
    kind: 'layer',
    description: 'Channel weights: the drop of the target score when each channel is ablated.',
    requires: ['headFromActivations'],
    create: createAblationCam,
  },
  'fast-scorecam': {
    kind: 'layer',
    description:
      "Score-CAM's weights from a budget of passes; the channels not run get a regression estimate.",
    requires: ['forward'],
    create: createFastScoreCam,
  },
  finercam: {
    kind: 'layer',
    description: "Grad-CAM of the class's score minus its most similar classes' scores (Finer-CAM).",
    requires: ['gradients'],
    create: createFinerCam,
  },
  kpcacam: {
    kind: 'layer',
    description: 'The first kernel principal component of the activations (no gradients, no target).',
    requires: [],
    create: createKpcaCam,
  },
  fem: {
    kind: 'layer',
    description: "Channel weights: the fraction of each channel's pixels above mean + k std (no gradients).",
    requires: [],
    create: createFem,
  },
  shapleycam: {
    kind: 'layer',
    description: 'Channel weights: the mean of gradient minus half the Hessian-vector product (ShapleyCAM).',
    requires: ['gradients', 'headFromActivations'],
    create: createShapleyCam,
  },
  dff: {
    kind: 'layer',
    description:
      "Deep Feature Factorization: where the concept the target's class scores highest is present.",
    requires: ['headFromActivations'],
    create: createDeepFeatureFactorization,
  },
  randomcam: {
    kind: 'layer',
    description: 'Channel weights drawn at random in [-1, 1): a sanity-check baseline.',
    requires: [],
    create: createRandomCam,
  },
  gradient: inputSpace(gradient, 'The gradient of the score with respect to the input (vanilla saliency).'),
  'gradient-x-input': inputSpace(gradientXInput, 'The input gradient times the input, element by element.'),
  'guided-backprop': inputSpace(
    guidedBackprop,
    'The input gradient with every ReLU passing only positive gradient (Guided Backpropagation).',
  ),
  'guided-gradcam': inputSpace(guidedGradcam, 'Guided Backpropagation times the Grad-CAM map, per channel.'),
  smoothgrad: {
    kind: 'input',
    description: 'The input gradient averaged over noisy copies of the input (seeded).',
    requires: ['inputGradients'],
    create: createSmoothGrad,
  },
  'integrated-gradients': {
    kind: 'input',
    description: 'Input minus baseline times the mean gradient along the path between them.',
    requires: ['inputGradients'],
    create: createIntegratedGradients,
  },
  fullgrad: inputSpace(
    fullgrad,
    'Input gradient times input plus bias times gradient at every biased layer, each normalised and summed.',
  ),
} as const satisfies Record<string, MethodEntry>;

/** The name of a built-in CAM method. */
export type CamMethodName = keyof typeof camMethods;

/** The names of the built-in CAM methods, in the registry's order. */
export const camMethodNames = Object.keys(camMethods) as readonly CamMethodName[];

/** The options `create` takes (`never` for a method without options). */
type OptionsOf<Entry> = Entry extends { readonly create: (...options: infer Args) => unknown }
  ? Args extends []
    ? never
    : Exclude<Args[0], undefined>
  : never;

/**
 * Options of the methods that have options, keyed by method name (used when `explain` is given a method by name),
 * e.g. `{ scorecam: { batchSize: 64 }, ablationcam: { channels: { top: 32 } } }`.
 */
export type CamMethodOptions = {
  readonly [Name in CamMethodName as [OptionsOf<(typeof camMethods)[Name]>] extends [never]
    ? never
    : Name]?: OptionsOf<(typeof camMethods)[Name]>;
};

/** Whether `name` is the name of a built-in method. */
export function isCamMethodName(name: string): name is CamMethodName {
  return Object.hasOwn(camMethods, name);
}

/**
 * The registry entry of the built-in method with this name.
 *
 * @throws {@link GradcamError} with code `'unknown-method'` listing the methods, for an unknown name.
 */
export function camMethodEntry(name: string): MethodEntry {
  if (!isCamMethodName(name)) {
    throw new GradcamError(
      'unknown-method',
      `Unknown CAM method "${name}". Methods: ${camMethodNames.join(', ')}.`,
    );
  }
  return camMethods[name];
}

/**
 * The built-in layer method with this name, configured by its entry of `options`.
 *
 * @throws {@link GradcamError} with code `'unknown-method'` listing the methods, for an unknown name, and with
 * code `'input-space-method'` for a method whose map lives in input space.
 */
export function camMethod(name: string, options: CamMethodOptions = {}): CamMethod {
  const entry = camMethodEntry(name);
  if (entry.kind !== 'layer') {
    throw new GradcamError(
      'input-space-method',
      `"${name}" forms its map in input space, not from a layer's activations, so it is not a CamMethod: ` +
        `create it with camMethods['${name}'].create(options).`,
    );
  }
  return entry.create((options as Record<string, never>)[name]);
}
