//! Property tests of engine invariants over random configs, params and feeds.

use proptest::prelude::*;
use spreadlab::engine::config::MarketMakingConfig;
use spreadlab::engine::feed::{generate, RandomWalkParams, WalkKind};
use spreadlab::engine::sim::{run, run_summary, FillModelKind, SimParams, StrategyKind};

fn config() -> impl Strategy<Value = MarketMakingConfig> {
    (
        1e2..1e6f64,
        1e-5..0.1f64,
        1e-4..0.1f64,
        0.01..1.0f64,
        0.01..0.99f64,
        0.0..0.01f64,
    )
        .prop_map(|(c, s, o, e, r, m)| MarketMakingConfig {
            trading_pair: "BTC/USDT".into(),
            total_capital: c,
            spread_percentage: s,
            order_size_percentage: o,
            max_inventory_exposure: e,
            rebalance_threshold: r,
            min_profit_threshold: m,
        })
}

fn params() -> impl Strategy<Value = SimParams> {
    (
        prop_oneof![
            Just(FillModelKind::SeedBacktest),
            Just(FillModelKind::SeedLive),
            Just(FillModelKind::Cross),
            Just(FillModelKind::Intensity)
        ],
        prop_oneof![
            Just(StrategyKind::Seed),
            Just(StrategyKind::AvellanedaStoikov),
            Just(StrategyKind::Symmetric)
        ],
        -0.0002..0.003f64,
        0.0..0.005f64,
        0u32..4,
        0.0..0.5f64,
        any::<u64>(),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                fill_model,
                strategy,
                maker_fee,
                taker_fee,
                latency_steps,
                target_inventory,
                seed,
                (adaptive, session_profile),
            )| {
                SimParams {
                    fill_model,
                    strategy,
                    maker_fee,
                    taker_fee,
                    latency_steps,
                    target_inventory,
                    seed,
                    adaptive,
                    session_profile,
                    ..SimParams::default()
                }
            },
        )
}

fn feed() -> impl Strategy<Value = RandomWalkParams> {
    (
        any::<u64>(),
        0.05..3.0f64,
        0.0..0.005f64,
        any::<bool>(),
        0.0..2000.0f64,
    )
        .prop_map(
            |(seed, volatility, half_spread, mr, jumps)| RandomWalkParams {
                seed,
                volatility,
                half_spread,
                kind: if mr {
                    WalkKind::MeanReverting
                } else {
                    WalkKind::Gbm
                },
                jump_intensity: jumps,
                ..RandomWalkParams::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn accounting_invariants_hold(cfg in config(), p in params(), f in feed(), steps in 1usize..600) {
        let snaps = generate(&f, steps).unwrap();
        let r = run(&cfg, &p, &snaps).unwrap();
        let s = &r.series;
        prop_assert_eq!(s.equity.len(), steps);
        for i in 0..steps {
            let identity = s.cash[i] + s.base[i] * s.mid[i];
            prop_assert!((s.equity[i] - identity).abs() <= 1e-9 * identity.abs().max(1.0));
            for v in [s.mid[i], s.base[i], s.exposure[i], s.cash[i], s.equity[i], s.realised[i], s.unrealised[i]] {
                prop_assert!(v.is_finite());
            }
            prop_assert!(s.cash[i] >= -1e-9 * cfg.total_capital, "cash {}", s.cash[i]);
            prop_assert!(s.base[i] >= -1e-12);
            // equity = initial + realised + unrealised
            let pnl = cfg.total_capital + s.realised[i] + s.unrealised[i];
            prop_assert!((s.equity[i] - pnl).abs() <= 1e-7 * pnl.abs().max(1.0));
        }
        // The exposure cap binds at fill time for the resting-quote models.
        if matches!(p.fill_model, FillModelKind::Cross | FillModelKind::Intensity) {
            for t in r.trades.iter().filter(|t| t.side == spreadlab::engine::sim::Side::Buy) {
                let value = t.base_after * t.price;
                let equity = t.quote_after + value;
                prop_assert!(value <= cfg.max_inventory_exposure * equity * (1.0 + 1e-9) + 1e-9,
                    "inventory {} over cap of equity {}", value, equity);
            }
        }
        let k = &r.kpis;
        for v in [k.final_value, k.total_return_percentage, k.sharpe, k.volatility, k.max_drawdown,
                  k.fill_rate, k.win_rate, k.turnover, k.capital_utilisation, k.realised_pnl,
                  k.unrealised_pnl, k.fees_paid, k.average_return_per_round_trip] {
            prop_assert!(v.is_finite());
        }
        prop_assert_eq!(k.total_trades, r.trades.len());
    }

    #[test]
    fn deterministic_and_summary_consistent(cfg in config(), p in params(), f in feed(), steps in 1usize..400) {
        let snaps = generate(&f, steps).unwrap();
        let a = run(&cfg, &p, &snaps).unwrap();
        let b = run(&cfg, &p, &generate(&f, steps).unwrap()).unwrap();
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
        prop_assert_eq!(run_summary(&cfg, &p, &snaps).unwrap(), a.kpis);
    }
}
