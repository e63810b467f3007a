//! Exchange files against real data: a Binance spot ETHUSDT WebSocket recording
//! (tests/data/binance_ethusdt_20240808.jsonl.gz, see README-binance-ethusdt.md), and the
//! Binance dump formats derived from it.

use spreadlab::engine::feed::exchange::{detect, parse_exchange_file_with_stats, ExchangeFile};
use spreadlab::engine::feed::{
    merge, parse_exchange_file, synthesise_book, ExchangeFormat, Recording,
};
use spreadlab::engine::market::{Aggressor, Snapshot, TradePrint};
use std::io::Read;

fn recording_text() -> String {
    let path = format!(
        "{}/tests/data/binance_ethusdt_20240808.jsonl.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let gz = std::fs::read(&path).expect("the recording");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("gzip");
    text
}

fn real() -> ExchangeFile {
    let text = recording_text();
    assert_eq!(detect(&text), Some(ExchangeFormat::WebSocketLines));
    let start = std::time::Instant::now();
    let f = parse_exchange_file_with_stats(&text).expect("the recording parses");
    println!(
        "parsed {} MB, {} lines in {:.0} ms",
        text.len() / 1_000_000,
        text.lines().count(),
        start.elapsed().as_secs_f64() * 1e3
    );
    f
}

fn sorted<T>(xs: &[T], time: impl Fn(&T) -> f64) -> bool {
    xs.windows(2).all(|w| time(&w[0]) <= time(&w[1]))
}

/// The snapshot in force at time `t` (the last one at or before it).
fn book_at(snaps: &[Snapshot], t: f64) -> Option<&Snapshot> {
    let i = snaps.partition_point(|s| s.time <= t);
    i.checked_sub(1).map(|i| &snaps[i])
}

/// Share of trades that printed at or through the touch they took (buys at the ask or
/// above, sells at the bid or below), against the book in force at their time.
fn at_touch(r: &Recording) -> f64 {
    let hits = r
        .trades
        .iter()
        .filter(|t| match (book_at(&r.snapshots, t.time), t.aggressor) {
            (Some(b), Aggressor::Buy) => t.price >= b.ask,
            (Some(b), Aggressor::Sell) => t.price <= b.bid,
            (None, _) => false,
        })
        .count();
    hits as f64 / r.trades.len() as f64
}

#[test]
fn real_binance_recording() {
    let f = real();
    let r = &f.recording;
    assert_eq!(r.format, "WebSocket recording of ETHUSDT");
    assert_eq!(r.snapshots.len(), 24_077);
    assert_eq!(r.trades.len(), 6_106);
    assert_eq!(f.skipped.depth_updates, 3_434);
    assert_eq!(f.skipped.depth_snapshots, 1);
    assert_eq!(
        (f.skipped.control, f.skipped.other, f.skipped.untimed),
        (0, 0, 0)
    );
    assert!(sorted(&r.trades, |t| t.time));
    assert!(sorted(&r.snapshots, |s| s.time));
    assert!(r.trades.iter().all(|t| t.id != 0));
    assert!(
        r.trades.windows(2).all(|w| w[0].id < w[1].id),
        "ids increase"
    );
    let buys = r
        .trades
        .iter()
        .filter(|t| t.aggressor == Aggressor::Buy)
        .count();
    assert!(buys > 0 && buys < r.trades.len(), "{buys}");
    assert!(r
        .snapshots
        .iter()
        .all(|s| s.bid <= s.ask && s.bid_size > 0.0 && s.ask_size > 0.0 && s.last == s.mid()));
    // The recorder's clock runs behind Binance's: the quotes are moved onto the venue clock.
    let shift = r
        .warnings
        .iter()
        .find(|w| w.contains("recorder's clock moved by"))
        .expect("clock warning");
    assert!(r
        .warnings
        .iter()
        .any(|w| w == "skipped 3434 depth updates, 1 depth snapshot"));
    let span = r.snapshots.last().unwrap().time - r.snapshots[0].time;
    assert!((340.0..400.0).contains(&span), "{span}");
    let first_trade = r.trades[0].time;
    assert!((r.snapshots[0].time - first_trade).abs() < 1.0);
    // With the quotes on the venue clock, most trades print at the touch they take (the
    // rest meet a book already updated for them: latency jitter of a few ms).
    let touch = at_touch(r);
    println!(
        "{shift}; {buys} buys / {} sells; {:.1} % of trades at or through the touch",
        r.trades.len() - buys,
        touch * 100.0
    );
    assert!(touch > 0.5, "{touch}");
}

#[test]
fn the_clock_shift_matters() {
    // Without the shift (quotes at the recorder's local time) far fewer trades line up
    // with the touch (measured: 58.5 % with, 25.5 % without): why the quotes are moved.
    let f = real();
    let mut local = f.recording.clone();
    let shift: f64 = local
        .warnings
        .iter()
        .find_map(|w| {
            w.split("moved by ")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .and_then(|s| s.parse().ok())
        })
        .expect("shift");
    assert!((0.5..3.0).contains(&shift), "{shift}");
    for s in &mut local.snapshots {
        s.time -= shift;
    }
    let (shifted, unshifted) = (at_touch(&f.recording), at_touch(&local));
    println!(
        "at the touch: {:.1} % with the shift, {:.1} % without",
        shifted * 100.0,
        unshifted * 100.0
    );
    assert!(shifted > unshifted + 0.2, "{shifted} vs {unshifted}");
}

/// The trades as a Binance `trades` dump (header, µs times as in spot dumps since 2025).
fn trades_csv(trades: &[TradePrint]) -> String {
    let mut out = String::from("id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n");
    for t in trades {
        out.push_str(&format!(
            "{},{},{},{},{},{},true\n",
            t.id,
            t.price,
            t.qty,
            t.price * t.qty,
            (t.time * 1e6).round() as u64,
            t.aggressor == Aggressor::Sell
        ));
    }
    out
}

/// The trades aggregated as Binance does (consecutive fills at one time, price and side),
/// as a header-less `aggTrades` dump with ms times, and the prints it should give.
fn agg_trades_csv(trades: &[TradePrint]) -> (String, Vec<TradePrint>) {
    let mut groups: Vec<(TradePrint, u64, u64)> = Vec::new();
    for t in trades {
        match groups.last_mut() {
            Some((g, _, last))
                if g.time == t.time && g.price == t.price && g.aggressor == t.aggressor =>
            {
                g.qty += t.qty;
                *last = t.id;
            }
            _ => groups.push((*t, t.id, t.id)),
        }
    }
    let mut out = String::new();
    let mut prints = Vec::new();
    for (i, (g, first, last)) in groups.iter().enumerate() {
        let agg = TradePrint {
            id: 1_000 + i as u64,
            ..*g
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            agg.id,
            agg.price,
            agg.qty,
            first,
            last,
            (agg.time * 1e3).round() as u64,
            agg.aggressor == Aggressor::Sell
        ));
        prints.push(agg);
    }
    (out, prints)
}

