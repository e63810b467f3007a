// Loopback mock of Coinbase Exchange, Binance and Kraken public market data, speaking each
// venue's exact REST and WebSocket JSON, with fault injection for tests.
//
//   node tests/mock_exchange/server.mjs [--port 0] [--rate 20]
// prints {"port":N} as its first stdout line. Layout (matches Endpoints::mock in crates/engine/src/live/venue.rs):
//   GET  /coinbase/products/BTC-USD/ticker            WS /coinbase/ws  (subscribe, then "ticker")
//   GET  /binance/api/v3/ticker/bookTicker?symbol=X   WS /binance/ws/<symbol>@bookTicker
//   GET  /binance/api/v3/trades?symbol=X              WS /binance/stream?streams=<s>@bookTicker/<s>@trade
//   GET  /coinbase/products/BTC-USD/trades            (ws: the "matches" channel, when subscribed)
//   GET  /kraken/0/public/Trades?pair=XBTUSD          (ws: the "trade" channel, when subscribed)
// Every fifth quote (`--trade-every N`) comes with a trade on each subscribed trade
// channel: a seller hitting the bid, then (the next time) a buyer lifting the ask.
//   GET  /kraken/0/public/Ticker?pair=XBTUSD          WS /kraken/v2    (subscribe, then "ticker")
//   POST /control {"fault": "none"|"http429"|"http451"|"http500"|"timeout"|"malformed"|"ws-close"|"stale",
//                  "rate": messages per second}      GET /control -> current state and counters
// Every HTTP response carries CORS headers; OPTIONS preflights are answered.
import http from 'node:http';
import { createRequire } from 'node:module';

