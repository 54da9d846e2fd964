// Where `npm run bench:gpu` (bench/gpu.ts) puts a result: its file name under bench/results
// and its table in docs/performance.md, between markers, so a rerun replaces the last one.
import { formatTable } from './suite';
import type { BenchResult } from './types';

export const START = '<!-- bench:gpu -->';
export const END = '<!-- /bench:gpu -->';

/** "NVIDIA H200" -> "nvidia-h200"; the date as YYYY-MM-DD. */
export function resultName(adapter: string, date: string): string {
  const slug = adapter.toLowerCase().replace(/\[software\]/g, 'software').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'adapter';
  return `${slug}-${date.slice(0, 10)}.json`;
}

/** docs/performance.md with the table between the markers (appended under a heading the first time). */
export function withTable(doc: string, result: BenchResult, file: string): string {
  const block = [
    START,
    `Adapter: ${result.meta.adapter} · ${result.meta.browser} · commit ${result.meta.commit} · ${result.meta.date.slice(0, 10)} · \`${result.meta.command}\` · [${file}](../bench/results/${file})`,
    '',
    '```',
    formatTable(result.rows),
    '```',
    END,
  ].join('\n');
  const at = doc.indexOf(START);
  if (at >= 0) return doc.slice(0, at) + block + doc.slice(doc.indexOf(END, at) + END.length);
  return `${doc.trimEnd()}\n\n## The latest \`npm run bench:gpu\`\n\n${block}\n`;
}
