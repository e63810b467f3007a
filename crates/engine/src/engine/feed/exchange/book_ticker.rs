//! Binance futures `bookTicker` dumps (data.binance.vision):
//! `update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,
//! event_time` (real files have the header; accepted without). One snapshot per row at
//! the transaction time (the event time when that is empty), last = mid, volume 0.

use super::events::Events;
use super::fields::{self, FieldError};
use super::rows::{for_each_row, RowError};
use super::{ExchangeFileError, ExchangeFormat};
use crate::engine::feed::Recording;
use crate::engine::market::Snapshot;

/// Parses a bookTicker dump.
pub(super) fn parse(text: &str, has_header: bool) -> Result<Recording, ExchangeFileError> {
    let mut ev = Events::default();
    for_each_row(text, has_header, "7", |line, c| {
        if c.len() != 7 {
            return Err(RowError::File(ExchangeFileError::WrongFieldCount {
                line,
                expected: "7",
                found: c.len(),
            }));
        }
        fields::id("update_id", c[0])?;
        let time = if c[5].is_empty() {
            fields::epoch_ms_or_us("event_time", c[6])?
        } else {
            fields::epoch_ms_or_us("transaction_time", c[5])?
        };
        let bid = fields::price("best_bid_price", c[1])?;
        let bid_size = fields::size("best_bid_qty", c[2])?;
        let ask = fields::price("best_ask_price", c[3])?;
        let ask_size = fields::size("best_ask_qty", c[4])?;
        if bid > ask {
            return Err(FieldError::Crossed.into());
        }
        ev.snapshot(Snapshot {
            time,
            bid,
            ask,
            last: 0.5 * (bid + ask),
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size,
            ask_size,
        })?;
        Ok(())
    })?;
    ev.finish(ExchangeFormat::BinanceBookTicker, vec![], "")
}

#[cfg(test)]
mod tests {
    use super::super::parse_exchange_file as parse;
    use super::*;

    const HEADER: &str = "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n";
    const ROWS: &str = "1376602919469,26316.10,6.488,26316.20,3.066,1685577600007,1685577600014\n1376602919667,26316.10,6.483,26316.20,3.066,1685577600010,1685577600018\n";

    #[test]
    fn with_and_without_header() {
        let r = parse(&format!("{HEADER}{ROWS}")).unwrap();
        assert_eq!(r.format, "Binance bookTicker dump");
        assert_eq!(
            r.snapshots[0],
            Snapshot {
                time: 1_685_577_600.007,
                bid: 26316.1,
                ask: 26316.2,
                last: 0.5 * (26316.1 + 26316.2),
                volume: 0.0,
                low: 0.0,
                high: 0.0,
                bid_size: 6.488,
                ask_size: 3.066
            }
        );
        assert_eq!(parse(ROWS).unwrap(), r);
        assert!(r.trades.is_empty());
        let us = ROWS
            .replace("1685577600007,", "1685577600007000,")
            .replace("1685577600010,", "1685577600010000,");
        assert_eq!(parse(&us).unwrap(), r);
        let no_tx = format!("{HEADER}{}", ROWS.replace("1685577600007,", ","));
        // Its event time (…014) puts it after the next row (…010): sorted, with a warning.
        let r = parse(&no_tx).unwrap();
        assert_eq!(r.snapshots[1].time, 1_685_577_600.014);
        assert_eq!(
            r.warnings,
            ["quotes were not in time order; they were sorted by time"]
        );
    }

    #[test]
    fn crossed_and_bad_rows() {
        let e = parse(&format!(
            "{HEADER}{ROWS}1,26316.30,1,26316.20,1,1685577600011,1685577600019\n"
        ))
        .unwrap_err();
        assert_eq!(e, ExchangeFileError::CrossedBook { line: 4 });
        let e = parse(&format!(
            "{HEADER}1,26316.10,0,26316.20,1,1685577600011,1685577600019\n"
        ))
        .unwrap_err();
        assert!(
            e.to_string().starts_with("line 2, field best_bid_qty:"),
            "{e}"
        );
        let e = parse(&format!("{HEADER}1,26316.10,1,26316.20,1,1685577600011\n")).unwrap_err();
        assert!(matches!(
            e,
            ExchangeFileError::WrongFieldCount {
                line: 2,
                found: 6,
                ..
            }
        ));
        let e = parse(&format!(
            "{HEADER}{ROWS}1,26316.10,1,26316.20,1,1685577600011,1685577600019,9\n"
        ))
        .unwrap_err();
        assert!(matches!(
            e,
            ExchangeFileError::WrongFieldCount {
                line: 4,
                found: 8,
                ..
            }
        ));
    }
}
