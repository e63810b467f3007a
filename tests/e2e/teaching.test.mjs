// End-to-end tests of the teaching tools: sweep in web workers (complete and cancel),
// A/B pinning, scenarios, adaptive mode and the paper experiment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useSiteAndBrowser, openPage, artifact, ROOT } from './lib/site.mjs';

const env = useSiteAndBrowser();

async function ready(page) {
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
}
const clean = (page) => assert.deepEqual(page.problems, [], 'console errors or CSP violations');

test('a small sweep runs to 100 % in workers, draws a heatmap, and a click loads a cell', async () => {
  const page = await openPage(env.browser, env.site.url + '#steps=2000');
  await ready(page);
  // Explicit ranges (the default axes span each setting's slider).
  const axes = [['#sweep-x-lo', '0.0002'], ['#sweep-x-hi', '0.004'], ['#sweep-x-n', '5'],
    ['#sweep-y-lo', '0.002'], ['#sweep-y-hi', '0.05'], ['#sweep-y-n', '4']];
  for (const [id, v] of axes) await page.fill(id, v);
  await page.selectOption('#sweep-metric', 'total_trades');
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.querySelector('#sweep-status').textContent.startsWith('Done'), null, { timeout: 60000 });
  assert.equal(await page.getAttribute('#sweep-progress', 'value'), '20');
  assert.equal(await page.getAttribute('#sweep-progress', 'max'), '20');
  assert.match(await page.textContent('#sweep-status'), /Done: 20 runs on \d+ workers/);
  const box = await page.locator('#sweep-heatmap').boundingBox();
  assert.ok(box && box.height > 100, 'heatmap visible');
  // Top-right cell: largest spread and order size.
  await page.mouse.click(box.x + box.width - 100, box.y + 20);
  await page.waitForFunction(() => document.querySelector('#spread_percentage-num').value === '0.004');
  assert.equal(await page.inputValue('#order_size_percentage-num'), '0.05');
  await page.locator('#sweep-heatmap').screenshot({ path: artifact('e2e-sweep-heatmap.png') });
  clean(page);
  await page.context().close();
});

test('a sweep over an uploaded file sends the file to each worker', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.setInputFiles('#csv-upload', path.join(ROOT, 'tests/data/btc_minute.csv'));
  await page.waitForFunction(() => (document.querySelector('#csv-status')?.textContent ?? '').includes('(600 rows)'));
  for (const [id, v] of [['#sweep-x-n', '2'], ['#sweep-y-n', '2']]) await page.fill(id, v);
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.querySelector('#sweep-status').textContent.startsWith('Done'), null, { timeout: 60000 });
  assert.match(await page.textContent('#sweep-status'), /Done: 4 runs/);
  // The workers read the file itself: one of trade prints is refused as a sweep feed.
  const trades = path.join(os.tmpdir(), `spreadlab-${process.pid}-trades.csv`);
  let text = 'id,price,qty,quote_qty,time,is_buyer_maker\n';
  for (let i = 0; i < 50; i++) text += `${i + 1},${(100 + (i % 5) * 0.01).toFixed(2)},1,0,${1723100000000 + i * 1000},${i % 2 === 0}\n`;
  fs.writeFileSync(trades, text);
  await page.setInputFiles('#csv-upload', trades);
  await page.waitForFunction(() => (document.querySelector('#csv-status')?.textContent ?? '').includes('50 trades'));
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.querySelector('#sweep-status').textContent.startsWith('Sweep failed'), null, { timeout: 60000 });
  assert.match(await page.textContent('#sweep-status'), /sweeps replay quotes only, not trade prints/);
  // Back on the random walk, the sweep runs the random walk, not the file still loaded.
  await page.selectOption('#feed', 'random-walk');
  await page.waitForFunction(() => /feed=random-walk/.test(location.hash));
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.querySelector('#sweep-status').textContent.startsWith('Done'), null, { timeout: 60000 });
  assert.match(await page.textContent('#sweep-status'), /Done: 4 runs/);
  fs.unlinkSync(trades);
  clean(page);
  await page.context().close();
});

test('a sweep can be cancelled', async () => {
  const page = await openPage(env.browser, env.site.url + '#steps=200000');
  await ready(page);
  await page.fill('#sweep-x-n', '30');
  await page.fill('#sweep-y-n', '30');
  await page.click('#sweep-run');
  await page.waitForFunction(() => !document.querySelector('#sweep-cancel').disabled);
  await page.click('#sweep-cancel');
  await page.waitForFunction(() => document.querySelector('#sweep-status').textContent.startsWith('Cancelled'));
  assert.ok(await page.isEnabled('#sweep-run'));
  const done = Number(await page.getAttribute('#sweep-progress', 'value'));
  assert.ok(done < 900, `stopped before the end (${done} cells)`);
  clean(page);
  await page.context().close();
});

