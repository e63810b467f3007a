use super::*;
use crate::engine::sim::StrategyKind;

fn snaps_from_prices(prices: &[f64], half_spread: f64) -> Vec<Snapshot> {
    prices
        .iter()
        .enumerate()
        .map(|(i, &p)| Snapshot::from_price(1_704_067_200.0 + 60.0 * i as f64, p, half_spread, 1.0))
        .collect()
}

fn params(fill: FillModelKind) -> SimParams {
    SimParams {
        fill_model: fill,
        ..SimParams::default()
    }
}

#[test]
fn seed_backtest_is_bit_for_bit_the_python() {
    // Expected values printed by the seed's loop run in python3 over the same closes.
    let closes = [100.0, 101.5, 99.25, 102.0, 98.0, 100.5];
    let r = run(
        &MarketMakingConfig::default(),
        &params(FillModelKind::SeedBacktest),
        &snaps_from_prices(&closes, 0.0),
    )
    .unwrap();
    assert_eq!(r.kpis.final_value, 10000.599999999991);
    assert_eq!(r.kpis.total_return_percentage, 0.005999999999912689);
    assert_eq!(r.kpis.total_trades, 12);
    assert_eq!(r.kpis.initial_capital, 10000.0);
}

#[test]
fn seed_live_profit_is_fixed_and_price_independent() {
    let cfg = MarketMakingConfig::default();
    let a = run(
        &cfg,
        &params(FillModelKind::SeedLive),
        &snaps_from_prices(&[100.0; 10], 0.0),
    )
    .unwrap();
    let b = run(
        &cfg,
        &params(FillModelKind::SeedLive),
        &snaps_from_prices(
            &[
                100.0, 150.0, 80.0, 120.0, 90.0, 100.0, 130.0, 70.0, 110.0, 100.0,
            ],
            0.0,
        ),
    )
    .unwrap();
    assert_eq!(a.kpis.total_trades, 20);
    assert_eq!(b.kpis.total_trades, 20);
    // Per cycle: size = 100/p, profit = size * p * ((1+s/2)^2 - (1-s/2)^2) = 100 * 2s = 0.2.
    assert!(
        (a.kpis.final_value - 10_002.0).abs() < 1e-9,
        "{}",
        a.kpis.final_value
    );
    assert!(
        (b.kpis.final_value - 10_002.0).abs() < 1e-9,
        "{}",
        b.kpis.final_value
    );
}

