#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { runDemo } from './commands/demo.js';
import { runExplain } from './commands/explain.js';
import { runLayers } from './commands/layers.js';
import { runQueue } from './commands/queue.js';
import { exitCodes } from './exit-codes.js';
import { formatError } from './format-error.js';
import { parseRunOptions } from './run-options.js';
import { commandHelp, generalHelp } from './usage.js';

async function main(argv: readonly string[]): Promise<number> {
  const options = parseRunOptions(argv);
  switch (options.command) {
    case 'help':
      process.stdout.write(options.helpTopic ? commandHelp[options.helpTopic] : generalHelp);
      return exitCodes.ok;
    case 'version': {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      process.stdout.write(`${pkg.version}\n`);
      return exitCodes.ok;
    }
    case 'layers':
      return runLayers(options);
    case 'demo':
      return runDemo(options);
    case 'queue':
      return runQueue(options);
    case 'worker':
      return (await import('./commands/worker.js')).runWorker(options);
    default:
      return runExplain(options);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${formatError(error)}\n`);
    if (process.env.GRADCAM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : exitCodes.failed;
  },
);
