import { describe, expect, test } from 'vitest';
import { defaultExperiment } from '../spec';
import { MAX_JSON_BYTES, decodeExperimentText, decodeLink, encodeExperiment, experimentLink, fromBase64Url, parseExperimentJson, toBase64Url } from './codec';
import { presets } from './presets';
import { validateExperiment } from './validate';

/** A payload made the way any other tool would: JSON -> deflate-raw -> base64url. */
async function payloadOf(text: string | Uint8Array): Promise<string> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const packed = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return toBase64Url(new Uint8Array(packed));
}

const onlyError = async (text: string) => {
  const r = await decodeLink(text);
  expect(r.experiment).toBeNull();
  expect(r.errors).toHaveLength(1);
  return r.errors[0].message;
};

describe('share links', () => {
  test.each(presets.map((p) => [p.name, p] as const))('preset %s round-trips', async (_name, preset) => {
    const link = await experimentLink('https://example.org/play/', preset.experiment);
    expect(link).toMatch(/^https:\/\/example\.org\/play\/#e=[A-Za-z0-9_-]+$/);
    const r = await decodeLink(link);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.experiment).toEqual(preset.experiment);
  });

  test('accepts a URL, a #e= fragment, e=, a bare payload and extra fragment parameters', async () => {
    const payload = await encodeExperiment(defaultExperiment());
    expect(payload).not.toMatch(/[=+/]/);
    for (const text of [`http://127.0.0.1:5173/?x=1#e=${payload}`, `#e=${payload}`, `e=${payload}`, payload, ` #tab=loss&e=${payload}\n`]) {
      expect((await decodeLink(text)).experiment, text).toEqual(defaultExperiment());
    }
  });

  test('replaces an existing fragment on the base URL', async () => {
    expect(await experimentLink('http://a/#e=old', defaultExperiment())).toMatch(/^http:\/\/a\/#e=[^#]+$/);
  });

  test('reads links made by other tools, with defaults and unknown fields', async () => {
    const minimal = { version: 1, data: { dataset: 'xor', shiny: true }, model: { layers: [{ type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 4, epochs: 1 } };
    const r = await decodeLink(`#e=${await payloadOf(JSON.stringify(minimal))}`);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toEqual(['data.shiny']);
    expect(r.experiment!.schedule.type).toBe('constant');
  });

  test('corrupt, truncated, non-JSON, future and hostile links give readable errors', async () => {
    const good = await encodeExperiment(defaultExperiment());
    expect(await onlyError('#e=ab$cd')).toMatch(/base64url/);
    expect(await onlyError('#e=abcde')).toMatch(/base64url/); // impossible length
    for (const cut of [8, 4 * Math.floor(good.length / 8), good.length - 2]) {
      expect(await onlyError(`#e=${good.slice(0, cut)}`)).toMatch(/damaged or cut short/);
    }
    expect(await onlyError('#e=' + toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff])))).toMatch(/cannot be decompressed/);
    expect(await onlyError(`#e=${await payloadOf('{"version": 1, ')}`)).toMatch(/not valid JSON/);
    expect(await onlyError(`#e=${await payloadOf(new Uint8Array([0xc3, 0x28]))}`)).toMatch(/UTF-8/);
    expect(await onlyError(`#e=${await payloadOf('{"version": 7, "quantum": true}')}`)).toBe(
      'This experiment was made by a newer version of the playground (version 7); this app reads version 1.');
    expect(await onlyError('https://example.org/')).toMatch(/no experiment/);
    expect(await onlyError('')).toMatch(/no experiment/);
    expect(await onlyError(`#e=${'A'.repeat(200_000)}`)).toMatch(/too long/);
    expect(await onlyError(`#e=${await payloadOf('"<script>alert(1)</script>"')}`)).toMatch(/must be a JSON object/);
  });

  test('a deflate bomb stops at the size cap', async () => {
    const bomb = await payloadOf(`"${' '.repeat(MAX_JSON_BYTES + 10)}"`);
    expect(bomb.length).toBeLessThan(5000);
    expect(await onlyError(`#e=${bomb}`)).toMatch(/unpacks to more than/);
  });

  test('hostile JSON content is reported, not obeyed', async () => {
    const hostile = JSON.stringify({ ...defaultExperiment(), __proto__: { admin: true }, loss: '<img src=x onerror=alert(1)>' })
      .replace('"version"', '"__proto__":{"admin":true},"version"');
    const r = await decodeLink(`#e=${await payloadOf(hostile)}`);
    expect(r.experiment).toBeNull();
    expect(r.errors.map((e) => e.path)).toEqual(['loss']);
    expect(r.warnings.map((w) => w.path)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test('base64url round-trips every byte value', () => {
    const bytes = new Uint8Array(256 * 3).map((_, i) => i % 256);
    for (const n of [0, 1, 2, 3, 100, bytes.length]) {
      expect(fromBase64Url(toBase64Url(bytes.subarray(0, n)))).toEqual(bytes.subarray(0, n));
    }
  });
});

/** `{"a":{"a":…1}}`, `levels` objects deep. */
const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('nesting limit', () => {
  test('a link nested 4,000 levels deep: one sentence naming the limit, no stack overflow', async () => {
    const link = `#e=${await payloadOf(nestedObjects(4000))}`;
    expect(link.length).toBeLessThan(600);
    expect((await decodeLink(link)).errors).toEqual([{ path: '', message: 'The experiment is nested 4,000 levels deep; at most 32 are allowed.' }]);
  });

  test('32 levels are read as usual (here: unknown fields dropped), 33 are refused', async () => {
    const within = JSON.stringify({ ...defaultExperiment(), extra: JSON.parse(nestedObjects(31)) });
    const r = await decodeLink(`#e=${await payloadOf(within)}`);
    expect(r.experiment).toEqual(defaultExperiment());
    expect(r.warnings.map((w) => w.path)).toEqual(['extra']);
    const beyond = JSON.stringify({ ...defaultExperiment(), extra: JSON.parse(nestedObjects(32)) });
    expect(await onlyError(`#e=${await payloadOf(beyond)}`)).toBe('The experiment is nested 33 levels deep; at most 32 are allowed.');
  });

  test('files: the same bounds (nesting, size), then validation', () => {
    expect(decodeExperimentText(nestedObjects(100_000)).errors).toEqual([{ path: '', message: 'The experiment is nested 100,000 levels deep; at most 32 are allowed.' }]);
    expect(decodeExperimentText(`${JSON.stringify(defaultExperiment())}${' '.repeat(MAX_JSON_BYTES)}`).errors[0].message)
      .toMatch(/^The experiment is 1,000,\d{3} characters long; at most 1,000,000 are allowed\.$/);
    expect(decodeExperimentText('{"version": 1,').errors).toEqual([{ path: '', message: 'The file is not valid JSON.' }]);
    expect(decodeExperimentText(JSON.stringify(defaultExperiment())).experiment).toEqual(defaultExperiment());
  });

  test('parseExperimentJson keeps JSON.parse\'s own message for the runner, and refuses before parsing', () => {
    const bad = parseExperimentJson('{"a": }');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toBe('syntax');
    expect(!bad.ok && bad.message).toMatch(/Unexpected token/);
    // Nesting is refused even where the JSON is broken further on: the parser never sees it.
    expect(parseExperimentJson(`${'['.repeat(40)}oops`)).toEqual({ ok: false, problem: 'too-deep', message: 'The experiment is nested 40 levels deep; at most 32 are allowed.' });
    expect(parseExperimentJson('x'.repeat(11), 10)).toMatchObject({ ok: false, problem: 'too-large' });
  });

  test('validateExperiment refuses a deep value handed over in code, before migrating or cloning it', () => {
    let deep: Record<string, unknown> = {};
    const root = { ...defaultExperiment(), extra: deep };
    for (let i = 0; i < 5000; i++) { const next = {}; deep.a = next; deep = next; }
    const r = validateExperiment(root);
    expect(r.experiment).toBeNull();
    expect(r.errors).toEqual([{ path: '', message: 'The experiment is nested 5,002 levels deep; at most 32 are allowed.' }]);
  });
});
