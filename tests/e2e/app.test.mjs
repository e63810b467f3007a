// End-to-end tests of the release build (dist/) in Debian Chromium via playwright-core.
// Real clicks and keys, real canvas pixels, and no console errors or CSP violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { useSiteAndBrowser, startSite, openPage, artifact, ROOT } from './lib/site.mjs';
import { writeBigCsv } from './lib/big_csv.mjs';

const FIELDS = [
  'total_capital', 'spread_percentage', 'order_size_percentage',
  'max_inventory_exposure', 'rebalance_threshold', 'min_profit_threshold',
];
const env = useSiteAndBrowser();

async function ready(page) {
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
}
const kpi = (page, name) => page.textContent(`#kpi-${name}`);
async function canvasHash(page, id) {
  const data = await page.$eval(`#${id}`, (c) => c.toDataURL('image/png'));
  return crypto.createHash('sha256').update(data).digest('hex');
}
async function nonBackgroundPixels(page, id) {
  return page.$eval(`#${id}`, (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const [r0, g0, b0] = data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) n++;
    }
    return n;
  });
}
function clean(page) {
  assert.deepEqual(page.problems, [], 'console errors or CSP violations');
}

test('every config field has a labelled slider and number input; charts are drawn', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  for (const f of FIELDS) {
    const label = await page.textContent(`label[for="${f}"]`);
    assert.ok(label.includes(`(${f})`), `label for ${f}: ${label}`);
    assert.equal(await page.getAttribute(`#${f}`, 'type'), 'range');
    assert.equal(await page.getAttribute(`#${f}-num`, 'type'), 'number');
    assert.ok((await page.textContent(`#${f}-hint`)).length > 10);
  }
  for (const id of ['chart-price', 'chart-inventory', 'chart-pnl']) {
    assert.ok(await nonBackgroundPixels(page, id) > 2000, `${id} has drawn pixels`);
  }
  assert.equal(await page.title(), 'spreadlab — market-making simulator');
  await page.screenshot({ path: artifact('e2e-main.png'), fullPage: true });
  clean(page);
  await page.context().close();
});

test('moving the spread slider with the keyboard re-simulates: PnL pixels and KPIs change', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const before = { pnl: await canvasHash(page, 'chart-pnl'), ret: await kpi(page, 'total_return_percentage'), trades: await kpi(page, 'total_trades') };
  await page.focus('#spread_percentage');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  // Key presses coalesce: wait for the run of the last value.
  await page.waitForFunction(() => /spread_percentage=0\.0018&/.test(location.hash));
  assert.notEqual(await kpi(page, 'total_trades'), before.trades);
  assert.equal(await page.inputValue('#spread_percentage-num'), '0.0018');
  assert.equal(await page.textContent('#spread_percentage-value'), '0.180 %');
  await page.waitForTimeout(100);
  assert.notEqual(await canvasHash(page, 'chart-pnl'), before.pnl);
  assert.notEqual(await kpi(page, 'total_return_percentage'), before.ret);
  assert.match(await page.evaluate(() => location.hash), /spread_percentage=0\.0018/);
  clean(page);
  await page.context().close();
});

test('presets set the documented values', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const expect = {
    conservative: [5000, 0.0005, 0.005, 0.1, 0.05],
    aggressive: [20000, 0.002, 0.02, 0.3, 0.15],
    balanced: [10000, 0.001, 0.01, 0.2, 0.1],
    'seed-defaults': [10000, 0.001, 0.01, 0.2, 0.1],
  };
  for (const [name, values] of Object.entries(expect)) {
    await page.click(`#preset-${name}`);
    const got = [];
    for (const f of FIELDS.slice(0, 5)) got.push(Number(await page.inputValue(`#${f}-num`)));
    assert.deepEqual(got, values, name);
    assert.equal(Number(await page.inputValue('#min_profit_threshold-num')), 0.002);
  }
  clean(page);
  await page.context().close();
});

