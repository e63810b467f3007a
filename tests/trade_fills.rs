//! Fills from real trades: the `trades` fill model on a real Binance ETHUSDT recording
//! (tests/data/binance_ethusdt_20240808.jsonl.gz), checked as a quant would.

use spreadlab::engine::feed::{parse_exchange_file, Recording};
use spreadlab::engine::run;
use spreadlab::engine::settings::{FeedKind, Settings};
use spreadlab::engine::sim::{FillModelKind, Kpis, Liquidity, QueueModel, StrategyKind};
use std::io::Read;
use std::sync::OnceLock;

fn recording() -> &'static Recording {
    static REC: OnceLock<Recording> = OnceLock::new();
    REC.get_or_init(|| {
        let path = format!(
            "{}/tests/data/binance_ethusdt_20240808.jsonl.gz",
            env!("CARGO_MANIFEST_DIR")
        );
        let gz = std::fs::read(path).expect("the recording");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .expect("gzip");
        parse_exchange_file(&text).expect("parses")
    })
}

/// Quotes at the touch (symmetric, very tight, on the 0.01 grid) on the recording.
fn at_touch(queue: QueueModel, fill: FillModelKind) -> Settings {
    let mut s = Settings {
        feed: FeedKind::Csv,
        ..Settings::default()
    };
    s.sim.strategy = StrategyKind::Symmetric;
    s.sim.as_k = 100.0;
    s.config.min_profit_threshold = 0.0;
    s.sim.fill_model = fill;
    s.sim.queue_model = queue;
    s.sim.tick_size = recording().price_increment().unwrap();
    s
}

fn kpis(s: &Settings) -> Kpis {
    run::summary_recording(s, recording()).unwrap()
}

#[test]
fn the_recording_has_a_cent_grid() {
    assert!((recording().price_increment().unwrap() - 0.01).abs() < 1e-12);
}

#[test]
fn quotes_at_the_touch_fill_from_the_queue_and_cancellations_bring_fills_sooner() {
    let averse = kpis(&at_touch(QueueModel::RiskAverse, FillModelKind::Trades));
    let prob = kpis(&at_touch(QueueModel::Probabilistic, FillModelKind::Trades));
    println!("risk-averse {averse:?}\nprobabilistic {prob:?}");
    for k in [&averse, &prob] {
        assert!(k.fills_at_queue > 100, "{k:?}");
        assert!(k.fills_trade_through > 0 && k.fills_book_cross > 0);
        assert_eq!(k.fills_model, 0);
    }
    assert!(prob.fills_at_queue > averse.fills_at_queue);
    // Without trades, the same quotes fill only when the book crosses them.
    let cross = kpis(&at_touch(QueueModel::RiskAverse, FillModelKind::Cross));
    assert_eq!(cross.fills_at_queue, 0);
    assert!(cross.total_trades < averse.total_trades);
}

#[test]
fn every_maker_fill_has_one_cause_and_the_pnl_adds_up() {
    let s = at_touch(QueueModel::Probabilistic, FillModelKind::Trades);
    let r = run::run_recording(&s, recording()).unwrap();
    let k = &r.kpis;
    let makers = r
        .trades
        .iter()
        .filter(|t| t.liquidity == Liquidity::Maker)
        .count();
    assert_eq!(
        k.fills_at_queue + k.fills_trade_through + k.fills_book_cross + k.fills_model,
        makers
    );
    let pnl = k.spread_pnl + k.inventory_pnl - k.fees_paid;
    assert!(
        (pnl - (k.final_value - k.initial_capital)).abs() < 1e-6,
        "{k:?}"
    );
    // Each fill from a trade names the print that filled it, of the right side.
    use spreadlab::engine::market::Aggressor;
    use spreadlab::engine::sim::Side;
    assert!(r.prints.len() > 6_000, "{}", r.prints.len());
    let linked = r.trades.iter().filter(|t| t.print_id != 0).count();
    assert!(
        linked >= k.fills_at_queue + k.fills_trade_through,
        "{linked}"
    );
    for t in r.trades.iter().filter(|t| t.print_id != 0) {
        let p = r
            .prints
            .iter()
            .find(|p| p.print.id == t.print_id)
            .expect("the linked print exists");
        assert_eq!(p.step, t.step, "printed with the step it filled");
        let taker = if t.side == Side::Buy {
            Aggressor::Sell
        } else {
            Aggressor::Buy
        };
        assert_eq!(p.print.aggressor, taker);
    }
    // One recording, one result.
    assert_eq!(&run::summary_recording(&s, recording()).unwrap(), k);
}

