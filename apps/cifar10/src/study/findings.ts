/**
 * What the maps of the study show, written after looking at them. Findings belong to one set of weights: they are
 * keyed by the model's SHA-256 fingerprint, so a retrained model gets no stale text (the report then says that
 * nobody has written findings for it yet).
 */
const FINDINGS: Record<string, Record<string, string>> = {
  // resnet9_w16, 84.98% (model/ as committed after 10 epochs), maps at layer3_relu.
  d1d598f159a90a31c8bff144c77e716782e3502c809110c86811fd7e7429e3ce: {
    deer:
      'All eight deer the model is most sure of (p 0.98-0.99) are stags with large antlers: the model is most ' +
      'confident exactly where the original study said it looks. The maps only partly agree. LayerCAM puts its ' +
      'peak on the antlers or the head in 7 of the 8 (all but deer/0765, where it is on the body). Grad-CAM++ ' +
      'marks the antlers or the head too but peaks as often on the body; Score-CAM covers the whole animal, and ' +
      'once (deer/0181) the grass band at the bottom. Plain Grad-CAM is the least convincing: in 5 of the 8 its ' +
      'peak is on the legs or the background (grass, image corners). So "antlers and head" holds for LayerCAM on ' +
      'the clearest stags; with 8x8 maps on a 32x32 image the antlers cannot be told from the head, and the methods ' +
      'disagree on the less clear images.',
    ship:
      'The ships the model is most sure of (p 0.94-0.95) are motor boats, a warship and a sailing boat. The maps ' +
      'land on the hull and the waterline (Score-CAM, LayerCAM) or the cabin and the whole boat (Grad-CAM++); the mast ' +
      'shows only where ' +
      'it is large: on the sailing boat (ship/0927) Grad-CAM, Grad-CAM++ and LayerCAM mark the mast as well as the ' +
      'hull. Nothing like an exhaust pipe or funnel is visible at this resolution, so that part of the original ' +
      'claim cannot be checked here. Grad-CAM again often peaks just outside the ship, on the sky or the water ' +
      'above it (ship/0766, 0540, 0266): water and sky are part of what makes a CIFAR-10 ship.',
  },
  // cifar10-winml.onnx (64.38%), maps at its last ReLU ('43', 10x10).
  d04131695f980c7febadf5e64996500dc4c9a6b1c313a30262d1a78386fc076d: {
    deer:
      'This weaker model is most sure of stags and grazing deer too (p 0.99+), but its maps do not support the ' +
      'claim: Grad-CAM peaks on the grass and the image edges, Grad-CAM++ and LayerCAM spread over the background ' +
      'with peaks in the corners. Part of that is geometry: its layer is 10x10 after four 5x5 convolutions padded by ' +
      'only 1 and a pooling, so cell i is centred on input pixel 2i+6.5, while stretching the map to 32x32, as ' +
      'pytorch-grad-cam does, puts it at 3.2i+1.6: up to 6 pixels too far out, towards the borders.',
    ship:
      'Grad-CAM marks the hull bottom and the water along the waterline in most of its eight most confident ships; ' +
      'Grad-CAM++ and LayerCAM are diffuse, with peaks in the corners (see deer for why). No mast or funnel.',
  },
};

/** The findings written for the model with this fingerprint, by class (empty when there are none). */
export function findingsFor(fingerprint: string): Record<string, string> {
  return FINDINGS[fingerprint] ?? {};
}
