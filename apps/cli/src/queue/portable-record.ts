import { isAbsolute, relative, resolve } from 'node:path';
import type { InputRecord, ResultRecord } from '../records.js';

function mapFiles(record: InputRecord, map: (path: string) => string): InputRecord {
  return {
    ...record,
    ...(record.original ? { original: map(record.original) } : {}),
    results: record.results.map(
      (result): ResultRecord => ({
        ...result,
        files: Object.fromEntries(
          Object.entries(result.files).map(([kind, path]) => [kind, map(path as string)]),
        ) as ResultRecord['files'],
      }),
    ),
  };
}

/**
 * A record whose output files are relative to the output folder: what a worker stores in Redis, since each
 * machine may mount the shared folder at another path.
 */
export function toPortableRecord(record: InputRecord, outDir: string): InputRecord {
  return mapFiles(record, (path) => relative(outDir, path));
}

/** The record of {@link toPortableRecord} with its files resolved in the output folder as mounted here. */
export function fromPortableRecord(record: InputRecord, outDir: string): InputRecord {
  return mapFiles(record, (path) => (isAbsolute(path) ? path : resolve(outDir, path)));
}
