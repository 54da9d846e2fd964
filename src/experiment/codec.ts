import { MAX_JSON_DEPTH, jsonTextDepth, nestingMessage } from '../spec';
import type { Experiment, ExperimentInput, Issue } from '../spec';
import { validateExperiment } from './validate';
import type { ValidateOptions } from './validate';

// Share links (a FIXED format, other tools make them too):
//   <app URL>#e=<payload>,  payload = base64url(deflate-raw(JSON)) without padding.
// Decoding meets text from strangers: every failure becomes a readable error, nothing throws,
// and sizes are capped so that a small link cannot inflate into gigabytes.

/** Longest payload accepted (characters); real experiments are a few hundred. */
export const MAX_PAYLOAD_CHARS = 100_000;
/** Largest inflated JSON accepted (bytes). */
export const MAX_JSON_BYTES = 1_000_000;

export interface DecodeResult {
  experiment: Experiment | null;
  errors: Issue[];
  warnings: Issue[];
}

export async function encodeExperiment(experiment: Experiment | ExperimentInput): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(experiment));
  const compressed = await new Response(
    new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw')),
  ).arrayBuffer();
  return toBase64Url(new Uint8Array(compressed));
}

/** `<baseUrl>#e=<payload>`; any fragment already on `baseUrl` is replaced. */
export async function experimentLink(baseUrl: string, experiment: Experiment | ExperimentInput): Promise<string> {
  const hash = baseUrl.indexOf('#');
  const base = hash >= 0 ? baseUrl.slice(0, hash) : baseUrl;
  return `${base}#e=${await encodeExperiment(experiment)}`;
}

/** Accepts a full URL, a `#e=...` fragment, `e=...`, or a bare payload. */
export async function decodeLink(text: string, opts: ValidateOptions = {}): Promise<DecodeResult> {
  const failed = (message: string): DecodeResult => ({ experiment: null, errors: [{ path: '', message }], warnings: [] });
  if (typeof text !== 'string') return failed('A share link must be text.');
  const payload = extractPayload(text.trim());
  if (!payload) return failed('The link holds no experiment: expected "#e=" followed by the encoded experiment.');
  if (payload.length > MAX_PAYLOAD_CHARS) return failed(`The link is too long (${payload.length} characters; at most ${MAX_PAYLOAD_CHARS}).`);
  const bytes = fromBase64Url(payload);
  if (!bytes) return failed('The link is damaged or cut short: its experiment part contains characters that base64url does not use, or has a length it cannot have. Copy the whole link again.');
  const inflated = await inflateRaw(bytes, MAX_JSON_BYTES);
  if (inflated === 'too-large') return failed(`The link's experiment unpacks to more than ${MAX_JSON_BYTES} bytes; it is not a playground experiment.`);
  if (inflated === 'corrupt') return failed('The link is damaged or cut short: its experiment cannot be decompressed. Copy the whole link again.');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return failed('The link is damaged: its experiment is not valid UTF-8 text.');
  }
  const parsed = parseExperimentJson(json);
  if (!parsed.ok) return failed(parsed.problem === 'syntax' ? 'The link is damaged: its experiment is not valid JSON.' : parsed.message);
  const { experiment, errors, warnings } = validateExperiment(parsed.value, opts);
  return { experiment, errors, warnings };
}

export type JsonParseResult =
  | { ok: true; value: unknown }
  /** `message`: a sentence for people, except for `syntax`, where it is JSON.parse's own. */
  | { ok: false; problem: 'too-large' | 'too-deep' | 'syntax'; message: string };

/**
 * The one way experiment JSON from outside is parsed (an unpacked link, a file opened in
 * the page, the runner's experiment file): its length and nesting are bounded before
 * JSON.parse runs, so neither the parser nor anything after it (structuredClone,
 * migrations, the schema, all recursive) meets a value that could overflow the stack.
 */
export function parseExperimentJson(text: string, maxChars: number = MAX_JSON_BYTES): JsonParseResult {
  if (text.length > maxChars) {
    return { ok: false, problem: 'too-large', message: `The experiment is ${text.length.toLocaleString('en-US')} characters long; at most ${maxChars.toLocaleString('en-US')} are allowed.` };
  }
  const depth = jsonTextDepth(text);
  if (depth > MAX_JSON_DEPTH) return { ok: false, problem: 'too-deep', message: nestingMessage(depth) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problem: 'syntax', message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * An experiment file's text, as the page's Open experiment reads it: the same bounds as a
 * link's unpacked JSON, then full validation. Nothing throws; every failure is an error.
 */
export function decodeExperimentText(text: string, opts: ValidateOptions = {}): DecodeResult {
  const parsed = parseExperimentJson(text);
  if (!parsed.ok) {
    const message = parsed.problem === 'syntax' ? 'The file is not valid JSON.' : parsed.message;
    return { experiment: null, errors: [{ path: '', message }], warnings: [] };
  }
  const { experiment, errors, warnings } = validateExperiment(parsed.value, opts);
  return { experiment, errors, warnings };
}

function extractPayload(text: string): string | null {
  const hash = text.indexOf('#');
  const fragment = hash >= 0 ? text.slice(hash + 1) : text;
  // Fragments may carry other parameters (`#tab=loss&e=...`); a bare payload has no '='.
  for (const part of fragment.split('&')) {
    if (part.startsWith('e=')) return part.slice(2);
  }
  // Anything else without `#` counts as a bare payload only if it is all base64url (not a URL).
  return hash < 0 && /^[A-Za-z0-9_-]+$/.test(fragment) ? fragment : null;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000; // String.fromCharCode has an argument limit
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null for characters outside base64url or an impossible length (4n + 1). */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** Raw DEFLATE decompression that stops at `maxBytes` instead of filling memory. */
async function inflateRaw(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | 'corrupt' | 'too-large'> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // NOTE: errors surface on the reader; the writer's promises must not become unhandled rejections.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'corrupt';
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return out;
}
