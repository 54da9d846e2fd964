// Hostile share links and experiment files, generated from a seed: what a stranger could
// send. The unit fuzz test (fuzz.test.ts) runs every one through decodeLink / the file
// parser and the validator; the browser test (e2e/hostile.spec.ts) opens a sample in
// Chromium. Pure TypeScript on web APIs both have (CompressionStream, TextEncoder), no Node.

import { defaultExperiment } from '../spec';
import type { ExperimentInput } from '../spec';
import { toBase64Url } from './codec';
import { presets } from './presets';

export const HOSTILE_KINDS = [
  'wrong-type', 'extreme-number', 'deep-nesting', 'huge-array', 'huge-string', 'unicode', 'proto-key',
  'injection', 'remote-file', 'deflate-bomb', 'truncated', 'bit-flip', 'garbage',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export interface HostileInput {
  /** `<kind>/<n>`, stable for a given seed. */
  id: string;
  kind: HostileKind;
  /** `link`: a `#e=...` fragment (decodeLink, the page's address); `file`: an experiment file's text. */
  form: 'link' | 'file';
  /** What was done, for people reading a failure. */
  label: string;
  text: string;
  /** What must come out, where the kind decides it. */
  expect?:
    | { outcome: 'nesting'; depth: number } // refused with the nesting sentence, naming this depth
    | { outcome: 'within-depth' } // nested 32 levels or fewer: never refused for nesting
    | { outcome: 'refused' } // never opens
    | { outcome: 'too-large' }; // refused for its size before parsing
}

/** The report's link: `{"a":{"a":…}}` 4,000 levels deep (it blanked the page for good). */
export const REPORTED_DEEP_LINK_ID = 'deep-nesting/0';

/** Inflated size above which a link is refused (codec.ts MAX_JSON_BYTES; repeated to keep this module's imports small). */
const CAP = 1_000_000;

/** A small seeded generator (mulberry32): the same seed gives the same inputs everywhere. */
function makeRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}
type Random = ReturnType<typeof makeRandom>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const encoder = new TextEncoder();

async function deflate(chunks: Iterable<Uint8Array>): Promise<Uint8Array> {
  const iterator = chunks[Symbol.iterator]();
  const source = new ReadableStream<BufferSource>({
    pull(controller) {
      const { done, value } = iterator.next();
      if (done) controller.close();
      else controller.enqueue(value as Uint8Array<ArrayBuffer>);
    },
  });
  const packed = await new Response(source.pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return new Uint8Array(packed);
}

const linkOf = (deflated: Uint8Array) => `#e=${toBase64Url(deflated)}`;
const linkOfText = async (text: string) => linkOf(await deflate([encoder.encode(text)]));

/** `chunk` repeated until `total` bytes, without building the whole buffer. */
function* repeated(chunk: Uint8Array, total: number): Generator<Uint8Array> {
  for (let sent = 0; sent < total; sent += chunk.length) yield sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
}

const copy = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every path in a JSON tree (containers too), walked without recursion. */
function pathsOf(root: Json): Path[] {
  const out: Path[] = [];
  const stack: [Json, Path][] = [[root, []]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (path.length) out.push(path);
    if (Array.isArray(node)) node.forEach((v, i) => stack.push([v, [...path, i]]));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) stack.push([v, [...path, k]]);
  }
  return out;
}

/** The value at `path`; undefined where the path leaves the containers. */
function getAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
const isContainer = (v: Json | undefined): v is Json[] | { [key: string]: Json } => v !== null && typeof v === 'object';

