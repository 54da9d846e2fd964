// How the loader gets bytes: one interface for the browser (fetch-io.ts), Node (node-io.ts)
// and files a person uploaded (memoryIo), so loadDataset has a single code path.

export interface ReadOptions {
  /** Refuse a file larger than this many bytes, before reading it when the size is known. */
  maxBytes?: number;
  /** The flag or setting that raises `maxBytes`, named in the refusal. */
  raiseWith?: string;
}

/** The refusal of a file over `maxBytes`: one sentence with its size, the cap and the fix. */
export function tooLarge(name: string, bytes: number, options: ReadOptions): Error {
  const mb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`);
  const raise = options.raiseWith ? ` (${options.raiseWith} raises the limit)` : '';
  return new Error(`'${name}' is ${mb(bytes)}, over the limit of ${mb(options.maxBytes ?? 0)}${raise}; use a smaller file.`);
}

export interface DataIo {
  /**
   * The bytes of a file. Built-in datasets ask for site paths under `/data/` (public/data/
   * in the repository); a CSV asks for `data.csv.file` as written in the experiment.
   */
  readFile(pathOrUrl: string, options?: ReadOptions): Promise<Uint8Array>;
  /** Called while a file arrives; `total` is 0 when unknown. */
  onProgress?(loaded: number, total: number, pathOrUrl: string): void;
}

/** Serve some files from memory (uploads, tests) and pass the rest to `fallback`. */
export function memoryIo(files: Record<string, Uint8Array>, fallback?: DataIo): DataIo {
  return {
    async readFile(pathOrUrl, options = {}) {
      // Own keys only: a name such as `constructor` must not find Object.prototype's.
      if (Object.prototype.hasOwnProperty.call(files, pathOrUrl)) {
        const bytes = files[pathOrUrl];
        if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) throw tooLarge(pathOrUrl, bytes.byteLength, options);
        return bytes;
      }
      if (fallback) return fallback.readFile(pathOrUrl, options);
      throw new Error(`No file named '${pathOrUrl}' was provided.`);
    },
    onProgress: fallback?.onProgress?.bind(fallback),
  };
}
