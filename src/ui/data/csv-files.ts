import type { Experiment } from '../../spec';

/** Uploaded CSV files by name; they travel to the worker with `init`, never into links. */
export const csvFiles = new Map<string, Uint8Array>();

/**
 * The CSV file the experiment trains on when the person has not chosen it in this page yet
 * (a link or an opened file names it), else null. Such a name is never fetched: the page
 * asks for the file instead.
 */
export function csvToChoose(experiment: Experiment): string | null {
  const file = experiment.data.dataset === 'csv' ? experiment.data.csv?.file : undefined;
  return file && !csvFiles.has(file) ? file : null;
}