/** Sets `path` (its owner must be a container); `__proto__` becomes a key, as JSON.parse makes it. */
function setAt(root: Json, path: Path, value: Json): void {
  const owner = getAt(root, path.slice(0, -1));
  if (!isContainer(owner)) throw new Error(`hostile-inputs: no container at ${showPath(path.slice(0, -1))}`);
  // defineProperty: a plain assignment of `__proto__` would set the prototype, not a key.
  Object.defineProperty(owner, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

const showPath = (path: Path) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '') || '(root)';

/** JSON text with `@@RAW<i>@@` string placeholders replaced by raw text (numbers JSON.stringify cannot write). */
function withRaw(value: Json, raws: string[]): string {
  return JSON.stringify(value).replace(/"@@RAW(\d+)@@"/g, (_, i: string) => raws[Number(i)]);
}

// ---------------------------------------------------------------- the valid starting points

function bases(): Json[] {
  const csv: ExperimentInput = {
    ...defaultExperiment(),
    data: { dataset: 'csv', csv: { file: 'table.csv', target: 'label', task: 'classification' } },
  };
  return [defaultExperiment(), csv, ...presets.map((p) => p.experiment)].map((e) => copy(e as unknown as Json));
}

// ---------------------------------------------------------------- the kinds

type Item = Omit<HostileInput, 'id' | 'kind'>;
type Maker = (random: Random, all: Json[]) => Promise<Item[]>;

const WRONG_VALUES: Json[] = [null, true, false, 0, 1, -1, '', '1', 'relu', [], [1], [[]], {}, { x: 1 }, [null], 'NaN', 'Infinity'];
const sameType = (a: Json, b: Json) => (Array.isArray(a) ? Array.isArray(b) : typeof a === typeof b && (a === null) === (b === null));

/** Both forms of the same JSON text: half as links, half as files (chosen by the caller's counter). */
const asForm = async (text: string, file: boolean, label: string, expect?: HostileInput['expect']): Promise<Item> =>
  file ? { form: 'file', label, text, expect } : { form: 'link', label, text: await linkOfText(text), expect };

const wrongType: Maker = async (random, all) => {
  const out: Item[] = [];
  for (const top of [null, 1, 'experiment', [], [defaultExperiment() as unknown as Json], true]) {
    out.push(await asForm(JSON.stringify(top), out.length % 2 === 1, `the whole experiment is ${JSON.stringify(top).slice(0, 20)}`, { outcome: 'refused' }));
  }
  while (out.length < 60) {
    const doc = copy(random.pick(all));
    const path = random.pick(pathsOf(doc));
    const old = getAt(doc, path) as Json;
    const value = random.pick(WRONG_VALUES.filter((v) => !sameType(v, old)));
    setAt(doc, path, value);
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `${showPath(path)} = ${JSON.stringify(value)}`));
  }
  return out;
};

const EXTREMES = ['0', '-0', '-1', '1e308', '-1e308', '5e-324', '1e400', '-1e400', '1e-400', '9007199254740993', '-9007199254740993',
  '2147483648', '4294967296', '1.5', '0.1', '1e21', '123456789012345678901234567890', '1E+2', '0e0', '1e-7', '65536', '65537', '1e9'];

const extremeNumber: Maker = async (random, all) => {
  const out: Item[] = [];
  while (out.length < 60) {
    const doc = copy(random.pick(all));
    const paths = pathsOf(doc);
    const numeric = paths.filter((p) => typeof getAt(doc, p) === 'number');
    const raws: string[] = [];
    const changes: string[] = [];
    for (let k = 1 + random.int(4); k > 0; k--) {
      const path = random.next() < 0.8 && numeric.length ? random.pick(numeric) : random.pick(paths);
      if (!isContainer(getAt(doc, path.slice(0, -1)))) continue; // inside something already replaced
      const raw = random.pick(EXTREMES);
      setAt(doc, path, `@@RAW${raws.length}@@`);
      raws.push(raw);
      changes.push(`${showPath(path)} = ${raw}`);
    }
    out.push(await asForm(withRaw(doc, raws), out.length % 2 === 1, changes.join(', ')));
  }
  return out;
};

