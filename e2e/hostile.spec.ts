// Hostile links in real Chromium: a sample of the fuzz test's inputs (src/experiment/hostile-inputs.ts,
// the same generator and seed), the reported deep link that once blanked the page for good,
// an opened file nested as deep, and a CSV link that names a URL on another server.
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { decodeLink } from '../src/experiment/codec';
import { REPORTED_DEEP_LINK_ID, hostileInputs, sampleLinks } from '../src/experiment/hostile-inputs';
import { defaultExperiment } from '../src/spec';
import { openApp, setNumber, watchErrors } from './helpers';

const SAMPLE = 30;
const DEEP = 'The experiment is nested 4,000 levels deep; at most 32 are allowed.';

const heading = (page: Page) => page.getByRole('heading', { name: 'WebGPU Training Playground' });
const datasetSelect = (page: Page) => page.getByRole('combobox', { name: 'Dataset', exact: true });
const refusedAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'could not be opened' });
const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

/** Every request the page (and its worker) makes must stay on the app's own origin. */
function watchOrigins(page: Page, baseURL: string): string[] {
  const offSite: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(baseURL)) offSite.push(r.url()); });
  return offSite;
}

/** The page is alive: it renders, the Dataset select takes a new value, Train is there; nothing injected ran. */
async function expectUsable(page: Page): Promise<void> {
  await datasetSelect(page).selectOption('circle');
  await expect(datasetSelect(page)).toHaveValue('circle');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  expect(await pwned(page)).toBeUndefined();
  await expect(page.locator('img[src=x]')).toHaveCount(0);
}

test('a sample of 30 hostile links: each renders, says what was wrong or opens, stays usable, runs nothing', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const errors = watchErrors(page);
  const offSite = watchOrigins(page, baseURL!);
  const sample = sampleLinks(await hostileInputs(), SAMPLE);
  expect(sample).toHaveLength(SAMPLE);
  expect(sample.map((i) => i.id)).toContain(REPORTED_DEEP_LINK_ID);
  const kinds = new Set(sample.map((i) => i.kind));
  expect(kinds.size).toBeGreaterThanOrEqual(12);

  for (const [n, input] of sample.entries()) {
    await test.step(`${input.id}: ${input.label}`, async () => {
      const fragment = input.text.startsWith('#') ? input.text : `#${input.text}`;
      // What the page must show: decodeLink's own verdict on the same text. Only plain
      // base64url links reach the page unchanged (the browser percent-encodes the rest).
      const verdict = await decodeLink(fragment);
      const verbatim = /^#[A-Za-z0-9_=&-]*$/.test(fragment);
      // Half open the page with the link (a full load, boot included: where the deep link
      // blanked the page), half arrive as a link pasted into the open page (hashchange).
      const opening = n % 2 === 0 || input.id === REPORTED_DEEP_LINK_ID;
      let before = 'spiral';
      if (opening) {
        await page.goto(`/?hostile=${n}${fragment}`);
      } else {
        // First a dataset this link does not have, written back to the address bar, and no
        // alert: then what the checks below wait for can only come from this link.
        const current = await datasetSelect(page).inputValue();
        before = ['xor', 'gauss', 'circle'].find((d) => d !== current && d !== verdict.experiment?.data.dataset)!;
        const written = await page.evaluate(() => window.location.hash);
        await datasetSelect(page).selectOption(before);
        await expect.poll(() => page.evaluate(() => window.location.hash)).not.toBe(written);
        const dismiss = page.getByRole('button', { name: 'Dismiss' });
        if (await dismiss.count()) await dismiss.click();
        await page.evaluate((hash) => { window.location.hash = hash; }, fragment);
      }
      await expect(heading(page)).toBeVisible();
      await expect(datasetSelect(page)).toBeVisible();
      if (verdict.experiment && verbatim) {
        await expect(datasetSelect(page)).toHaveValue(verdict.experiment.data.dataset);
        await expect(refusedAlert(page)).toHaveCount(0);
      } else {
        await expect(refusedAlert(page)).toBeVisible();
        await expect(refusedAlert(page)).toContainText(opening ? 'the default experiment is shown' : 'your experiment is unchanged');
        if (verbatim) await expect(refusedAlert(page)).toContainText(verdict.errors[0].message);
        await expect(datasetSelect(page)).toHaveValue(before);
      }
      await expectUsable(page);
    });
  }
  expect(offSite).toEqual([]);
  expect(errors).toEqual([]);
});

