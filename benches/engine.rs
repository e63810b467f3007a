//! Engine throughput: ticks per second for each fill model over 1M precomputed snapshots.
//! `cargo bench --bench engine`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use spreadlab::engine::config::MarketMakingConfig;
use spreadlab::engine::feed::{generate, RandomWalkParams};
use spreadlab::engine::sim::{run, run_summary, FillModelKind, SimParams};

const TICKS: usize = 1_000_000;

fn engine(c: &mut Criterion) {
    let snaps = generate(&RandomWalkParams::default(), TICKS).expect("feed");
    let cfg = MarketMakingConfig::default();
    let mut g = c.benchmark_group("engine_1M_ticks");
    g.throughput(Throughput::Elements(TICKS as u64));
    g.sample_size(10);
    for fill in [
        FillModelKind::SeedBacktest,
        FillModelKind::SeedLive,
        FillModelKind::Cross,
        FillModelKind::Intensity,
        FillModelKind::Flow,
    ] {
        let p = SimParams {
            fill_model: fill,
            ..SimParams::default()
        };
        let name = serde_json::to_value(fill)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        g.bench_function(format!("summary/{name}"), |b| {
            b.iter(|| run_summary(black_box(&cfg), &p, black_box(&snaps)).unwrap())
        });
    }
    // The app's run: the default (order-flow) model, every series recorded.
    let p = SimParams::default();
    g.bench_function("full_series/flow", |b| {
        b.iter(|| run(black_box(&cfg), &p, black_box(&snaps)).unwrap())
    });
    g.finish();
    let mut f = c.benchmark_group("feed_1M_ticks");
    f.throughput(Throughput::Elements(TICKS as u64));
    f.sample_size(10);
    f.bench_function("random_walk", |b| {
        b.iter(|| generate(black_box(&RandomWalkParams::default()), TICKS).unwrap())
    });
    f.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
