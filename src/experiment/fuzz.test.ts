// Fuzz: every hostile link and experiment file from hostile-inputs.ts (seeded, so the same
// ones every run) goes through what the page and the runner run on them: decodeLink for
// links, decodeExperimentText (size, nesting, JSON, validation) for files. Nothing may
// throw, each must finish within a second, errors must be sentences of readable length,
// the kinds with a fixed outcome must have it, and no prototype may gain a property.
import { describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH, nestingMessage } from '../spec';
import { MAX_JSON_BYTES, decodeExperimentText, decodeLink } from './codec';
import type { DecodeResult } from './codec';
import { HOSTILE_KINDS, REPORTED_DEEP_LINK_ID, hostileInputs } from './hostile-inputs';
import type { HostileInput } from './hostile-inputs';

/** Per input; the slowest (a 35,000-layer model, a 16 MB deflate bomb) take about a tenth of it here. */
const EACH_MS = 1000;
/** The whole set (about 600 inputs). */
const ALL_MS = 60_000;
/** An issue's message must stay readable: no echo of a 490,000-character field. */
const MAX_MESSAGE_CHARS = 300;

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Number: Number.prototype };
const snapshot = () => Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, Object.getOwnPropertyNames(proto).sort().join(',')]));

interface Outcome { input: HostileInput; result?: DecodeResult; thrown?: unknown; ms: number }

async function attempt(input: HostileInput): Promise<Outcome> {
  const start = performance.now();
  try {
    const result = input.form === 'link' ? await decodeLink(input.text) : decodeExperimentText(input.text);
    return { input, result, ms: performance.now() - start };
  } catch (thrown) {
    return { input, thrown, ms: performance.now() - start };
  }
}

/** What is wrong with one outcome, as sentences; empty when it is fine. */
function problems({ input, result, thrown, ms }: Outcome): string[] {
  if (thrown !== undefined) return [`threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`];
  const out: string[] = [];
  const r = result!;
  if (ms > EACH_MS) out.push(`took ${ms.toFixed(0)} ms`);
  if ((r.experiment === null) !== (r.errors.length > 0)) out.push('an experiment and errors at once, or neither');
  for (const issue of [...r.errors, ...r.warnings]) {
    if (typeof issue.path !== 'string' || typeof issue.message !== 'string' || !issue.message) out.push(`malformed issue ${JSON.stringify(issue).slice(0, 80)}`);
    else if (issue.message.length > MAX_MESSAGE_CHARS) out.push(`a ${issue.message.length}-character message at ${issue.path.slice(0, 40)}`);
  }
  const messages = r.errors.map((e) => e.message);
  const expected = input.expect;
  if (expected?.outcome === 'nesting') {
    if (JSON.stringify(r.errors) !== JSON.stringify([{ path: '', message: nestingMessage(expected.depth) }])) out.push(`expected only the nesting error for depth ${expected.depth}, got ${JSON.stringify(messages).slice(0, 200)}`);
  } else if (expected?.outcome === 'within-depth') {
    if (messages.some((m) => m.includes('levels deep'))) out.push('refused for nesting within the limit');
  } else if (expected?.outcome === 'refused') {
    if (r.experiment) out.push('opened');
  } else if (expected?.outcome === 'too-large') {
    const pattern = input.form === 'link' ? `unpacks to more than ${MAX_JSON_BYTES} bytes` : 'characters long; at most';
    if (r.experiment || !messages.some((m) => m.includes(pattern))) out.push(`expected a size refusal, got ${JSON.stringify(messages).slice(0, 200)}`);
  }
  return out;
}

describe('hostile links and experiment files', () => {
  test('none throws, each is quick, errors are readable, prototypes stay clean', async () => {
    const inputs = await hostileInputs();
    expect(inputs.length).toBeGreaterThanOrEqual(500);
    const before = snapshot();
    const failures: string[] = [];
    const outcomes: Outcome[] = [];
    const start = performance.now();
    for (const input of inputs) {
      const outcome = await attempt(input);
      outcomes.push(outcome);
      for (const p of problems(outcome)) failures.push(`${input.id} (${input.form}: ${input.label.slice(0, 80)}): ${p}`);
      // Checked after every input, so a failure names the one that polluted.
      if (({} as Record<string, unknown>).polluted !== undefined || JSON.stringify(snapshot()) !== JSON.stringify(before)) {
        failures.push(`${input.id}: a prototype gained a property`);
        break;
      }
    }
    const totalMs = performance.now() - start;
    report(outcomes, totalMs);
    expect(failures).toEqual([]);
    expect(totalMs).toBeLessThan(ALL_MS);
  }, ALL_MS * 2);

  test('the generator is deterministic, covers every kind and both forms, and holds the reported link', async () => {
    const [a, b] = [await hostileInputs(), await hostileInputs()];
    expect(a.map((i) => i.text)).toEqual(b.map((i) => i.text));
    expect(new Set(a.map((i) => i.kind))).toEqual(new Set(HOSTILE_KINDS));
    expect(a.filter((i) => i.form === 'file').length).toBeGreaterThan(200);
    expect((await hostileInputs(1)).map((i) => i.text)).not.toEqual(a.map((i) => i.text));
    const reported = a.find((i) => i.id === REPORTED_DEEP_LINK_ID)!;
    expect(reported.expect).toEqual({ outcome: 'nesting', depth: 4000 });
    expect((await decodeLink(reported.text)).errors).toEqual([{ path: '', message: 'The experiment is nested 4,000 levels deep; at most 32 are allowed.' }]);
    // Nesting on both sides of the limit, and far beyond it.
    const depths = a.map((i) => (i.expect?.outcome === 'nesting' ? i.expect.depth : 0));
    expect(depths).toContain(MAX_JSON_DEPTH + 1);
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(100_000);
    expect(a.some((i) => i.expect?.outcome === 'within-depth' && i.label.includes(`${MAX_JSON_DEPTH} `))).toBe(true);
  }, ALL_MS);
});

/** How many of each kind were tried and what became of them (printed with the test run). */
function report(outcomes: Outcome[], totalMs: number): void {
  const rows = HOSTILE_KINDS.map((kind) => {
    const of = outcomes.filter((o) => o.input.kind === kind);
    const count = (form: string) => of.filter((o) => o.input.form === form).length;
    const opened = of.filter((o) => o.result?.experiment).length;
    const slowest = Math.max(...of.map((o) => o.ms));
    const issues = Math.max(...of.map((o) => (o.result ? o.result.errors.length + o.result.warnings.length : 0)));
    return `${kind.padEnd(15)} ${String(count('link')).padStart(5)} ${String(count('file')).padStart(5)} ${String(opened).padStart(7)} ${String(of.length - opened).padStart(8)} ${slowest.toFixed(0).padStart(8)} ${String(issues).padStart(10)}`;
  });
  console.log([
    `hostile inputs: ${outcomes.length} in ${(totalMs / 1000).toFixed(1)} s`,
    `${'kind'.padEnd(15)} ${'links'.padStart(5)} ${'files'.padStart(5)} ${'opened'.padStart(7)} ${'refused'.padStart(8)} ${'max ms'.padStart(8)} ${'max issues'.padStart(10)}`,
    ...rows,
  ].join('\n'));
}
