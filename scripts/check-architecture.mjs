#!/usr/bin/env node
// Checks the rules of docs/architecture.md on the sources:
// 1. what each package may import: core imports no framework and no other package; the adapters never import
//    each other outside their tests; no package imports an app; viz and the other non-adapter packages import
//    no framework;
// 2. no helper in two packages: an exported name declared in two packages' sources, or a function body copied
//    from one package into another, fails the check.
// Exits 1 with one line per problem. Run from anywhere: `node scripts/check-architecture.mjs`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const frameworks = [/^@tensorflow\//, /^onnxruntime-/, /^onnx-proto$/];
const adapters = new Set(['@gradcam/tfjs', '@gradcam/onnx']);

/** Exported names declared in two packages on purpose, each with the reason. */
const sameNameAllowed = new Map([
  [
    'loadTfjsModel',
    "apps/web's loads from the browser's File objects (tf.io.browserFiles); @gradcam/tfjs/node's from disk",
  ],
]);

/** Every workspace member: its folder, package name, manifest and TypeScript files. */
function workspaceMembers() {
  const members = [];
  for (const group of ['packages', 'apps']) {
    for (const folder of readdirSync(join(root, group))) {
      const path = join(root, group, folder);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      members.push({ group, path, name: manifest.name, manifest, files: sourceFiles(path) });
    }
  }
  return members;
}

function sourceFiles(folder) {
  const files = [];
  const walk = (path) => {
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
      const child = join(path, entry);
      if (statSync(child).isDirectory()) walk(child);
      else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) files.push(child);
    }
  };
  for (const top of ['src', 'test']) {
    try {
      walk(join(folder, top));
    } catch {
      // no such folder
    }
  }
  return files;
}

/** A test, a test helper or a fixture: may use the package's devDependencies. */
const isTestFile = (file) =>
  /\.test\.tsx?$/.test(file) || /[\\/](test|__fixtures__)[\\/]/.test(file) || /[\\/]testing[\\/]/.test(file);

function imports(text) {
  const found = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\b[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

const packageOf = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const problems = [];
const members = workspaceMembers();
const appNames = new Set(members.filter((member) => member.group === 'apps').map((member) => member.name));

for (const member of members) {
  if (member.group !== 'packages') continue;
  for (const file of member.files) {
    const where = relative(root, file);
    for (const specifier of imports(readFileSync(file, 'utf8'))) {
      const target = packageOf(specifier);
      if (
        appNames.has(target) ||
        (specifier.startsWith('.') && /[\\/]apps[\\/]/.test(join(dirname(file), specifier)))
      ) {
        problems.push(`${where}: imports the app ${specifier}; apps import packages, never the reverse.`);
      }
      const framework = frameworks.some((pattern) => pattern.test(target));
      if (member.name === '@gradcam/core') {
        if (framework) problems.push(`${where}: core imports the framework module ${specifier}.`);
        if (
          target.startsWith('@gradcam/') &&
          target !== '@gradcam/core' &&
          !(isTestFile(file) && target === '@gradcam/fixtures')
        ) {
          problems.push(`${where}: core imports ${specifier}; core depends on no other package.`);
        }
      } else if (adapters.has(member.name)) {
        if (adapters.has(target) && target !== member.name && !isTestFile(file)) {
          problems.push(
            `${where}: the adapter ${member.name} imports ${specifier}; adapters never import each other.`,
          );
        }
      } else if (framework && !isTestFile(file)) {
        problems.push(
          `${where}: ${member.name} imports the framework module ${specifier}; only adapters do.`,
        );
      }
    }
  }
  if (adapters.has(member.name)) {
    for (const other of adapters) {
      if (
        other !== member.name &&
        (member.manifest.dependencies?.[other] || member.manifest.peerDependencies?.[other])
      ) {
        problems.push(
          `${member.name}/package.json: depends on ${other}; adapters may only have each other as devDependencies.`,
        );
      }
    }
  }
}

// No helper in two packages.
const exported = new Map();
const bodies = new Map();
for (const member of members) {
  for (const file of member.files) {
    if (isTestFile(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)) {
      const seen = exported.get(match[1]) ?? new Map();
      seen.set(member.name, relative(root, file));
      exported.set(match[1], seen);
    }
    for (const { name, body } of functionBodies(text)) {
      const key = body.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
      if (key.length < 160) continue;
      const seen = bodies.get(key) ?? new Map();
      seen.set(member.name, `${relative(root, file)} (${name})`);
      bodies.set(key, seen);
    }
  }
}
for (const [name, where] of exported) {
  if (where.size > 1 && !sameNameAllowed.has(name)) {
    problems.push(
      `"${name}" is declared in ${where.size} packages (${[...where.values()].join(', ')}): move it to the package that owns it and import it.`,
    );
  }
}
for (const where of bodies.values()) {
  if (where.size > 1) {
    problems.push(
      `The same function body is in ${where.size} packages: ${[...where.values()].join(', ')}: keep one and import it.`,
    );
  }
}

/** The top-level functions of a file, each with its body (brace-matched, strings not parsed: good enough). */
function functionBodies(text) {
  const found = [];
  for (const match of text.matchAll(/^(?:export )?(?:async )?function\*? (\w+)[^{]*\{/gm)) {
    let depth = 1;
    let index = match.index + match[0].length;
    const start = index;
    while (depth > 0 && index < text.length) {
      const char = text[index++];
      if (char === '{') depth++;
      else if (char === '}') depth--;
    }
    found.push({ name: match[1], body: text.slice(start, index - 1) });
  }
  return found;
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`Architecture: ${members.length} workspace members checked, no problems.`);