/** `levels` of one container shape around `1`: objects `{"a":…}`, arrays `[…]` or both in turn. */
function nested(levels: number, shape: 'object' | 'array' | 'mixed'): string {
  const open = shape === 'object' ? '{"a":' : shape === 'array' ? '[' : '{"a":[';
  const close = shape === 'object' ? '}' : shape === 'array' ? ']' : ']}';
  const per = shape === 'mixed' ? 2 : 1;
  const n = Math.ceil(levels / per);
  // An odd count of mixed levels ends on one object.
  const extra = shape === 'mixed' && n * per !== levels;
  return extra ? `${open.repeat(n - 1)}{"a":1}${close.repeat(n - 1)}` : `${open.repeat(n)}1${close.repeat(n)}`;
}

const DEPTHS = [4000, 31, 32, 33, 34, 40, 64, 100, 1000, 2000, 4000, 10000, 100000];

const deepNesting: Maker = async (random) => {
  const out: Item[] = [];
  const expectFor = (depth: number): HostileInput['expect'] => (depth > 32 ? { outcome: 'nesting', depth } : { outcome: 'within-depth' });
  // The report's link first (REPORTED_DEEP_LINK_ID).
  out.push({ form: 'link', label: '{"a":{"a":…}} 4000 levels deep (the reported link)', text: await linkOfText(nested(4000, 'object')), expect: expectFor(4000) });
  // The deepest a link can unpack to: '[' and ']' filling the whole size cap.
  const widest = CAP / 2;
  out.push({ form: 'link', label: `[[…]] ${widest} levels deep, exactly the size cap`, text: linkOf(await deflate([encoder.encode('['.repeat(widest) + ']'.repeat(widest))])), expect: expectFor(widest) });
  for (const depth of DEPTHS.slice(1)) {
    for (const shape of ['object', 'array', 'mixed'] as const) {
      out.push(await asForm(nested(depth, shape), out.length % 2 === 0, `${shape} ${depth} levels deep`, expectFor(depth)));
    }
    // Inside a valid experiment: as a layer's units (4 levels down) and as an unknown field (1 down).
    const exp = JSON.stringify(defaultExperiment());
    const asUnits = exp.replace(/"units":\d+/, `"units":${nested(depth - 4, random.pick(['object', 'array'] as const))}`);
    out.push(await asForm(asUnits, out.length % 2 === 0, `model.layers[0].units nested so the experiment is ${depth} deep`, expectFor(depth)));
    const asExtra = exp.replace(/^\{/, `{"extra":${nested(depth - 1, 'mixed')},`);
    out.push(await asForm(asExtra, out.length % 2 === 0, `an unknown field nested so the experiment is ${depth} deep`, expectFor(depth)));
  }
  return out;
};

const hugeArray: Maker = async (random) => {
  const out: Item[] = [];
  const exp = () => copy(defaultExperiment() as unknown as Json) as { [k: string]: Json };
  for (const n of [201, 1000, 5000, 20000, 35000]) {
    for (const bad of [false, true]) {
      const doc = exp();
      const layers: Json[] = Array.from({ length: n }, (_, i) => ({ type: 'dense', units: bad && i % 2 ? -1 : 2 }));
      (doc.model as { [k: string]: Json }).layers = layers;
      out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `${n} layers${bad ? ', every other one invalid' : ''}`));
    }
  }
  for (const n of [1000, 100000, 300000]) {
    const doc = exp();
    const layers = (doc.model as { layers: { [k: string]: Json }[] }).layers;
    layers.unshift({ type: 'reshape', shape: Array.from({ length: n }, () => 1) });
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `a reshape layer with a ${n}-entry shape`));
    const conv = exp();
    (conv.model as { [k: string]: Json }).layers = [{ type: 'conv2d', filters: 1, kernelSize: Array.from({ length: n }, () => 3) }];
    out.push(await asForm(JSON.stringify(conv), out.length % 2 === 1, `kernelSize with ${n} entries`));
  }
  for (const n of [200000, 450000]) out.push(await asForm(`[${Array.from({ length: n }, () => 0).join(',')}]`, out.length % 2 === 1, `a top-level list of ${n} zeros`, { outcome: 'refused' }));
  for (const n of [1000, 20000, 40000]) {
    const doc = exp();
    for (let i = 0; i < n; i++) doc[`field${i}`] = i;
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `${n} unknown fields`));
  }
  while (out.length < 40) {
    const doc = exp();
    const n = 1000 + random.int(30000);
    (doc.data as { [k: string]: Json }).augment = Array.from({ length: n }, () => ({ shift: 1 }));
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `data.augment as a list of ${n} objects`));
  }
  return out;
};

