import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

// "Run history": runs kept in IndexedDB across reloads. Each test has a fresh browser
// context, so its storage starts empty. Runs are one epoch of the spiral (50 steps).

const history = (page: Page) => page.getByRole('list', { name: 'Run history' });
/** Every change written to IndexedDB (the page says "saving…" until then): only then is a reload safe. */
async function reloadWhenSaved(page: Page): Promise<void> {
  await expect(page.locator('section.run-history')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await page.reload();
}
const items = (page: Page) => history(page).getByRole('listitem');
const item = (page: Page, name: RegExp | string) => history(page).getByRole('listitem', { name });
const lossRegion = (page: Page) => page.getByRole('region', { name: 'Loss', exact: true });
const accuracyRegion = (page: Page) => page.getByRole('region', { name: 'Accuracy', exact: true });

async function trainSpiral(page: Page, lr: number): Promise<void> {
  await setNumber(page, 'Learning rate', lr);
  // Ready for THIS experiment (one epoch, 50 steps), not an earlier one still being replaced.
  await expect(page.locator('.run-progress')).toContainText(/Ready.*Step 0 \/ 50/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
}

async function openSpiral(page: Page, path = '/'): Promise<void> {
  await openApp(page, path);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
}

/** "test loss 0.5432 · accuracy 71.5%" as the item shows it. */
async function finalOf(row: Locator): Promise<{ loss: string; accuracy: string }> {
  const text = (await row.textContent()) ?? '';
  const m = /test loss (\S+) · accuracy ([\d.]+%)/.exec(text);
  expect(m, `final metrics in "${text}"`).not.toBeNull();
  return { loss: m![1], accuracy: m![2] };
}

test('a trained run survives a reload with its final metrics, and opens in the builder', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openSpiral(page);
  await trainSpiral(page, 0.03);
  await expect(items(page)).toHaveCount(1);
  const row = item(page, /^Run 1 · adam lr 0\.03 · spiral$/);
  await expect(row).toContainText('finished');
  await expect(row).toContainText('spiral');
  await expect(row).toContainText(/\d+ params/);
  await expect(row).toContainText('step 50');
  const before = await finalOf(row);
  // The stored final accuracy is the one the chart shows for the run.
  await expect(accuracyRegion(page).locator('.chart-summary')).toContainText(`test accuracy ${before.accuracy}`);
  await expect(row.getByRole('checkbox', { name: 'Compare Run 1 · adam lr 0.03 · spiral' })).toBeChecked();

  await reloadWhenSaved(page);
  await expect(items(page)).toHaveCount(1, { timeout: 30_000 });
  const after = item(page, 'Run 1 · adam lr 0.03 · spiral');
  expect(await finalOf(after)).toEqual(before);
  await expect(after).toContainText('finished');

  // Open: another learning rate in the form, then the run's comes back (and the link follows).
  const link = () => page.evaluate(() => window.location.hash);
  const runLink = await link();
  await setNumber(page, 'Learning rate', 0.2);
  await expect.poll(link).not.toBe(runLink);
  await after.getByRole('button', { name: 'Open Run 1 · adam lr 0.03 · spiral' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toHaveValue('0.03');
  await expect.poll(link).toBe(runLink);

  // Rename.
  await after.getByRole('button', { name: 'Rename Run 1 · adam lr 0.03 · spiral' }).click();
  await page.getByRole('textbox', { name: 'New name for Run 1 · adam lr 0.03 · spiral' }).fill('baseline');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(item(page, 'baseline')).toHaveCount(1);
  await reloadWhenSaved(page);
  await expect(item(page, 'baseline')).toHaveCount(1, { timeout: 30_000 });

  // The metrics download as CSV and JSON.
  const [csv] = await Promise.all([page.waitForEvent('download'), item(page, 'baseline').getByRole('button', { name: 'Download metrics CSV' }).click()]);
  const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('kind,step,epoch,trainLoss,testLoss,testAccuracy,trainAccuracy,testMse,lr,samplesPerSec,msPerStep');
  expect(lines.at(-1)).toMatch(/^eval,50,/);
  const [json] = await Promise.all([page.waitForEvent('download'), item(page, 'baseline').getByRole('button', { name: 'Download metrics JSON' }).click()]);
  const metrics = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(metrics.name).toBe('baseline');
  expect(metrics.evals.at(-1).step).toBe(50);
  expect(errors).toEqual([]);
});

test('compare two stored runs: both curves on the charts and the differing learning rate in the table', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1400 });
  await openSpiral(page);
  await trainSpiral(page, 0.03);
  await page.getByRole('button', { name: 'New seed' }).click();
  await trainSpiral(page, 0.1);
  await expect(items(page)).toHaveCount(2);
  // Newest first.
  await expect(items(page).nth(0)).toHaveAccessibleName(/^Run 2 · adam lr 0\.1 · spiral$/);
  await expect(items(page).nth(1)).toHaveAccessibleName(/^Run 1 · adam lr 0\.03 · spiral$/);

  await reloadWhenSaved(page);
  await expect(items(page)).toHaveCount(2, { timeout: 30_000 });
  await expect(lossRegion(page).locator('.kept-run-line')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Compared runs' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Compare Run 1 · adam lr 0.03 · spiral' }).check();
  await page.getByRole('checkbox', { name: 'Compare Run 2 · adam lr 0.1 · spiral' }).check();
  await expect(lossRegion(page).locator('.kept-run-line')).toHaveCount(2);
  await expect(lossRegion(page).locator('.kept-run-line path.recharts-curve')).toHaveCount(2);
  await expect(accuracyRegion(page).locator('.kept-run-line')).toHaveCount(2);
  await expect(lossRegion(page).locator('.recharts-legend-wrapper')).toContainText('Run 1 · adam lr 0.03 · spiral');
  const table = page.getByRole('table', { name: 'Compared runs' });
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers).toContain('lr');
  expect(headers).toContain('seed');
  expect(headers).not.toContain('batch'); // the same in both: not a difference
  const lrColumn = headers.indexOf('lr');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  expect((await rows.nth(0).locator('th, td').allTextContents())[lrColumn]).toBe('0.03');
  expect((await rows.nth(1).locator('th, td').allTextContents())[lrColumn]).toBe('0.1');
  await expect(rows.nth(0)).toContainText(/\d+\.\d%/);
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = (await page.locator('.panel-run').boundingBox())!;
  await page.screenshot({ path: `${SCREENSHOTS}/09-run-history.png`, fullPage: true, clip: box });

  await page.getByRole('checkbox', { name: 'Compare Run 1 · adam lr 0.03 · spiral' }).uncheck();
  await expect(lossRegion(page).locator('.kept-run-line')).toHaveCount(1);
  await expect(rows).toHaveCount(1);

  // Delete asks first, and can be undone; a deletion that is not undone lasts.
  const run2 = item(page, 'Run 2 · adam lr 0.1 · spiral');
  await run2.getByRole('button', { name: 'Delete Run 2 · adam lr 0.1 · spiral' }).click();
  await expect(items(page)).toHaveCount(2);
  await run2.getByRole('button', { name: 'Keep it' }).click();
  await run2.getByRole('button', { name: 'Delete Run 2 · adam lr 0.1 · spiral' }).click();
  await run2.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(items(page)).toHaveCount(1);
  await expect(lossRegion(page).locator('.kept-run-line')).toHaveCount(0);
  const status = page.getByRole('status').filter({ hasText: 'Deleted Run 2' });
  await status.getByRole('button', { name: 'Undo' }).click();
  await expect(items(page)).toHaveCount(2);
  await expect(items(page).nth(0)).toHaveAccessibleName('Run 2 · adam lr 0.1 · spiral');
  await reloadWhenSaved(page);
  await expect(items(page)).toHaveCount(2, { timeout: 30_000 });
  await item(page, 'Run 1 · adam lr 0.03 · spiral').getByRole('button', { name: 'Delete Run 1' }).click();
  await item(page, 'Run 1 · adam lr 0.03 · spiral').getByRole('button', { name: 'Yes, delete' }).click();
  await expect(items(page)).toHaveCount(1);
  await reloadWhenSaved(page);
  await expect(items(page)).toHaveCount(1, { timeout: 30_000 });
  await expect(items(page).nth(0)).toHaveAccessibleName('Run 2 · adam lr 0.1 · spiral');
  expect(errors).toEqual([]);
});

