import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/**
 * The command line is wrong: an unknown command or option, a bad value, a path that does not exist, a class,
 * layer or method the model does not have. Exit code 2; the fix is to change the command.
 */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, exitCodes.usage);
    this.name = 'UsageError';
  }
}
