// The development server: scripts/serve (trunk serve with live reload) on a free port.
// The page it serves runs under the same strict Content-Security-Policy as the release
// build, without a single console error or CSP violation, and live reload works: a
// change in a watched directory rebuilds and reloads the page.
//
// Cost: trunk serve --release reuses the release build's cargo artifacts (scripts/test
// runs `trunk build --release` first), so it spends its time in wasm-bindgen and wasm-opt,
// once to start and once for the reload. Its output goes to a temporary dist, so dist/
// stays the release build the other tests use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch, openPage, ROOT } from './lib/site.mjs';

// A cold cargo build would take many minutes; after the release build it takes seconds.
const START_TIMEOUT = 15 * 60_000;
const env = {};

/** A TCP port nobody listens on right now. */
async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Resolves once `url` answers 200, rejects if the server exits first or after `ms`. */
async function waitForServer(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (env.exited) throw new Error(`scripts/serve exited (${env.exited}):\n${env.log.slice(-3000)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`scripts/serve did not answer within ${ms} ms:\n${env.log.slice(-3000)}`);
}

/** Stops the server and everything it started (trunk, cargo, wasm-opt): its process group. */
async function stopServer() {
  const child = env.child;
  if (!child || env.exited) return;
  const gone = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
  await gone;
  clearTimeout(timer);
}

before(async () => {
  env.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spreadlab-serve-'));
  env.dist = path.join(env.tmp, 'dist');
  env.watch = path.join(env.tmp, 'watched');
  fs.mkdirSync(env.watch);
  env.port = await freePort();
  env.url = `http://127.0.0.1:${env.port}/`;
  env.log = '';
  // Its own process group (detached), so that stopServer can end trunk's children too.
  env.child = spawn('bash', ['scripts/serve', '--dist', env.dist, '--watch', env.watch], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(env.port), NO_COLOR: 'true' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [env.child.stdout, env.child.stderr]) {
    stream.on('data', (d) => { env.log += d; });
  }
  env.child.once('exit', (code, signal) => { env.exited = `code ${code}, signal ${signal}`; });
  await waitForServer(env.url, START_TIMEOUT);
  env.browser = await launch();
}, { timeout: START_TIMEOUT + 60_000 });

after(async () => {
  await env.browser?.close();
  await stopServer();
  if (env.tmp) fs.rmSync(env.tmp, { recursive: true, force: true });
});

test('scripts/serve: strict CSP, no console error or CSP violation, live reload works', { timeout: 10 * 60_000 }, async () => {
  const html = await (await fetch(env.url)).text();
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.ok(!scriptSrc.includes('unsafe-inline'), scriptSrc);
  // trunk's live-reload script is served as a file of the site, not inline.
  assert.match(html, /<script src="\.\/trunk-autoreload\.js" data-address='127\.0\.0\.1:\d+' data-ws-base="\/"><\/script>/);

  const sockets = [];
  const page = await openPage(env.browser, env.url, {
    onPage: (p) => p.on('websocket', (ws) => sockets.push(ws.url())),
  });
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#chart-pnl-summary')?.textContent);
  assert.deepEqual(sockets, [`ws://127.0.0.1:${env.port}/.well-known/trunk/ws`]);

  // A change in the watched directory: trunk rebuilds and tells the page to reload.
  await page.evaluate(() => { window.beforeReload = true; });
  const reloaded = page.waitForEvent('load', { timeout: 8 * 60_000 });
  fs.writeFileSync(path.join(env.watch, 'touched.txt'), String(Date.now()));
  await reloaded;
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.beforeReload), undefined, 'the page was reloaded');
  assert.equal(sockets.length, 2, `reconnected after the reload: ${sockets}`);
  assert.deepEqual(page.problems, [], 'console errors or CSP violations');
  await page.context().close();
});