test('download a run, delete it, and Open experiment brings the run back into the history', async ({ page }) => {
  const errors = watchErrors(page);
  await openSpiral(page);
  await trainSpiral(page, 0.03);
  const row = item(page, 'Run 1 · adam lr 0.03 · spiral');
  const before = await finalOf(row);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download run' }).click()]);
  expect(download.suggestedFilename()).toBe('run-1-adam-lr-0-03-spiral.run.json');
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(file.playgroundRun).toBe(1);
  expect(file.experiment.optimizer.lr).toBe(0.03);
  // The final weights came from the worker: every parameter of the spiral model, by name.
  expect(file.weights.length).toBeGreaterThan(0);
  expect(file.weights.every((w: { name: string; base64: string }) => w.name && w.base64.length > 0)).toBe(true);
  await row.getByRole('button', { name: 'Delete Run 1' }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(history(page)).toHaveCount(0);
  await setNumber(page, 'Learning rate', 0.5);

  await page.getByLabel('Open experiment').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: readFileSync((await download.path())!) });
  await expect(items(page)).toHaveCount(1);
  const back = item(page, 'Run 1 · adam lr 0.03 · spiral');
  expect(await finalOf(back)).toEqual(before);
  await expect(page.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toHaveValue('0.03');
  await reloadWhenSaved(page);
  await expect(items(page)).toHaveCount(1, { timeout: 30_000 });
  // Stored again with its weights: downloading it again gives the same weights.
  const [again] = await Promise.all([page.waitForEvent('download'), item(page, 'Run 1 · adam lr 0.03 · spiral').getByRole('button', { name: 'Download run' }).click()]);
  expect(JSON.parse(readFileSync((await again.path())!, 'utf8')).weights).toEqual(file.weights);
  expect(errors).toEqual([]);
});

