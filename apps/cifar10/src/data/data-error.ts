/** A problem with the dataset folder; the CLI prints its message as one line and exits non-zero. */
export class DataError extends Error {
  override name = 'DataError';
}
