// Shared e2e helpers: a static server for the release build in dist/ and a
// headless Debian Chromium driven by playwright-core that records console errors
// and CSP violations.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` on 127.0.0.1 at an ephemeral port under an optional sub-path. With `gzip`,
 * every file goes out compressed by `gzip -9` to clients that accept it, as a static host
 * with precompressed files would serve it (the gzip program: node's bundled zlib makes the
 * app's wasm about 1 % bigger).
 */
export async function startSite({ dir = DIST, prefix = '/', gzip = false } = {}) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html missing: run 'trunk build --release' first`);
  }
  const server = http.createServer((req, res) => {
    let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    url = url.slice(prefix.length - 1);
    if (url.endsWith('/')) url += 'index.html';
    const file = path.join(dir, path.normalize(url));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const body = execFileSync('gzip', ['-9', '-c', '-n', file], { maxBuffer: 1 << 30 });
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches headless Debian Chromium with the flags this machine needs. */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Opens a page that records console errors, page errors and CSP violations (its
 * workers' too) into `page.problems` (an array of strings); tests assert it stays empty. `onPage` is
 * called with the page before it loads; other options (`colorScheme`, `bypassCSP`, ...)
 * go to the browser context.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, onPage, ...options } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
  const page = await context.newPage();
  onPage?.(page);
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // A worker's violations fire in its own scope (and Chromium does not log them to any
  // console): listen there as soon as it starts; its console errors reach `page`.
  page.on('worker', (w) => {
    w.evaluate(() => self.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation in a worker: ${e.violatedDirective} ${e.blockedURI}`);
    })).catch(() => {});
  });
  await page.goto(url);
  return page;
}

/** Ensures the artifacts directory exists and returns a path inside it. */
export function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * Registers node:test hooks that serve dist/ and launch Chromium before a file's tests
 * and close both after them. Returns an object whose `site` and `browser` are set once
 * they are up.
 */
export function useSiteAndBrowser(launchArgs = []) {
  const env = {};
  before(async () => {
    env.site = await startSite();
    env.browser = await launch(launchArgs);
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
