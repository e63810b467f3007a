//! CSV parsing throughput: rows per second for a 1 M-row `timestamp,close` file (integer
//! Unix seconds, two-decimal prices), whole, in the app's 2 MB pieces, and as the price
//! rows a KPI-only run keeps, handed on a piece at a time; then that run itself, a
//! seed-backtest simulated while the file is parsed, on two threads as the CLI runs it and
//! on one.
//! `cargo bench --bench csv_parse`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use spreadlab::engine::feed::{
    one_after_the_other, parse_csv, read_prices_in_pieces, ChunkedCsv, CsvOptions, Join,
};
use spreadlab::engine::run::summary_while_parsing;
use spreadlab::engine::settings::{FeedKind, Settings};
use spreadlab::engine::sim::FillModelKind;

const ROWS: usize = 1_000_000;

/// `timestamp,close` with one row a second and a price that wanders between 300 and 400.
fn text() -> String {
    let mut out = String::with_capacity(ROWS * 20 + 16);
    out.push_str("timestamp,close\n");
    for i in 0..ROWS {
        let cents = 30_000 + (i * 7919) % 10_000;
        out.push_str(&format!(
            "{},{}.{:02}\n",
            1_704_067_200 + i,
            cents / 100,
            cents % 100
        ));
    }
    out
}

fn csv_parse(c: &mut Criterion) {
    let text = text();
    let opts = CsvOptions::default();
    let mut g = c.benchmark_group("csv_parse_1m");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.sample_size(10);
    g.bench_function("timestamp_close/whole", |b| {
        b.iter(|| parse_csv(black_box(&text), &opts).unwrap())
    });
    g.bench_function("timestamp_close/2MB_pieces", |b| {
        b.iter(|| {
            let mut p = ChunkedCsv::new(opts);
            let mut pos = 0;
            while pos < text.len() {
                pos = p.feed_next(black_box(&text), pos, 2 << 20).unwrap();
            }
            p.finish().unwrap()
        })
    });
    g.bench_function("timestamp_close/price_rows_in_pieces", |b| {
        b.iter(|| {
            let mut rows = 0;
            let read = read_prices_in_pieces(black_box(&text), &opts, &mut |r| rows += r.len());
            (read.unwrap().unwrap(), rows)
        })
    });
    let mut settings = Settings {
        feed: FeedKind::Csv,
        ..Settings::default()
    };
    settings.sim.fill_model = FillModelKind::SeedBacktest;
    let threads = |a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)| {
        rayon::join(a, b);
    };
    for (name, join) in [
        ("two_threads", &threads as Join<'_>),
        ("one_thread", &one_after_the_other),
    ] {
        g.bench_function(format!("seed_backtest_while_parsing/{name}"), |b| {
            b.iter(|| {
                summary_while_parsing(&settings, black_box(&text), &opts, None, join)
                    .unwrap()
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, csv_parse);
criterion_main!(benches);
