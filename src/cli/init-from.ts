// --init-from FILE: the weights file read before training (any safetensors file with our
// tensor names: the runner's weights.safetensors, the page's download, `train.py --save`)
// and the report of what loaded, for people or as one JSON line.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Issue } from '../spec';
import { decodeSafetensors, type NamedTensor } from '../train/safetensors';
import { weightsReportLines, type WeightsReport } from '../train/weights-import';

export type ReadWeights = { ok: true; tensors: NamedTensor[] } | { ok: false; issue: Issue };

/** Reads and decodes the file; a problem is one sentence (path `--init-from`), never a throw. */
export async function readInitFrom(file: string, cwd: string): Promise<ReadWeights> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    return { ok: false, issue: { path: '--init-from', message: `Could not read the weights file ${path}: ${why}.` } };
  }
  try {
    return { ok: true, tensors: decodeSafetensors(bytes).tensors };
  } catch (e) {
    return { ok: false, issue: { path: '--init-from', message: `${path} is not a weights file we can read: ${(e as Error).message}` } };
  }
}

/** The report as the runner's --json line. */
export function initFromJsonLine(file: string, report: WeightsReport): string {
  return JSON.stringify({ kind: 'initFrom', file, ...report });
}

/** The report for people: where from, then one line per tensor that did not load. */
export function initFromText(file: string, report: WeightsReport): string {
  const [summary, ...rest] = weightsReportLines(report);
  return [`init from ${file}: ${summary}`, ...rest.map((l) => `  ${l}`)].join('\n') + '\n';
}
