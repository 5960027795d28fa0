"""Exports torchvision's resnet18 and mobilenet_v2 to ONNX with random weights, for the Score-CAM benchmark.

No pretrained weights are needed (or available offline): the weights are random (torch seed 0) and the
BatchNorm statistics are recalibrated on 4 batches of 16 N(0, 1) images (seed 1), so activations are of
order 1 like a trained network's. Needs Debian's python3-torch and python3-torchvision
(`apt-get install python3-torch python3-torchvision`).

    /usr/bin/python3 packages/onnx/bench/export-imagenet-models.py [OUT_DIR]   # default /work/bench-models

Writes OUT_DIR/resnet18.onnx (45 MB) and OUT_DIR/mobilenet_v2.onnx (14 MB), batch axis dynamic, opset 13.
"""
import os
import sys

import torch
import torchvision

out = sys.argv[1] if len(sys.argv) > 1 else "/work/bench-models"
os.makedirs(out, exist_ok=True)

for name in ["resnet18", "mobilenet_v2"]:
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None  # cumulative average over the calibration batches
    model.train()
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(16, 3, 224, 224, generator=generator))
    model.eval()
    path = os.path.join(out, f"{name}.onnx")
    torch.onnx.export(
        model,
        torch.randn(1, 3, 224, 224),
        path,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13,
        do_constant_folding=True,
    )
    with torch.no_grad():
        logits = model(torch.randn(2, 3, 224, 224, generator=generator))
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, logits std {logits.std():.3f}")
