//! Layout detection: the separator, and which column holds what, from the header row or,
//! without one, from the first row's width.

use super::time::parse_time;
use super::{CsvError, CsvFormat};
use crate::engine::settings::shortened;

/// Column indices of a detected layout.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub(super) format: CsvFormat,
    pub(super) time: Option<usize>,
    pub(super) price: Option<usize>,
    pub(super) bid: Option<usize>,
    pub(super) ask: Option<usize>,
    pub(super) volume: Option<usize>,
    /// An OHLC bar's low and high (both or neither).
    pub(super) range: Option<(usize, usize)>,
    pub(super) names: Vec<String>,
    pub(super) width: usize,
}

impl Layout {
    /// Whether every row's snapshot is [`Snapshot::from_price`](crate::engine::market::Snapshot::from_price)
    /// of its time, price and volume (no bid/ask columns, no low/high range).
    pub(super) fn prices_only(&self) -> bool {
        self.format != CsvFormat::BidAsk && self.range.is_none()
    }
}

/// The layout of a file whose first non-blank row is `first`, and whether that row is a
/// header (any non-empty cell that is neither a number nor a timestamp) rather than data.
pub(super) fn detect_layout(first: &csv::StringRecord) -> Result<(Layout, bool), CsvError> {
    let has_header = first
        .iter()
        .any(|c| !c.is_empty() && c.parse::<f64>().is_err() && parse_time(c).is_none());
    let layout = if has_header {
        layout_from_header(first)?
    } else {
        layout_without_header(first)?
    };
    Ok((layout, has_header))
}