#[test]
fn cross_fills_only_when_traded_through_at_our_price() {
    let cfg = MarketMakingConfig {
        rebalance_threshold: 0.5,
        min_profit_threshold: 0.0,
        ..Default::default()
    };
    // Quote at step 0 around 100 (bid 99.95); step 1 market ask 99.9 <= bid -> buy at 99.95.
    let snaps = vec![
        Snapshot {
            time: 0.0,
            bid: 100.0,
            ask: 100.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 1.0,
            bid: 99.8,
            ask: 99.9,
            last: 99.85,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 2.0,
            bid: 100.0,
            ask: 100.1,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
    ];
    let r = run(&cfg, &params(FillModelKind::Cross), &snaps).unwrap();
    assert_eq!(r.trades.len(), 1);
    let t = r.trades[0];
    assert_eq!(t.side, Side::Buy);
    assert_eq!(t.step, 1);
    assert!((t.price - 100.0 * (1.0 - 0.0005)).abs() < 1e-12);
    assert!((t.amount - 1.0).abs() < 1e-12); // 10000 * 1% / 100
}

#[test]
fn latency_delays_quotes() {
    let cfg = MarketMakingConfig {
        rebalance_threshold: 0.5,
        ..Default::default()
    };
    let snaps = vec![
        Snapshot {
            time: 0.0,
            bid: 100.0,
            ask: 100.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 1.0,
            bid: 99.8,
            ask: 99.9,
            last: 99.85,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 2.0,
            bid: 99.8,
            ask: 99.9,
            last: 99.85,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
    ];
    let p = SimParams {
        latency_steps: 1,
        ..params(FillModelKind::Cross)
    };
    let r = run(&cfg, &p, &snaps).unwrap();
    assert_eq!(r.trades.len(), 1);
    assert_eq!(r.trades[0].step, 2);
}

#[test]
fn rebalance_sells_back_to_target_paying_taker_fee() {
    let cfg = MarketMakingConfig {
        order_size_percentage: 0.1,
        max_inventory_exposure: 0.5,
        rebalance_threshold: 0.05,
        ..Default::default()
    };
    let p = SimParams {
        taker_fee: 0.001,
        ..params(FillModelKind::Cross)
    };
    let snaps = vec![
        Snapshot {
            time: 0.0,
            bid: 100.0,
            ask: 100.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 1.0,
            bid: 99.0,
            ask: 99.5,
            last: 99.2,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 2.0,
            bid: 99.0,
            ask: 99.5,
            last: 99.2,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
    ];
    let r = run(&cfg, &p, &snaps).unwrap();
    let reb: Vec<_> = r
        .trades
        .iter()
        .filter(|t| t.liquidity == Liquidity::Rebalance)
        .collect();
    assert_eq!(reb.len(), 1, "{:?}", r.trades);
    assert_eq!(reb[0].side, Side::Sell);
    assert_eq!(reb[0].price, 99.0);
    assert!((reb[0].fee - 99.0 * reb[0].amount * 0.001).abs() < 1e-12);
    assert!(reb[0].base_after.abs() < 1e-12);
    assert_eq!(r.kpis.rebalances, 1);
}

#[test]
fn min_profit_withholds_unprofitable_asks() {
    let cfg = MarketMakingConfig {
        rebalance_threshold: 0.5,
        min_profit_threshold: 0.05,
        ..Default::default()
    };
    let snaps = vec![
        Snapshot {
            time: 0.0,
            bid: 100.0,
            ask: 100.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 1.0,
            bid: 99.8,
            ask: 99.9,
            last: 99.85,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
        Snapshot {
            time: 2.0,
            bid: 100.0,
            ask: 100.1,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
    ];
    let r = run(&cfg, &params(FillModelKind::Cross), &snaps).unwrap();
    assert!(r.series.our_ask[1].is_nan() && r.series.our_ask[2].is_nan());
    assert_eq!(r.kpis.asks_withheld_min_profit, 2);
    let loose = MarketMakingConfig {
        min_profit_threshold: 0.0,
        ..cfg
    };
    let r = run(&loose, &params(FillModelKind::Cross), &snaps).unwrap();
    assert!(r.series.our_ask[2].is_finite());
}

#[test]
fn bad_snapshots_are_skipped_without_panicking() {
    let mut snaps = snaps_from_prices(&[100.0, 100.0, 100.0, 100.0], 0.0001);
    snaps[1].bid = f64::NAN;
    snaps[2].ask = -1.0;
    snaps.insert(
        0,
        Snapshot {
            time: 0.0,
            bid: 0.0,
            ask: 0.0,
            last: 0.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        },
    );
    for fill in [
        FillModelKind::SeedBacktest,
        FillModelKind::SeedLive,
        FillModelKind::Cross,
        FillModelKind::Intensity,
    ] {
        let r = run(&MarketMakingConfig::default(), &params(fill), &snaps).unwrap();
        assert_eq!(r.kpis.bad_snapshots, 3);
        assert!(r.series.equity.iter().all(|e| e.is_finite()));
        assert!(r.series.mid.iter().all(|e| e.is_finite()));
    }
}

#[test]
fn errors_are_typed() {
    let bad = MarketMakingConfig {
        spread_percentage: 0.5,
        ..Default::default()
    };
    assert!(matches!(
        run(&bad, &SimParams::default(), &snaps_from_prices(&[1.0], 0.0)),
        Err(SimError::Config(_))
    ));
    assert_eq!(
        run(&MarketMakingConfig::default(), &SimParams::default(), &[]),
        Err(SimError::EmptyFeed)
    );
    let p = SimParams {
        tick_seconds: 0.0,
        ..SimParams::default()
    };
    let e = run(
        &MarketMakingConfig::default(),
        &p,
        &snaps_from_prices(&[1.0], 0.0),
    )
    .unwrap_err();
    assert!(e.to_string().contains("tick_seconds"), "{e}");
}

#[test]
fn summary_equals_full_run() {
    let prices: Vec<f64> = (0..500)
        .map(|i| 100.0 + ((i as f64) * 0.37).sin() * 2.0)
        .collect();
    let snaps = snaps_from_prices(&prices, 0.0002);
    for fill in [
        FillModelKind::SeedBacktest,
        FillModelKind::SeedLive,
        FillModelKind::Cross,
        FillModelKind::Intensity,
    ] {
        for strategy in [
            StrategyKind::Seed,
            StrategyKind::AvellanedaStoikov,
            StrategyKind::Symmetric,
        ] {
            let p = SimParams {
                fill_model: fill,
                strategy,
                maker_fee: 0.0002,
                ..SimParams::default()
            };
            let cfg = MarketMakingConfig {
                min_profit_threshold: 0.0,
                ..Default::default()
            };
            let full = run(&cfg, &p, &snaps).unwrap();
            assert_eq!(run_summary(&cfg, &p, &snaps).unwrap(), full.kpis);
            assert_eq!(full.kpis.total_trades, full.trades.len());
        }
    }
}

#[test]
fn incremental_matches_run_for_the_seed_strategy() {
    let prices: Vec<f64> = (0..200).map(|i| 100.0 + ((i as f64) * 0.5).cos()).collect();
    let snaps = snaps_from_prices(&prices, 0.0002);
    let cfg = MarketMakingConfig::default();
    let p = SimParams::default();
    // A run this short records every market order.
    let recorder = SeriesRecorder::with_orders_window(snaps.len(), 0..snaps.len());
    let mut sim = Simulator::new(&cfg, &p, recorder).unwrap();
    for s in &snaps {
        sim.step(s);
    }
    let incremental = sim.into_run();
    // Debug text compares NaN quote gaps too (NaN != NaN under PartialEq).
    assert_eq!(
        format!("{incremental:?}"),
        format!("{:?}", run(&cfg, &p, &snaps).unwrap())
    );
}

#[test]
fn adaptive_mode_scales_quotes_by_the_documented_factor() {
    use crate::engine::feed::{generate, RandomWalkParams};
    // 80 % annual volatility > 0.15 -> factor 0.7 once the window has data.
    let snaps = generate(&RandomWalkParams::default(), 500).unwrap();
    let cfg = MarketMakingConfig {
        min_profit_threshold: 0.0,
        ..Default::default()
    };
    let off = run(&cfg, &params(FillModelKind::Cross), &snaps).unwrap();
    let on = run(
        &cfg,
        &SimParams {
            adaptive: true,
            ..params(FillModelKind::Cross)
        },
        &snaps,
    )
    .unwrap();
    assert!(off.series.factor.iter().all(|f| *f == 1.0));
    assert_eq!(on.series.factor[400], 0.7);
    let i = 400;
    let dist = |r: &RunResult| r.series.bid[i] - r.series.our_bid[i];
    // Seed quote distance below the bid is bid * s/2; with the factor it is 0.7 of that.
    assert!(
        (dist(&on) / dist(&off) - 0.7).abs() < 1e-9,
        "{} {}",
        dist(&on),
        dist(&off)
    );
}

#[test]
fn session_profile_sets_spread_by_time_of_day() {
    let cfg = MarketMakingConfig::default();
    let p = SimParams {
        session_profile: true,
        ..params(FillModelKind::Cross)
    };
    let open = Snapshot {
        time: 1_704_067_200.0 + 3600.0,
        bid: 100.0,
        ask: 100.0,
        last: 100.0,
        volume: 0.0,
        low: 0.0,
        high: 0.0,
        bid_size: 0.0,
        ask_size: 0.0,
    };
    let close = Snapshot {
        time: 1_704_067_200.0 + 20.0 * 3600.0,
        ..open
    };
    let r = run(&cfg, &p, &[open, close]).unwrap();
    assert!((r.series.our_bid[0] - 100.0 * (1.0 - 0.0005 / 2.0)).abs() < 1e-12);
    assert!((r.series.our_bid[1] - 100.0 * (1.0 - 0.0015 / 2.0)).abs() < 1e-12);
}

/// Recording every market order of a window (a chart's zoom) changes what is recorded,
/// never the run: the other orders come from their own per-step stream.
#[test]
fn the_orders_window_changes_what_is_recorded_not_the_run() {
    let snaps =
        crate::engine::feed::generate(&crate::engine::feed::RandomWalkParams::default(), 30_000)
            .unwrap();
    let cfg = MarketMakingConfig::default();
    let p = SimParams::default();
    let plain = run(&cfg, &p, &snaps).unwrap();
    let window = 12_000..14_000;
    let detailed = run_detailed(&cfg, &p, &snaps, window.clone()).unwrap();
    assert_eq!(plain.kpis, detailed.kpis);
    assert_eq!(plain.trades, detailed.trades);
    assert_eq!(
        format!("{:?}", plain.series),
        format!("{:?}", detailed.series)
    );
    assert_eq!(plain.orders_window, Some(0..0));
    assert_eq!(detailed.orders_window, Some(window.clone()));
    let inside = |r: &RunResult| r.prints.iter().filter(|m| window.contains(&m.step)).count();
    let outside = |r: &RunResult| -> Vec<crate::engine::sim::MarketPrint> {
        r.prints
            .iter()
            .filter(|m| !window.contains(&m.step))
            .copied()
            .collect()
    };
    assert!(
        inside(&detailed) > 2 * inside(&plain),
        "{} vs {}",
        inside(&detailed),
        inside(&plain)
    );
    assert_eq!(outside(&plain), outside(&detailed));
    assert!(detailed.prints.windows(2).all(|w| w[0].step <= w[1].step));
    // A run this short keeps every order without being asked.
    let short = run(&cfg, &p, &snaps[..ALL_ORDERS_STEPS]).unwrap();
    assert_eq!(short.orders_window, Some(0..ALL_ORDERS_STEPS));
}
