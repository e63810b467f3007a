// The mock exchange speaks each venue's shapes and injects each fault.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMock } from './start.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../e2e/package.json'));
const WebSocket = require('ws');

let mock;
before(async () => { mock = await startMock(['--rate', '50']); });
after(() => mock.stop());
const control = (body) => fetch(`${mock.base}/control`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

test('REST shapes for every venue, with CORS', async () => {
  let r = await fetch(`${mock.base}/coinbase/products/BTC-USD/ticker`);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  let j = await r.json();
  for (const k of ['ask', 'bid', 'volume', 'trade_id', 'price', 'size', 'time']) assert.ok(k in j, k);
  assert.equal(typeof j.bid, 'string');
  j = await (await fetch(`${mock.base}/binance/api/v3/ticker/bookTicker?symbol=BTCUSDT`)).json();
  assert.deepEqual(Object.keys(j), ['symbol', 'bidPrice', 'bidQty', 'askPrice', 'askQty']);
  r = await fetch(`${mock.base}/binance/api/v3/ticker/bookTicker?symbol=BTCUSD`);
  assert.equal(r.status, 400);
  assert.deepEqual(await r.json(), { code: -1121, msg: 'Invalid symbol.' });
  j = await (await fetch(`${mock.base}/kraken/0/public/Ticker?pair=XBTUSD`)).json();
  assert.deepEqual(j.error, []);
  assert.equal(j.result.XXBTZUSD.a.length, 3);
});

function firstMessages(url, subscribe, n) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const got = [];
    ws.on('open', () => subscribe && ws.send(subscribe));
    ws.on('message', (d) => {
      got.push(JSON.parse(String(d)));
      if (got.length >= n) { ws.close(); resolve(got); }
    });
    ws.on('error', reject);
  });
}

test('WebSocket shapes for every venue', async () => {
  const b = await firstMessages(`ws://127.0.0.1:${mock.port}/binance/ws/btcusdt@bookTicker`, null, 2);
  assert.deepEqual(Object.keys(b[0]), ['u', 's', 'b', 'B', 'a', 'A']);
  assert.equal(b[0].s, 'BTCUSDT');
  const c = await firstMessages(`ws://127.0.0.1:${mock.port}/coinbase/ws`, JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker'] }), 2);
  assert.equal(c[0].type, 'subscriptions');
  assert.equal(c[1].type, 'ticker');
  assert.equal(c[1].product_id, 'BTC-USD');
  const k = await firstMessages(`ws://127.0.0.1:${mock.port}/kraken/v2`, JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } }), 2);
  assert.equal(k[0].success, true);
  assert.equal(k[1].channel, 'ticker');
  assert.equal(typeof k[1].data[0].bid, 'number');
});

test('each fault can be injected and cleared', async () => {
  const url = `${mock.base}/binance/api/v3/ticker/bookTicker?symbol=BTCUSDT`;
  for (const [fault, status] of [['http429', 429], ['http451', 451], ['http500', 500]]) {
    await control({ fault });
    assert.equal((await fetch(url)).status, status, fault);
  }
  await control({ fault: 'malformed' });
  assert.throws(() => JSON.parse('{"bid": "oops",'));
  assert.equal(await (await fetch(url)).text(), '{"bid": "oops",');
  await control({ fault: 'timeout' });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 300);
  await assert.rejects(fetch(url, { signal: ac.signal }));
  await control({ fault: 'none' });
  assert.equal((await fetch(url)).status, 200);
  // ws-close closes every stream with code 1011.
  const code = await new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/binance/ws/btcusdt@bookTicker`);
    ws.on('open', () => control({ fault: 'ws-close' }));
    ws.on('close', (c) => resolve(c));
  });
  assert.equal(code, 1011);
  const state = await (await fetch(`${mock.base}/control`)).json();
  assert.equal(state.closes, 1);
});