test('pin A, change a slider: two series and an A | B | difference table', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.click('#pin-a');
  await page.waitForSelector('#unpin');
  const a = await page.textContent('#kpi-total_trades');
  await page.fill('#spread_percentage-num', '0.003');
  await page.press('#spread_percentage-num', 'Enter');
  await page.waitForSelector('#ab-table');
  assert.equal(await page.textContent('#kpi-a-total_trades'), a);
  assert.notEqual(await page.textContent('#kpi-total_trades'), a);
  await page.locator('#chart-pnl').screenshot({ path: artifact('e2e-ab-pnl.png') });
  const charts = ['chart-price', 'chart-inventory', 'chart-pnl'];
  const withA = await Promise.all(charts.map((id) => page.$eval(`#${id}`, (c) => c.toDataURL())));
  await page.click('#unpin');
  await page.waitForSelector('#pin-a');
  await page.waitForTimeout(300);
  const withoutA = await Promise.all(charts.map((id) => page.$eval(`#${id}`, (c) => c.toDataURL())));
  charts.forEach((id, i) => assert.notEqual(withA[i], withoutA[i], `${id} showed the A overlay`));
  assert.equal(await page.$('#ab-table'), null);
  clean(page);
  await page.context().close();
});

test('scenarios set the documented ranges; adaptive mode charts its factor', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.click('#scenario-high-volatility');
  await page.waitForFunction(() => document.querySelector('#spread_percentage-num').value === '0.001');
  assert.equal(await page.inputValue('#order_size_percentage-num'), '0.0075');
  assert.equal(await page.inputValue('#volatility'), '1.5');
  assert.match(await page.textContent('#notices'), /High volatility/);
  await page.click('#scenario-session');
  await page.waitForFunction(() => location.hash.includes('session=1'));
  await page.check('#adaptive');
  await page.waitForSelector('#chart-factor');
  assert.match(await page.evaluate(() => location.hash), /adaptive=1/);
  clean(page);
  await page.context().close();
});

test('the paper experiment runs in workers with a small run count', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.fill('#paper-runs', '40');
  await page.click('#paper-run');
  await page.waitForSelector('#paper-table', { timeout: 60000 });
  const rows = await page.$$eval('#paper-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 6);
  assert.deepEqual(rows.map((r) => r[0] + ' ' + r[1]), ['0.1 inventory', '0.1 symmetric', '0.01 inventory', '0.01 symmetric', '1 inventory', '1 symmetric']);
  // Inventory strategy: smaller dispersion of profit than symmetric, for each gamma.
  for (let i = 0; i < 6; i += 2) assert.ok(Number(rows[i][4]) < Number(rows[i + 1][4]), JSON.stringify(rows));
  assert.equal(rows[0][2], '1.492');
  await page.locator('#paper-histograms').screenshot({ path: artifact('e2e-paper-histograms.png') });
  clean(page);
  await page.context().close();
});

test('Avellaneda-Stoikov mode has gamma, k, sigma and A sliders that re-simulate', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.selectOption('#strategy', 'avellaneda-stoikov');
  await page.selectOption('#fill', 'intensity');
  for (const id of ['gamma', 'k', 'sigma', 'intensity_a', 'intensity_k']) {
    assert.equal(await page.getAttribute(`#${id}`, 'type'), 'range', id);
  }
  const before = await page.textContent('#kpi-total_trades');
  await page.focus('#gamma');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  // Key presses coalesce: the run for the last value arrives after the keys.
  await page.waitForFunction(() => /strategy=avellaneda-stoikov.*gamma=0\.3&/.test(location.hash));
  assert.notEqual(await page.textContent('#kpi-total_trades'), before);
  clean(page);
  await page.context().close();
});

test('an inert slider says why: the rebalance band hides the exposure cap until the threshold passes it', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  assert.match(await page.textContent('#max_inventory_exposure-note'), /never reaches this cap.*10 %/);
  assert.equal(await page.locator('#rebalance_threshold-note').count(), 0);
  const trades = await page.textContent('#kpi-total_trades');
  // Moving the inert cap changes nothing.
  await page.fill('#max_inventory_exposure-num', '0.5');
  await page.press('#max_inventory_exposure-num', 'Enter');
  await page.waitForFunction(() => location.hash.includes('max_inventory_exposure=0.5'));
  assert.equal(await page.textContent('#kpi-total_trades'), trades);
  // A threshold above the cap: the cap binds, the band is the inert one.
  await page.fill('#rebalance_threshold-num', '0.6');
  await page.press('#rebalance_threshold-num', 'Enter');
  await page.waitForSelector('#rebalance_threshold-note');
  assert.equal(await page.locator('#max_inventory_exposure-note').count(), 0);
  assert.notEqual(await page.textContent('#kpi-total_trades'), trades);
  clean(page);
  await page.context().close();
});

test('a sweep estimated over a minute asks first, and its bar counts cells from the first', async () => {
  const page = await openPage(env.browser, env.site.url + '#steps=1500000');
  await ready(page);
  await page.click('#sweep-run');
  await page.waitForSelector('#sweep-confirm');
  assert.match(await page.textContent('#sweep-confirm'), /would take about \d+ (s|min) on this machine \(400 cells of 1500000 steps/);
  await page.click('#sweep-confirm-cancel');
  assert.equal(await page.locator('#sweep-confirm').count(), 0);
  assert.ok(await page.isEnabled('#sweep-run'), 'nothing started');
  await page.click('#sweep-run');
  await page.click('#sweep-confirm-run');
  await page.waitForFunction(() => Number(document.querySelector('#sweep-progress').value) >= 1, null, { timeout: 60000 });
  assert.equal(await page.getAttribute('#sweep-progress', 'max'), '400');
  assert.match(await page.textContent('#sweep-status'), /Running \d+ \/ 400 cells on \d+ workers, about .* left/);
  await page.click('#sweep-cancel');
  clean(page);
  await page.context().close();
});