/// The separator of a file whose first non-blank line is `line`: `;`, tab or `,`.
pub(super) fn detect_delimiter(line: &str) -> u8 {
    let count = |c: char| line.matches(c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

/// The layout named by a header row.
fn layout_from_header(header: &csv::StringRecord) -> Result<Layout, CsvError> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let find = |cands: &[&str]| names.iter().position(|n| cands.contains(&n.as_str()));
    let bid = find(&["bid", "best_bid", "bid_price", "bidprice"]);
    let ask = find(&["ask", "best_ask", "ask_price", "askprice"]);
    let close = find(&["close", "close_price"]);
    let open = find(&["open"]);
    let price = find(&["price", "last", "last_price", "mid"]).or(close);
    let volume = find(&["volume", "vol", "base_volume", "qty", "size"]);
    let range = find(&["low", "low_price"]).zip(find(&["high", "high_price"]));
    let mut time = find(&[
        "timestamp",
        "time",
        "date",
        "datetime",
        "open_time",
        "ts",
        "unix",
        "t",
    ]);
    if time.is_none()
        && names
            .first()
            .is_some_and(|n| n.is_empty() || n.starts_with("unnamed"))
    {
        time = Some(0);
    }
    let format = if bid.is_some() && ask.is_some() {
        CsvFormat::BidAsk
    } else if close.is_some() && open.is_some() {
        CsvFormat::Ohlcv
    } else if price.is_some() {
        CsvFormat::TimestampPrice
    } else {
        let mut shown = String::new();
        for (i, name) in header.iter().enumerate() {
            if shown.len() > 100 {
                break;
            }
            if i > 0 {
                shown.push(',');
            }
            shown.push_str(&shortened(name));
        }
        return Err(CsvError::NoPriceColumn {
            header: shortened(&shown),
        });
    };
    let display: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    Ok(Layout {
        format,
        time,
        price,
        bid,
        ask,
        volume,
        range: if bid.is_some() && ask.is_some() {
            None
        } else {
            range
        },
        width: names.len(),
        names: display,
    })
}

/// The layout of a file without a header, from its first row's width.
fn layout_without_header(first: &csv::StringRecord) -> Result<Layout, CsvError> {
    let n = first.len();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    match n {
        12 => Ok(Layout {
            format: CsvFormat::BinanceKline,
            time: Some(0),
            price: Some(4),
            bid: None,
            ask: None,
            volume: Some(5),
            range: Some((3, 2)),
            names: names(&[
                "open_time",
                "open",
                "high",
                "low",
                "close",
                "volume",
                "close_time",
                "quote_volume",
                "trades",
                "taker_base",
                "taker_quote",
                "ignore",
            ]),
            width: 12,
        }),
        2 => Ok(Layout {
            format: CsvFormat::TimestampPrice,
            time: Some(0),
            price: Some(1),
            bid: None,
            ask: None,
            volume: None,
            range: None,
            names: names(&["timestamp", "price"]),
            width: 2,
        }),
        _ => Err(CsvError::NoPriceColumn {
            header: format!(
                "(no header; {n} columns: expected 2 (timestamp,price) or 12 (Binance klines))"
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_default as parse;
    use super::*;

    #[test]
    fn timestamp_price() {
        let f = parse("timestamp,price\n1704067200,100\n1704067260,101\n").unwrap();
        assert_eq!(f.format, CsvFormat::TimestampPrice);
        assert_eq!(f.snapshots.len(), 2);
        assert_eq!(f.snapshots[1].last, 101.0);
        assert!((f.snapshots[1].bid - 101.0 * 0.9999).abs() < 1e-12);
    }

    #[test]
    fn bid_ask_with_bom_semicolons_and_crlf() {
        let f = parse("\u{feff}Timestamp;Bid;Ask;Volume\r\n2024-01-01T00:00:00Z;99;101;5\r\n2024-01-01T00:00:01.5Z;99.5;100.5;\r\n\r\n").unwrap();
        assert_eq!(f.format, CsvFormat::BidAsk);
        assert_eq!(f.snapshots[0].time, 1_704_067_200.0);
        assert_eq!(f.snapshots[1].time, 1_704_067_201.5);
        assert_eq!(f.snapshots[0].last, 100.0);
        assert_eq!(f.snapshots[0].volume, 5.0);
    }

    #[test]
    fn ohlcv_yahoo_and_pandas_index() {
        let y = parse("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.4,1000\n2024-01-03,10.5,12,10,11.5,11.4,2000\n").unwrap();
        assert_eq!(y.format, CsvFormat::Ohlcv);
        assert_eq!(y.snapshots[1].last, 11.5);
        assert_eq!((y.snapshots[1].low, y.snapshots[1].high), (10.0, 12.0));
        assert_eq!(y.snapshots[0].time, 1_704_153_600.0);
        let p = parse(",open,high,low,close,volume\n2024-01-02 09:30:00,1,2,0.5,1.5,10\n2024-01-02 09:31:00,1.5,2,1,1.7,12\n").unwrap();
        assert_eq!(p.format, CsvFormat::Ohlcv);
        assert_eq!(p.snapshots[1].time - p.snapshots[0].time, 60.0);
    }

    #[test]
    fn binance_klines_ms_and_us() {
        let ms = "1704067200000,42000.1,42100,41900,42050.5,12.5,1704067259999,525000,100,6,250000,0\n1704067260000,42050.5,42100,42000,42010,3,1704067319999,126000,50,1,42000,0\n";
        let f = parse(ms).unwrap();
        assert_eq!(f.format, CsvFormat::BinanceKline);
        assert_eq!(f.snapshots[0].time, 1_704_067_200.0);
        assert_eq!(f.snapshots[0].last, 42050.5);
        assert_eq!(f.snapshots[0].volume, 12.5);
        assert_eq!(
            (f.snapshots[0].low, f.snapshots[0].high),
            (41900.0, 42100.0)
        );
        let us = ms
            .replace("1704067200000,", "1704067200000000,")
            .replace("1704067260000,", "1704067260000000,");
        assert_eq!(parse(&us).unwrap().snapshots[1].time, 1_704_067_260.0);
    }
}
