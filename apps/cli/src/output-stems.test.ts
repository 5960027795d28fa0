import { describe, expect, it } from 'vitest';
import { outputStems } from './output-stems.js';

describe('outputStems', () => {
  it('keeps plain file names when they do not collide', () => {
    expect(outputStems(['/photos/cat.jpg', '/photos/dog.png'])).toEqual(['cat', 'dog']);
  });

  it('tells the same name with different extensions apart by the extension', () => {
    expect(outputStems(['/p/x.png', '/p/x.jpg', '/p/y.jpg'])).toEqual(['x-png', 'x-jpg', 'y']);
  });

  it('tells the same name in different folders apart by the folders', () => {
    expect(outputStems(['/p/a/x.jpg', '/p/b/x.jpg'])).toEqual(['a_x', 'b_x']);
    expect(outputStems(['/p/a/s/x.jpg', '/p/b/s/x.jpg'])).toEqual(['a_s_x', 'b_s_x']);
    expect(outputStems(['/p/a/x.jpg', '/p/b/x.jpg', '/p/x.png', '/p/x.jpg'])).toEqual([
      'a_x-jpg',
      'b_x-jpg',
      'x-png',
      'p_x-jpg',
    ]);
  });

  it('is unique ignoring case, with no dots, even when file names differ only in unsafe characters', () => {
    const paths = ['/p/A.png', '/p/a.PNG', '/q/a.png', '/p/x y.png', '/p/x_y.png', '/p/photo.v2.png'];
    const stems = outputStems(paths);
    expect(new Set(stems.map((stem) => stem.toLowerCase())).size).toBe(paths.length);
    for (const stem of stems) expect(stem).not.toContain('.');
    expect(stems[5]).toBe('photo_v2');
    expect(stems.slice(3, 5)).toEqual(['x_y', 'x_y-2']);
  });
});
