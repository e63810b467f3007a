#!/usr/bin/env bash
# CSV ingest, end to end and parse only: a 1 M-row `timestamp,close` file (integer Unix
# seconds, two-decimal prices, the same rows as benches/csv_parse.rs) through
# `spreadlab run --data FILE --fill seed-backtest --json`, 21 runs, median wall time and peak
# memory; then the criterion parse benchmark (which also times the run the CLI makes while
# parsing, in-process). Called by scripts/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
FILE=$(mktemp --suffix=.csv)
trap 'rm -f "$FILE"' EXIT
python3 - "$FILE" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('timestamp,close\n')
    for i in range(1_000_000):
        cents = 30_000 + (i * 7919) % 10_000
        f.write('%d,%d.%02d\n' % (1_704_067_200 + i, cents // 100, cents % 100))
PY
# 21 runs timed with a monotonic clock (`/usr/bin/time` rounds to 10 ms); the peak memory is
# the largest of the runs'.
python3 - "$FILE" <<'PY'
import os, resource, statistics, subprocess, sys, time
path = sys.argv[1]
cmd = ['target/release/spreadlab', 'run', '--data', path, '--fill', 'seed-backtest', '--json']
walls = []
for _ in range(21):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    walls.append(time.perf_counter() - t)
walls.sort()
wall = statistics.median(walls)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print('csv end to end, 1 M rows (%.0f MB): median %.3f s over %d runs (p10 %.3f, p90 %.3f, min %.3f, max %.3f s), %.1f M rows/s, peak %.0f MB (target <= 0.1 s)'
      % (os.path.getsize(path) / 1e6, wall, len(walls), walls[2], walls[-3], walls[0], walls[-1], 1.0 / wall, rss))
PY
cargo bench --bench csv_parse -- --warm-up-time 1 --measurement-time 5 2>/dev/null | grep -E "^csv_parse|thrpt" | grep -v "%"
