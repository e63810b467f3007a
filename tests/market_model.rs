//! The lessons the default market must teach, checked as a quant would.

use spreadlab::engine::run;
use spreadlab::engine::settings::Settings;
use spreadlab::engine::sim::{Kpis, StrategyKind};

const SPREADS: [f64; 8] = [0.0002, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.03];

/// KPIs of a default run with `seed` and `steps` (0 = keep what `edit` sets), after `edit`.
fn kpis(edit: impl Fn(&mut Settings), seed: u64, steps: usize) -> Kpis {
    let mut s = Settings::default();
    if steps > 0 {
        s.steps = steps;
    }
    s.walk.seed = seed;
    edit(&mut s);
    let feed = run::feed(&s, None).unwrap();
    run::run_summary(&s, &feed).unwrap()
}

/// Mean total return (%) over seeds 1–6 at 20 000 steps, per spread.
fn spread_curve(toxicity: Option<f64>) -> Vec<f64> {
    SPREADS
        .iter()
        .map(|&sp| {
            (1..=6)
                .map(|seed| {
                    kpis(
                        |s| {
                            s.config.spread_percentage = sp;
                            if let Some(t) = toxicity {
                                s.sim.toxicity = t;
                            }
                        },
                        seed,
                        20_000,
                    )
                    .total_return_percentage
                })
                .sum::<f64>()
                / 6.0
        })
        .collect()
}

fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |b, i| if v[i] > v[b] { i } else { b })
}

#[test]
fn the_spread_sweep_has_a_positive_interior_optimum_that_toxic_flow_moves_wider() {
    let base = spread_curve(None);
    let toxic = spread_curve(Some(0.6));
    for (i, s) in SPREADS.iter().enumerate() {
        println!("{s:<8} {:>9.4} % {:>9.4} %", base[i], toxic[i]);
    }
    let b = argmax(&base);
    assert!(
        b > 0 && b < SPREADS.len() - 1,
        "optimum at an end: {base:?}"
    );
    assert!(base[b] > 0.0, "best mean return not positive: {base:?}");
    assert!(base[0] < base[b] && base[SPREADS.len() - 1] < base[b]);
    let t = argmax(&toxic);
    assert!(t > b, "toxic optimum {t} not wider than {b}: {toxic:?}");
    assert!(toxic[t] < base[b], "toxic optimum not lower");
}

#[test]
fn avellaneda_stoikov_controls_inventory() {
    let mean_std = |strategy: StrategyKind| {
        (1..=40)
            .map(|seed| kpis(|s| s.sim.strategy = strategy, seed, 5_000).inventory_std)
            .sum::<f64>()
            / 40.0
    };
    let as_std = mean_std(StrategyKind::AvellanedaStoikov);
    let sym_std = mean_std(StrategyKind::Symmetric);
    println!("inventory std: AS {as_std:.6}, symmetric {sym_std:.6}");
    assert!(
        as_std <= 0.7 * sym_std,
        "AS {as_std} vs symmetric {sym_std}"
    );
}

#[test]
fn avellaneda_stoikov_at_defaults_rarely_holds_back_the_ask() {
    let k = kpis(
        |s| s.sim.strategy = StrategyKind::AvellanedaStoikov,
        7,
        20_000,
    );
    assert!(
        (k.asks_withheld_min_profit as f64) < 0.05 * k.steps as f64,
        "{k:?}"
    );
    assert!(k.total_trades > 200, "{k:?}");
}

#[test]
fn every_config_slider_changes_a_default_run() {
    use spreadlab::engine::settings::{Group, Kind, TABLE};
    let base = kpis(|_| {}, 7, 5_000);
    for row in TABLE.iter().filter(|r| r.group == Group::Config) {
        let Kind::Number { slider, .. } = row.kind else {
            continue;
        };
        let changed = [slider.min, slider.max].iter().any(|&x| {
            let k = kpis(|s| s.set_num(row.key, x).unwrap(), 7, 5_000);
            k.final_value != base.final_value || k.total_trades != base.total_trades
        });
        assert!(changed, "{} does not change the default run", row.key);
    }
}

/// Mean (total return %, spread PnL, fees) over seeds 1–6 of a scenario, after `edit`.
fn scenario_means(
    sc: spreadlab::engine::scenarios::Scenario,
    edit: impl Fn(&mut Settings),
) -> (f64, f64, f64) {
    let mut sum = (0.0, 0.0, 0.0);
    for seed in 1..=6 {
        let k = kpis(
            |s| {
                let st = sc.setup(&s.config);
                s.config = st.config;
                s.walk = spreadlab::engine::feed::RandomWalkParams { seed, ..st.walk };
                s.steps = st.steps;
                s.sim = st.sim;
                edit(s);
            },
            seed,
            0,
        );
        sum.0 += k.total_return_percentage / 6.0;
        sum.1 += k.spread_pnl / 6.0;
        sum.2 += k.fees_paid / 6.0;
    }
    sum
}

/// What each scenario's text says happens, over seeds 1–6.
#[test]
fn the_scenarios_teach_what_their_texts_say() {
    use spreadlab::engine::scenarios::Scenario;
    let high = scenario_means(Scenario::HighVolatility, |_| {});
    let high_wide = scenario_means(Scenario::HighVolatility, |s| {
        s.config.spread_percentage = 0.005
    });
    assert!(high.0 < 0.0 && high.1 < 0.0, "high volatility: {high:?}");
    // Wider, the spread losses all but vanish and the run loses far less; what is left is
    // the inventory's luck, whose sign six seeds cannot settle.
    assert!(
        high_wide.1.abs() < 0.1 * high.1.abs() && high_wide.0 > high.0 / 2.0,
        "high volatility at 0.5 %: {high_wide:?} vs {high:?}"
    );
    let low = scenario_means(Scenario::LowVolatility, |_| {});
    assert!(low.0 > 0.0 && low.1 > 0.0, "low volatility: {low:?}");
    let reg = scenario_means(Scenario::Regulated, |_| {});
    let taker_only = scenario_means(Scenario::Regulated, |s| s.sim.maker_fee = 0.0);
    let free = scenario_means(Scenario::Regulated, |s| {
        s.sim.maker_fee = 0.0;
        s.sim.taker_fee = 0.0;
    });
    assert!(reg.0 < 0.0 && reg.2 > reg.1, "regulated: {reg:?}");
    assert!(
        taker_only.2 > reg.2 / 2.0,
        "taker fees not most: {taker_only:?} of {reg:?}"
    );
    assert!(free.0 > 0.0, "regulated without fees: {free:?}");
    let session = scenario_means(Scenario::Session, |_| {});
    let flat = scenario_means(Scenario::Session, |s| s.sim.session_profile = false);
    for (name, m) in [
        ("high volatility", high),
        ("high volatility, spread 0.5 %", high_wide),
        ("low volatility", low),
        ("regulated", reg),
        ("regulated, maker fee 0", taker_only),
        ("regulated, no fees", free),
        ("session profile", session),
        ("session, profile off", flat),
    ] {
        println!("| {name} | {:.3} % | {:.2} | {:.2} |", m.0, m.1, m.2);
    }
    assert!(session.0 < flat.0, "session {session:?} vs flat {flat:?}");
}