test('invalid typed value shows the validation message and keeps the previous run', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const ret = await kpi(page, 'total_return_percentage');
  const pnl = await canvasHash(page, 'chart-pnl');
  await page.fill('#spread_percentage-num', '0.5');
  await page.press('#spread_percentage-num', 'Enter');
  await page.waitForSelector('#spread_percentage-error');
  assert.match(await page.textContent('#spread_percentage-error'), /spread_percentage = 0\.5 .*\(0, 0\.1\]/);
  assert.equal(await kpi(page, 'total_return_percentage'), ret);
  assert.equal(await canvasHash(page, 'chart-pnl'), pnl);
  await page.fill('#steps', 'lots');
  await page.press('#steps', 'Enter');
  await page.waitForSelector('#steps-error');
  assert.equal(await kpi(page, 'total_return_percentage'), ret);
  clean(page);
  await page.context().close();
});

test('CSV upload replays history; a malformed CSV shows an error and keeps the old run', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const synthetic = await kpi(page, 'total_trades');
  await page.setInputFiles('#csv-upload', path.join(ROOT, 'tests/data/btc_minute.csv'));
  await page.waitForSelector('#csv-status');
  assert.match(await page.textContent('#csv-status'), /btc_minute\.csv — timestamp,price .* \(600 rows\)/);
  assert.equal(await page.inputValue('#feed'), 'csv');
  assert.match(await page.textContent('#cursor'), /600 \/ 600/);
  const replay = { trades: await kpi(page, 'total_trades'), pnl: await canvasHash(page, 'chart-pnl') };
  assert.notEqual(replay.trades, synthetic);
  await page.setInputFiles('#csv-upload', path.join(ROOT, 'tests/data/malformed.csv'));
  await page.waitForSelector('#csv-error');
  assert.match(await page.textContent('#csv-error'), /malformed\.csv: line 3, column price: "oops" is not a finite number/);
  assert.equal(await kpi(page, 'total_trades'), replay.trades);
  assert.equal(await canvasHash(page, 'chart-pnl'), replay.pnl);
  // OHLCV files work too.
  await page.setInputFiles('#csv-upload', path.join(ROOT, 'tests/data/ohlcv_daily.csv'));
  await page.waitForFunction(() => document.querySelector('#csv-status').textContent.includes('OHLCV'));
  clean(page);
  await page.context().close();
});

test('trade log download has the seed header and a safe file name', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-trades')]);
  assert.equal(download.suggestedFilename(), 'trades_BTC-USDT_42.csv');
  const file = artifact('downloaded-trades.csv');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'timestamp,event_type,price,amount,base_inventory,quote_inventory,total_value,fee,equity');
  assert.equal(lines.length - 1, Number(await kpi(page, 'total_trades')));
  clean(page);
  await page.context().close();
});

test('the trade log pages through every fill with the keyboard', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const total = Number((await kpi(page, 'total_trades')).replace(/\D/g, ''));
  assert.ok(total > 300, `enough fills to page through: ${total}`);
  const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const label = () => page.textContent('#trades-page');
  const rows = () => page.$$eval('#trade-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  await page.waitForSelector('#trade-table tbody tr');
  assert.equal(await label(), `fills 1–100 of ${fmt(total)}`);
  assert.equal(await page.isDisabled('#trades-prev'), true);
  const first = await rows();
  assert.equal(first.length, 100);
  // Next with the keyboard: focus the button and press Enter, as a keyboard user would.
  await page.focus('#trades-next');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#trades-page').textContent.startsWith('fills 101–200'));
  assert.equal(await label(), `fills 101–200 of ${fmt(total)}`);
  await page.waitForFunction((old) => document.querySelector('#trade-table tbody tr').textContent !== old, first[0]);
  const second = await rows();
  assert.equal(second.length, 100);
  // Newest first: the second page starts where the first one ended, going back in time.
  assert.ok(second[0].slice(0, 19) <= first[99].slice(0, 19), `${second[0]} after ${first[99]}`);
  assert.ok(!first.includes(second[0]));
  // To the last page: it holds the remainder and Next is disabled there.
  const pages = Math.ceil(total / 100);
  for (let i = 2; i < pages; i++) await page.keyboard.press('Enter');
  const lastStart = (pages - 1) * 100 + 1;
  await page.waitForFunction((t) => document.querySelector('#trades-page').textContent === t, `fills ${fmt(lastStart)}–${fmt(total)} of ${fmt(total)}`);
  assert.equal(await page.isDisabled('#trades-next'), true);
  await page.waitForFunction((n) => document.querySelectorAll('#trade-table tbody tr').length === n, total - lastStart + 1);
  // Prev goes back one page.
  await page.focus('#trades-prev');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('#trades-page').textContent === t, `fills ${fmt(lastStart - 100)}–${fmt(lastStart - 1)} of ${fmt(total)}`);
  clean(page);
  await page.context().close();
});

