//! Line-delimited WebSocket recordings: one venue message per line (see
//! [`messages`](super::messages) for the shapes), optionally after the recorder's local
//! timestamp and a space (Unix s/ms/µs/ns by magnitude, or ISO-8601).
//!
//! Times: trades and quotes carrying a venue time use it. A quote without one (Binance
//! spot `bookTicker`) takes the line's local timestamp, moved onto the venue's clock by
//! the median gap between the venue's event times and the local timestamps of the lines
//! that have both (a recorder's clock is often off by a second, which would put every
//! quote on the wrong side of the trades); without a local timestamp it takes the time of
//! the message before it. Each of these is a warning.

use super::detect::split_prefix;
use super::error::cut;
use super::events::Events;
use super::messages::{decode, VenueMessage};
use super::skipped::Skipped;
use super::{ExchangeFileError, ExchangeFormat};
use crate::engine::feed::csv_replay::parse_time;
use crate::engine::feed::Recording;
use crate::engine::limits::MAX_JSON_LINE_BYTES;
use crate::engine::market::Snapshot;

/// At most this many venue-minus-local clock gaps are kept for the median.
const OFFSET_SAMPLES: usize = 100_000;

/// Parses a WebSocket recording; also returns what was skipped.
pub(super) fn parse(text: &str) -> Result<(Recording, Skipped), ExchangeFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ev = Events::default();
    let mut skipped = Skipped::default();
    let mut symbols: Vec<String> = Vec::new();
    let mut local_stamped: Vec<usize> = Vec::new();
    let mut offsets: Vec<f64> = Vec::new();
    let mut prev_time: Option<f64> = None;
    let mut borrowed = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if raw.len() > MAX_JSON_LINE_BYTES {
            return Err(ExchangeFileError::LineTooLong {
                line,
                limit: MAX_JSON_LINE_BYTES,
            });
        }
        let (prefix, json) = split_prefix(raw).ok_or_else(|| ExchangeFileError::BadJson {
            line,
            message: format!(
                "expected {{…}} or a timestamp, a space and {{…}}: \"{}\"",
                cut(raw.trim())
            ),
        })?;
        let local = prefix
            .map(|p| {
                parse_time(p).ok_or_else(|| ExchangeFileError::BadField {
                    line,
                    field: "local timestamp".into(),
                    value: cut(p),
                    expected: "a timestamp",
                })
            })
            .transpose()?;
        let v: serde_json::Value =
            serde_json::from_str(json).map_err(|e| ExchangeFileError::BadJson {
                line,
                message: json_message(&e, json.len() < raw.trim().len(), raw),
            })?;
        match decode(&v).map_err(|e| e.at(line))? {
            VenueMessage::Data {
                symbols: s,
                books,
                trades,
                event_time,
            } => {
                for sym in s {
                    if !symbols.contains(&sym) {
                        symbols.push(sym);
                        if symbols.len() > 1 {
                            return Err(ExchangeFileError::SeveralSymbols { symbols });
                        }
                    }
                }
                if let (Some(e), Some(l)) = (event_time, local) {
                    if offsets.len() < OFFSET_SAMPLES {
                        offsets.push(e - l);
                    }
                }
                for b in books {
                    let time = match (b.time, local, prev_time) {
                        (Some(t), _, _) => t,
                        (None, Some(l), _) => {
                            local_stamped.push(ev.snapshots.len());
                            l
                        }
                        (None, None, Some(p)) => {
                            borrowed += 1;
                            p
                        }
                        (None, None, None) => {
                            skipped.untimed += 1;
                            continue;
                        }
                    };
                    ev.snapshot(Snapshot {
                        time,
                        bid: b.bid,
                        ask: b.ask,
                        last: b.last.unwrap_or(0.5 * (b.bid + b.ask)),
                        volume: 0.0,
                        low: 0.0,
                        high: 0.0,
                        bid_size: b.bid_size,
                        ask_size: b.ask_size,
                    })?;
                    if b.time.is_some() || local.is_none() {
                        prev_time = Some(time);
                    }
                }
                for t in trades {
                    ev.trade(t)?;
                    prev_time = Some(t.time);
                }
            }
            VenueMessage::Skipped(kind) => skipped.count(kind),
            VenueMessage::VenueError(_) => skipped.venue_errors += 1,
        }
    }
    let mut warnings = Vec::new();
    if !local_stamped.is_empty() {
        let n = local_stamped.len();
        match median(&mut offsets) {
            Some(shift) => {
                for &i in &local_stamped {
                    ev.snapshots[i].time += shift;
                }
                warnings.push(format!(
                    "{n} quotes carry no venue time: stamped with the recorder's clock moved by {shift:+.3} s, the median gap between venue and recorder times"
                ));
            }
            None => warnings.push(format!(
                "{n} quotes carry no venue time: stamped with the recorder's clock"
            )),
        }
    }
    if borrowed > 0 {
        warnings.push(format!(
            "{borrowed} quotes carry no time: given the time of the message before them"
        ));
    }
    let ignored = skipped.describe();
    if !ignored.is_empty() {
        warnings.push(format!("skipped {ignored}"));
    }
    let mut rec = ev.finish(ExchangeFormat::WebSocketLines, warnings, &ignored)?;
    if let Some(s) = symbols.first() {
        rec.format = format!("{} of {s}", rec.format);
    }
    Ok((rec, skipped))
}

