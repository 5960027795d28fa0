import type { PreprocessPresetName } from '@gradcam/viz';

/** A sample image shipped with the site. */
export interface SampleImage {
  /** Its URL, relative to the page. */
  readonly url: string;
  /** What it shows. */
  readonly caption: string;
}

/** A model shipped with the site (`scripts/build.mjs` copies the files). */
export interface BundledModel {
  /** Stable id, used in `?model=` and by the tests. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** One line on what it is. */
  readonly description: string;
  /** Which runtime loads it. */
  readonly runtime: 'tfjs' | 'onnx';
  /** The model file (`model.json` or `.onnx`), relative to the page. */
  readonly url: string;
  /** Labels: a file of one name per line (`index,name` lines are read too), or `metadata` for tfjs models that carry them in `userDefinedMetadata.classes`. */
  readonly labels: { readonly url: string } | 'metadata';
  /** How it was trained to see images. */
  readonly preprocess: PreprocessPresetName;
  /** Images it knows about, first one loaded with the model. */
  readonly samples: readonly SampleImage[];
}

const imagenetSamples: readonly SampleImage[] = [
  { url: './images/both.png', caption: 'bulldog and tabby cat' },
  { url: './images/chelsea.png', caption: 'tabby cat' },
  { url: './images/dogs.png', caption: 'two collies in snow' },
];

/** The CIFAR-10 test images copied by the build (one per class), deer and ship first. */
export const cifarSampleClasses = [
  'deer',
  'ship',
  'airplane',
  'automobile',
  'bird',
  'cat',
  'dog',
  'frog',
  'horse',
  'truck',
] as const;

/** The models the page offers without any upload. */
export const bundledModels: readonly BundledModel[] = [
  {
    id: 'darknet-tiny',
    name: 'darknet-tiny (ImageNet, TensorFlow.js)',
    description: 'Tiny Darknet reference network, 1000 ImageNet classes, 224×224 RGB x/255.',
    runtime: 'tfjs',
    url: './models/darknet-tiny/model.json',
    labels: { url: './models/darknet-tiny/labels.txt' },
    preprocess: 'unit',
    samples: imagenetSamples,
  },
  {
    id: 'cifar10',
    name: 'CIFAR-10 CNN (this project, TensorFlow.js)',
    description: 'The CIFAR-10 model trained in apps/cifar10: 10 classes, 32×32 RGB x/255.',
    runtime: 'tfjs',
    url: './models/cifar10/model.json',
    labels: 'metadata',
    preprocess: 'unit',
    samples: cifarSampleClasses.map((name) => ({
      url: `./images/cifar10/${name}.jpg`,
      caption: `${name} (CIFAR-10 test set)`,
    })),
  },
  {
    id: 'squeezenet',
    name: 'SqueezeNet 1.0 fp16 (ImageNet, ONNX)',
    description:
      'ONNX model zoo SqueezeNet, all float16, exact gradients through @gradcam/onnx on onnxruntime-web.',
    runtime: 'onnx',
    url: './models/squeezenet/squeezenet1.0-fp16.onnx',
    labels: { url: './models/squeezenet/labels.txt' },
    preprocess: 'imagenet-bgr-caffe',
    samples: imagenetSamples,
  },
];

/** The bundled model with this id, or `undefined`. */
export function findBundledModel(id: string): BundledModel | undefined {
  return bundledModels.find((model) => model.id === id);
}
