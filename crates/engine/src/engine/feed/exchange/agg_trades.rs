//! Binance `aggTrades` dumps (data.binance.vision, spot and futures):
//! `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
//! [,is_best_match]`, with or without header; times in ms or µs (by magnitude). Each row
//! is one print (the aggregate of fills of one taker order at one price), id = the
//! aggregate trade id.

use super::events::Events;
use super::fields;
use super::rows::{for_each_row, RowError};
use super::{ExchangeFileError, ExchangeFormat};
use crate::engine::feed::Recording;
use crate::engine::market::{Aggressor, TradePrint};

/// Parses an aggTrades dump.
pub(super) fn parse(text: &str, has_header: bool) -> Result<Recording, ExchangeFileError> {
    let mut ev = Events::default();
    for_each_row(text, has_header, "7 or 8", |line, c| {
        if !(7..=8).contains(&c.len()) {
            return Err(RowError::File(ExchangeFileError::WrongFieldCount {
                line,
                expected: "7 or 8",
                found: c.len(),
            }));
        }
        fields::id("first_trade_id", c[3])?;
        fields::id("last_trade_id", c[4])?;
        let maker_is_buyer = fields::flag("is_buyer_maker", c[6])?;
        ev.trade(TradePrint {
            time: fields::epoch_ms_or_us("transact_time", c[5])?,
            price: fields::price("price", c[1])?,
            qty: fields::size("quantity", c[2])?,
            aggressor: if maker_is_buyer {
                Aggressor::Sell
            } else {
                Aggressor::Buy
            },
            id: fields::id("agg_trade_id", c[0])?,
        })?;
        Ok(())
    })?;
    ev.finish(ExchangeFormat::BinanceAggTrades, vec![], "")
}

#[cfg(test)]
mod tests {
    use super::super::parse_exchange_file as parse;
    use super::*;

    #[test]
    fn with_and_without_header_ms_and_us() {
        let rows = "26129,0.01633102,4.70443515,27781,27781,1498793709153,true,true\n26130,0.01633103,1.0,27782,27783,1498793709154,false,true\n";
        let r = parse(rows).unwrap();
        assert_eq!(r.format, "Binance aggTrades dump");
        assert_eq!(
            r.trades[0],
            TradePrint {
                time: 1_498_793_709.153,
                price: 0.01633102,
                qty: 4.70443515,
                aggressor: Aggressor::Sell,
                id: 26129
            }
        );
        assert_eq!(r.trades[1].aggressor, Aggressor::Buy);
        let header = format!(
            "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n{rows}"
        );
        assert_eq!(parse(&header).unwrap(), r);
        let us_no_best = "26129,0.01633102,4.70443515,27781,27781,1498793709153000,true\n26130,0.01633103,1.0,27782,27783,1498793709154000,false\n";
        assert_eq!(parse(us_no_best).unwrap(), r);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse("1,2.0,3.0,4,5,1498793709153,true\n1,2.0,3.0,x,5,1498793709153,true\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, field first_trade_id: \"x\" is not an integer id"
        );
        let e =
            parse("1,2.0,3.0,4,5,1498793709153,true\n1,2.0,3.0,4,5,1498793709153\n").unwrap_err();
        assert!(matches!(
            e,
            ExchangeFileError::WrongFieldCount {
                line: 2,
                found: 6,
                ..
            }
        ));
    }
}
