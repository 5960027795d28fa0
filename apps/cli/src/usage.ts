import { camMethodNames } from '@gradcam/core';
import { colormapNames, preprocessPresets } from '@gradcam/viz';

/** The commands that have their own help. */
export const commandNames = ['explain', 'layers', 'demo'] as const;

/** A command of `gradcam`. */
export type CommandName = (typeof commandNames)[number];

const modelOptions = `Model:
  --model PATH          .onnx file or TensorFlow.js model.json (LayersModel or GraphModel)
                        default: the bundled ImageNet model (darknet-tiny) with its labels
  --output NAME         output or tensor holding the class scores (default: the first output, before a softmax)
  --labels FILE         class names: one per line, "index,name" lines, or a JSON array
  --backend NAME        TensorFlow.js backend: wasm (default), cpu, or tensorflow (needs @tensorflow/tfjs-node)
  --threads N           ONNX models: threads of each ONNX Runtime session (intra- and inter-op; default: ONNX
                        Runtime's, one per core). TensorFlow.js models ignore it: tfjs-backend-wasm runs
                        single-threaded in Node
  --execution-provider LIST
                        ONNX models: ONNX Runtime execution providers in order of preference, comma-separated
                        (default: cpu; e.g. cuda,cpu or webgpu,cpu where onnxruntime-node offers them)
`;

const explainOptions = `What to explain:
  --layer NAME          layer or tensor name (default: the last spatial layer, or for a transformer the last
                        block's first LayerNorm; see 'gradcam layers')
  --tokens SPEC         transformers: how a token layer's tokens form a grid, prefix=N,height=N,width=N or
                        size=HxW (prefix: class/distillation/register tokens; default: inferred from the input
                        size, e.g. 197 tokens at 224x224 are prefix=1,size=14x14)
  --method NAME         ${camMethodNames.slice(0, 6).join(', ')},
                        ${camMethodNames.slice(6, 12).join(', ')},
                        ${camMethodNames.slice(12).join(', ')} (default: gradcam);
                        repeat or comma-separate for several
  --class ID|LABEL      class index or label; repeatable (default: the top-1 class; for segmentation, the
                        class covering most pixels)
  --target KIND         classification, detection or segmentation (default: classification). The explained
                        output is --output, before any top-k or non-maximum suppression (not differentiable):
                        detection explains each detection's cell of a heat-map output (CenterNet keypoints),
                        segmentation the class's scores summed over the pixels the model gives it. Name a
                        layer the output's heads share with --layer (the automatic choice is the output itself)
  --min-score X         detection: keep detections scoring at least X (default: 0.3)
  --max-detections N    detection: at most N per input, highest first (default: 10)
  --detections NAME     detection: the output of post-processed rows [x0, y0, x1, y1, score, class] in input
                        pixels (default: the model's one output of that shape)
  --preprocess SPEC     a preset (${Object.keys(preprocessPresets).join(', ')}) or key=value pairs:
                        size=HxW,channels=rgb|bgr|gray,scale=1/255,mean=a/b/c,std=a/b/c,layout=nchw|nhwc
                        (one mean or std value applies to every channel; a preset may be followed by
                        overrides: "imagenet,size=256x256")

Output:
  --out DIR             output folder (default: ./gradcam-out); the results of an earlier run there are
                        replaced (the files its summary.json lists are removed first; other files are kept)
  --format png|jpg      image format (default: png)
  --colormap NAME       ${colormapNames.join(', ')} (default: jet)
  --alpha X             heat-map weight in the overlay, 0..1 (default: 0.5)
  --npy                 also save the normalised map (input size) and the raw coarse map as .npy
  --json                print a machine-readable summary on stdout
  --concurrency N       worker threads for several inputs (default: number of CPU cores, at most 4)
`;

const exitStatus = `Exit status: 0 success, 1 an input or the model failed, 2 the command line is wrong.
`;

/** The help of `gradcam` itself (`gradcam --help`). */
export const generalHelp = `gradcam: see what an image classifier looks at (Grad-CAM and the CAM family).

Usage:
  gradcam explain <inputs...> [options]   explain images (.png .jpg .webp), folders (recursively) or .npy tensors
  gradcam layers [--model PATH]           list the layers a map can be computed at (the automatic choice marked)
  gradcam demo [options]                  explain the bundled sample photos with the bundled model
  gradcam help <command>                  the options of a command (or: gradcam <command> --help)
  gradcam --help | --version

${exitStatus}`;

/** The help of each command (`gradcam <command> --help`, `gradcam help <command>`). */
export const commandHelp: Readonly<Record<CommandName, string>> = {
  explain: `gradcam explain: explain images (.png .jpg .jpeg .webp), folders (recursively) or preprocessed .npy tensors.

Usage:
  gradcam explain <inputs...> [options]

${modelOptions}
${explainOptions}
${exitStatus}`,
  layers: `gradcam layers: list the layers of a model a map can be computed at; the automatic choice is marked.

Usage:
  gradcam layers [options]

${modelOptions}
Output:
  --json                print the layers as JSON

${exitStatus}`,
  demo: `gradcam demo: explain the bundled sample photos (or the inputs given) with the bundled ImageNet model.

Usage:
  gradcam demo [inputs...] [options]

Takes the options of 'gradcam explain':

${modelOptions}
${explainOptions}
${exitStatus}`,
};

/** True when `name` is one of {@link commandNames}. */
export function isCommandName(name: string): name is CommandName {
  return (commandNames as readonly string[]).includes(name);
}
