import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PublicPackageName, publicPackages, repositoryRoot } from '../src/paths.js';
import { run } from '../src/run.js';

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  main?: string;
  types?: string;
  engines?: Record<string, string>;
  repository?: { type: string; url: string; directory?: string };
  publishConfig?: { access?: string };
  files?: string[];
  exports?: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
}

const read = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(repositoryRoot, folder, 'package.json'), 'utf8'));
const workspaceFolders = ['packages', 'apps', 'tests'].flatMap((parent) =>
  readdirSync(join(repositoryRoot, parent)).map((name) => `${parent}/${name}`),
);
const privateNames = new Set(
  workspaceFolders
    .filter((folder) => existsSync(join(repositoryRoot, folder, 'package.json')))
    .map(read)
    .filter((manifest) => manifest.private)
    .map((manifest) => manifest.name),
);

/** Every file below `folder` with one of the extensions, tests excluded. */
function sources(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mjs|js)$/.test(file) && !/\.test\.ts$|__fixtures__/.test(file))
    .map((file) => join(folder, file));
}

describe.each(
  Object.entries(publicPackages) as [PublicPackageName, string][],
)('%s package.json', (name, folder) => {
  const manifest = read(folder);

  it('is publishable: public, MIT with its LICENSE, engines, repository, files', () => {
    expect(manifest.name).toBe(name);
    expect(manifest.private).toBeUndefined();
    expect(manifest.publishConfig?.access).toBe('public');
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(repositoryRoot, folder, 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8'),
    );
    expect(manifest.engines?.node).toBe('>=20');
    expect(manifest.repository?.directory).toBe(folder);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
    if (existsSync(join(repositoryRoot, folder, 'NOTICE'))) expect(manifest.files).toContain('NOTICE');
  });

  it('exports every entry with the source condition first, then types and default', () => {
    if (manifest.exports) {
      // For tools that ignore `exports` (TypeScript's node10 resolution, older bundlers and test runners).
      expect(manifest.main).toBe(manifest.exports['.']?.default);
      expect(manifest.types).toBe(manifest.exports['.']?.types);
    }
    for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
      expect(Object.keys(conditions), entry).toEqual(['@gradcam/source', 'types', 'default']);
      expect(conditions.types, entry).toMatch(/^\.\/dist\/.*\.d\.ts$/);
      expect(conditions.default, entry).toMatch(/^\.\/dist\/.*\.js$/);
    }
  });

  it('depends on no private package, and marks optional peers', () => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      const names = Object.keys(manifest[field] ?? {});
      expect(
        names.filter((dependency) => privateNames.has(dependency)),
        field,
      ).toEqual([]);
    }
    for (const peer of Object.keys(manifest.peerDependenciesMeta ?? {})) {
      expect(manifest.peerDependencies, peer).toHaveProperty(peer);
    }
  });

  it('imports every runtime dependency it declares', () => {
    const code = sources(join(repositoryRoot, folder, 'src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const escaped = dependency.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(code, `${name} declares ${dependency} but never imports it`).toMatch(
        new RegExp(`(from |import\\()'${escaped}(/[^']*)?'`),
      );
    }
  });
});

describe('changesets', () => {
  it('loads its config (no public package depends on an ignored or private one)', () => {
    const changeset = join(repositoryRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
    const result = run(process.execPath, [changeset, 'status', '--since=HEAD'], repositoryRoot, {
      allowFailure: true,
    });
    // `status` reads and validates the config first; whether the changes since HEAD have changesets is not
    // asked here (uncommitted work may have none yet).
    const output = `${result.stdout}${result.stderr}`;
    expect(output).not.toMatch(/ValidationError|validating the changesets config/);
    expect(output).toMatch(/🦋/);
  });
});