// `ws` is installed with the e2e tools (tests/e2e/package.json).
const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const state = { fault: 'none', rate: Number(arg('rate', 20)), tradeEvery: Math.max(1, Number(arg('trade-every', 5))), price: 42000, served: 0, wsMessages: 0, closes: 0 };
let seed = 12345;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
function step() {
  state.price *= Math.exp((rand() - 0.5) * 0.0008);
  return state.price;
}
const book = () => {
  const mid = step();
  return { bid: +(mid - 0.05).toFixed(2), ask: +(mid + 0.05).toFixed(2), last: +mid.toFixed(2) };
};
const now = () => new Date().toISOString();
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};
function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, ...CORS });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const rest = {
  coinbase(url) {
    const t = url.pathname.match(/^\/coinbase\/products\/([A-Z0-9]+-[A-Z0-9]+)\/trades$/);
    if (t) return [200, recentTrades().map((x) => ({ time: new Date(x.time).toISOString(), trade_id: x.id, price: String(x.price), size: String(x.qty), side: x.buyer ? 'sell' : 'buy' })).reverse()];
    const m = url.pathname.match(/^\/coinbase\/products\/([A-Z0-9]+-[A-Z0-9]+)\/ticker$/);
    if (!m) return [404, { message: 'NotFound' }];
    const b = book();
    return [200, { ask: String(b.ask), bid: String(b.bid), volume: '8261.92046785', trade_id: 586012345 + state.served, price: String(b.last), size: '0.0012', time: now() }];
  },
  binance(url) {
    if (url.pathname === '/binance/api/v3/trades') {
      return [200, recentTrades().map((x) => ({ id: x.id, price: x.price.toFixed(8), qty: x.qty.toFixed(8), quoteQty: (x.price * x.qty).toFixed(8), time: x.time, isBuyerMaker: !x.buyer, isBestMatch: true }))];
    }
    if (url.pathname !== '/binance/api/v3/ticker/bookTicker') return [404, { code: -1, msg: 'Not found' }];
    const symbol = url.searchParams.get('symbol') ?? '';
    if (!/^[A-Z0-9]{5,12}$/.test(symbol) || symbol.endsWith('USD')) return [400, { code: -1121, msg: 'Invalid symbol.' }];
    const b = book();
    return [200, { symbol, bidPrice: b.bid.toFixed(8), bidQty: '3.51234000', askPrice: b.ask.toFixed(8), askQty: '0.12000000' }];
  },
  kraken(url) {
    if (url.pathname === '/kraken/0/public/Trades') {
      return [200, { error: [], result: { XXBTZUSD: recentTrades().map((x) => [x.price.toFixed(1), x.qty.toFixed(8), x.time / 1000, x.buyer ? 'b' : 's', 'l', '', x.id]), last: String(Date.now() * 1e6) } }];
    }
    if (url.pathname !== '/kraken/0/public/Ticker') return [404, { error: ['EGeneral:Unknown method'] }];
    const pair = url.searchParams.get('pair') ?? '';
    if (!/^[A-Z]{6,8}$/.test(pair)) return [200, { error: ['EQuery:Unknown asset pair'] }];
    const b = book();
    const key = pair === 'XBTUSD' ? 'XXBTZUSD' : pair;
    return [200, { error: [], result: { [key]: { a: [b.ask.toFixed(5), '1', '1.000'], b: [b.bid.toFixed(5), '2', '2.000'], c: [b.last.toFixed(5), '0.00100000'], v: ['1234.5', '5678.9'], p: ['41900.1', '41800.2'], t: [12345, 67890], l: ['41200.0', '41100.0'], h: ['42500.0', '42600.0'], o: '41600.0' } } }];
  },
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'OPTIONS') return send(res, 204, '');
  if (url.pathname === '/control') {
    if (req.method === 'GET') return send(res, 200, state);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const c = JSON.parse(body || '{}');
        if (c.fault) state.fault = c.fault;
        if (c.rate) state.rate = Number(c.rate);
        if (c.fault === 'ws-close') {
          for (const ws of wss.clients) ws.close(1011, 'mock: injected close');
          state.closes += 1;
          state.fault = 'none';
        }
        send(res, 200, state);
      } catch (e) {
        send(res, 400, { error: String(e) });
      }
    });
    return;
  }
  const venue = url.pathname.split('/')[1];
  if (!rest[venue]) return send(res, 404, { message: 'NotFound' });
  state.served += 1;
  switch (state.fault) {
    case 'http429': return send(res, 429, { code: -1003, msg: 'Too many requests.' });
    case 'http451': return send(res, 451, { code: 0, msg: 'Service unavailable from a restricted location.' });
    case 'http500': return send(res, 500, '<html><body>500 Internal Server Error</body></html>', 'text/html');
    case 'timeout': return; // never answer
    case 'malformed': return send(res, 200, '{"bid": "oops",');
    default: {
      const [status, body] = rest[venue](url);
      return send(res, status, body);
    }
  }
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const p = url.pathname;
  let venue = null;
  let symbol = null;
  let combined = false;
  if (p === '/coinbase/ws') venue = 'coinbase';
  else if (p === '/kraken/v2') venue = 'kraken';
  else if (p.startsWith('/binance/ws/') && p.endsWith('@bookTicker')) {
    venue = 'binance';
    symbol = p.slice('/binance/ws/'.length, -'@bookTicker'.length).toUpperCase();
  } else if (p === '/binance/stream') {
    // Combined stream: <symbol>@bookTicker/<symbol>@trade, each message in an envelope.
    const streams = (url.searchParams.get('streams') ?? '').split('/');
    const quotes = streams.find((x) => x.endsWith('@bookTicker'));
    if (quotes) {
      venue = 'binance';
      symbol = quotes.slice(0, -'@bookTicker'.length).toUpperCase();
      combined = streams.includes(`${symbol.toLowerCase()}@trade`);
    }
  }
  if (!venue || state.fault === 'http451' || state.fault === 'http500') {
    socket.write('HTTP/1.1 404 Not Found\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => stream(ws, venue, symbol, combined));
});

// Trades printed so far (the newest 500), for the REST recent-trades endpoints.
const printed = [];
let tradeId = 3_000_000_000;
function recentTrades() { return printed.slice(-500); }
function printTrade(b) {
  tradeId += 1;
  const buyer = tradeId % 2 === 0; // alternately a buyer lifting the ask, a seller hitting the bid
  const t = { id: tradeId, price: buyer ? b.ask : b.bid, qty: 0.25, time: Date.now(), buyer };
  printed.push(t);
  if (printed.length > 1000) printed.splice(0, printed.length - 500);
  return t;
}

