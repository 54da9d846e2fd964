import { contentHash } from '../../data/hash';
import type { CsvSpec } from '../../spec';
import { appStore } from '../store';
import { runStorage } from '../store/history-slice';
import { isQuotaError } from '../store/storage';
import { csvFiles } from './csv-files';

// Uploaded CSV files kept in the browser's storage by content hash, beside the in-memory
// csvFiles map (whose API stays as it is): a reload, or a stored run opened again, finds the
// file the link names by its `data.csv.hash` without asking for it.

/** Stores an uploaded file by its hash; returns the hash (for `data.csv.hash`). */
export async function rememberCsv(name: string, bytes: Uint8Array): Promise<string> {
  const hash = await contentHash(bytes);
  const pending = (n: number) => appStore.setState((s) => ({ pendingWrites: s.pendingWrites + n }));
  pending(1); // the page says "saving…" until the file is in storage
  try {
    await runStorage().putCsv(hash, { name, bytes });
  } catch (e) {
    appStore.setState({
      storageProblem: {
        full: isQuotaError(e),
        message: isQuotaError(e)
          ? `The browser's storage is full, so ${name} is not kept for the next visit; delete old runs to make room.`
          : `${name} cannot be kept in this browser's storage, so after a reload it has to be chosen again.`,
      },
    });
  } finally {
    pending(-1);
  }
  return hash;
}

/**
 * Puts the file a CSV experiment names into csvFiles from storage, when it is not there yet
 * and storage holds a file with its hash. True when csvFiles has the file afterwards.
 */
export async function recallCsv(spec: CsvSpec | undefined): Promise<boolean> {
  if (!spec?.file) return false;
  if (csvFiles.has(spec.file)) return true;
  if (!spec.hash) return false;
  let stored;
  try {
    stored = await runStorage().getCsv(spec.hash);
  } catch {
    return false; // storage unavailable: the page already says so, and asks for the file
  }
  if (!stored || csvFiles.has(spec.file)) return csvFiles.has(spec.file);
  csvFiles.set(spec.file, stored.bytes);
  appStore.getState().noteCsvRestored();
  return true;
}
