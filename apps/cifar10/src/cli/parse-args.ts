/** A parsed command line: the command and its `--flag value` / `--switch` options. */
export interface ParsedArgs {
  command: string;
  /** Each flag's last value (`true` for a switch). */
  flags: Record<string, string | boolean>;
  /** Each valued flag's values in order, for flags that may be repeated (`--model a --model b`). */
  repeated: Record<string, string[]>;
}

/** Parses `<command> [--name value | --name=value | --switch]...`. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const flags: Record<string, string | boolean> = {};
  const repeated: Record<string, string[]> = {};
  const set = (name: string, value: string | boolean) => {
    flags[name] = value;
    if (typeof value === 'string') (repeated[name] ??= []).push(value);
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      set(a.slice(2, eq), a.slice(eq + 1));
    } else if (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) {
      set(a.slice(2), rest[++i]!);
    } else {
      set(a.slice(2), true);
    }
  }
  return { command, flags, repeated };
}