test('storage blocked: the page says so, keeps working, and training still works', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => { throw new DOMException('IndexedDB is blocked for this test.', 'SecurityError'); };
  });
  const errors = watchErrors(page);
  await openSpiral(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Run history cannot be saved in this browser' })).toBeVisible();
  await trainSpiral(page, 0.03);
  // Kept in memory for this visit.
  await expect(items(page)).toHaveCount(1);
  await expect(item(page, 'Run 1 · adam lr 0.03 · spiral')).toContainText('finished');
  expect(errors).toEqual([]);
});

test('storage full: the page says so and offers the oldest runs for deletion', async ({ page }) => {
  const errors = watchErrors(page);
  await openSpiral(page);
  await trainSpiral(page, 0.03);
  await expect(items(page)).toHaveCount(1);
  // From now on every write fails as a full disk does.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.getByRole('button', { name: 'New seed' }).click();
  await trainSpiral(page, 0.05);
  const alert = page.getByRole('alert').filter({ hasText: 'storage is full' });
  await expect(alert).toBeVisible();
  await expect(items(page)).toHaveCount(2);
  await alert.getByRole('button', { name: /^Delete the (\d+ )?oldest runs?$/ }).click();
  await expect(alert).toHaveCount(0);
  await expect(items(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an uploaded CSV survives a reload: found by its hash, no "HTTP 404"', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByRole('combobox', { name: 'Dataset', exact: true }).selectOption('csv');
  const rows = ['x,y,label', ...Array.from({ length: 120 }, (_, i) => `${(i % 11) / 10 - 0.5},${(i % 7) / 6 - 0.5},${(i % 11) / 10 + (i % 7) / 6 > 1 ? 'a' : 'b'}`)];
  await page.getByLabel('CSV file').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  const preview = page.getByRole('region', { name: 'CSV preview' });
  await expect(preview).toContainText('120 rows · 2 feature columns');
  await setNumber(page, 'Epochs', 1);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.evaluate(() => window.location.hash.length)).toBeGreaterThan(3);
  await page.waitForTimeout(300); // the link is written 120 ms after the last edit

  await reloadWhenSaved(page);
  await expect(preview).toContainText('120 rows · 2 feature columns', { timeout: 30_000 });
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('HTTP 404')).toHaveCount(0);
  await expect(page.getByText('choose the file again')).toHaveCount(0);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).nth(0)).toContainText('csv points.csv');
  expect(errors).toEqual([]);
});