const STRING_FIELDS: Path[] = [['loss'], ['data', 'dataset'], ['model', 'layers', 0, 'type'], ['model', 'layers', 0, 'activation'], ['optimizer', 'type'], ['backend'], ['seed'], ['version'], ['training', 'batchSize']];

const hugeString: Maker = async (random) => {
  const out: Item[] = [];
  const charset = 'abcXYZ019 <>&"\\/';
  const text = (n: number) => Array.from({ length: n }, () => charset[random.int(charset.length)]).join('');
  while (out.length < 30) {
    const n = random.pick([10_000, 100_000, 300_000, 490_000]);
    const doc = copy(defaultExperiment() as unknown as Json);
    const where = random.int(STRING_FIELDS.length + 2);
    let label: string;
    if (where === STRING_FIELDS.length) {
      (doc as { [k: string]: Json })[text(n)] = 1;
      label = `an unknown field whose name is ${n} characters`;
    } else if (where === STRING_FIELDS.length + 1) {
      (doc as { [k: string]: Json }).data = { dataset: 'csv', csv: { file: text(n), target: text(n / 10), task: 'classification' } };
      label = `data.csv.file of ${n} characters`;
    } else {
      setAt(doc, STRING_FIELDS[where], text(n));
      label = `${showPath(STRING_FIELDS[where])} is ${n} characters`;
    }
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, label));
  }
  return out;
};

const ODD_TEXT = ['\u0000', '\u0007\u001b[31mred\u001b[0m', '\u001b]0;title\u0007', '\u202eevil', '\u200b', '\ufeff', '\ud800', '\udfff', '\ud83d\ude00', 'e\u0301',
  '\u2028\u2029', '\uffff', '\u0085', 'Ω≈ç√', '\r\n', '\t', 'ʻokina', '𝕏', '\u0000relu'];
/** Byte sequences that are not UTF-8: a lone continuation, a truncated pair, an overlong '/', an encoded surrogate. */
const BAD_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]];

const unicode: Maker = async (random, all) => {
  const out: Item[] = [];
  for (const bytes of BAD_UTF8) {
    const [head, tail] = JSON.stringify(defaultExperiment()).split('"spiral"');
    const packed = await deflate([encoder.encode(`${head}"spi`), new Uint8Array(bytes), encoder.encode(`ral"${tail}`)]);
    out.push({ form: 'link', label: `bytes ${bytes.map((b) => b.toString(16)).join(' ')} (not UTF-8) in data.dataset`, text: linkOf(packed), expect: { outcome: 'refused' } });
  }
  out.push({ form: 'file', label: 'a byte-order mark before the JSON', text: `\ufeff${JSON.stringify(defaultExperiment())}` });
  out.push({ form: 'file', label: 'UTF-16 text read as UTF-8', text: Array.from(JSON.stringify(defaultExperiment())).join('\u0000') });
  while (out.length < 50) {
    const doc = copy(random.pick(all));
    const odd = random.pick(ODD_TEXT) + (random.next() < 0.5 ? random.pick(ODD_TEXT) : '');
    const paths = pathsOf(doc).filter((p) => typeof getAt(doc, p) === 'string');
    let label: string;
    if (random.next() < 0.6 && paths.length) {
      const path = random.pick(paths);
      const old = getAt(doc, path) as string;
      setAt(doc, path, random.next() < 0.5 ? odd : old + odd);
      label = `${showPath(path)} with ${JSON.stringify(odd)}`;
    } else {
      const owner = random.pick([[], ...pathsOf(doc).filter((p) => isObject(getAt(doc, p)))]);
      setAt(doc, [...owner, odd], odd);
      label = `a key ${JSON.stringify(odd)} in ${showPath(owner)}`;
    }
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, label));
  }
  return out;
};

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString', 'valueOf', '__lookupGetter__'];
/** As JSON text: JSON.parse makes `__proto__` an own key (an object literal would set the prototype). */
const PROTO_VALUES = ['{"polluted":true}', '{"prototype":{"polluted":true}}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}',
  '[]', '"x"', '1', 'null', '{"toString":"x"}'];
