/** The `--help` text. */
export const usage = `gradcam: see what an image classifier looks at (Grad-CAM and the CAM family).

Usage:
  gradcam explain <inputs...> [options]   explain images (.png .jpg .webp), folders (recursively) or .npy tensors
  gradcam layers [--model PATH]           list the layers a map can be computed at (the automatic choice marked)
  gradcam demo                            explain the bundled sample photos with the bundled model
  gradcam --help | --version

Model:
  --model PATH          .onnx file or TensorFlow.js model.json (LayersModel or GraphModel)
                        default: the bundled ImageNet model (darknet-tiny) with its labels
  --output NAME         output or tensor holding the class scores (default: the first output, before a softmax)
  --labels FILE         class names: one per line, "index,name" lines, or a JSON array
  --backend NAME        TensorFlow.js backend: wasm (default), cpu, or tensorflow (needs @tensorflow/tfjs-node)

What to explain:
  --layer NAME          layer or tensor name (default: the last spatial layer; see 'gradcam layers')
  --method NAME         gradcam (default), gradcam++, xgradcam, hirescam, gradcam-elementwise, layercam,
                        eigencam, eigengradcam, scorecam, ablationcam; repeat or comma-separate for several
  --class ID|LABEL      class index or label; repeatable (default: the top-1 class)
  --preprocess SPEC     a preset (imagenet, imagenet-bgr-caffe, cifar10, mnist, unit) or key=value pairs:
                        size=HxW,channels=rgb|bgr|gray,scale=1/255,mean=a/b/c,std=a/b/c,layout=nchw|nhwc
                        (a preset may be followed by overrides: "imagenet,size=256x256")

Output:
  --out DIR             output folder (default: ./gradcam-out)
  --format png|jpg      image format (default: png)
  --colormap NAME       jet (default), turbo, viridis, inferno, magma, plasma, gray
  --alpha X             heat-map weight in the overlay, 0..1 (default: 0.5)
  --npy                 also save the normalised map (input size) and the raw coarse map as .npy
  --json                print a machine-readable summary on stdout
  --concurrency N       worker threads for several inputs (default: number of CPU cores, at most 4)
`;
