/**
 * The key backends put their `dispose()` under so that `await using backend = await create...()` releases them:
 * `Symbol.asyncDispose`, or on runtimes without it the registered `Symbol.for('Symbol.asyncDispose')` that
 * TypeScript's `await using` falls back to.
 */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose = (Symbol.asyncDispose ??
  Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;
