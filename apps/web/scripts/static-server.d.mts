/** The headers that make the page cross-origin isolated. */
export declare const isolationHeaders: Readonly<Record<string, string>>;

/** A running static file server. */
export interface StaticServer {
  /** Its base URL, ending in `/`, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** Stops it. */
  close(): Promise<void>;
}

/** Serves the files below `root` with the cross-origin isolation headers; see `static-server.mjs`. */
export declare function startStaticServer(
  root: string,
  options?: { readonly host?: string; readonly port?: number; readonly isolated?: boolean },
): Promise<StaticServer>;
