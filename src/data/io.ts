// How the loader gets bytes: one interface for the browser (fetch-io.ts), Node (node-io.ts)
// and files a person uploaded (memoryIo), so loadDataset has a single code path.

export interface DataIo {
  /**
   * The bytes of a file. Built-in datasets ask for site paths under `/data/` (public/data/
   * in the repository); a CSV asks for `data.csv.file` as written in the experiment.
   */
  readFile(pathOrUrl: string): Promise<Uint8Array>;
  /** Called while a file arrives; `total` is 0 when unknown. */
  onProgress?(loaded: number, total: number, pathOrUrl: string): void;
}

/** Serve some files from memory (uploads, tests) and pass the rest to `fallback`. */
export function memoryIo(files: Record<string, Uint8Array>, fallback?: DataIo): DataIo {
  return {
    async readFile(pathOrUrl) {
      // Own keys only: a name such as `constructor` must not find Object.prototype's.
      if (Object.prototype.hasOwnProperty.call(files, pathOrUrl)) return files[pathOrUrl];
      if (fallback) return fallback.readFile(pathOrUrl);
      throw new Error(`No file named '${pathOrUrl}' was provided.`);
    },
    onProgress: fallback?.onProgress?.bind(fallback),
  };
}
