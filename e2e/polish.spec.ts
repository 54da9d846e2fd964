import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, watchErrors } from './helpers';

// Issue 19: the small things a new user trips over, one test per item (fixed states are
// photographed for docs/ui.md).

// Training on SwiftShader shares the build machine: the tests that train get room.
test.describe.configure({ timeout: 240_000 });

const spin = (page: Page, name: string) => page.getByRole('spinbutton', { name, exact: true });
const dataset = (page: Page) => page.getByRole('combobox', { name: 'Dataset', exact: true });

test('a preset asks first, and Undo brings the previous experiment back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  await spin(page, 'Seed').fill('77');
  await spin(page, 'Units').first().fill('24');
  // Cancel changes nothing.
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('menuitem', { name: /^Exclusive or/ }).click();
  const ask = page.getByRole('alertdialog', { name: 'Replace the experiment?' });
  await expect(ask).toContainText('Replace the current experiment with the preset Exclusive or?');
  await expect(ask.getByRole('button', { name: 'Replace' })).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}/polish-preset-confirm.png` });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(dataset(page)).toHaveValue('spiral');
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
  // Replace, then Undo.
  await choosePreset(page, 'Exclusive or');
  await expect(dataset(page)).toHaveValue('xor');
  await expect(spin(page, 'Seed')).toHaveValue('1234');
  const undo = page.getByRole('button', { name: 'Undo: preset Exclusive or' });
  await expect(undo).toBeInViewport();
  await page.screenshot({ path: `${SCREENSHOTS}/polish-undo.png` });
  await undo.click();
  await expect(dataset(page)).toHaveValue('spiral');
  await expect(spin(page, 'Seed')).toHaveValue('77');
  await expect(spin(page, 'Units').first()).toHaveValue('24');
  await expect(undo).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('fields show only where they apply: no augmentation for points, no train fraction for Fashion-MNIST', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data.getByRole('group', { name: 'Augmentation' })).toHaveCount(0);
  await expect(data.getByRole('checkbox', { name: 'Horizontal flip' })).toHaveCount(0);
  await expect(spin(page, 'Train fraction')).toBeVisible();
  await data.screenshot({ path: `${SCREENSHOTS}/polish-data-points.png` });
  await dataset(page).selectOption('mnist');
  await expect(spin(page, 'Shift (pixels)')).toBeVisible();
  await expect(spin(page, 'Train fraction')).toBeVisible();
  await spin(page, 'Shift (pixels)').fill('3');
  await dataset(page).selectOption('fashion-mnist');
  await expect(spin(page, 'Train fraction')).toHaveCount(0);
  await expect(spin(page, 'Shift (pixels)')).toHaveValue('3');
  // Back to points: the shift would do nothing there, so it is reset, not just hidden.
  await dataset(page).selectOption('circle');
  await expect(spin(page, 'Shift (pixels)')).toHaveCount(0);
  await dataset(page).selectOption('mnist');
  await expect(spin(page, 'Shift (pixels)')).toHaveValue('0');
  expect(errors).toEqual([]);
});

test('one broken layer leaves the input and the shapes before it, and says why', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  const model = page.getByRole('region', { name: 'Model', exact: true });
  await page.getByRole('spinbutton', { name: 'Rate', exact: true }).fill('1.5');
  await expect(model.getByText('Input [2]', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Output of layer 1')).toHaveText('→ [16]');
  const broken = page.getByRole('listitem', { name: 'Layer 2: Dropout' });
  await expect(broken.getByRole('alert')).toHaveText('Rate must be a number at least 0 and below 1');
  await expect(page.getByLabel('Output of layer 3')).toHaveText('→ —');
  await expect(page.getByLabel('Model total')).toContainText('3 layers');
  await model.screenshot({ path: `${SCREENSHOTS}/polish-broken-layer.png` });
  // "1 layer", not "1 layers".
  await page.getByRole('spinbutton', { name: 'Rate', exact: true }).fill('0.1');
  await page.getByRole('button', { name: 'Delete layer 3' }).click();
  await page.getByRole('button', { name: 'Delete layer 2' }).click();
  await expect(page.getByLabel('Model total')).toContainText(/^1 layer\d/);
  expect(errors).toEqual([]);
});

test('a value a field cannot take is named at the field, linked with aria-describedby', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  const units = spin(page, 'Units').first();
  await units.fill('1.5');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await expect(units).toHaveAccessibleDescription(/^Units must be a whole number from 1 to 65,536/);
  // The run does not go on with the last good value behind the person's back.
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await page.getByRole('listitem', { name: 'Layer 1: Dense' }).screenshot({ path: `${SCREENSHOTS}/polish-field-error.png` });
  await units.fill('16');
  await expect(units).not.toHaveAttribute('aria-invalid');
  await expect(units).not.toHaveAccessibleDescription(/must be/);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  // The same for every number field, from the spec's ranges.
  for (const [name, value, message] of [
    ['Batch size', '0', 'Batch size must be a whole number from 1 to 65,536'],
    ['Learning rate', '0', 'Learning rate must be a number above 0 and at most 10'],
    ['Train fraction', '0.95', 'Train fraction must be a number from 0.1 to 0.9'],
    ['Rate', '1', 'Rate must be a number at least 0 and below 1'],
  ] as const) {
    await spin(page, name).fill(value);
    await expect(spin(page, name)).toHaveAccessibleDescription(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)); // the problem first, then the field's explanation
  }
  expect(errors).toEqual([]);
});

test('a bad link stays in the address bar until an edit, and its message is brought into view', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 700 });
  const bad = '#e=not-a-real-link';
  await openApp(page, `/${bad}`);
  const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
  await expect(alert).toBeVisible();
  await page.waitForTimeout(500); // longer than the page waits before writing an edit back
  expect(await page.evaluate(() => window.location.hash)).toBe(bad);
  await page.screenshot({ path: `${SCREENSHOTS}/polish-bad-link.png` });
  // The first edit writes the experiment back.
  await spin(page, 'Seed').fill('5');
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe(bad);
  // A bad link pasted into a scrolled page: kept, and the message scrolled into view.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
  await page.evaluate((hash) => { window.location.hash = hash; }, bad);
  await expect(alert).toBeInViewport();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.location.hash)).toBe(bad);
  expect(errors).toEqual([]);
});

test('until the first step lands the run says what it is doing (uploading data, compiling kernels)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  // Every text the run status shows, in order, from the first render on.
  await page.addInitScript(() => {
    // The worker's phase messages as it posts them: the page applies its messages in batches
    // (one store update per frame or so), so a phase shorter than that never reaches the
    // store or the screen, and under load which ones do varies.
    const posted: unknown[] = [];
    (window as unknown as { postedPhases: unknown[] }).postedPhases = posted;
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent) => { if (e.data?.type === 'phase') posted.push(e.data.phase); });
      }
    };
    const seen: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    const record = () => {
      const text = document.querySelector('.run-status')?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openApp(page);
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeEnabled();
  await expect(page.getByText('Ready', { exact: true })).toBeVisible();
  await train.click();
  await expect(page.getByText(/^Step [1-9]\d* \//)).toBeVisible({ timeout: 30_000 });
  // The worker said what it was doing at each stage, in order...
  const phases = await page.evaluate(() => (window as unknown as { postedPhases: unknown[] }).postedPhases);
  expect(phases).toEqual(['loading data', 'uploading data', 'compiling kernels and tracing the step', null]);
  // ...and the status showed the long one, the first compile, with the step counter beside it.
  const texts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  const at = (re: RegExp) => texts.findIndex((t) => re.test(t));
  const tracing = at(/Training: compiling kernels and tracing the step…Epoch 1 \/ \d+Step 0 \//);
  expect(tracing, texts.join(' | ')).toBeGreaterThan(at(/Preparing: loading data…/));
  // Shown until the first step lands, then the plain status.
  const firstStep = at(/Step [1-9]\d* \//);
  expect(firstStep).toBeGreaterThan(tracing);
  expect(texts.slice(firstStep).some((t) => t.includes('tracing'))).toBe(false);
  expect(errors).toEqual([]);
});

/** 120 rows: a number, a colour (three categories) and a class. */
function colorsCsv(): string {
  const colors = ['red', 'green', 'blue'];
  const lines = ['x,color,label'];
  for (let i = 0; i < 120; i++) lines.push(`${(i / 60 - 1).toFixed(3)},${colors[i % 3]},${i % 3 === 0 ? 'yes' : 'no'}`);
  return lines.join('\n') + '\n';
}

test('CSV: the encoding explained, the file named once, a bad target keeps Train disabled, a reload keeps the picker', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page);
  await dataset(page).selectOption('csv');
  await page.getByLabel('CSV file').setInputFiles({ name: 'colors.csv', mimeType: 'text/csv', buffer: Buffer.from(colorsCsv()) });
  const data = page.getByRole('region', { name: 'Data' });
  const target = page.getByRole('combobox', { name: 'Target column' });
  await expect(target).toHaveValue('label');
  const preview = page.getByRole('region', { name: 'CSV preview' });
  await expect(preview.getByRole('list', { name: 'Column encoding' }).getByRole('listitem')).toHaveText([
    'x: a number (1 input)',
    'color: text, one-hot encoded (3 categories: blue, green, red; 3 inputs)',
  ]);
  // The file input shows the name; the page does not repeat it.
  await expect(data.getByText('colors.csv', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Model total')).toContainText(/^3 layers/);
  await data.screenshot({ path: `${SCREENSHOTS}/polish-csv.png` });
  // A text target cannot be regressed on: the worker refuses it, and Train stays disabled with the reason.
  await page.getByRole('combobox', { name: 'Task', exact: true }).selectOption('regression');
  await page.getByRole('combobox', { name: 'Loss', exact: true }).selectOption('mse');
  await spin(page, 'Units').last().fill('1');
  const train = page.getByRole('button', { name: 'Train', exact: true });
  const refused = page.getByRole('alert').filter({ hasText: 'Training is unavailable' });
  await expect(refused).toContainText('label', { timeout: 30_000 });
  await expect(train).toBeDisabled();
  await expect(train).toHaveAccessibleDescription(/Training is unavailable/);
  await page.locator('.run-controls').screenshot({ path: `${SCREENSHOTS}/polish-csv-refused.png` });
  // Fixing it (back to classification) enables Train again.
  await page.getByRole('combobox', { name: 'Task', exact: true }).selectOption('classification');
  await page.getByRole('combobox', { name: 'Loss', exact: true }).selectOption('softmaxCrossEntropy');
  await spin(page, 'Units').last().fill('2');
  await expect(train).toBeEnabled({ timeout: 30_000 });
  // After a reload: the link opens without a warning, the file comes back from storage, the
  // target is still a picker, and the name is shown once (the empty input cannot show it).
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'WebGPU Training Playground' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Target column' })).toHaveValue('label');
  await expect(data.getByText('colors.csv', { exact: true })).toHaveCount(1);
  await expect(page.getByRole('alert').filter({ hasText: 'known once' })).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'warnings' })).toHaveCount(0);
  await expect(train).toBeEnabled({ timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('a run is named with the learning rate it started with, says when it changed, and its swatch has its chart colour', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await spin(page, 'Epochs').fill('8');
  await spin(page, 'Learning rate').fill('0.01');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText(/^Step ([3-9]\d|\d{3,}) \//)).toBeVisible({ timeout: 30_000 });
  await spin(page, 'Learning rate').fill('0.001');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 150_000 });
  const item = page.getByRole('list', { name: 'Run history' }).getByRole('listitem').first();
  await expect(item).toHaveAccessibleName(/^Run 1 · adam lr 0\.01, changed at step \d+ · spiral$/);
  const swatch = item.locator('.compare-swatch');
  await expect(swatch).toHaveCSS('background-color', 'rgb(37, 99, 235)'); // the live lines' blue
  await item.screenshot({ path: `${SCREENSHOTS}/polish-run-name.png` });
  expect(errors).toEqual([]);
});

// Tick labels: the step axis's are centred under their ticks, the left axis's end at them.
const X_TICKS = 'text.recharts-cartesian-axis-tick-value[text-anchor=middle]';
const Y_TICKS = 'text.recharts-cartesian-axis-tick-value[text-anchor=end]';

test('chart axes: round distinct ticks from step 0, labelled drawings', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await spin(page, 'Epochs').fill('3');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 150_000 });
  for (const name of ['Loss', 'Accuracy', 'Learning rate', 'Throughput']) {
    const region = page.getByRole('region', { name, exact: true });
    // Recharts' drawing (role=application) is named.
    for (const drawing of await region.getByRole('application').all()) await expect(drawing).toHaveAttribute('aria-label', /chart: /);
    const x = await region.locator(X_TICKS).allTextContents();
    expect(x[0], `${name}: the step axis starts at 0`).toBe('0');
  }
  const loss = page.getByRole('region', { name: 'Loss', exact: true });
  const ticks = await loss.locator(Y_TICKS).allTextContents();
  expect(ticks.length).toBeGreaterThan(2);
  expect(new Set(ticks).size, ticks.join(', ')).toBe(ticks.length);
  // Round ticks: evenly spaced, each a short decimal.
  const values = ticks.map(Number);
  const gaps = values.slice(1).map((v, i) => Number((v - values[i]).toPrecision(6)));
  expect(new Set(gaps).size, ticks.join(', ')).toBe(1);
  for (const t of ticks) expect(t).toMatch(/^-?\d+(\.\d{1,3})?$/);
  const accuracyX = await page.getByRole('region', { name: 'Accuracy', exact: true }).locator(X_TICKS).allTextContents();
  const lossX = await loss.locator(X_TICKS).allTextContents();
  expect(accuracyX).toEqual(lossX); // the charts line up
  await page.locator('.panel-run .charts').first().screenshot({ path: `${SCREENSHOTS}/polish-charts.png` });
  expect(errors).toEqual([]);
});

test('a diverging run: the alert holds one step number', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await choosePreset(page, 'Plane (regression)');
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('sgd');
  await spin(page, 'Learning rate').fill('10');
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  await expect(alert).toContainText(/Training stopped at step \d+:/, { timeout: 40_000 });
  const steps = ((await alert.textContent()) ?? '').match(/step \d+/gi) ?? [];
  expect(new Set(steps.map((s) => s.toLowerCase())).size, steps.join(', ')).toBe(1);
  await alert.screenshot({ path: `${SCREENSHOTS}/polish-diverged.png` });
  expect(errors).toEqual([]);
});
