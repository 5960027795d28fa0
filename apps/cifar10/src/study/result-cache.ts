import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@gradcam/viz/node';

/**
 * Results kept on disk between runs, keyed by a string that names everything they depend on (model fingerprint,
 * layer, preprocessing, method, images). A changed model or option gives another key, so a stale result is never
 * read; an interrupted run keeps every part it finished. Files are written atomically.
 */
export class ResultCache {
  /** @param dir - the cache folder (created when the first result is written). */
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return join(this.dir, hash.slice(0, 2), hash);
  }

  /** The bytes stored under `key`, or `undefined`. */
  readBytes(key: string): Uint8Array | undefined {
    const file = this.file(key);
    if (!existsSync(file)) return undefined;
    return new Uint8Array(readFileSync(file));
  }

  /** Stores `bytes` under `key`. */
  writeBytes(key: string, bytes: Uint8Array): void {
    const file = this.file(key);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileAtomicSync(file, bytes);
  }

  /** The float32 values stored under `key`, or `undefined`. */
  readFloats(key: string): Float32Array | undefined {
    const bytes = this.readBytes(key);
    return bytes && new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }

  /** Stores float32 values under `key`. */
  writeFloats(key: string, values: Float32Array): void {
    this.writeBytes(key, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  /** The JSON value stored under `key`, or `undefined`. */
  readJson<T>(key: string): T | undefined {
    const bytes = this.readBytes(key);
    return bytes && (JSON.parse(Buffer.from(bytes).toString('utf8')) as T);
  }

  /** Stores a JSON value under `key`. */
  writeJson(key: string, value: unknown): void {
    this.writeBytes(key, new TextEncoder().encode(JSON.stringify(value)));
  }
}