#[test]
fn seed_quotes_behind_the_touch_fill_only_through_it() {
    let mut s = at_touch(QueueModel::RiskAverse, FillModelKind::Trades);
    s.sim.strategy = StrategyKind::Seed;
    s.config.spread_percentage = 0.0001;
    let k = kpis(&s);
    assert_eq!(k.fills_at_queue, 0, "{k:?}");
    assert!(k.fills_trade_through > 0, "{k:?}");
}

/// Every fill on the replayed recording is justified: a buy by sell-initiated trades at or
/// below our bid in the same step (or by the book crossing it), and never for more than
/// those trades' size; likewise for sells. For both queue models.
#[test]
fn every_fill_is_justified_by_the_trades_or_the_book() {
    use spreadlab::engine::market::Aggressor;
    use spreadlab::engine::sim::Side;
    let rec = recording();
    for queue in [QueueModel::RiskAverse, QueueModel::Probabilistic] {
        let r = run::run_recording(&at_touch(queue, FillModelKind::Trades), rec).unwrap();
        let mut checked = 0;
        for f in r.trades.iter().filter(|t| t.liquidity == Liquidity::Maker) {
            let snap = &rec.snapshots[f.step];
            let crossed = match f.side {
                Side::Buy => snap.ask <= f.price,
                Side::Sell => snap.bid >= f.price,
            };
            if crossed {
                continue;
            }
            let justifying: f64 = r
                .prints
                .iter()
                .filter(|m| m.step == f.step)
                .filter(|m| match f.side {
                    Side::Buy => m.print.aggressor == Aggressor::Sell && m.print.price <= f.price,
                    Side::Sell => m.print.aggressor == Aggressor::Buy && m.print.price >= f.price,
                })
                .map(|m| m.print.qty)
                .sum();
            assert!(
                justifying > 0.0 && f.amount <= justifying * (1.0 + 1e-12),
                "{queue:?}: {f:?} justified by {justifying}"
            );
            checked += 1;
        }
        assert!(checked > 300, "{queue:?}: only {checked} fills from trades");
    }
}

/// On the same data, the risk-averse queue never fills before the probabilistic one: the
/// runs are identical up to their first difference, and there the probabilistic run fills
/// first (or more).
#[test]
fn the_risk_averse_queue_never_fills_first() {
    let fills = |queue| {
        run::run_recording(&at_touch(queue, FillModelKind::Trades), recording())
            .unwrap()
            .trades
            .into_iter()
            .filter(|t| t.liquidity == Liquidity::Maker)
            .map(|t| (t.step, t.side, t.amount))
            .collect::<Vec<_>>()
    };
    let (averse, prob) = (
        fills(QueueModel::RiskAverse),
        fills(QueueModel::Probabilistic),
    );
    let first = averse.iter().zip(&prob).position(|(a, p)| a != p);
    match first {
        Some(i) => {
            let (a, p) = (averse[i], prob[i]);
            assert!(
                p.0 < a.0 || (p.0 == a.0 && p.2 >= a.2),
                "risk-averse filled first at fill {i}: {a:?} vs {p:?}"
            );
        }
        None => assert!(averse.len() <= prob.len()),
    }
}
