// Starts the mock exchange on an ephemeral loopback port.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Spawns server.mjs; resolves to { port, base, stop }. */
export async function startMock(extra = []) {
  const proc = spawn(process.execPath, [path.join(here, 'server.mjs'), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]).port));
    proc.once('exit', (c) => reject(new Error(`mock exited ${c}`)));
  });
  return { port, base: `http://127.0.0.1:${port}`, stop: () => proc.kill() };
}