test('a URL with a state hash reproduces the same run', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.click('#preset-aggressive');
  await page.fill('#seed', '7');
  await page.press('#seed', 'Enter');
  await page.selectOption('#fill', 'intensity');
  await page.waitForFunction(() => location.hash.includes('fill=intensity') && location.hash.includes('seed=7'));
  const hash = await page.evaluate(() => location.hash);
  const kpis = {};
  for (const k of ['total_return_percentage', 'total_trades', 'sharpe', 'max_drawdown']) kpis[k] = await kpi(page, k);
  const pnl = await canvasHash(page, 'chart-pnl');
  const other = await openPage(env.browser, env.site.url + hash);
  await ready(other);
  for (const k of Object.keys(kpis)) assert.equal(await kpi(other, k), kpis[k], k);
  assert.equal(await canvasHash(other, 'chart-pnl'), pnl);
  assert.equal(await other.inputValue('#total_capital-num'), '20000');
  clean(page);
  clean(other);
  await page.context().close();
  await other.context().close();
});

test('malformed hash values fall back to defaults with a notice, never markup', async () => {
  const page = await openPage(env.browser, env.site.url + '#spread_percentage=9&fill=%3Cimg%20src%3Dx%3E&bogus=1');
  await ready(page);
  const notice = await page.textContent('#notices');
  assert.match(notice, /Ignored "spread_percentage" = "9"/);
  assert.match(notice, /Ignored "fill" = "<img src=x>"/);
  assert.match(notice, /unknown setting "bogus"/);
  assert.equal(await page.$('#notices img'), null);
  assert.equal(await page.inputValue('#spread_percentage-num'), '0.001');
  clean(page);
  await page.context().close();
});

test('the Content-Security-Policy is strict, and enforced', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const policy = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['style-src'], ["'self'"], 'no inline styles of any kind');
  assert.equal(policy['style-src-attr'], undefined);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  // Scripts: the page's origin, wasm compilation and trunk's one loader by hash; no eval.
  const scripts = policy['script-src'];
  assert.deepEqual(scripts.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
  assert.ok(scripts.slice(2).length >= 1 && scripts.slice(2).every((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s)), csp);
  assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), csp);
  // Network: the three venues' public endpoints and loopback (for a local proxy or the test mock).
  const hosts = policy['connect-src'].filter((h) => h !== "'self'");
  for (const h of hosts) {
    assert.match(h, /^(https|wss):\/\/(api\.exchange\.coinbase\.com|ws-feed\.exchange\.coinbase\.com|api\.binance\.com|stream\.binance\.com:9443|api\.kraken\.com|ws\.kraken\.com)$|^(http|ws):\/\/(127\.0\.0\.1|localhost):\*$/, h);
  }
  clean(page);
  // Enforced, not just declared: an injected inline script does not run and an inline style
  // attribute is refused, each reported as a violation. (Code evaluated through DevTools is
  // exempt from the eval restriction, so the absence of 'unsafe-eval' is checked above.)
  const probe = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    const div = document.createElement('div');
    div.setAttribute('style', 'color: red');
    document.body.append(div);
    await new Promise((r) => setTimeout(r, 100));
    return { ran: window.__injected === true, styled: getComputedStyle(div).color === 'rgb(255, 0, 0)', seen };
  });
  assert.equal(probe.ran, false);
  assert.equal(probe.styled, false);
  assert.ok(probe.seen.some((d) => d.startsWith('script-src')), JSON.stringify(probe.seen));
  assert.ok(probe.seen.some((d) => d.startsWith('style-src')), JSON.stringify(probe.seen));
  // The probe's own two violations (our listener's and Chromium's own report of each) are
  // expected; nothing else may have been reported.
  const probeReports = /CSP violation: (script-src|style-src)|(Executing inline script|Applying inline style) violates/;
  assert.deepEqual(page.problems.filter((p) => !probeReports.test(p)), []);
  await page.context().close();
});

