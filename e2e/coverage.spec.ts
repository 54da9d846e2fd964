import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, expectPageShowsRun, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

const train = (page: Page) => page.getByRole('button', { name: 'Train', exact: true });
const ready = (page: Page) => expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
const accuracySummary = (page: Page) => page.getByRole('region', { name: 'Accuracy', exact: true }).locator('.chart-summary');

test.describe('a browser without WebGPU', () => {
  test.beforeEach(async ({ page }) => {
    // The page loses navigator.gpu. Init scripts do not run in workers: the training worker
    // still has WebGPU, which the CPU backend never touches.
    await page.addInitScript(() => { Object.defineProperty(navigator, 'gpu', { value: undefined }); });
  });

  test('offers the CPU backend (WebAssembly SIMD), and it trains', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?testHooks');
    const banner = page.getByRole('alert').filter({ hasText: 'WebGPU is not available in this browser.' });
    await expect(banner).toContainText('You can still train on the CPU backend with WebAssembly SIMD kernels');
    await expect(page.getByLabel('GPU adapter')).not.toContainText('Looking for a GPU');
    // What the comment above says: a worker started by this page still sees WebGPU. (The probe
    // is served from the app's origin: the page's CSP allows no blob: workers.)
    // The page is cross-origin isolated (COOP/COEP): a worker script must say it may be embedded.
    await page.route('**/gpu-probe-worker.js', (route) => route.fulfill({
      contentType: 'text/javascript', body: 'postMessage(!!navigator.gpu)',
      headers: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' },
    }));
    const workerHasGpu = await page.evaluate(() => new Promise<boolean>((resolve) => {
      const w = new Worker('/gpu-probe-worker.js');
      w.onmessage = (e) => { resolve(e.data as boolean); w.terminate(); };
    }));
    expect(workerHasGpu).toBe(true);
    await choosePreset(page, 'Spiral');
    await setNumber(page, 'Epochs', 1);
    await banner.getByRole('button', { name: 'Use the CPU backend' }).click();
    await expect(page.getByRole('combobox', { name: 'Backend', exact: true })).toHaveValue('wasm');
    await expect(banner).toContainText('Training runs on the CPU backend with WebAssembly SIMD kernels.');
    await ready(page);
    await train(page).click();
    await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
    const run = await expectPageShowsRun(page);
    expect(run.final?.steps).toBe(50);
    expect(errors).toEqual([]);
  });
});

/** 200 rows of two features and a class (a when x + y > 0), with one short row at line 52. */
function makeCsv(): string {
  const lines = ['x,y,label'];
  let s = 7;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 * 2 - 1; };
  for (let i = 0; i < 200; i++) {
    if (i === 50) { lines.push('0.5,0.25'); continue; }
    const x = rand();
    const y = rand();
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'a' : 'b'}`);
  }
  return lines.join('\n') + '\n';
}

test('CSV upload: target, preview, class balance, the skipped line, then training', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '/?testHooks');
  await page.getByRole('combobox', { name: 'Dataset', exact: true }).selectOption('csv');
  await page.getByLabel('CSV file').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(makeCsv()) });
  const target = page.getByRole('combobox', { name: 'Target column' });
  await expect(target).toHaveValue('label');
  await target.selectOption('label');
  const preview = page.getByRole('region', { name: 'CSV preview' });
  await expect(preview).toContainText('199 rows · 2 feature columns');
  await expect(preview.getByRole('table')).toContainText('label');
  await expect(preview.getByRole('list', { name: 'Class balance' })).toContainText(/a: \d+ \(\d+%\)b: \d+/);
  await expect(preview.getByRole('alert')).toContainText('1 row was skipped.');
  await expect(preview.getByRole('alert')).toContainText('Line 52: Expected 3 fields');
  await setNumber(page, 'Epochs', 3);
  await ready(page);
  await train(page).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
  await expect(accuracySummary(page)).toContainText(/test accuracy \d+\.\d%/);
  // A line through the origin separates the classes: three epochs are well above chance.
  const run = await expectPageShowsRun(page);
  expect(run.evals.at(-1)!.testAccuracy).toBeGreaterThan(0.6);
  await page.locator('.panel-data').screenshot({ path: `${SCREENSHOTS}/08-csv-preview.png` });
  expect(errors).toEqual([]);
});

test('Download experiment, then Open experiment: the same experiment', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await choosePreset(page, 'Circle');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('rmsprop');
  await setNumber(page, 'Learning rate', 0.004);
  await page.getByRole('button', { name: 'Add Dropout', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download experiment' }).click()]);
  expect(download.suggestedFilename()).toBe('experiment.json');
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(saved.optimizer).toMatchObject({ type: 'rmsprop', lr: 0.004 });

  await choosePreset(page, 'Spiral'); // something else entirely
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('spiral');
  await page.getByLabel('Open experiment').setInputFiles({ name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('circle');
  await expect(page.getByRole('combobox', { name: 'Optimizer', exact: true })).toHaveValue('rmsprop');
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download experiment' }).click()]);
  expect(JSON.parse(readFileSync((await again.path())!, 'utf8'))).toEqual(saved);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a diverging run names the layer, and the experiment stays editable', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  // Squared error on a linear output with SGD at learning rate 10 grows geometrically.
  await choosePreset(page, 'Plane (regression)');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await setNumber(page, 'Learning rate', 10);
  await setNumber(page, 'Epochs', 20);
  await ready(page);
  await train(page).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  // The exact step and layer, as the runner finds them on both backends for this experiment
  // (npm run train -- <this experiment> --backend cpu|webgpu: step 11, layer 2 (dense)).
  await expect(alert).toContainText('Training stopped at step 11:', { timeout: 40_000 });
  await expect(alert).toContainText('The first non-finite values appeared in layer 2 (dense)');
  // One step number in the whole alert, not several.
  const steps = new Set(((await alert.textContent()) ?? '').match(/step \d+/g));
  expect([...steps]).toEqual(['step 11']);
  // Still editable: lower the learning rate and train again, the alert goes away.
  await expect(page.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toBeEditable();
  await setNumber(page, 'Learning rate', 0.01);
  await setNumber(page, 'Epochs', 1);
  await ready(page);
  await expect(alert).toHaveCount(0);
  await train(page).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
  expect(errors).toEqual([]);
});