const ENUM_FIELDS: Path[] = [['data', 'dataset'], ['loss'], ['optimizer', 'type'], ['schedule', 'type'], ['model', 'layers', 0, 'type'], ['model', 'layers', 0, 'activation'],
  ['model', 'layers', 0, 'init'], ['data', 'normalize'], ['backend'], ['training', 'earlyStopping', 'metric']];

const protoKey: Maker = async (random, all) => {
  const out: Item[] = [];
  for (const key of PROTO_KEYS) {
    const doc = JSON.parse(`{"${key}":{"polluted":true},${JSON.stringify(defaultExperiment()).slice(1)}`) as Json;
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, `a top-level "${key}" key`));
  }
  while (out.length < 50) {
    const doc = copy(random.pick(all));
    const key = random.pick(PROTO_KEYS);
    let label: string;
    if (random.next() < 0.4) {
      const field = random.pick(ENUM_FIELDS);
      if (field[0] === 'training' && field[1] === 'earlyStopping') setAt(doc, ['training', 'earlyStopping'], { metric: 'testLoss', patience: 1 });
      if (!isContainer(getAt(doc, field.slice(0, -1)))) continue;
      setAt(doc, field, key);
      label = `${showPath(field)} = "${key}"`;
    } else if (random.next() < 0.2) {
      (doc as { [k: string]: Json }).data = { dataset: 'csv', csv: { file: key, target: key, task: 'classification' } };
      label = `data.csv.file and target = "${key}"`;
    } else {
      const owner = random.pick([[], ...pathsOf(doc).filter((p) => isObject(getAt(doc, p)))]);
      const value = random.pick(PROTO_VALUES);
      setAt(doc, [...owner, key], JSON.parse(value) as Json);
      label = `${showPath([...owner, key])} = ${value}`;
    }
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, label));
  }
  return out;
};

/** Each one sets `window.__pwned` if it is ever run as script or markup. */
export const INJECTIONS = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=1</script>', '"><svg onload="window.__pwned=1">',
  'javascript:window.__pwned=1', '{{constructor.constructor("window.__pwned=1")()}}', '${window.__pwned=1}', '<iframe srcdoc="<script>parent.__pwned=1</script>">',
  '</code><img src=x onerror=window.__pwned=1>'];

const injection: Maker = async (random, all) => {
  const out: Item[] = [];
  while (out.length < 24) {
    const doc = copy(random.pick(all));
    const payload = random.pick(INJECTIONS);
    const roll = random.int(4);
    let label: string;
    if (roll === 0) {
      const field = random.pick(ENUM_FIELDS.slice(0, 9));
      if (!isContainer(getAt(doc, field.slice(0, -1)))) continue;
      setAt(doc, field, payload);
      label = `${showPath(field)} = ${payload}`;
    } else if (roll === 1) {
      setAt(doc, [payload], payload);
      label = `a key ${payload}`;
    } else if (roll === 2) {
      (doc as { [k: string]: Json }).data = { dataset: 'csv', csv: { file: payload, target: payload, task: 'classification' } };
      label = `data.csv.file and target = ${payload}`;
    } else {
      setAt(doc, ['model', 'layers', 0, payload], payload);
      label = `model.layers[0] key ${payload}`;
    }
    out.push(await asForm(JSON.stringify(doc), out.length % 2 === 1, label));
  }
  return out;
};

