// The DataIo of the page's training worker. A share link is written by whoever sends it, so
// a file it names must not become a request: `data.csv.file` could be any URL (a tracking
// pixel that also feeds the run). Built-in datasets come from the app's own site; a CSV
// comes only from the files the person chose in this page, found by name.

import type { DataIo } from './io';
import { DATA_FILES, DataLoadError } from './load';

/** Every site path the built-in datasets read (public/data/ in the repository). */
const BUILT_IN_PATHS: ReadonlySet<string> = new Set(Object.values(DATA_FILES).flatMap((files) => Object.values(files)));

/** The sentence for a CSV the experiment names but the person has not chosen yet. */
export function chooseCsvMessage(file: string): string {
  return `This experiment trains on '${file}'; choose that file under CSV file in the Data panel.`;
}

/**
 * `site` (a fetchIo of the app's own origin) serves the built-in files only; any other name
 * is looked up in `chosen` and never fetched.
 */
export function pageDataIo(chosen: Readonly<Record<string, Uint8Array>>, site: DataIo): DataIo {
  return {
    async readFile(path, options) {
      if (Object.prototype.hasOwnProperty.call(chosen, path)) return chosen[path]; // the loader holds it to the size cap
      if (BUILT_IN_PATHS.has(path)) return site.readFile(path, options);
      throw new DataLoadError('data.csv.file', chooseCsvMessage(path));
    },
    onProgress: site.onProgress?.bind(site),
  };
}
