/** A parsed command line: the command and its `--flag value` / `--switch` options. */
export interface ParsedArgs {
  command: string;
  flags: Record<string, string | boolean>;
}

/** Parses `<command> [--name value | --name=value | --switch]...`. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) {
      flags[a.slice(2)] = rest[++i]!;
    } else {
      flags[a.slice(2)] = true;
    }
  }
  return { command, flags };
}
