import { conformanceModel } from './conformance-model.js';
import {
  type ConformanceCase,
  type ConformanceOptions,
  conformanceCases,
  missingCapabilities,
} from './conformance-suite.js';

/** The outcome of one conformance case. */
export interface ConformanceOutcome {
  /** The case's name. */
  readonly name: string;
  /** `'passed'`, `'failed'`, or `'skipped'` (the backend lacks a capability the case needs). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

async function runCase(options: ConformanceOptions, testCase: ConformanceCase): Promise<ConformanceOutcome> {
  const loaded = await options.load(conformanceModel());
  try {
    const missing = missingCapabilities(loaded.backend, testCase);
    if (missing.length > 0) {
      return {
        name: testCase.name,
        status: 'skipped',
        reason: `backend lacks capability: ${missing.join(', ')}`,
      };
    }
    await testCase.run(loaded);
    return { name: testCase.name, status: 'passed' };
  } catch (error) {
    return {
      name: testCase.name,
      status: 'failed',
      reason: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await loaded.backend.dispose?.();
  }
}

/**
 * Runs the whole conformance suite without a test framework and returns one outcome per case.
 *
 * @example
 * ```ts
 * const outcomes = await runConformance({ load: async (model) => ({ backend: build(model), layers: { conv: 'conv', relu: 'relu' } }) });
 * console.table(outcomes);
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceOutcome[]> {
  const outcomes: ConformanceOutcome[] = [];
  for (const testCase of conformanceCases(options)) outcomes.push(await runCase(options, testCase));
  return outcomes;
}

/** The parts of a test framework the suite registers itself with (vitest, jest, mocha and node:test fit). */
export interface TestApi {
  /** Groups tests. */
  describe(name: string, body: () => void): unknown;
  /** Registers a test; the body may receive a context with `skip(note)` (vitest, node:test). */
  it(
    name: string,
    body: (context?: { skip?: (note?: string) => void }) => Promise<void>,
    timeout?: number,
  ): unknown;
}

/**
 * Registers the conformance suite with a test framework: one test per case, each against a freshly loaded
 * backend. A case whose capability the backend does not declare is skipped with a note naming the capability
 * (where the framework's test context can skip) or passes vacuously with that note logged otherwise.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeConformance } from '@gradcam/core/testing';
 * describeConformance({ describe, it }, 'my backend', { load: loadMyBackend });
 * ```
 */
export function describeConformance(api: TestApi, title: string, options: ConformanceOptions): void {
  api.describe(`${title}: @gradcam/core Backend v1 conformance`, () => {
    for (const testCase of conformanceCases(options)) {
      api.it(
        testCase.name,
        async (context) => {
          const outcome = await runCase(options, testCase);
          if (outcome.status === 'failed') throw new Error(outcome.reason);
          if (outcome.status === 'skipped') {
            if (context?.skip) context.skip(outcome.reason);
            else console.info(`[conformance] skipped "${testCase.name}": ${outcome.reason}`);
          }
        },
        120_000,
      );
    }
  });
}
