// The 100 MB upload used by the e2e test and by upload_tasks.mjs: ~1.44 M rows of
// timestamp,bid,ask,last,volume (one a second from 2024-01-01), a slow random walk.
import fs from 'node:fs';

/** Writes the file to `file` (at least `mb` MiB) and returns its number of rows. */
export function writeBigCsv(file, mb = 100) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'timestamp,bid,ask,last,volume\n');
  let size = 0;
  let rows = 0;
  let price = 42000;
  while (size < mb * 1024 * 1024) {
    let chunk = '';
    for (let k = 0; k < 10000; k++, rows++) {
      price *= 1 + (((rows * 7919) % 1000) - 499.5) * 1e-7;
      const t = new Date(Date.UTC(2024, 0, 1) + rows * 1000).toISOString();
      chunk += `${t},${(price - 0.05).toFixed(6)},${(price + 0.05).toFixed(6)},${price.toFixed(6)},${(1 + (rows % 97) / 100).toFixed(6)}\n`;
    }
    fs.writeSync(fd, chunk);
    size += chunk.length;
  }
  fs.closeSync(fd);
  return rows;
}
