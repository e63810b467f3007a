// End-to-end tests of replaying exchange files in the app: the real Binance ETHUSDT
// recording (trades and book tickers) fills through the trades model, and a quotes file
// and a trades file picked together merge by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { useSiteAndBrowser, openPage, ROOT } from './lib/site.mjs';

const env = useSiteAndBrowser();

async function ready(page) {
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
}
const clean = (page) => assert.deepEqual(page.problems, [], 'console errors or CSP violations');
const tmp = (name, text) => {
  const p = path.join(os.tmpdir(), `spreadlab-${process.pid}-${name}`);
  fs.writeFileSync(p, text);
  return p;
};

test('a real WebSocket recording replays with fills from its trades', async () => {
  const gz = fs.readFileSync(path.join(ROOT, 'tests/data/binance_ethusdt_20240808.jsonl.gz'));
  const file = tmp('ethusdt.jsonl', zlib.gunzipSync(gz));
  const page = await openPage(env.browser, env.site.url + '#strategy=symmetric&k=100&min_profit_threshold=0');
  await ready(page);
  await page.setInputFiles('#csv-upload', file);
  await page.waitForFunction(() => (document.querySelector('#csv-status')?.textContent ?? '').includes('trades'), null, { timeout: 60000 });
  assert.match(await page.textContent('#csv-status'), /\(24077 rows, 6106 trades\)/);
  assert.equal(await page.inputValue('#fill'), 'trades');
  assert.equal(await page.inputValue('#tick_size-num'), '0.01');
  assert.ok(await page.isVisible('#queue'), 'queue model shown for the trades model');
  const queue = Number(await page.textContent('#kpi-fills_at_queue'));
  assert.ok(queue > 100, `queue fills ${queue}`);
  assert.match(await page.textContent('#notices'), /quotes carry no venue time/);
  // Hovering a fill names the market trade that filled it.
  const box = await page.locator('#chart-price').boundingBox();
  let found = '';
  for (let x = Math.floor(box.x) + 60; x < box.x + box.width - 10 && !found; x += 1) {
    await page.mouse.move(x, box.y + box.height / 2);
    const text = await page.textContent('#chart-price-readout');
    if (/filled by trade #\d+: a (buyer|seller) for/.test(text)) found = text;
  }
  assert.ok(found, 'a fill linked to its trade under the pointer');
  // The probabilistic queue fills from the queue more often on the same data.
  await page.selectOption('#queue', 'probabilistic');
  await page.waitForFunction((q) => Number(document.querySelector('#kpi-fills_at_queue').textContent) > q, queue);
  fs.unlinkSync(file);
  clean(page);
  await page.context().close();
});

test('a quotes file and a trades file picked together merge by time', async () => {
  let book = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n';
  let trades = 'id,price,qty,quote_qty,time,is_buyer_maker\n';
  for (let i = 0; i < 300; i++) {
    const bid = (100 + Math.floor(i / 10) % 5 * 0.01).toFixed(2);
    const ask = (Number(bid) + 0.01).toFixed(2);
    const t = 1723100000000 + i * 1000;
    book += `${i},${bid},3,${ask},3,${t},${t}\n`;
    trades += `${2 * i + 1},${bid},2,0,${t + 400},true\n${2 * i + 2},${ask},2,0,${t + 600},false\n`;
  }
  const files = [tmp('book.csv', book), tmp('trades.csv', trades)];
  const page = await openPage(env.browser, env.site.url + '#strategy=symmetric&k=100&min_profit_threshold=0');
  await ready(page);
  await page.setInputFiles('#csv-upload', files);
  await page.waitForFunction(() => (document.querySelector('#csv-status')?.textContent ?? '').includes('600 trades'), null, { timeout: 30000 });
  assert.match(await page.textContent('#csv-status'), /book\.csv \+ .*trades\.csv — .*\(300 rows, 600 trades\)/);
  assert.ok(Number(await page.textContent('#kpi-fills_at_queue')) > 0);
  files.forEach((f) => fs.unlinkSync(f));
  clean(page);
  await page.context().close();
});
