// End-to-end tests of "never dies, never lies": crashes end in a banner with a way back,
// files over the limits are refused (and can be thinned) while the app keeps working,
// the address bar's hash drives the page, and link notices stay short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useSiteAndBrowser, openPage } from './lib/site.mjs';

const env = useSiteAndBrowser();

async function ready(page) {
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
}
const clean = (page) => assert.deepEqual(page.problems, [], 'console errors or CSP violations');

for (const kind of ['panic', 'oom']) {
  test(`a ${kind} ends in the crash banner with a reload that keeps the last good settings`, async () => {
    const page = await openPage(env.browser, `${env.site.url}?crash=${kind}#spread_percentage=0.003&seed=9`);
    await page.waitForSelector('#panic-banner:not([hidden])', { timeout: 60000 });
    const text = await page.textContent('#panic-banner');
    assert.match(text, /internal error and stopped/);
    const href = await page.getAttribute('#panic-reload', 'href');
    assert.match(href, /\?reload=\d+#.*spread_percentage=0\.003/);
    assert.match(href, /seed=9/);
    assert.doesNotMatch(await page.getAttribute('#panic-reload-defaults', 'href'), /#/);
    // The crash itself is the only thing logged.
    assert.ok(page.problems.every((p) => /crash|unreachable|RuntimeError|panicked|memory/i.test(p)), page.problems.join('\n'));
    // The reload link brings the app back with those settings.
    await page.click('#panic-reload');
    await ready(page);
    assert.equal(await page.inputValue('#spread_percentage-num'), '0.003');
    assert.ok(await page.isHidden('#panic-banner'));
    await page.context().close();
  });
}

test('a file over the row limit is refused with a thinning offer; thinned, it loads; the app works throughout', async () => {
  const rows = 2_100_000;
  const file = path.join(os.tmpdir(), `spreadlab-rows-${process.pid}.csv`);
  fs.writeFileSync(file, 'price\n' + '100\n'.repeat(rows));
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const before = await page.textContent('#kpi-total_trades');
  await page.setInputFiles('#csv-upload', file);
  await page.waitForSelector('#csv-error', { timeout: 60000 });
  assert.match(await page.textContent('#csv-error'), /more than 2 000 000 rows \(about 2 1\d\d \d\d\d\), the limit; keep every 2nd row/);
  assert.equal(await page.textContent('#kpi-total_trades'), before, 'previous run kept');
  // The app still runs.
  await page.fill('#spread_percentage-num', '0.004');
  await page.press('#spread_percentage-num', 'Enter');
  await page.waitForFunction((b) => document.querySelector('#kpi-total_trades').textContent !== b, before);
  await page.click('#csv-thin');
  await page.waitForSelector('#csv-status', { timeout: 60000 });
  assert.match(await page.textContent('#csv-status'), /1050000 rows/);
  assert.match(await page.textContent('#notices'), /thinned: every 2nd of 2 100 000 rows kept/);
  fs.unlinkSync(file);
  clean(page);
  await page.context().close();
});

test('a hash pasted into the address bar re-applies the settings', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const trades = await page.textContent('#kpi-total_trades');
  await page.evaluate(() => { location.hash = '#spread_percentage=0.005&order_size_percentage=0.02'; });
  await page.waitForFunction(() => document.querySelector('#spread_percentage-num').value === '0.005');
  assert.equal(await page.inputValue('#order_size_percentage-num'), '0.02');
  assert.notEqual(await page.textContent('#kpi-total_trades'), trades);
  // Back to the previous hash: the page follows.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#spread_percentage-num').value === '0.001');
  clean(page);
  await page.context().close();
});

test('a link with a thousand unknown keys gives one short notice in a bounded box', async () => {
  const junk = Array.from({ length: 1000 }, (_, i) => `k${i}=1`).join('&');
  const page = await openPage(env.browser, `${env.site.url}#${junk}&spread_percentage=0.002`);
  await ready(page);
  assert.equal(await page.locator('#notices li').count(), 1);
  assert.match(await page.textContent('#notices li'), /^Ignored 1000 unknown settings: "k0", "k1", "k2" and 997 more\.$/);
  const box = await page.locator('#notices').boundingBox();
  assert.ok(box.height < 200, `notice box ${box.height}px tall`);
  assert.equal(await page.inputValue('#spread_percentage-num'), '0.002');
  clean(page);
  await page.context().close();
});

test('a burst of slider input runs the first value at once and the rest as one run of the latest', async () => {
  // Just under the length that is simulated in slices (SLICED_FROM_STEPS).
  const page = await openPage(env.browser, env.site.url + '#steps=49999');
  await ready(page);
  await page.evaluate(() => {
    window.__runs = 0;
    new MutationObserver(() => { window.__runs += 1; })
      .observe(document.querySelector('#sim-time'), { childList: true, characterData: true, subtree: true });
    // 40 input events in one task, as a held key delivers them while a run is busy.
    const slider = document.querySelector('#spread_percentage');
    for (let i = 1; i <= 40; i++) {
      slider.value = (0.001 + i * 0.0001).toFixed(4);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  await page.waitForFunction(() => /spread_percentage=0\.005&/.test(location.hash));
  await page.waitForTimeout(500);
  // The first input runs in its own task (painted in the next frame); the 39 that arrive
  // before that frame are held and run once, from the frame, with the latest value.
  assert.equal(await page.evaluate(() => window.__runs), 2, 'two runs for 40 inputs');
  assert.equal(await page.inputValue('#spread_percentage-num'), '0.005');
  clean(page);
  await page.context().close();
});

test('a long run is simulated in slices: keys stay quick, the previous run stays until the last value\'s run is drawn', async () => {
  const url = env.site.url + '#steps=1000000';
  const page = await openPage(env.browser, url);
  const settled = (p) => p.waitForFunction(
    () => /^1 ?000 ?000 steps/.test(document.querySelector('#sim-time')?.textContent ?? '') && !document.querySelector('#run-pending'),
    null, { timeout: 90000 });
  await settled(page);
  const before = await page.textContent('.kpis');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); })
      .observe({ type: 'longtask' });
    window.__pendingSeen = false;
    new MutationObserver(() => { window.__pendingSeen ||= !!document.querySelector('#run-pending'); })
      .observe(document.querySelector('.results'), { childList: true, subtree: true });
  });
  // Five trusted key presses on the spread slider, each before the last one's run ends.
  await page.focus('#spread_percentage');
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.textContent('.kpis'), before, 'the previous run stays on screen meanwhile');
  }
  assert.ok(await page.evaluate(() => window.__pendingSeen), 'the pending note was shown');
  await settled(page);
  const value = await page.inputValue('#spread_percentage-num');
  assert.equal(value, '0.0015', 'five steps of 0.0001 from 0.001');
  const after = await page.textContent('.kpis');
  assert.notEqual(after, before);
  // The page shows the run of the last value, exactly as a fresh load of its link does.
  const fresh = await openPage(env.browser, env.site.url + '#steps=1000000&spread_percentage=0.0015');
  await settled(fresh);
  assert.equal(await fresh.textContent('.kpis'), after);
  const long = await page.evaluate(() => window.__long);
  console.log(JSON.stringify({ long_tasks_ms: long }));
  assert.deepEqual(long, [], 'no task over 50 ms on the page while the keys ran and the run was drawn');
  clean(page);
  clean(fresh);
  await fresh.context().close();
  await page.context().close();
});
