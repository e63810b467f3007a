#!/usr/bin/env python3
"""Prints issue #14's targets next to what this run of scripts/bench measured.

Reads what the earlier steps of scripts/bench wrote to /tmp: the CSV timings
(scripts/bench_csv.sh), the slider presses (scripts/bench_inp.mjs), the 100 MB upload's
main-thread tasks (tests/e2e/upload_tasks.mjs) and the first visit's page weight.
A missing input prints "not measured".
"""
import json
import re


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


rows = []


def row(what, target, value, met):
    rows.append((what, target, value, 'met' if met else 'NOT met'))


csv = read('/tmp/spreadlab-csv.txt') or ''
m = re.search(r'median ([\d.]+) s', csv)
if m:
    row('CSV 1 M rows end to end (spreadlab run --data)', '<= 0.1 s', '%s s' % m.group(1), float(m.group(1)) <= 0.1)
parse = re.findall(r'thrpt:\s+\[\S+ \S+ ([\d.]+) Melem/s', csv)
if parse:
    row('CSV parse, whole file (criterion)', '>= 10 M rows/s', '%s M rows/s' % parse[0], float(parse[0]) >= 10)
up = read('/tmp/spreadlab-upload.txt') or ''
m = re.search(r'longest task of (\d+) runs: ([\d.]+) ms', up)
if m:
    row('100 MB upload, longest main-thread task (%s runs)' % m.group(1), '<= 50 ms', '%s ms' % m.group(2), float(m.group(2)) <= 50)
inp = read('/tmp/spreadlab-inp.json')
if inp:
    d = json.loads(inp)
    for steps, target in (('100000', 24), ('1000000', 100)):
        v = d.get(steps)
        if not v:
            continue
        et, kf = v['event_timing_ms']['median'], v['key_to_frame_ms']['median']
        row('slider key press at %s steps, Event Timing median' % steps, '<= %d ms' % target, '%s ms' % et, et <= target)
        row('slider key press at %s steps, key -> frame with the new run, median' % steps, '<= %d ms' % target, '%.1f ms' % kf, kf <= target)
weight = read('/tmp/spreadlab-weight.json')
if weight:
    w = json.loads(weight)
    kb = w['gzip_bytes'] / 1000
    row('first visit, bytes fetched (gzip -9)', '<= 300 KB', '%.1f KB' % kb, kb <= 300)

print('\nissue #14 targets (this run):')
for what, target, value, met in rows:
    print('  %-66s %-16s %-14s %s' % (what, target, value, met))
if not rows:
    print('  not measured')
