import { describe, expect, it } from 'vitest';
import { jobIdOf, queuedStemOf } from './job-identity.js';

describe('jobIdOf and queuedStemOf', () => {
  it('give the same id and stem to the same input of the same run (submitting twice adds nothing)', () => {
    expect(jobIdOf('run-a', '/data/cat.jpg')).toBe(jobIdOf('run-a', '/data/cat.jpg'));
    expect(queuedStemOf('/data/cat.jpg')).toBe(queuedStemOf('/data/cat.jpg'));
  });

  it('tell inputs and runs apart', () => {
    expect(jobIdOf('run-a', '/data/cat.jpg')).not.toBe(jobIdOf('run-b', '/data/cat.jpg'));
    expect(jobIdOf('run-a', '/data/cat.jpg')).not.toBe(jobIdOf('run-a', '/data/dog.jpg'));
    expect(jobIdOf('run-a', '/data/cat.jpg')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives inputs of the same name different, readable stems without dots', () => {
    const a = queuedStemOf('/data/train/cat 1.jpg');
    const b = queuedStemOf('/data/val/cat 1.jpg');
    const c = queuedStemOf('https://example.org/photos/cat%201.jpg?size=large');
    expect(a).toMatch(/^cat_1-[0-9a-f]{10}$/);
    expect(b).toMatch(/^cat_1-[0-9a-f]{10}$/);
    expect(c).toMatch(/^cat_1-[0-9a-f]{10}$/);
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
