/**
 * The exit codes of `gradcam`:
 *
 * - `ok` (0): everything asked for was done.
 * - `failed` (1): something failed at run time: an input could not be read, decoded or explained (the others
 *   still ran), the model could not be loaded, an execution provider could not start.
 * - `usage` (2): the command line is wrong (see {@link UsageError}); nothing was run.
 */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