test('embed mode shows charts and the chosen sliders only', async () => {
  const page = await openPage(env.browser, env.site.url + '#embed=1&controls=spread_percentage,order_size_percentage', { viewport: { width: 800, height: 700 } });
  await ready(page);
  assert.ok(await page.$('#spread_percentage'));
  assert.ok(await page.$('#order_size_percentage'));
  for (const hidden of ['#total_capital', '#preset-aggressive', '#trade-table', '#fill', '#run', 'header']) {
    assert.equal(await page.$(hidden), null, `${hidden} hidden in embed mode`);
  }
  assert.ok(await nonBackgroundPixels(page, 'chart-price') > 1000);
  await page.screenshot({ path: artifact('e2e-embed.png'), fullPage: true });
  clean(page);
  await page.context().close();
});

test('playback: reset, step and run reveal the run on animation frames', async () => {
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  await page.click('#reset');
  assert.match(await page.textContent('#cursor'), /^0 \//);
  await page.click('#step');
  assert.match(await page.textContent('#cursor'), /^1 \//);
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#cursor').textContent.startsWith('5000 /'), null, { timeout: 20000 });
  assert.ok(await page.$('#run'), 'stops at the end');
  clean(page);
  await page.context().close();
});

test('works from a sub-path (relative asset URLs) and on a phone-sized screen', async () => {
  const sub = await startSite({ prefix: '/docs/spreadlab/' });
  const page = await openPage(env.browser, sub.url, { viewport: { width: 360, height: 740 } });
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scroll at 360 px (overflow ${overflow})`);
  await page.screenshot({ path: artifact('e2e-phone.png'), fullPage: true });
  clean(page);
  await page.context().close();
  await sub.close();
});

test('a 100 MB CSV is read in a worker and simulated in slices: progress, and no long task on the page', async () => {
  const os = await import('node:os');
  const file = path.join(os.tmpdir(), `spreadlab-100mb-${process.pid}.csv`);
  const rows = writeBigCsv(file);
  const page = await openPage(env.browser, env.site.url);
  await ready(page);
  // Every task over 50 ms on the page's thread (the Long Tasks API reports no shorter
  // ones) from just before the file is chosen; the page's own start-up is left out.
  await page.evaluate(() => {
    window.__from = performance.now();
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime >= window.__from) {
          window.__longTasks.push({ at: Math.round(e.startTime - window.__from), ms: Math.round(e.duration) });
        }
      }
    }).observe({ type: 'longtask', buffered: true });
    // What ran in each long animation frame (script entry points, rendering), to say what
    // a long task was made of if there is one.
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime >= window.__from && e.duration > 50) {
          window.__frames.push({
            at: Math.round(e.startTime - window.__from),
            ms: Math.round(e.duration),
            render_ms: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
            scripts: e.scripts.map((x) => `${x.invoker} ${Math.round(x.duration)} ms`),
          });
        }
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('#csv-upload', file);
  await page.waitForSelector('#csv-progress', { timeout: 60000 });
  // Read in one step: page.getAttribute would wait 30 s for a bar that has just gone.
  const seen = new Set();
  for (;;) {
    const v = await page.evaluate(() => document.querySelector('#csv-progress')?.getAttribute('value') ?? null);
    if (v === null) break;
    seen.add(v);
    await page.waitForTimeout(25);
  }
  await page.waitForFunction((n) => (document.querySelector('#csv-status')?.textContent ?? '').includes(`(${n} rows)`), rows, { timeout: 120000 });
  // On screen: the price chart describes the new run; then two frames and a task, by which
  // time the tasks that follow the charts (trade table, address bar) have run too.
  const grouped = String(rows).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  await page.waitForFunction((g) => document.querySelector('#chart-price-summary').textContent.includes(`over ${g} steps`), grouped);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  const ms = Date.now() - t0;
  const longTasks = await page.evaluate(() => window.__longTasks);
  const frames = await page.evaluate(() => window.__frames);
  fs.unlinkSync(file);
  console.log(JSON.stringify({ rows, ms, progressValues: seen.size, longTasks, longFrames: frames }));
  assert.ok(seen.size >= 3, `progress advanced in steps (${[...seen]})`);
  assert.equal(await page.inputValue('#feed'), 'csv');
  assert.match(await page.textContent('#cursor'), new RegExp(`${rows} / ${rows}`));
  assert.deepEqual(longTasks, [], `tasks over 50 ms on the page's thread (ms from the upload, duration): ${longTasks.map((t) => `${t.at}: ${t.ms} ms`).join(', ')}; long frames: ${JSON.stringify(frames)}`);
  clean(page);
  await page.context().close();
});

test('the time axis zooms and pans on every chart at once, from the wheel, drag and keys, and the hash keeps it', async () => {
  const page = await openPage(env.browser, env.site.url);
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
  const steps = async () => Number((await page.textContent('#chart-price-summary')).match(/over ([\d ,]+) steps/)[1].replace(/[ ,]/g, ''));
  assert.equal(await steps(), 5000);
  await page.focus('#chart-price');
  await page.keyboard.press('+');
  await page.waitForFunction(() => /zoom=\d+-\d+/.test(location.hash));
  const zoomed = await steps();
  assert.ok(zoomed < 3000, `zoomed in to ${zoomed} steps`);
  // Linked: the inventory and PnL charts show the same window.
  const [from, to] = (await page.evaluate(() => location.hash.match(/zoom=(\d+)-(\d+)/).slice(1).map(Number)));
  assert.equal(to - from, zoomed);
  // Keys pan; the wheel zooms further around the pointer; a drag pans back.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((f) => Number(location.hash.match(/zoom=(\d+)-/)[1]) > f, from);
  const box = await page.locator('#chart-price').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((z) => {
    const m = location.hash.match(/zoom=(\d+)-(\d+)/);
    return m && Number(m[2]) - Number(m[1]) < z;
  }, zoomed);
  const before = await page.evaluate(() => location.hash.match(/zoom=(\d+)-/)[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((b) => Number(location.hash.match(/zoom=(\d+)-/)[1]) < Number(b), before);
  // A link with the window opens zoomed; double-click resets.
  const link = await page.evaluate(() => location.href);
  const other = await openPage(env.browser, link);
  await other.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
  assert.match(await other.textContent('#chart-pnl-summary'), /Equity PnL/);
  assert.ok(Number((await other.textContent('#chart-price-summary')).match(/over ([\d ,]+) steps/)[1].replace(/[ ,]/g, '')) < 5000);
  await other.context().close();
  await page.dblclick('#chart-price');
  await page.waitForFunction(() => !/zoom=/.test(location.hash));
  assert.equal(await steps(), 5000);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
