import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

// A measured robustness curve is kept with its run in "Run history" (IndexedDB) and drawn over
// the current model's in the Robustness region while that run is compared. Spiral runs of one
// epoch (50 steps), a plain one and one with adversarial training: the attack works on 2-D
// points too, with ε in normalised units.

const RUN1 = 'Run 1 · adam lr 0.1 · spiral';
const RUN2 = 'Run 2 · adam lr 0.1 · spiral';
const RUN3 = 'Run 3 · adam lr 0.1 · spiral';
const region = (page: Page) => page.getByRole('region', { name: 'Robustness' });
const table = (page: Page) => region(page).getByRole('table', { name: 'Accuracy under attack' });
const headers = (page: Page) => table(page).getByRole('columnheader').allTextContents();
const summary = (page: Page) => region(page).locator('.chart-summary');
const compare = (page: Page, name: string) => page.getByRole('checkbox', { name: `Compare ${name}`, exact: true });

async function trainToEnd(page: Page): Promise<void> {
  await expect(page.locator('.run-progress')).toContainText(/Ready.*Step 0 \/ 50/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
}

async function measure(page: Page): Promise<void> {
  await region(page).getByRole('button', { name: 'Measure robustness' }).click();
  await expect(summary(page)).toContainText(/^FGSM: [\d.]+% clean/, { timeout: 60_000 });
}

test('Robustness: a compared run\u2019s stored curve is drawn and tabled beside the current model\u2019s, after a reload too', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1300 });
  await openApp(page);
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
  await setNumber(page, 'Learning rate', 0.1);
  await trainToEnd(page);
  await measure(page);
  await expect(table(page).locator('tbody tr')).toHaveCount(7);
  expect(await headers(page)).toEqual(['ε', 'clean', 'under FGSM']);

  // A second run, trained with FGSM examples; the first stays compared (a finished run is), with its curve.
  await page.getByRole('combobox', { name: 'Adversarial training', exact: true }).selectOption({ label: 'FGSM' });
  await trainToEnd(page);
  await expect(compare(page, RUN1)).toBeChecked();
  await expect(summary(page)).toContainText(`${RUN1}: `);
  expect(await headers(page)).toEqual(['ε', RUN1]); // the stored curve alone until this model is measured
  await measure(page);
  expect(await headers(page)).toEqual(['ε', 'clean', 'under FGSM', RUN1]);
  const rows = table(page).locator('tbody tr');
  await expect(rows).toHaveCount(7);
  for (const cells of await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))))
    for (const cell of cells.slice(1)) expect(cell).toMatch(/^\d+\.\d%$/);
  await expect(summary(page)).toContainText(new RegExp(`^FGSM: [\\d.]+% clean; [\\d.]+% at ε = 1\\. ${RUN1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d.]+% clean; [\\d.]+% at ε = 1\\.$`));
  await expect(region(page).locator('.robustness-run-line path.recharts-curve')).toHaveCount(1);
  await expect(region(page).locator('.recharts-line path.recharts-curve')).toHaveCount(2);
  await expect(region(page).locator('.recharts-legend-wrapper')).toContainText(RUN1);
  await expect(region(page).locator('.recharts-legend-wrapper')).toContainText('current model');
  await region(page).scrollIntoViewIfNeeded();
  await region(page).screenshot({ path: `${SCREENSHOTS}/robustness-overlay.png` });

  // Unticked: the overlay goes.
  await compare(page, RUN1).uncheck();
  expect(await headers(page)).toEqual(['ε', 'clean', 'under FGSM']);
  await expect(region(page).locator('.robustness-run-line')).toHaveCount(0);

  // After a reload both curves come back from storage, one column each.
  await expect(page.locator('section.run-history')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await page.reload();
  await expect(page.getByRole('list', { name: 'Run history' }).getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  await compare(page, RUN1).check();
  await compare(page, RUN2).check();
  await expect.poll(() => headers(page)).toEqual(['ε', RUN1, RUN2]);
  await expect(region(page).locator('.robustness-run-line')).toHaveCount(2);

  // A compared run never measured says so.
  await trainToEnd(page);
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect(compare(page, RUN3)).toBeChecked();
  await expect(summary(page)).toContainText(`${RUN3}: robustness not measured.`);
  expect(await headers(page)).toEqual(['ε', RUN1, RUN2]);
  expect(errors).toEqual([]);
});
