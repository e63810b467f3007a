//! Exchange files: the venues' own trade and quote formats, read into a [`Recording`]
//! (top-of-book snapshots with displayed sizes, and trade prints with aggressor side and
//! trade id). All-or-nothing like [`csv_replay`](super::csv_replay): any bad field fails
//! the file with its line (and field) named.
//!
//! Accepted (see [`ExchangeFormat`]; [`detect`] tells them apart from the first line):
//! - Binance `trades` and `aggTrades` dumps (data.binance.vision), with or without header,
//!   times in ms or µs;
//! - Binance futures `bookTicker` dumps;
//! - line-delimited WebSocket recordings of Binance, Coinbase Exchange and Kraken v2
//!   ticker/bookTicker and trade messages, optionally after a local timestamp.
//!
//! **Routing.** The plain CSV layouts (timestamp,price; timestamp,bid,ask; OHLCV; Binance
//! klines) are not exchange files: [`detect`] returns `None` and [`parse_exchange_file`]
//! returns [`ExchangeFileError::NotAnExchangeFile`] for them; read those with
//! [`parse_csv`](super::parse_csv). A caller taking any file does
//! `match detect(text) { Some(_) => parse_exchange_file(text), None => parse_csv(..) }`.
//!
//! A file with trades only has no book: call [`synthesise_book`] (or [`merge`] it with a
//! quotes file of the same market first).
//!
//! - `detect.rs`: [`ExchangeFormat`] and [`detect`];
//! - `trades.rs`, `agg_trades.rs`, `book_ticker.rs`: the Binance dumps;
//! - `lines.rs`: WebSocket recordings; `messages.rs`: one venue message, [`decode`];
//! - `rows.rs`, `fields.rs`: dump rows and checked fields; `events.rs`: the bounded
//!   collection and the finished recording; `skipped.rs`: [`Skipped`];
//! - `merge.rs`: [`merge`]; `synthesise.rs`: [`synthesise_book`];
//! - `error.rs`: [`ExchangeFileError`].

mod agg_trades;
mod book_ticker;
mod detect;
mod error;
mod events;
pub mod fields;
mod lines;
mod merge;
pub mod messages;
mod rows;
mod skipped;
mod synthesise;
mod trades;

pub use detect::{detect, ExchangeFormat};
pub use error::ExchangeFileError;
pub use fields::FieldError;
pub use merge::merge;
pub use messages::{decode, BookTop, Skip, VenueMessage};
pub use skipped::Skipped;
pub use synthesise::synthesise_book;

use super::Recording;

/// Most quotes plus trades one file may hold: [`MAX_EXCHANGE_EVENTS`](crate::engine::limits::MAX_EXCHANGE_EVENTS).
pub const MAX_EVENTS: usize = crate::engine::limits::MAX_EXCHANGE_EVENTS;

/// A parsed exchange file with what was skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeFile {
    /// The detected format.
    pub format: ExchangeFormat,
    /// Quotes and trades.
    pub recording: Recording,
    /// Messages skipped (WebSocket recordings only; all zero for dumps).
    pub skipped: Skipped,
}

/// Parses an exchange file of any [`ExchangeFormat`], detected from its first line.
/// Returns [`ExchangeFileError::NotAnExchangeFile`] for the plain CSV layouts (read those
/// with [`parse_csv`](super::parse_csv)).
pub fn parse_exchange_file(text: &str) -> Result<Recording, ExchangeFileError> {
    parse_exchange_file_with_stats(text).map(|f| f.recording)
}

/// [`parse_exchange_file`], also saying which format it was and what was skipped.
pub fn parse_exchange_file_with_stats(text: &str) -> Result<ExchangeFile, ExchangeFileError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or(ExchangeFileError::Empty)?;
    let Some((format, has_header)) = detect::detect_line(first) else {
        return Err(if looks_like_plain_csv(text) {
            ExchangeFileError::NotAnExchangeFile
        } else {
            ExchangeFileError::Unrecognised {
                first_line: error::cut(first),
            }
        });
    };
    let (recording, skipped) = match format {
        ExchangeFormat::BinanceTrades => (trades::parse(body, has_header)?, Skipped::default()),
        ExchangeFormat::BinanceAggTrades => {
            (agg_trades::parse(body, has_header)?, Skipped::default())
        }
        ExchangeFormat::BinanceBookTicker => {
            (book_ticker::parse(body, has_header)?, Skipped::default())
        }
        ExchangeFormat::WebSocketLines => lines::parse(body)?,
    };
    Ok(ExchangeFile {
        format,
        recording,
        skipped,
    })
}

/// Whether the plain CSV reader finds a layout in `text` (checked on its first lines only).
fn looks_like_plain_csv(text: &str) -> bool {
    let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
    !matches!(
        super::parse_csv(&head, &super::CsvOptions::default()),
        Err(super::CsvError::NoPriceColumn { .. } | super::CsvError::Empty)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_csvs_are_routed_elsewhere() {
        for text in [
            "timestamp,price\n1704067200,100\n",
            "1704067200,100\n1704067201,101\n",
            "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n",
            "1704067200000,42000.1,42100,41900,42050.5,12.5,1704067259999,525000,100,6,250000,0\n",
        ] {
            assert_eq!(detect(text), None, "{text}");
            assert_eq!(
                parse_exchange_file(text),
                Err(ExchangeFileError::NotAnExchangeFile),
                "{text}"
            );
        }
        assert_eq!(parse_exchange_file(" \n\n"), Err(ExchangeFileError::Empty));
        // A hostile row with very many cells is refused without splitting it all.
        let wide = format!(
            "1,2683.8,0.002,5.3676,1723161255611,true\n{}\n",
            ",".repeat(1_000_000)
        );
        assert_eq!(
            parse_exchange_file(&wide),
            Err(ExchangeFileError::WrongFieldCount {
                line: 2,
                expected: "6 or 7",
                found: 1_000_001
            })
        );
        let e = parse_exchange_file("hello,world,foo\n").unwrap_err();
        assert!(matches!(e, ExchangeFileError::Unrecognised { .. }), "{e}");
    }

    #[test]
    fn the_memory_budget_matches_the_types() {
        use crate::engine::market::{Snapshot, TradePrint};
        assert_eq!(std::mem::size_of::<Snapshot>(), 72);
        assert_eq!(std::mem::size_of::<TradePrint>(), 40);
        const { assert!(MAX_EVENTS * 72 <= 360_000_000) };
    }

    #[test]
    fn never_panics_on_random_input() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(12);
        let seeds = [
            "1520538925,2683.8,0.002,5.3676,1723161255611,true\n",
            "26129,0.01633102,4.7,27781,27781,1498793709153,true,true\n",
            "1,2683.8,3.0,2683.81,31.4,1723161255611,1723161255612\n",
            "17 {\"e\":\"trade\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1723161255611,\"m\":true}\n",
            "{\"channel\":\"trade\",\"data\":[{\"side\":\"buy\",\"price\":1,\"qty\":1,\"trade_id\":1,\"timestamp\":\"2024-01-01T00:00:00Z\"}]}\n",
        ];
        let alphabet = b"0123456789,.-e:{}[]\"\n tTfalsrubyqpm";
        for _ in 0..4000 {
            let mut s = seeds[rng.random_range(0..seeds.len())]
                .repeat(2)
                .into_bytes();
            for _ in 0..rng.random_range(1..6) {
                let i = rng.random_range(0..s.len());
                s[i] = alphabet[rng.random_range(0..alphabet.len())];
            }
            let _ = parse_exchange_file(&String::from_utf8_lossy(&s));
        }
    }
}
