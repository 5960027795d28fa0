import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from './collect-inputs.js';
import { UsageError } from './usage-error.js';

describe('collectInputs', () => {
  it('walks folders in order, skips the output folder inside them, keeps files named explicitly', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gradcam-inputs-'));
    const out = join(folder, 'gradcam-out');
    mkdirSync(out);
    mkdirSync(join(folder, 'b'));
    for (const file of ['a.png', 'b/c.JPG', 'notes.txt', 'gradcam-out/a.gradcam.1.overlay.png'])
      writeFileSync(join(folder, file), '');
    const found = await collectInputs([folder], { skipFolder: out });
    expect(found).toEqual([join(folder, 'a.png'), join(folder, 'b', 'c.JPG')]);
    const explicit = join(out, 'a.gradcam.1.overlay.png');
    expect(await collectInputs([folder, explicit], { skipFolder: out })).toContain(explicit);
    expect(await collectInputs([folder])).toContain(explicit);
  });

  it('is a usage error for no inputs or a missing path', async () => {
    await expect(collectInputs([])).rejects.toThrow(UsageError);
    await expect(collectInputs(['/no/such/folder'])).rejects.toThrow(/No such file or folder/);
  });
});