/** CSV names that are somewhere else: opening such a link must not request any of them. */
export const REMOTE_FILES = ['https://example.invalid/x.csv', '//example.invalid/x.csv', 'http://127.0.0.1:9/x.csv', 'ftp://example.invalid/x.csv',
  'file:///etc/passwd', 'data:text/csv,x,y%0A1,2', '/data/mnist/images.idx.gz', '../../../../etc/passwd', 'blob:https://example.invalid/1', 'javascript:window.__pwned=1'];

const remoteFile: Maker = async () => {
  const out: Item[] = [];
  for (const file of REMOTE_FILES) {
    for (const form of ['link', 'file'] as const) {
      const doc = { ...defaultExperiment(), data: { dataset: 'csv', csv: { file, target: 'y', task: 'classification' } } };
      out.push(await asForm(JSON.stringify(doc), form === 'file', `data.csv.file = ${file}`));
    }
  }
  return out;
};

const deflateBomb: Maker = async (random) => {
  const out: Item[] = [];
  const valid = JSON.stringify(defaultExperiment());
  // A valid experiment padded with spaces to exactly the cap opens; one byte more does not.
  for (const size of [CAP, CAP + 1]) {
    const pad = encoder.encode(' '.repeat(size - valid.length));
    out.push({ form: 'link', label: `a valid experiment padded to ${size} bytes`, text: linkOf(await deflate([encoder.encode(valid), pad])), expect: size > CAP ? { outcome: 'too-large' } : undefined });
  }
  const fillers: [string, string][] = [[' ', 'spaces'], ['0', 'zeros'], ['[', 'open brackets'], ['{"a":', 'open objects'], ['A', 'letters']];
  while (out.length < 30) {
    const [fill, name] = random.pick(fillers);
    const size = random.pick([CAP + 1, 1_500_000, 4_000_000, 16_000_000, 24_000_000]);
    const chunk = encoder.encode(fill.repeat(Math.ceil(65536 / fill.length)));
    const head = random.next() < 0.5 ? encoder.encode('{"version":1,"x":"') : new Uint8Array(0);
    const packed = await deflate([head, ...repeated(chunk, size)]);
    out.push({ form: 'link', label: `${name} unpacking to ${size.toLocaleString('en-US')} bytes`, text: linkOf(packed), expect: { outcome: 'too-large' } });
  }
  // Files: too large to be an experiment, refused before parsing.
  for (const size of [CAP + 1, 2_000_000]) {
    out.push({ form: 'file', label: `a ${size.toLocaleString('en-US')}-character file`, text: valid + ' '.repeat(size - valid.length), expect: { outcome: 'too-large' } });
  }
  return out;
};

const truncated: Maker = async (random, all) => {
  const out: Item[] = [];
  while (out.length < 60) {
    const text = JSON.stringify(random.pick(all));
    if (out.length % 2 === 0) {
      const link = await linkOfText(text);
      const payload = link.slice(3);
      const cut = 1 + random.int(payload.length - 1);
      out.push({ form: 'link', label: `a link cut to ${cut} of ${payload.length} characters`, text: `#e=${payload.slice(0, cut)}`, expect: { outcome: 'refused' } });
    } else {
      const cut = random.int(text.length);
      out.push({ form: 'file', label: `a file cut to ${cut} of ${text.length} characters`, text: text.slice(0, cut), expect: { outcome: 'refused' } });
    }
  }
  return out;
};

