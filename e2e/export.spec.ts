import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { choosePreset, openApp, runMetrics, setNumber, watchErrors } from './helpers';

// "Download PyTorch project": the zip of a trained spiral run, unpacked, and its train.py
// run under Debian's PyTorch (/usr/bin/python3, python3-torch): --evaluate gives the page's
// final test loss.

test('Download PyTorch project: the zip holds the project, and train.py --evaluate gives the page\'s test loss', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/?testHooks');
  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
  await expect(page.locator('.run-progress')).toContainText(/Ready.*Step 0 \/ 50/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 40_000 });
  const final = (await runMetrics(page)).final!;
  expect(final.steps).toBe(50);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PyTorch project' }).click()]);
  expect(download.suggestedFilename()).toBe('pytorch-project.zip');
  const files = unzipSync(readFileSync((await download.path())!));
  const names = Object.keys(files).sort();
  for (const f of ['README.md', 'data/points.csv', 'experiment.json', 'initial.safetensors', 'train.py', 'weights.safetensors']) {
    expect(names).toContain(`pytorch-project/${f}`);
  }
  const experiment = JSON.parse(new TextDecoder().decode(files['pytorch-project/experiment.json']));
  expect(experiment.data.dataset).toBe('spiral');

  const dir = mkdtempSync(join(tmpdir(), 'e2e-export-'));
  try {
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const r = spawnSync('/usr/bin/python3', ['train.py', '--evaluate'], { cwd: join(dir, 'pytorch-project'), encoding: 'utf8' });
    expect(r.status, `python3 train.py --evaluate: ${r.stderr}`).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(Math.abs(got.testLoss - final.testLoss) / final.testLoss).toBeLessThan(1e-4);
    expect(got.testAccuracy).toBeCloseTo(final.testAccuracy!, 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});