/// The quotes as a futures `bookTicker` dump (header, ms times).
fn book_ticker_csv(snaps: &[Snapshot]) -> String {
    let mut out = String::from(
        "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n",
    );
    for (i, s) in snaps.iter().enumerate() {
        let ms = (s.time * 1e3).round() as u64;
        out.push_str(&format!(
            "{},{},{},{},{},{ms},{}\n",
            i + 1,
            s.bid,
            s.bid_size,
            s.ask,
            s.ask_size,
            ms + 2
        ));
    }
    out
}

#[test]
fn dumps_derived_from_the_real_recording_parse_back() {
    let real = real().recording;
    let text = trades_csv(&real.trades);
    assert_eq!(detect(&text), Some(ExchangeFormat::BinanceTrades));
    let trades = parse_exchange_file(&text).unwrap();
    assert_eq!(trades.trades, real.trades);
    assert!(trades.snapshots.is_empty() && trades.warnings.is_empty());
    // The same without the header.
    let headerless = text.split_once('\n').unwrap().1;
    assert_eq!(detect(headerless), Some(ExchangeFormat::BinanceTrades));
    assert_eq!(parse_exchange_file(headerless).unwrap().trades, real.trades);

    let (text, prints) = agg_trades_csv(&real.trades);
    assert_eq!(detect(&text), Some(ExchangeFormat::BinanceAggTrades));
    let agg = parse_exchange_file(&text).unwrap();
    assert_eq!(agg.trades, prints);
    assert!(prints.len() < real.trades.len(), "{}", prints.len());
    let total = |ts: &[TradePrint]| ts.iter().map(|t| t.qty).sum::<f64>();
    assert!((total(&agg.trades) - total(&real.trades)).abs() < 1e-6);

    let text = book_ticker_csv(&real.snapshots);
    assert_eq!(detect(&text), Some(ExchangeFormat::BinanceBookTicker));
    let book = parse_exchange_file(&text).unwrap();
    assert_eq!(book.snapshots.len(), real.snapshots.len());
    for (a, b) in book.snapshots.iter().zip(&real.snapshots) {
        assert!(
            (a.time - b.time).abs() <= 0.0005 + 1e-6,
            "{} vs {}",
            a.time,
            b.time
        );
        assert_eq!(
            (a.bid, a.ask, a.bid_size, a.ask_size, a.last),
            (b.bid, b.ask, b.bid_size, b.ask_size, b.last)
        );
    }

    // Quotes file + trades file = the recording again; a trades file twice keeps each once.
    let merged = merge(book.clone(), trades.clone());
    assert_eq!(merged.trades, real.trades);
    assert_eq!(merged.snapshots, book.snapshots);
    assert_eq!(
        merged.format,
        "Binance bookTicker dump + Binance trades dump"
    );
    let twice = merge(merged, trades.clone());
    assert_eq!(twice.trades.len(), real.trades.len());
    assert!(twice
        .warnings
        .iter()
        .any(|w| w.starts_with("6106 trades were in both files")));

    // A trades file alone: the book is synthesised, one snapshot per distinct trade time.
    let mut alone = trades;
    synthesise_book(&mut alone, 0.0001);
    let distinct = 1 + real
        .trades
        .windows(2)
        .filter(|w| w[0].time != w[1].time)
        .count();
    assert_eq!(alone.snapshots.len(), distinct);
    assert!(alone.warnings[0].contains("synthesised from trades"));
}
