// Live ticker e2e: the app streams from the loopback mock exchange (exact venue JSON),
// charts advance, injected faults show a banner, the feed recovers, and no history is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launch, openPage, artifact } from './lib/site.mjs';
import { startMock } from '../mock_exchange/start.mjs';

let site;
let browser;
let mock;
before(async () => {
  site = await startSite();
  browser = await launch();
  mock = await startMock(['--rate', '20']);
});
after(async () => {
  await browser?.close();
  await site?.close();
  mock?.stop();
});

const control = (body) => fetch(`${mock.base}/control`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const quotes = async (page) => Number((await page.textContent('#live-status')).match(/(\d+) quotes/)?.[1] ?? 0);
const kept = async (page) => Number((await page.textContent('#live-status')).match(/(\d+) steps kept/)?.[1] ?? 0);
// Expected browser noise when a fault is injected on purpose (failed loads of the mock's URLs).
const unexpected = (page) => page.problems.filter((p) => !p.includes(`127.0.0.1:${mock.port}`) && !/status of (429|451|500)/.test(p));

for (const venue of ['binance', 'coinbase', 'kraken']) {
  test(`${venue} WebSocket stream drives the engine and the charts advance`, async () => {
    await control({ fault: 'none' });
    const pair = venue === 'binance' ? 'BTC/USDT' : 'BTC/USD';
    const page = await openPage(browser, `${site.url}#feed=live&venue=${venue}&endpoint=${encodeURIComponent(mock.base)}&trading_pair=${encodeURIComponent(pair)}`);
    await page.waitForFunction(() => /\d+ quotes/.test(document.querySelector('#live-status')?.textContent ?? '') && Number(document.querySelector('#live-status').textContent.match(/(\d+) quotes/)[1]) > 5, null, { timeout: 20000 });
    assert.match(await page.textContent('#live-status'), /WebSocket · venue bid\/ask/);
    const a = await page.$eval('#chart-price', (c) => c.toDataURL());
    const n1 = await quotes(page);
    await page.waitForTimeout(1500);
    assert.ok((await quotes(page)) > n1, 'more quotes arrive');
    // The trade channel rides on the same socket.
    await page.waitForFunction(() => Number((document.querySelector('#live-status').textContent.match(/(\d+) trades/) ?? [0, 0])[1]) > 0, null, { timeout: 20000 });
    assert.notEqual(await page.$eval('#chart-price', (c) => c.toDataURL()), a, 'price chart advanced');
    if (venue === 'binance') await page.screenshot({ path: artifact('e2e-live.png'), fullPage: false });
    assert.deepEqual(unexpected(page), []);
    await page.context().close();
  });
}

test('live paper trading fills from the venue\'s trades: quotes at the touch fill from the queue', async () => {
  await control({ fault: 'none' });
  const page = await openPage(browser, `${site.url}#feed=live&venue=binance&endpoint=${encodeURIComponent(mock.base)}&fill=trades&strategy=symmetric&k=100&min_profit_threshold=0`);
  await page.waitForFunction(() => Number((document.querySelector('#live-status')?.textContent ?? '').match(/(\d+) trades/)?.[1] ?? 0) > 4, null, { timeout: 30000 });
  await page.waitForFunction(() => Number(document.querySelector('#kpi-total_trades')?.textContent ?? 0) > 0, null, { timeout: 30000 });
  const causes = ['fills_at_queue', 'fills_trade_through', 'fills_book_cross'];
  const n = await Promise.all(causes.map((c) => page.textContent(`#kpi-${c}`).then(Number)));
  assert.ok(n[0] + n[1] + n[2] > 0, `fills by cause ${n}`);
  assert.equal(Number(await page.textContent('#kpi-fills_model')), 0, 'no model fills with trades');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('a WebSocket close shows a banner, reconnects with backoff, and keeps the history', async () => {
  await control({ fault: 'none' });
  const page = await openPage(browser, `${site.url}#feed=live&venue=binance&endpoint=${encodeURIComponent(mock.base)}`);
  await page.waitForFunction(() => Number((document.querySelector('#live-status')?.textContent ?? '').match(/(\d+) steps kept/)?.[1] ?? 0) > 10, null, { timeout: 20000 });
  const before = await kept(page);
  await control({ fault: 'ws-close' });
  await page.waitForSelector('#live-fault', { timeout: 10000 });
  assert.match(await page.textContent('#live-fault'), /connection closed \(code 1011, mock: injected close\).*history so far is kept/);
  await page.waitForSelector('#live-fault', { state: 'detached', timeout: 20000 });
  await page.waitForFunction((b) => Number(document.querySelector('#live-status').textContent.match(/(\d+) steps kept/)[1]) > b + 5, before, { timeout: 20000 });
  assert.ok((await kept(page)) > before, 'history continued, nothing lost');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('REST polling: HTTP 500 and malformed JSON show banners, then it recovers', async () => {
  await control({ fault: 'none' });
  const page = await openPage(browser, `${site.url}#feed=live&venue=kraken&transport=rest&poll_ms=300&trading_pair=BTC%2FUSD&endpoint=${encodeURIComponent(mock.base)}`);
  await page.waitForFunction(() => / · REST polling · venue bid\/ask/.test(document.querySelector('#live-status')?.textContent ?? ''), null, { timeout: 20000 });
  const before = await kept(page);
  for (const [fault, text] of [['http500', /server failed \(HTTP 500\)/], ['malformed', /malformed message/], ['http429', /rate limited/]]) {
    await control({ fault });
    await page.waitForSelector('#live-fault', { timeout: 15000 });
    assert.match(await page.textContent('#live-fault'), text);
    await control({ fault: 'none' });
    await page.waitForSelector('#live-fault', { state: 'detached', timeout: 40000 });
  }
  assert.ok((await kept(page)) >= before);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('a pair the venue does not list is said clearly', async () => {
  const page = await openPage(browser, `${site.url}#feed=live&venue=binance&trading_pair=ETH%2FUSD&endpoint=${encodeURIComponent(mock.base)}`);
  await page.waitForSelector('#run-error');
  assert.match(await page.textContent('#run-error'), /Binance does not list ETH\/USD/);
  await page.context().close();
});