test('the reported deep link: one sentence, defaults, and a reload still renders', async ({ page }) => {
  const errors = watchErrors(page);
  const deep = (await hostileInputs()).find((i) => i.id === REPORTED_DEEP_LINK_ID)!;
  await openApp(page, `/${deep.text}`);
  await expect(refusedAlert(page)).toContainText(DEEP);
  await expect(datasetSelect(page)).toHaveValue('spiral');
  await page.reload(); // the link is still in the address bar (the defaults are written back only after an edit)
  await expect(heading(page)).toBeVisible();
  await expectUsable(page);
  expect(errors).toEqual([]);
});

test('Open experiment with a file nested 4,000 levels deep: refused in one sentence, the experiment unchanged', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await datasetSelect(page).selectOption('xor');
  const deep = '{"a":'.repeat(4000) + '1' + '}'.repeat(4000);
  await page.getByLabel('Open experiment').setInputFiles({ name: 'deep.json', mimeType: 'application/json', buffer: Buffer.from(deep) });
  const alert = page.getByRole('alert').filter({ hasText: 'deep.json could not be opened; your experiment is unchanged' });
  await expect(alert).toContainText(DEEP);
  await expect(datasetSelect(page)).toHaveValue('xor');
  await expectUsable(page);
  expect(errors).toEqual([]);
});

/** 80 rows of two features and a class, as a person would upload. */
function table(): string {
  const rows = ['x,y,label'];
  for (let i = 0; i < 80; i++) rows.push(`${Math.sin(i).toFixed(3)},${Math.cos(i * 1.3).toFixed(3)},${Math.sin(i) > 0 ? 'a' : 'b'}`);
  return rows.join('\n') + '\n';
}

test('a CSV link naming https://example.invalid/x.csv: nothing is fetched, the page asks for the file, then trains on it', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const offSite = watchOrigins(page, baseURL!);
  const file = 'https://example.invalid/x.csv';
  const experiment = {
    ...defaultExperiment(),
    data: { ...defaultExperiment().data, dataset: 'csv', csv: { file, target: 'label', task: 'classification' } },
    training: { ...defaultExperiment().training, epochs: 1 },
  };
  await openApp(page, `/#e=${deflateRawSync(Buffer.from(JSON.stringify(experiment))).toString('base64url')}`);
  await expect(datasetSelect(page)).toHaveValue('csv');
  await expect(page.locator('.csv-fields')).toContainText(`This experiment trains on ${file}; choose that file.`);
  const blocked = page.getByRole('alert').filter({ hasText: 'Training is unavailable' });
  await expect(blocked).toContainText(`This experiment trains on ${file}; choose that file under CSV file in the Data panel.`);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await expect(page.getByText('Not started', { exact: true })).toBeVisible(); // the worker was given nothing to load
  await expect(page.getByText(/HTTP|Could not download|could not be loaded/)).toHaveCount(0);

  // The person chooses the file: the name it had in the link does not matter any more.
  await page.getByLabel('CSV file').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(table()) });
  await expect(page.getByRole('region', { name: 'CSV preview' })).toContainText('80 rows · 2 feature columns');
  await expect(blocked).toHaveCount(0);
  await setNumber(page, 'Epochs', 1);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(offSite).toEqual([]);
  expect(errors).toEqual([]);
});
