/**
 * A problem with what the study was given (a model, an option); the CLI prints its message as one line and exits
 * with code 2, like a {@link DataError}.
 */
export class StudyError extends Error {
  override name = 'StudyError';
}