/// The JSON parser's complaint with the column counted in the whole line (the local
/// timestamp included) instead of serde's "line 1 column N".
fn json_message(e: &serde_json::Error, prefixed: bool, raw: &str) -> String {
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    let offset = if prefixed {
        let t = raw.trim();
        t.len() - t.split_once(' ').map_or(t, |(_, j)| j.trim_start()).len()
    } else {
        0
    };
    cut(&format!("{what} at column {}", e.column() + offset))
}

/// The median of `xs` (reordered), `None` when empty.
fn median(xs: &mut [f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mid = xs.len() / 2;
    let (_, m, _) = xs.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*m)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_exchange_file as parse, parse_exchange_file_with_stats};
    use super::*;
    use crate::engine::market::Aggressor;

    const BOOK: &str = r#"{"stream":"ethusdt@bookTicker","data":{"u":35346513501,"s":"ETHUSDT","b":"2683.80000000","B":"3.02920000","a":"2683.81000000","A":"31.43950000"}}"#;
    const TRADE: &str = r#"{"stream":"ethusdt@trade","data":{"e":"trade","E":1723161255612,"s":"ETHUSDT","t":1520538925,"p":"2683.80000000","q":"0.00200000","T":1723161255611,"m":true,"M":true}}"#;
    const DEPTH: &str = r#"{"stream":"ethusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"ETHUSDT","U":1,"u":2,"b":[],"a":[]}}"#;

    #[test]
    fn local_prefix_is_moved_onto_the_venue_clock() {
        let text = format!(
            "1723161254000000000 {BOOK}\n1723161254100000000 {DEPTH}\n1723161254300000000 {TRADE}\n1723161254400000000 {BOOK}\n{{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}}\n"
        );
        let p = parse_exchange_file_with_stats(&text).unwrap();
        let r = &p.recording;
        assert_eq!(r.format, "WebSocket recording of ETHUSDT");
        // Trade at 1723161255.611 venue time, seen at .300 local: gap +1.311 s.
        let t: Vec<f64> = r.snapshots.iter().map(|s| s.time).collect();
        assert!((t[0] - 1_723_161_255.311).abs() < 1e-3, "{t:?}");
        assert!((t[1] - 1_723_161_255.711).abs() < 1e-3, "{t:?}");
        assert_eq!(r.snapshots[0].bid_size, 3.0292);
        assert_eq!(r.snapshots[0].last, 0.5 * (2683.8 + 2683.81));
        assert_eq!(r.trades[0].aggressor, Aggressor::Sell);
        assert_eq!((p.skipped.depth_updates, p.skipped.depth_snapshots), (1, 1));
        assert!(
            r.warnings.iter().any(|w| w.contains("+1.311 s")),
            "{:?}",
            r.warnings
        );
        assert!(r
            .warnings
            .iter()
            .any(|w| w == "skipped 1 depth update, 1 depth snapshot"));
    }

    #[test]
    fn without_prefix_quotes_take_the_previous_time() {
        let text = format!("{BOOK}\n{TRADE}\n{BOOK}\n");
        let p = parse_exchange_file_with_stats(&text).unwrap();
        assert_eq!(p.recording.snapshots.len(), 1);
        assert_eq!(p.recording.snapshots[0].time, 1_723_161_255.611);
        assert_eq!(p.skipped.untimed, 1);
    }

    #[test]
    fn every_venue_shape_in_one_recording_per_venue() {
        let coinbase = concat!(
            r#"{"type":"subscriptions","channels":[{"name":"ticker","product_ids":["ETH-USD"]}]}"#,
            "\n",
            r#"{"type":"ticker","sequence":1,"product_id":"ETH-USD","price":"1285.22","best_bid":"1285.04","best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}"#,
            "\n",
            r#"{"type":"last_match","trade_id":370843400,"maker_order_id":"a","taker_order_id":"b","side":"sell","size":"0.1","price":"1285.2","product_id":"ETH-USD","sequence":0,"time":"2022-10-19T23:28:21.9Z"}"#,
            "\n",
            r#"{"type":"match","trade_id":370843401,"maker_order_id":"a","taker_order_id":"b","side":"buy","size":"11.4396987","price":"1285.22","product_id":"ETH-USD","sequence":2,"time":"2022-10-19T23:28:22.061769Z"}"#,
            "\n",
            r#"{"type":"heartbeat","sequence":3,"last_trade_id":370843401,"product_id":"ETH-USD","time":"2022-10-19T23:28:23Z"}"#,
            "\n",
        );
        let p = parse_exchange_file_with_stats(coinbase).unwrap();
        assert_eq!(p.recording.snapshots.len(), 1);
        let a: Vec<_> = p.recording.trades.iter().map(|t| t.aggressor).collect();
        assert_eq!(a, [Aggressor::Buy, Aggressor::Sell]);
        assert_eq!(p.skipped.control, 2);
        let kraken = concat!(
            r#"{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.0"}]}"#,
            "\n",
            r#"{"method":"subscribe","result":{"channel":"ticker","symbol":"ETH/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"#,
            "\n",
            r#"{"channel":"trade","type":"snapshot","data":[{"symbol":"ETH/USD","side":"sell","price":1600.1,"qty":0.5,"ord_type":"market","trade_id":1,"timestamp":"2023-09-25T09:04:31.7Z"}]}"#,
            "\n",
            r#"{"channel":"ticker","type":"snapshot","data":[{"symbol":"ETH/USD","bid":1600.0,"bid_qty":2.0,"ask":1600.2,"ask_qty":3.0,"last":1600.1,"volume":1000.0,"vwap":1601.0,"low":1590.0,"high":1610.0,"change":1.0,"change_pct":0.1}]}"#,
            "\n",
            r#"{"channel":"heartbeat"}"#,
            "\n",
        );
        let p = parse_exchange_file_with_stats(kraken).unwrap();
        let r = &p.recording;
        assert_eq!(
            (r.snapshots[0].last, r.snapshots[0].ask_size),
            (1600.1, 3.0)
        );
        assert_eq!(r.snapshots[0].time, r.trades[0].time);
        assert_eq!(r.trades[0].aggressor, Aggressor::Sell);
        assert_eq!(p.skipped.control, 3);
        let futures = r#"{"e":"bookTicker","u":400900217,"E":1568014460893,"T":1568014460891,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}
{"e":"aggTrade","E":1568014460895,"s":"BNBUSDT","a":5933014,"p":"25.3652","q":"10","f":100,"l":105,"T":1568014460893,"m":false}
"#;
        let r = parse(futures).unwrap();
        assert_eq!(
            (r.snapshots[0].time, r.trades[0].id),
            (1_568_014_460.891, 5933014)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse(&format!("{TRADE}\n\n{{\"e\":\"trade\",\n")).unwrap_err();
        assert!(
            matches!(e, ExchangeFileError::BadJson { line: 3, .. }),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "line 3: not JSON (EOF while parsing a value at column 13)"
        );
        let e = parse(&format!("{TRADE}\n17 {{\"e\":}}\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: not JSON (expected value at column 9)"
        );
        let e = parse(&format!("{TRADE}\nhello world\n")).unwrap_err();
        assert!(e.to_string().starts_with("line 2: not JSON"), "{e}");
        let e = parse(&format!(
            "{TRADE}\n{}\n",
            TRADE.replace("\"p\":\"2683.80000000\"", "\"p\":\"-1\"")
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, field p: -1 is out of range (prices 1e-12 to 1e12, sizes above 0)"
        );
        let e = parse(&format!(
            "{TRADE}\n{}\n",
            TRADE.replace("\"T\":1723161255611,", "")
        ))
        .unwrap_err();
        assert_eq!(e.to_string(), "line 2: missing field T");
        let other = TRADE
            .replace("ETHUSDT", "BTCUSDT")
            .replace("ethusdt", "btcusdt");
        let e = parse(&format!("{TRADE}\n{other}\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file mixes symbols (ETHUSDT, BTCUSDT); keep one market per file"
        );
        let e = parse(&format!("{DEPTH}\n{{\"result\":null,\"id\":1}}\n")).unwrap_err();
        assert_eq!(e.to_string(), "no quotes or trades in the file (skipped 1 depth update, 1 ack/heartbeat/status message)");
        let long = TRADE.replace(
            "\"p\":\"2683.80000000\"",
            &format!("\"p\":\"{}\"", "9".repeat(300)),
        );
        let e = parse(&long).unwrap_err();
        assert!(
            matches!(e, ExchangeFileError::OutOfRange { line: 1, .. }),
            "{e}"
        );
        assert!(e.to_string().chars().count() < 200, "{e}");
    }

    #[test]
    fn a_huge_line_is_refused_before_parsing() {
        let huge = format!(
            "{TRADE}\n{{\"a\":[{}1]}}\n",
            "1,".repeat(MAX_JSON_LINE_BYTES / 2)
        );
        assert_eq!(
            parse(&huge),
            Err(ExchangeFileError::LineTooLong {
                line: 2,
                limit: MAX_JSON_LINE_BYTES
            })
        );
        assert_eq!(
            ExchangeFileError::LineTooLong {
                line: 2,
                limit: MAX_JSON_LINE_BYTES
            }
            .to_string(),
            "line 2: longer than 4 MiB; is this a recording with one message per line?"
        );
    }

    #[test]
    fn median_of_offsets() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    }
}
