#!/usr/bin/env bash
# CSV ingest, end to end and parse only: a 1 M-row `timestamp,close` file (integer Unix
# seconds, two-decimal prices, the same rows as benches/csv_parse.rs) through
# `spreadlab run --data FILE --fill seed-backtest --json`, 7 runs, median wall time and peak
# memory; then the criterion parse benchmark. Called by scripts/bench.
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
TIMES=$(mktemp)
for _ in 1 2 3 4 5 6 7; do
  /usr/bin/time -f "%e %M" -a -o "$TIMES" target/release/spreadlab run --data "$FILE" --fill seed-backtest --json >/dev/null
done
python3 - "$TIMES" "$(stat -c %s "$FILE")" <<'PY'
import sys, statistics
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall = statistics.median(r[0] for r in rows)
rss = statistics.median(r[1] for r in rows) / 1024
print('csv end to end, 1 M rows (%.0f MB): median %.3f s over %d runs (%.3f-%.3f s), %.1f M rows/s, peak %.0f MB (target <= 0.1 s)'
      % (int(sys.argv[2]) / 1e6, wall, len(rows), min(r[0] for r in rows), max(r[0] for r in rows), 1.0 / wall, rss))
PY
rm -f "$TIMES"
cargo bench --bench csv_parse -- --warm-up-time 1 --measurement-time 5 2>/dev/null | grep -E "^csv_parse|thrpt" | grep -v "%"