function stream(ws, venue, symbol, combined) {
  let subscribed = venue === 'binance';
  let trades = venue === 'binance' && combined;
  let product = symbol;
  let timer = null;
  const wrap = (stream, data) => (combined ? { stream, data } : data);
  const tick = () => {
    if (!subscribed || state.fault === 'stale') return;
    state.wsMessages += 1;
    if (state.fault === 'malformed') return ws.send('{"type":"ticker","best_bid":');
    const b = book();
    if (trades && state.wsMessages % state.tradeEvery === 0) {
      const t = printTrade(b);
      const lower = (product ?? '').toLowerCase();
      if (venue === 'binance') ws.send(JSON.stringify(wrap(`${lower}@trade`, { e: 'trade', E: t.time, s: product, t: t.id, p: t.price.toFixed(8), q: t.qty.toFixed(8), T: t.time, m: !t.buyer, M: true })));
      if (venue === 'coinbase') ws.send(JSON.stringify({ type: 'match', trade_id: t.id, maker_order_id: 'ac928c66-ca53-498f-9c13-a110027a60e8', taker_order_id: '132fb6ae-456b-4654-b4e0-d681ac05cea1', side: t.buyer ? 'sell' : 'buy', size: String(t.qty), price: String(t.price), product_id: product, sequence: 50 + t.id, time: new Date(t.time).toISOString() }));
      if (venue === 'kraken') ws.send(JSON.stringify({ channel: 'trade', type: 'update', data: [{ symbol: product, side: t.buyer ? 'buy' : 'sell', price: t.price, qty: t.qty, ord_type: 'limit', trade_id: t.id, timestamp: new Date(t.time).toISOString() }] }));
    }
    if (venue === 'binance') ws.send(JSON.stringify(wrap(`${(product ?? '').toLowerCase()}@bookTicker`, { u: 400900217 + state.wsMessages, s: product, b: b.bid.toFixed(8), B: '3.51234000', a: b.ask.toFixed(8), A: '0.12000000' })));
    if (venue === 'coinbase') ws.send(JSON.stringify({ type: 'ticker', sequence: 72061338512 + state.wsMessages, product_id: product, price: String(b.last), open_24h: '41500.00', volume_24h: '8261.92', low_24h: '41200.01', high_24h: '42500.00', volume_30d: '250000.1', best_bid: String(b.bid), best_bid_size: '0.5', best_ask: String(b.ask), best_ask_size: '0.01', side: 'buy', time: now(), trade_id: 586012346 + state.wsMessages, last_size: '0.0005' }));
    if (venue === 'kraken') ws.send(JSON.stringify({ channel: 'ticker', type: 'update', data: [{ symbol: product, bid: b.bid, bid_qty: 2.0, ask: b.ask, ask_qty: 1.0, last: b.last, volume: 1234.5, vwap: 41900.1, low: 41200.0, high: 42500.0, change: 415.1, change_pct: 1.0 }] }));
  };
  const schedule = () => {
    clearInterval(timer);
    timer = setInterval(tick, 1000 / Math.max(0.1, state.rate));
  };
  schedule();
  let lastRate = state.rate;
  const rateWatch = setInterval(() => {
    if (state.rate !== lastRate) {
      lastRate = state.rate;
      schedule();
    }
  }, 200);
  ws.on('message', (data) => {
    let m;
    try { m = JSON.parse(String(data)); } catch { return; }
    if (venue === 'coinbase' && m.type === 'subscribe') {
      product = m.product_ids?.[0];
      subscribed = true;
      trades = (m.channels ?? []).includes('matches');
      ws.send(JSON.stringify({ type: 'subscriptions', channels: (m.channels ?? ['ticker']).map((name) => ({ name, product_ids: [product] })) }));
    }
    if (venue === 'kraken' && m.method === 'subscribe') {
      product = m.params?.symbol?.[0];
      const channel = m.params?.channel ?? 'ticker';
      if (channel === 'trade') trades = true;
      else subscribed = true;
      ws.send(JSON.stringify({ method: 'subscribe', result: { channel, snapshot: true, symbol: product }, success: true, time_in: now(), time_out: now() }));
    }
  });
  ws.on('close', () => {
    clearInterval(timer);
    clearInterval(rateWatch);
  });
}

server.listen(Number(arg('port', 0)), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
