import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { choosePreset, openApp, setNumber, watchErrors } from './helpers';

// Transfer learning on the page: "Download weights", "Load weights" (from a file and from a
// run in "Run history") and the Freeze toggle. One epoch of the spiral (50 steps) each.

/** The tensors of a safetensors file, by name, as raw little-endian bytes (compared bit for bit). */
function tensorsOf(bytes: Buffer): Map<string, Buffer> {
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { data_offsets: [number, number] }>;
  const out = new Map<string, Buffer>();
  for (const [name, entry] of Object.entries(header)) {
    if (name !== '__metadata__') out.set(name, bytes.subarray(8 + n + entry.data_offsets[0], 8 + n + entry.data_offsets[1]));
  }
  return out;
}

async function downloadWeights(page: Page): Promise<Map<string, Buffer>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download weights' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.safetensors$/);
  return tensorsOf(readFileSync((await download.path())!));
}

const ready = (page: Page) => expect(page.locator('.run-progress')).toContainText(/Ready.*Step 0 \/ 50/, { timeout: 30_000 });
/** A new seed re-initialises the run after the bridge's 350 ms debounce: wait for that run, not the last one. */
async function newSeed(page: Page, seed: number): Promise<void> {
  await setNumber(page, 'Seed', seed);
  await page.waitForTimeout(800);
  await ready(page);
}
const report = (page: Page) => page.getByLabel('Weights report');

async function openSpiral(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
  await ready(page);
}

async function train(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
}

const same = (a: Map<string, Buffer>, b: Map<string, Buffer>) => {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, v] of a) expect(v.equals(b.get(name)!), name).toBe(true);
};

test('trained weights go out as a file and come back, from the file and from Run history, bit for bit', async ({ page }, info) => {
  const errors = watchErrors(page);
  await openSpiral(page);
  await train(page);
  const trained = await downloadWeights(page);
  const file = info.outputPath('trained.safetensors');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download weights' }).click()]);
  await download.saveAs(file);

  // Another seed: other initial weights, until the trained ones are loaded.
  await newSeed(page, 99);
  const fresh = await downloadWeights(page);
  expect(fresh.get('layer1.weight')!.equals(trained.get('layer1.weight')!)).toBe(false);

  await page.getByLabel('Load weights from a file').setInputFiles(file);
  await expect(report(page)).toContainText(`Starting from the weights of trained.safetensors: ${trained.size} of ${trained.size} tensors matched and were loaded.`);
  same(await downloadWeights(page), trained);

  // Forget them: a new start is the seed's again; then the run from Run history.
  await page.getByRole('button', { name: 'Forget loaded weights' }).click();
  await expect(report(page)).toHaveCount(0);
  await newSeed(page, 98);
  expect((await downloadWeights(page)).get('layer1.weight')!.equals(trained.get('layer1.weight')!)).toBe(false);
  const run: Locator = page.getByRole('list', { name: 'Run history' }).getByRole('listitem').first();
  await run.getByRole('button', { name: /^Load weights of / }).click();
  await expect(report(page)).toContainText(`${trained.size} of ${trained.size} tensors matched`);
  same(await downloadWeights(page), trained);

  // A file of another model: an alert, nothing loaded.
  const other = info.outputPath('other.safetensors');
  const header = Buffer.from(JSON.stringify({ 'encoder.weight': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
  const bytes = Buffer.alloc(8 + header.length + 4);
  bytes.writeBigUInt64LE(BigInt(header.length), 0);
  header.copy(bytes, 8);
  (await import('node:fs')).writeFileSync(other, bytes);
  await page.getByLabel('Load weights from a file').setInputFiles(other);
  await expect(page.getByRole('alert').filter({ hasText: 'No tensor in the weights file matches this model' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('Freeze keeps a layer\'s weights bit for bit through training while the others learn', async ({ page }) => {
  const errors = watchErrors(page);
  await openSpiral(page);
  await page.getByRole('checkbox', { name: 'Freeze layer 1' }).check();
  await expect(page.getByLabel('Trainable and frozen parameters')).toContainText(/[1-9][\d,]* frozen/);
  await ready(page);
  const before = await downloadWeights(page);
  await train(page);
  const after = await downloadWeights(page);
  expect(after.get('layer1.weight')!.equals(before.get('layer1.weight')!)).toBe(true);
  expect(after.get('layer1.bias')!.equals(before.get('layer1.bias')!)).toBe(true);
  const last = [...before.keys()].filter((k) => k.endsWith('.weight')).at(-1)!;
  expect(after.get(last)!.equals(before.get(last)!)).toBe(false);
  await page.getByRole('checkbox', { name: 'Freeze layer 1' }).uncheck();
  await expect(page.getByLabel('Trainable and frozen parameters')).toContainText(/ 0 frozen/);
  expect(errors).toEqual([]);
});
