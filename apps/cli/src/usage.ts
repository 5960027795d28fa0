import { camMethodNames, camMethods } from '@gradcam/core';
import { colormapNames, preprocessPresets } from '@gradcam/viz';

/** The commands that have their own help. */
export const commandNames = ['explain', 'layers', 'demo', 'queue', 'worker'] as const;

/** A command of `gradcam`. */
export type CommandName = (typeof commandNames)[number];

/** The subcommands of `gradcam queue`. */
export const queueSubcommands = ['submit', 'status', 'collect', 'clear'] as const;

/** A subcommand of `gradcam queue`. */
export type QueueSubcommand = (typeof queueSubcommands)[number];

/** True when `name` is one of {@link queueSubcommands}. */
export function isQueueSubcommand(name: string): name is QueueSubcommand {
  return (queueSubcommands as readonly string[]).includes(name);
}

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

/** The method names, layer methods first, a few per line. */
function methodLines(): string {
  const layer = camMethodNames.filter((name) => camMethods[name].kind === 'layer');
  const input = camMethodNames.filter((name) => camMethods[name].kind === 'input');
  const lines: string[] = [];
  for (let start = 0; start < layer.length; start += 6) lines.push(layer.slice(start, start + 6).join(', '));
  for (let start = 0; start < input.length; start += 4) lines.push(input.slice(start, start + 4).join(', '));
  return lines.join(',\n                        ');
}

const whatToExplain = `What to explain:
  --layer NAME          layer or tensor name (default: the last spatial layer, or for a transformer the last
                        block's first LayerNorm; see 'gradcam layers')
  --tokens SPEC         transformers: how a token layer's tokens form a grid, prefix=N,height=N,width=N or
                        size=HxW (prefix: class/distillation/register tokens; default: inferred from the input
                        size, e.g. 197 tokens at 224x224 are prefix=1,size=14x14)
  --method NAME         ${methodLines()} (default: gradcam);
                        repeat or comma-separate for several. Input-space methods (gradient, guided-backprop,
                        ...) map every pixel and channel: they also write a .gradient image
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
                        pixels (default: the model's one output of that shape; an ONNX model without one:
                        the heat map's local maxima, each boxed by its cell)
  --preprocess SPEC     a preset (${Object.keys(preprocessPresets).join(', ')}) or key=value pairs:
                        size=HxW,channels=rgb|bgr|gray,scale=1/255,mean=a/b/c,std=a/b/c,layout=nchw|nhwc
                        (one mean or std value applies to every channel; a preset may be followed by
                        overrides: "imagenet,size=256x256")
`;

const drawing = `  --format png|jpg      image format (default: png)
  --colormap NAME       ${colormapNames.join(', ')} (default: jet)
  --alpha X             heat-map weight in the overlay, 0..1 (default: 0.5)
  --npy                 also save the normalised map (input size) and the raw coarse map as .npy; for
                        input-space methods the raw attributions [channels, height, width] instead
`;

const explainOptions = `${whatToExplain}
Output:
  --out DIR             output folder (default: ./gradcam-out); the results of an earlier run there are
                        replaced (the files its summary.json lists are removed first; other files are kept)
${drawing}  --json                print a machine-readable summary on stdout
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
  gradcam queue submit|status|collect     explain a dataset on many machines: a job queue on Redis
  gradcam worker --out DIR                take the queue's jobs and explain them (as many as you like)
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
  queue: `gradcam queue: explain a whole dataset with any number of workers on any number of machines, through a
BullMQ job queue on Redis (needs the packages bullmq and ioredis, installed with gradcam unless omitted).

Usage:
  gradcam queue submit <inputs...> [options]   one job per input; submitting the same run again adds nothing
  gradcam queue status [--json]                waiting, active, completed, failed, throughput, ETA
  gradcam queue collect --out DIR [--json]     summary.json and index.html from the results, as 'explain' writes
  gradcam queue clear                          delete the queue, its jobs and their results (not the files)

Queue:
  --redis URL           the Redis all machines share (default: redis://127.0.0.1:6379)
  --queue NAME          the queue (default: gradcam); one run per queue

Submit: inputs are image files, folders (recursively) and .npy tensors, at paths every worker can read
(shared storage), or listed in a manifest. The model is opened and the options checked here, once; the workers
use the model file at the same path.
  --manifest FILE       one input per line: a path (relative to the manifest's folder) or an http(s):// address;
                        repeatable; lines starting with # are skipped
  --attempts N          tries per input before its job fails with the reason (default: 3)

${modelOptions}
${whatToExplain}
Drawing:
${drawing}
Collect:
  --out DIR             the folder the workers wrote to (as mounted here): summary.json and index.html go there
  --json                print the summary (status: the counts) as JSON

Exit status: 0 success, 1 a job failed or is not finished (collect) or Redis cannot be reached, 2 the command
line is wrong.
`,
  worker: `gradcam worker: take the jobs of a queue (see gradcam queue --help) and explain them, until stopped.

Usage:
  gradcam worker --out DIR [options]

Opens the queued run's model once (it fails before taking a job when the model cannot be loaded), writes the
files of each input into --out under names no other input shares (each file written whole, then renamed), and
records each input's result in Redis. SIGTERM or Ctrl-C: finishes the jobs in hand, then exits. A worker that is
killed loses nothing: its jobs go to another worker after --stall-timeout.

Options:
  --redis URL           the queue's Redis (default: redis://127.0.0.1:6379)
  --queue NAME          the queue (default: gradcam)
  --out DIR             the output folder, shared by all workers (a network file system or a mounted bucket)
  --concurrency N       jobs at once in this process, each on its own thread with its own model (default: 1)
  --exit-when-idle      exit once the queue has no job waiting, delayed or in progress
  --stall-timeout S     seconds without news from a worker before its job goes to another (default: 30)
  --backend NAME        TensorFlow.js backend on this machine (default: the run's)
  --threads N           ONNX Runtime threads per session on this machine (default: the run's)
  --execution-provider LIST
                        ONNX Runtime execution providers on this machine (default: the run's)

Exit status: 0 success, 1 the model or Redis failed, 2 the command line is wrong (success: stopped by SIGTERM or
Ctrl-C, or with --exit-when-idle, the queue is empty).
`,
};

/** True when `name` is one of {@link commandNames}. */
export function isCommandName(name: string): name is CommandName {
  return (commandNames as readonly string[]).includes(name);
}
