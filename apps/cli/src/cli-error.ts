import { exitCodes } from './exit-codes.js';

/**
 * An error meant for the person at the terminal: printed as one line (no stack trace), exit code 1 (or the
 * given code).
 */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number = exitCodes.failed) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
