import { describe, expect, it } from 'vitest';
import { parseArgs } from './parse-args.js';

describe('parseArgs', () => {
  it('reads the command, valued flags and switches', () => {
    expect(parseArgs(['train', '--data', '/d', '--epochs=3', '--resume', '--out', 'o'])).toEqual({
      command: 'train',
      flags: { data: '/d', epochs: '3', resume: true, out: 'o' },
      repeated: { data: ['/d'], epochs: ['3'], out: ['o'] },
    });
    expect(parseArgs([]).command).toBe('help');
    expect(() => parseArgs(['train', 'stray'])).toThrow(/unexpected/);
  });

  it('keeps every value of a repeated flag', () => {
    const parsed = parseArgs(['study', '--model', 'a.json', '--model=b.onnx']);
    expect(parsed.repeated.model).toEqual(['a.json', 'b.onnx']);
    expect(parsed.flags.model).toBe('b.onnx');
  });
});
