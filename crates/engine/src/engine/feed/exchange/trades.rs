//! Binance `trades` dumps (data.binance.vision, spot and futures):
//! `id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]`, with or without header.
//! `time` is in ms, or µs in spot dumps since 2025 (told apart by magnitude);
//! `is_buyer_maker = true` means the seller took liquidity.

use super::events::Events;
use super::fields;
use super::rows::{for_each_row, RowError};
use super::{ExchangeFileError, ExchangeFormat};
use crate::engine::feed::Recording;
use crate::engine::market::{Aggressor, TradePrint};

/// Parses a trades dump.
pub(super) fn parse(text: &str, has_header: bool) -> Result<Recording, ExchangeFileError> {
    let mut ev = Events::default();
    for_each_row(text, has_header, "6 or 7", |line, c| {
        if !(6..=7).contains(&c.len()) {
            return Err(RowError::File(ExchangeFileError::WrongFieldCount {
                line,
                expected: "6 or 7",
                found: c.len(),
            }));
        }
        let maker_is_buyer = fields::flag("is_buyer_maker", c[5])?;
        ev.trade(TradePrint {
            time: fields::epoch_ms_or_us("time", c[4])?,
            price: fields::price("price", c[1])?,
            qty: fields::size("qty", c[2])?,
            aggressor: if maker_is_buyer {
                Aggressor::Sell
            } else {
                Aggressor::Buy
            },
            id: fields::id("id", c[0])?,
        })?;
        Ok(())
    })?;
    ev.finish(ExchangeFormat::BinanceTrades, vec![], "")
}

#[cfg(test)]
mod tests {
    use super::super::parse_exchange_file as parse;
    use super::*;

    const ROWS: &str = "1520538925,2683.80000000,0.00200000,5.36760000,1723161255611,true,true\n1520538926,2683.81000000,0.03450000,92.59144500,1723161255612,false,true\n";

    #[test]
    fn with_and_without_header_ms_and_us() {
        let plain = parse(ROWS).unwrap();
        assert_eq!(plain.format, "Binance trades dump");
        assert_eq!(
            plain.trades[0],
            TradePrint {
                time: 1_723_161_255.611,
                price: 2683.8,
                qty: 0.002,
                aggressor: Aggressor::Sell,
                id: 1520538925
            }
        );
        assert_eq!(plain.trades[1].aggressor, Aggressor::Buy);
        assert!(plain.snapshots.is_empty());
        let header = format!(
            "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\r\n{}",
            ROWS.replace('\n', "\r\n")
        );
        assert_eq!(parse(&header).unwrap(), plain);
        let us = ROWS
            .replace("1723161255611,", "1723161255611000,")
            .replace("1723161255612,", "1723161255612000,");
        assert_eq!(parse(&us).unwrap(), plain);
        // Two daily files joined with `cat`: the second header is skipped too.
        let next_day = ROWS
            .replace("15205389", "15205390")
            .replace("17231612556", "17232476556");
        let h = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n";
        let r = parse(&format!("{h}{ROWS}{h}{next_day}")).unwrap();
        assert_eq!(r.trades.len(), 4);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let six = "id,price,qty,quote_qty,time,is_buyer_maker\n7,100,1,100,1723161255611123,True\n";
        let r = parse(six).unwrap();
        assert!((r.trades[0].time - 1_723_161_255.611123).abs() < 1e-6);
        assert_eq!(r.trades[0].aggressor, Aggressor::Sell);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse(&format!("{ROWS}\n1,100,1,100,1723161255613,maybe\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 4, field is_buyer_maker: \"maybe\" is not true or false"
        );
        let e = parse(&format!("{ROWS}1,0,1,100,1723161255613,true\n")).unwrap_err();
        assert!(
            matches!(e, ExchangeFileError::OutOfRange { line: 3, .. }),
            "{e}"
        );
        let e = parse(&format!("{ROWS}1,100,NaN,100,1723161255613,true\n")).unwrap_err();
        assert!(e.to_string().starts_with("line 3, field qty:"), "{e}");
        let e = parse(&format!("{ROWS}1,100,1,100,true\n")).unwrap_err();
        assert_eq!(e.to_string(), "line 3: expected 6 or 7 fields, found 5");
        let e = parse(&format!("{ROWS}1,100,1,100,yesterday,true\n")).unwrap_err();
        assert!(e.to_string().contains("field time"), "{e}");
        let e = parse("id,price,qty,quote_qty,time,is_buyer_maker\n").unwrap_err();
        assert_eq!(
            e,
            ExchangeFileError::NoEvents {
                ignored: String::new()
            }
        );
    }
}