const bitFlip: Maker = async (random, all) => {
  const out: Item[] = [];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  while (out.length < 80) {
    const text = JSON.stringify(random.pick(all));
    const mode = out.length % 4;
    if (mode === 3) {
      // A file with flipped bits in its bytes, read back the way File.text() reads (U+FFFD for bad bytes).
      const bytes = encoder.encode(text);
      const flips = 1 + random.int(4);
      for (let k = 0; k < flips; k++) bytes[random.int(bytes.length)] ^= 1 << random.int(8);
      out.push({ form: 'file', label: `a file with ${flips} flipped bits`, text: new TextDecoder().decode(bytes) });
    } else if (mode === 2) {
      // A link with characters swapped for other base64url characters (a mistyped link).
      const chars = Array.from((await linkOfText(text)).slice(3));
      const swaps = 1 + random.int(3);
      for (let k = 0; k < swaps; k++) chars[random.int(chars.length)] = alphabet[random.int(64)];
      out.push({ form: 'link', label: `a link with ${swaps} mistyped characters`, text: `#e=${chars.join('')}` });
    } else {
      const packed = await deflate([encoder.encode(text)]);
      const flips = 1 + random.int(8);
      for (let k = 0; k < flips; k++) packed[random.int(packed.length)] ^= 1 << random.int(8);
      out.push({ form: 'link', label: `compressed bytes with ${flips} flipped bits`, text: linkOf(packed) });
    }
  }
  return out;
};

const garbage: Maker = async (random) => {
  const out: Item[] = ['', '#', '#e', '#e=', '#e=A', '#e=AA', '#e=AAA', '#e=====', '#e=%41%42%43', '#e=abc def', '#a=1&b=2', '#e=&e=', `#e=${'A'.repeat(100_001)}`,
    '#e=\u0000', '#e=😀', 'javascript:window.__pwned=1', '#e=<script>window.__pwned=1</script>']
    .map((text) => ({ form: 'link' as const, label: `the link ${JSON.stringify(text.slice(0, 24))}${text.length > 24 ? '…' : ''}`, text, expect: { outcome: 'refused' as const } }));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  while (out.length < 30) {
    if (out.length % 2) {
      const n = 1 + random.int(300);
      out.push({ form: 'link', label: `${n} random base64url characters`, text: `#e=${Array.from({ length: n }, () => alphabet[random.int(64)]).join('')}`, expect: { outcome: 'refused' } });
    } else {
      // Well-formed deflate of random bytes: unpacks fine, then is neither UTF-8 nor JSON.
      const bytes = Uint8Array.from({ length: 1 + random.int(2000) }, () => random.int(256));
      out.push({ form: 'link', label: `${bytes.length} random bytes, compressed`, text: linkOf(await deflate([bytes])), expect: { outcome: 'refused' } });
    }
  }
  return out;
};

const MAKERS: Record<HostileKind, Maker> = {
  'wrong-type': wrongType, 'extreme-number': extremeNumber, 'deep-nesting': deepNesting, 'huge-array': hugeArray, 'huge-string': hugeString,
  unicode, 'proto-key': protoKey, injection, 'remote-file': remoteFile, 'deflate-bomb': deflateBomb, truncated, 'bit-flip': bitFlip, garbage,
};

/** Every hostile input for `seed`, kind by kind (each kind draws from its own stream, so adding one changes no other). */
export async function hostileInputs(seed = 20240611): Promise<HostileInput[]> {
  const all = bases();
  const out: HostileInput[] = [];
  for (const [k, kind] of HOSTILE_KINDS.entries()) {
    const items = await MAKERS[kind](makeRandom(seed * 31 + k), all);
    items.forEach((item, n) => out.push({ id: `${kind}/${n}`, kind, ...item }));
  }
  return out;
}

/** `count` links spread over the kinds (seeded), always with the reported deep link. */
export function sampleLinks(inputs: readonly HostileInput[], count: number, seed = 7): HostileInput[] {
  const random = makeRandom(seed);
  const links = inputs.filter((i) => i.form === 'link');
  const chosen = new Set<HostileInput>(links.filter((i) => i.id === REPORTED_DEEP_LINK_ID));
  const byKind = HOSTILE_KINDS.map((kind) => links.filter((i) => i.kind === kind && !chosen.has(i)));
  for (let round = 0; chosen.size < count && byKind.some((l) => l.length); round++) {
    const pool = byKind[round % byKind.length];
    if (pool.length) chosen.add(pool.splice(random.int(pool.length), 1)[0]);
  }
  return [...chosen];
}
