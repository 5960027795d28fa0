import { describe, expect, it } from 'vitest';
import { parseLabels } from './read-labels.js';

describe('parseLabels', () => {
  it('reads one label per line, and the first name of `index,name, synonym` lines', () => {
    expect(parseLabels('cat\n\ndog\n')).toEqual(['cat', 'dog']);
    expect(parseLabels('0,tench, Tinca tinca\n1,goldfish, Carassius auratus\n')).toEqual([
      'tench',
      'goldfish',
    ]);
    expect(parseLabels('bull mastiff\r\ntabby, tabby cat\n')).toEqual(['bull mastiff', 'tabby, tabby cat']);
  });
});
