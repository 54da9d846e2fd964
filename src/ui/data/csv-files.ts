/** Uploaded CSV files by name; they travel to the worker with `init`, never into links. */
export const csvFiles = new Map<string, Uint8Array>();
