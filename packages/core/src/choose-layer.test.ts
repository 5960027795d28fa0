import { describe, expect, it } from 'vitest';
import type { LayerInfo } from './backend/v1/backend-v1.js';
import { chooseLayer, isSpatialLayer, isTokenLayer } from './choose-layer.js';

const layer = (name: string, outputShape: (number | null)[], layout?: 'nchw' | 'nhwc'): LayerInfo => ({
  name,
  kind: 'x',
  outputShape,
  ...(layout ? { layout } : {}),
});

describe('chooseLayer', () => {
  it('takes the last 4-D layer with more than one spatial cell', () => {
    const layers = [
      layer('conv1', [null, 8, 16, 16], 'nchw'),
      layer('conv2', [null, 16, 4, 4], 'nchw'),
      layer('gap', [null, 16, 1, 1], 'nchw'),
      layer('flatten', [null, 16]),
      layer('fc', [null, 10]),
    ];
    expect(chooseLayer(layers)?.name).toBe('conv2');
  });
  it('reads NHWC shapes and counts unknown sizes as spatial', () => {
    expect(isSpatialLayer(layer('a', [null, 7, 7, 512], 'nhwc'))).toBe(true);
    expect(isSpatialLayer(layer('b', [null, 1, 1, 512], 'nhwc'))).toBe(false);
    expect(isSpatialLayer(layer('c', [null, 3, null, null], 'nchw'))).toBe(true);
  });
  it('returns undefined for a model without spatial layers', () => {
    expect(chooseLayer([layer('fc', [null, 10])])).toBeUndefined();
  });
});

const tokenLayer = (name: string, kind: string, tokens = 197, channels = 96): LayerInfo => ({
  name,
  kind,
  outputShape: [null, tokens, channels],
  layout: 'ntc',
});

describe('chooseLayer on transformers (token layers)', () => {
  // A torchvision ViT with 3 blocks: ln_1, ln_2 per block, then the final ln; the attention is not listed.
  const vit = [
    layer('patches', [null, 96, 14, 14], 'nchw'),
    ...[0, 1, 2].flatMap((block) => [
      tokenLayer(`b${block}.ln_1`, 'LayerNormalization'),
      tokenLayer(`b${block}.add`, 'Add'),
      tokenLayer(`b${block}.ln_2`, 'LayerNormalization'),
      tokenLayer(`b${block}.mlp`, 'MatMul', 197, 192),
      tokenLayer(`b${block}.add_1`, 'Add'),
    ]),
    tokenLayer('ln', 'LayerNormalization'),
    layer('head', [null, 1000]),
  ];

  it("takes the last block's first LayerNorm (pytorch-grad-cam's blocks[-1].norm1), not the last spatial layer", () => {
    expect(chooseLayer(vit)?.name).toBe('b2.ln_1');
    expect(isTokenLayer(vit[1]!)).toBe(true);
    expect(isSpatialLayer(vit[1]!)).toBe(false);
  });

  it('without a final norm (mean-pooled heads) the second LayerNorm from the end', () => {
    expect(chooseLayer(vit.filter((info) => info.name !== 'ln'))?.name).toBe('b2.ln_1');
  });

  it('uses the listed attention when there is one: the last LayerNorm before the last Softmax', () => {
    const withAttention = [
      tokenLayer('b0.norm1', 'LayerNormalization'),
      layer('b0.attn', [null, 3, 197, 197], 'nchw'),
      tokenLayer('b0.norm2', 'LayerNormalization'),
      tokenLayer('b1.norm1', 'LayerNormalization'),
      { ...layer('b1.attn', [null, 3, 197, 197], 'nchw'), kind: 'Softmax' },
      tokenLayer('b1.norm2', 'LayerNormalization'),
      tokenLayer('extra', 'LayerNormalization'),
      tokenLayer('norm', 'LayerNormalization'),
    ];
    expect(chooseLayer(withAttention)?.name).toBe('b1.norm1');
  });

  it('without LayerNorm layers: the last token layer', () => {
    expect(chooseLayer([tokenLayer('a', 'Add'), tokenLayer('b', 'Mul'), layer('fc', [null, 10])])?.name).toBe(
      'b',
    );
  });
});
