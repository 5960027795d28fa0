import { builtinModules } from 'node:module';

/** The runtimes a user brings (peer dependencies), left out of the bundles. */
export const peerRuntimes: RegExp = /^(@tensorflow\/|onnxruntime-)/;

const builtins = new Set(builtinModules);

/** True for a Node built-in module specifier (`fs`, `node:fs`, `fs/promises`). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!);
}
