//! Every numeric setting works across its whole accepted range: a short run at each end
//! (or just inside an open end) finishes with finite KPIs, on each fill model that reads
//! it, and the value is kept (no hidden clamp).

use spreadlab::engine::run;
use spreadlab::engine::settings::{Kind, Settings, Value, TABLE};
use spreadlab::engine::sim::{FillModelKind, Kpis, StrategyKind};

/// The ends of an interval, nudged inside where an end is open.
fn ends(min: f64, min_in: bool, max: f64, max_in: bool) -> [f64; 2] {
    let inside = |x: f64, toward: f64| {
        let step = (toward - x).abs().min(x.abs().max(1.0)) * 1e-6;
        x + step.copysign(toward - x)
    };
    [
        if min_in { min } else { inside(min, max) },
        if max_in { max } else { inside(max, min) },
    ]
}

fn finite(k: &Kpis) -> bool {
    [
        k.final_value,
        k.total_return_percentage,
        k.sharpe,
        k.volatility,
        k.max_drawdown,
        k.spread_pnl,
        k.inventory_pnl,
        k.fees_paid,
        k.inventory_std,
        k.average_return_per_round_trip,
    ]
    .iter()
    .all(|x| x.is_finite())
}

#[test]
fn every_numeric_setting_runs_at_both_ends_of_its_range() {
    let models = [
        (FillModelKind::Flow, StrategyKind::Seed),
        (FillModelKind::Intensity, StrategyKind::AvellanedaStoikov),
        (FillModelKind::Cross, StrategyKind::Symmetric),
    ];
    for row in TABLE.iter() {
        let values: Vec<Value> = match row.kind {
            Kind::Number { range, .. } => ends(
                range.min,
                range.min_inclusive,
                range.max,
                range.max_inclusive,
            )
            .map(Value::Num)
            .to_vec(),
            // Steps: the top of the range is a billion-step streamed run (tests/cli.rs
            // streams past the charted limit); the bottom is one step.
            Kind::Integer { min, max } if row.key == "steps" => {
                vec![Value::Int(min), Value::Int(max.min(3_000))]
            }
            Kind::Integer { min, max } => vec![Value::Int(min), Value::Int(max)],
            _ => continue,
        };
        for v in values {
            for (fill, strategy) in models {
                let mut s = Settings {
                    steps: 300,
                    ..Settings::default()
                };
                s.sim.fill_model = fill;
                s.sim.strategy = strategy;
                let text = match v {
                    Value::Num(x) => format!("{x:e}"),
                    Value::Int(n) => n.to_string(),
                    _ => unreachable!(),
                };
                let parsed = row
                    .parse(&text)
                    .unwrap_or_else(|e| panic!("{}: {text}: {e}", row.key));
                (row.set)(&mut s, parsed.clone());
                assert_eq!((row.get)(&s), parsed, "{} = {text} not kept", row.key);
                if s.feed.is_synthetic() && s.steps > 0 {
                    let k = run::summary(&s, None)
                        .unwrap_or_else(|e| panic!("{} = {text}: {e}", row.key));
                    assert!(finite(&k), "{} = {text} ({fill:?}): {k:?}", row.key);
                }
            }
        }
    }
}
