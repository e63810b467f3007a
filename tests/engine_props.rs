//! Property tests of engine invariants over random configs, params and feeds.

use proptest::prelude::*;
use spreadlab::engine::config::MarketMakingConfig;
use spreadlab::engine::feed::{generate, RandomWalkParams, WalkKind};
use spreadlab::engine::sim::{
    run, run_summary, trade_log_csv, FillModelKind, SimParams, StrategyKind,
};

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

/// Every fill model, listed by hand.
const ALL_FILL_MODELS: [FillModelKind; 5] = [
    FillModelKind::SeedBacktest,
    FillModelKind::SeedLive,
    FillModelKind::Cross,
    FillModelKind::Intensity,
    FillModelKind::Flow,
];

/// Round-trip KPIs recomputed from the trade-log CSV with a FIFO book written here,
/// independently of the engine's.
#[derive(Debug)]
struct CsvFifo {
    round_trips: usize,
    win_rate: f64,
    average_return: f64,
    rebalances: usize,
}

fn fifo_from_csv(csv: &str) -> CsvFifo {
    // Open lots (qty, price, buy fee per unit); `head` is the oldest still open.
    let mut lots: Vec<(f64, f64, f64)> = Vec::new();
    let mut head = 0;
    let (mut round_trips, mut rebalances) = (0, 0);
    let (mut closed, mut won, mut weighted) = (0.0, 0.0, 0.0);
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("timestamp,event_type,price,amount,base_inventory,quote_inventory,total_value,fee,equity")
    );
    for row in rows {
        let cols: Vec<&str> = row.split(',').collect();
        assert_eq!(cols.len(), 9, "{row}");
        let num = |i: usize| cols[i].parse::<f64>().unwrap();
        let (price, amount, fee) = (num(2), num(3), num(7));
        let is_buy = match cols[1] {
            "BUY" => true,
            "SELL" => false,
            "REBALANCE_BUY" => {
                rebalances += 1;
                true
            }
            "REBALANCE_SELL" => {
                rebalances += 1;
                false
            }
            other => panic!("unknown event {other}"),
        };
        if is_buy {
            lots.push((amount, price, fee / amount));
            continue;
        }
        let mut left = amount;
        let mut closed_here = false;
        while left > 0.0 && head < lots.len() {
            let (lot_qty, buy_price, buy_fee_per_unit) = lots[head];
            let q = if lot_qty <= left { lot_qty } else { left };
            let pnl = (price - buy_price) * q - buy_fee_per_unit * q - fee * q / amount;
            closed += q;
            if pnl > 0.0 {
                won += q;
            }
            weighted += pnl / (buy_price * q) * q;
            closed_here = true;
            left -= q;
            if q == lot_qty {
                head += 1;
            } else {
                lots[head].0 = lot_qty - q;
            }
        }
        round_trips += closed_here as usize;
    }
    let share = |x: f64| if closed > 0.0 { x / closed } else { 0.0 };
    CsvFifo {
        round_trips,
        win_rate: share(won),
        average_return: share(weighted),
        rebalances,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pnl_attribution_adds_up_and_round_trips_match_the_trade_log(
        cfg in config(), p in params(), f in feed(), steps in 1usize..600,
    ) {
        let snaps = generate(&f, steps).unwrap();
        for fill_model in ALL_FILL_MODELS {
            let p = SimParams { fill_model, ..p.clone() };
            let r = run(&cfg, &p, &snaps).unwrap();
            let k = &r.kpis;
            let pnl = k.final_value - k.initial_capital;
            let attributed = k.spread_pnl + k.inventory_pnl - k.fees_paid;
            prop_assert!((attributed - pnl).abs() <= 1e-9 * cfg.total_capital,
                "{:?}: spread {} + inventory {} - fees {} = {} but PnL is {}",
                fill_model, k.spread_pnl, k.inventory_pnl, k.fees_paid, attributed, pnl);

            let csv = trade_log_csv(&r.trades);
            let ours = fifo_from_csv(&csv);
            prop_assert_eq!(k.round_trips, ours.round_trips, "{:?}", fill_model);
            prop_assert_eq!(k.forced_exits, ours.rebalances);
            prop_assert_eq!(k.rebalances, ours.rebalances);
            let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3);
            prop_assert!(near(k.win_rate, ours.win_rate),
                "{:?}: win_rate {} vs {}", fill_model, k.win_rate, ours.win_rate);
            prop_assert!(near(k.average_return_per_round_trip, ours.average_return),
                "{:?}: average return {} vs {}", fill_model,
                k.average_return_per_round_trip, ours.average_return);

            prop_assert_eq!(k.final_inventory, *r.series.base.last().unwrap());
            prop_assert!(k.inventory_std.is_finite() && k.inventory_std >= 0.0);
        }
    }

    #[test]
    fn accounting_invariants_hold(cfg in config(), p in params(), f in feed(), steps in 1usize..600) {
        let snaps = generate(&f, steps).unwrap();
        let r = run(&cfg, &p, &snaps).unwrap();
        let s = &r.series;
        prop_assert_eq!(s.equity.len(), steps);
        for (i, snap) in snaps.iter().enumerate() {
            let identity = s.cash[i] + s.base[i] * s.mid[i];
            prop_assert!((s.equity[i] - identity).abs() <= 1e-9 * identity.abs().max(1.0));
            for v in [s.mid[i], s.base[i], s.exposure[i], s.cash[i], s.equity[i], s.spread_pnl[i], s.inventory_pnl[i], s.fees[i]] {
                prop_assert!(v.is_finite());
            }
            prop_assert!(s.cash[i] >= -1e-9 * cfg.total_capital, "cash {}", s.cash[i]);
            prop_assert!(s.base[i] >= -1e-12);
            // At every step, value at the mark = initial + spread + inventory − fees (the
            // seed's models mark at the close, the others at mid).
            let seed = matches!(p.fill_model, FillModelKind::SeedBacktest | FillModelKind::SeedLive);
            let mark = if seed { snap.last } else { s.mid[i] };
            let value = s.cash[i] + s.base[i] * mark;
            let pnl = cfg.total_capital + s.spread_pnl[i] + s.inventory_pnl[i] - s.fees[i];
            prop_assert!((value - pnl).abs() <= 1e-7 * pnl.abs().max(1.0), "step {}: {} vs {}", i, value, pnl);
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
