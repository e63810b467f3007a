//! Historical CSV replay: detects the file's format from its header and turns each row
//! into a [`Snapshot`]. All-or-nothing: any bad cell fails the whole file with the line
//! and column named, so no partial data ever reaches a run.
//!
//! Accepted (detected by header, case-insensitive, `,` `;` or tab separated, UTF-8 BOM ok):
//! - `timestamp,price` (synonyms: time/date/datetime; close/last);
//! - `timestamp,bid,ask[,last][,volume]`;
//! - OHLCV: `Date,Open,High,Low,Close[,Adj Close],Volume`, optionally after an unnamed
//!   index column as written by pandas;
//! - Binance kline CSV: no header, 12 numeric columns, open time in ms or µs.

use crate::engine::market::Snapshot;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Options for reading a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CsvOptions {
    /// Half-spread used to synthesise bid/ask when a file only has prices (fraction of price).
    pub half_spread: f64,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            half_spread: 0.0001,
        }
    }
}

/// The detected layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsvFormat {
    /// `timestamp,price`.
    TimestampPrice,
    /// `timestamp,bid,ask[,last][,volume]`.
    BidAsk,
    /// Date, open, high, low, close, [adj close,] volume.
    Ohlcv,
    /// Binance kline export without header.
    BinanceKline,
}

impl fmt::Display for CsvFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CsvFormat::TimestampPrice => "timestamp,price (bid/ask synthesised from the price)",
            CsvFormat::BidAsk => "timestamp,bid,ask",
            CsvFormat::Ohlcv => "OHLCV (close price; bid/ask synthesised)",
            CsvFormat::BinanceKline => "Binance klines (close price; bid/ask synthesised)",
        })
    }
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvFeed {
    /// Detected layout.
    pub format: CsvFormat,
    /// One snapshot per data row, sorted by time.
    pub snapshots: Vec<Snapshot>,
    /// Things fixed up on the way (sorting, duplicates, missing times).
    pub warnings: Vec<String>,
}

/// Why a CSV could not be used. Lines are 1-based, as an editor shows them.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvError {
    /// Nothing but whitespace.
    Empty,
    /// A header and no data rows.
    TooFewRows,
    /// No column the price could come from.
    NoPriceColumn {
        /// The header as read.
        header: String,
    },
    /// A cell that is not a finite number.
    BadNumber {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A price of zero or below.
    NonPositive {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A time cell that is not a recognised timestamp.
    BadTimestamp {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A row with the wrong number of cells.
    WrongFieldCount {
        /// Line number.
        line: u64,
        /// Cells expected.
        expected: usize,
        /// Cells found.
        found: usize,
    },
    /// Bid above ask.
    CrossedBook {
        /// Line number.
        line: u64,
    },
    /// The CSV reader failed (e.g. invalid UTF-8).
    Malformed {
        /// Line number, when known.
        line: u64,
        /// Reader's message.
        message: String,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Empty => f.write_str("the CSV file is empty"),
            CsvError::TooFewRows => f.write_str("the CSV file has a header but no data rows"),
            CsvError::NoPriceColumn { header } => write!(
                f,
                "no price column found in header \"{header}\": expected price, close, last, or bid and ask"
            ),
            CsvError::BadNumber { line, column, value } => {
                write!(f, "line {line}, column {column}: \"{value}\" is not a finite number")
            }
            CsvError::NonPositive { line, column, value } => {
                write!(f, "line {line}, column {column}: price {value} must be greater than zero")
            }
            CsvError::BadTimestamp { line, column, value } => write!(
                f,
                "line {line}, column {column}: \"{value}\" is not a timestamp (use Unix seconds/ms/µs or ISO-8601 like 2024-01-02T03:04:05Z)"
            ),
            CsvError::WrongFieldCount { line, expected, found } => {
                write!(f, "line {line}: expected {expected} fields, found {found}")
            }
            CsvError::CrossedBook { line } => write!(f, "line {line}: bid is above ask"),
            CsvError::Malformed { line, message } => write!(f, "line {line}: unreadable CSV ({message})"),
        }
    }
}

impl std::error::Error for CsvError {}

/// Column indices of a detected layout.
#[derive(Debug)]
struct Layout {
    format: CsvFormat,
    time: Option<usize>,
    price: Option<usize>,
    bid: Option<usize>,
    ask: Option<usize>,
    volume: Option<usize>,
    names: Vec<String>,
    width: usize,
}

/// Parses a whole CSV text.
pub fn parse_csv(text: &str, opts: &CsvOptions) -> Result<CsvFeed, CsvError> {
    let mut p = ChunkedCsv::new(*opts);
    p.feed(text)?;
    p.finish()
}

/// A CSV parsed piece by piece, so a very large file can be read across several event-loop
/// turns (with progress) instead of freezing the page. Each piece must end at a line break
/// (use [`split_lines`]); a quoted field may not span two pieces. Same results and errors as
/// [`parse_csv`], line numbers included.
#[derive(Debug)]
pub struct ChunkedCsv {
    opts: CsvOptions,
    delimiter: Option<u8>,
    layout: Option<Layout>,
    header_seen: bool,
    lines_before: u64,
    snaps: Vec<Snapshot>,
}

impl ChunkedCsv {
    /// A parser with nothing read yet.
    pub fn new(opts: CsvOptions) -> Self {
        Self {
            opts,
            delimiter: None,
            layout: None,
            header_seen: false,
            lines_before: 0,
            snaps: Vec::new(),
        }
    }

    /// Rows parsed so far.
    pub fn rows(&self) -> usize {
        self.snaps.len()
    }

    /// Parses the next piece.
    pub fn feed(&mut self, piece: &str) -> Result<(), CsvError> {
        let piece = if self.lines_before == 0 && self.delimiter.is_none() {
            piece.strip_prefix('\u{feff}').unwrap_or(piece)
        } else {
            piece
        };
        // The csv reader numbers CRLF lines unreliably; normalise so errors name the right line.
        let normalised;
        let piece = if piece.contains('\r') {
            normalised = piece.replace("\r\n", "\n");
            normalised.as_str()
        } else {
            piece
        };
        if self.delimiter.is_none() {
            match piece.lines().find(|l| !l.trim().is_empty()) {
                Some(first_line) => self.delimiter = Some(detect_delimiter(first_line)),
                None => {
                    self.lines_before += piece.matches('\n').count() as u64;
                    return Ok(());
                }
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(self.delimiter.unwrap_or(b','))
            .from_reader(piece.as_bytes());
        let offset = self.lines_before;
        for rec in reader.records() {
            let rec = rec.map_err(|e| CsvError::Malformed {
                line: offset + e.position().map(|p| p.line()).unwrap_or(0),
                message: e.to_string(),
            })?;
            if rec.iter().all(|c| c.is_empty()) {
                continue;
            }
            let line = offset + rec.position().map(|p| p.line()).unwrap_or(0);
            let layout = match &self.layout {
                Some(l) => l,
                None => {
                    let has_header = rec.iter().any(|c| {
                        !c.is_empty() && c.parse::<f64>().is_err() && parse_time(c).is_none()
                    });
                    let layout = if has_header {
                        layout_from_header(&rec)?
                    } else {
                        layout_without_header(&rec)?
                    };
                    self.layout = Some(layout);
                    self.header_seen = has_header;
                    if has_header {
                        continue;
                    }
                    self.layout.as_ref().expect("set above")
                }
            };
            let i = self.snaps.len();
            self.snaps
                .push(row_to_snapshot(line, &rec, layout, i, &self.opts)?);
        }
        self.lines_before += piece.matches('\n').count() as u64;
        Ok(())
    }

    /// Finishes: sorts by time if needed and reports warnings.
    pub fn finish(self) -> Result<CsvFeed, CsvError> {
        let layout = self.layout.ok_or(CsvError::Empty)?;
        let mut snaps = self.snaps;
        if snaps.is_empty() {
            return Err(CsvError::TooFewRows);
        }
        let mut warnings = Vec::new();
        if layout.time.is_none() {
            warnings.push("no time column: rows are spaced one second apart".to_string());
        }
        let sorted = snaps.windows(2).all(|w| w[0].time <= w[1].time);
        if !sorted {
            snaps.sort_by(|a, b| a.time.total_cmp(&b.time));
            warnings.push("rows were not in time order; they were sorted by time".to_string());
        }
        let dups = snaps.windows(2).filter(|w| w[0].time == w[1].time).count();
        if dups > 0 {
            warnings.push(format!(
                "{dups} rows share a timestamp with the previous row; kept in file order"
            ));
        }
        Ok(CsvFeed {
            format: layout.format,
            snapshots: snaps,
            warnings,
        })
    }
}

/// Splits `text` into pieces of about `size` bytes, each ending at a line break (the last
/// piece takes the remainder), for [`ChunkedCsv::feed`].
pub fn split_lines(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size.max(1) {
        let mut cut = size.max(1);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        match rest[cut..].find('\n') {
            Some(nl) => {
                let end = cut + nl + 1;
                out.push(&rest[..end]);
                rest = &rest[end..];
            }
            None => break,
        }
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn detect_delimiter(line: &str) -> u8 {
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
        return Err(CsvError::NoPriceColumn {
            header: header.iter().collect::<Vec<_>>().join(","),
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
        width: names.len(),
        names: display,
    })
}

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

fn row_to_snapshot(
    line: u64,
    rec: &csv::StringRecord,
    l: &Layout,
    index: usize,
    opts: &CsvOptions,
) -> Result<Snapshot, CsvError> {
    if rec.len() < l.width {
        return Err(CsvError::WrongFieldCount {
            line,
            expected: l.width,
            found: rec.len(),
        });
    }
    let cell = |i: usize| rec.get(i).unwrap_or("");
    let col = |i: usize| {
        l.names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    let number = |i: usize| -> Result<f64, CsvError> {
        let v = cell(i);
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(CsvError::BadNumber {
                line,
                column: col(i),
                value: truncate(v),
            }),
        }
    };
    let positive = |i: usize| -> Result<f64, CsvError> {
        let x = number(i)?;
        if x > 0.0 {
            Ok(x)
        } else {
            Err(CsvError::NonPositive {
                line,
                column: col(i),
                value: truncate(cell(i)),
            })
        }
    };
    let time = match l.time {
        Some(i) => parse_time(cell(i)).ok_or_else(|| CsvError::BadTimestamp {
            line,
            column: col(i),
            value: truncate(cell(i)),
        })?,
        None => index as f64,
    };
    let volume = match l.volume {
        Some(i) if !cell(i).is_empty() => number(i)?.max(0.0),
        _ => 0.0,
    };
    match (l.bid, l.ask) {
        (Some(b), Some(a)) if l.format == CsvFormat::BidAsk => {
            let bid = positive(b)?;
            let ask = positive(a)?;
            if bid > ask {
                return Err(CsvError::CrossedBook { line });
            }
            let last = match l.price {
                Some(p) if !cell(p).is_empty() => positive(p)?,
                _ => 0.5 * (bid + ask),
            };
            Ok(Snapshot {
                time,
                bid,
                ask,
                last,
                volume,
            })
        }
        _ => {
            let p = positive(l.price.unwrap_or(1))?;
            Ok(Snapshot::from_price(time, p, opts.half_spread, volume))
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Parses Unix seconds/ms/µs/ns (by magnitude) or ISO-8601 / `YYYY-MM-DD[ HH:MM[:SS[.fff]]]`
/// with an optional `Z` or `±HH:MM` offset. Returns Unix seconds.
pub fn parse_time(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(x) = s.parse::<f64>() {
        if !x.is_finite() {
            return None;
        }
        let a = x.abs();
        return Some(if a >= 1e17 {
            x / 1e9
        } else if a >= 1e14 {
            x / 1e6
        } else if a >= 1e11 {
            x / 1e3
        } else {
            x
        });
    }
    parse_iso(s)
}

fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) as f64 * 86_400.0;
    let mut rest = &s[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    if !(rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    rest = &rest[1..];
    let hh: i64 = rest.get(0..2)?.parse().ok()?;
    if rest.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let mm: i64 = rest.get(3..5)?.parse().ok()?;
    rest = &rest[5..];
    let mut ss = 0.0;
    if let Some(r) = rest.strip_prefix(':') {
        let end = r
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(r.len());
        ss = r[..end].parse().ok()?;
        rest = &r[end..];
    }
    if hh > 23 || mm > 59 || !(0.0..61.0).contains(&ss) {
        return None;
    }
    secs += (hh * 3600 + mm * 60) as f64 + ss;
    match rest {
        "" | "Z" | "z" => Some(secs),
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => -1.0,
                b'-' => 1.0,
                _ => return None,
            };
            let off = rest[1..].replace(':', "");
            if off.len() != 4 || !off.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let oh: f64 = off[0..2].parse().ok()?;
            let om: f64 = off[2..4].parse().ok()?;
            Some(secs + sign * (oh * 3600.0 + om * 60.0))
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<CsvFeed, CsvError> {
        parse_csv(t, &CsvOptions::default())
    }

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
        let us = ms
            .replace("1704067200000,", "1704067200000000,")
            .replace("1704067260000,", "1704067260000000,");
        assert_eq!(parse(&us).unwrap().snapshots[1].time, 1_704_067_260.0);
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(parse(""), Err(CsvError::Empty));
        assert_eq!(parse("  \n\n"), Err(CsvError::Empty));
        assert_eq!(parse("timestamp,price\n"), Err(CsvError::TooFewRows));
        assert!(matches!(
            parse("a,b\nx,y\n"),
            Err(CsvError::NoPriceColumn { .. })
        ));
        let e = parse("timestamp,price\n1,100\n2,abc\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column price: \"abc\" is not a finite number"
        );
        assert!(matches!(
            parse("timestamp,price\n1,NaN\n"),
            Err(CsvError::BadNumber { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,inf\n"),
            Err(CsvError::BadNumber { .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,0\n"),
            Err(CsvError::NonPositive { .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,-5\n"),
            Err(CsvError::NonPositive { .. })
        ));
        assert!(matches!(
            parse("timestamp,bid,ask\n1,101,100\n"),
            Err(CsvError::CrossedBook { line: 2 })
        ));
        assert!(matches!(
            parse("timestamp,price\nyesterday,5\n"),
            Err(CsvError::BadTimestamp { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,bid,ask\n1,100\n"),
            Err(CsvError::WrongFieldCount { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,price\r\n1,100\r\n2,x\r\n"),
            Err(CsvError::BadNumber { line: 3, .. })
        ));
    }

    #[test]
    fn quoted_fields_unsorted_and_duplicates() {
        let f = parse("\"timestamp\",\"price\"\n\"3\",\"1.5\"\n1,\"1\"\n1,2\n").unwrap();
        assert_eq!(
            f.snapshots.iter().map(|s| s.time).collect::<Vec<_>>(),
            [1.0, 1.0, 3.0]
        );
        assert_eq!(f.warnings.len(), 2, "{:?}", f.warnings);
    }

    #[test]
    fn chunked_parsing_equals_whole_parsing_with_the_same_line_numbers() {
        let mut text = String::from("\u{feff}timestamp;bid;ask\r\n");
        for i in 0..2000 {
            text.push_str(&format!(
                "{};{}.5;{}.7\r\n",
                1_704_067_200 + i,
                100 + i % 7,
                100 + i % 7
            ));
        }
        let whole = parse(&text).unwrap();
        for size in [1, 17, 100, 4096, 1 << 20] {
            let mut p = ChunkedCsv::new(CsvOptions::default());
            let pieces = split_lines(&text, size);
            assert_eq!(pieces.concat(), text);
            for piece in &pieces {
                p.feed(piece).unwrap();
            }
            assert_eq!(p.finish().unwrap(), whole, "size {size}");
        }
        let bad = text.replace("1704067900;", "1704067900;x");
        let whole_err = parse(&bad).unwrap_err();
        let mut p = ChunkedCsv::new(CsvOptions::default());
        let err = split_lines(&bad, 64)
            .iter()
            .try_for_each(|piece| p.feed(piece))
            .unwrap_err();
        assert_eq!(err, whole_err);
        assert!(err.to_string().starts_with("line 702,"), "{err}");
    }

    #[test]
    fn iso_offsets() {
        assert_eq!(
            parse_time("2024-01-01T01:00:00+01:00"),
            Some(1_704_067_200.0)
        );
        assert_eq!(
            parse_time("2024-01-01T00:00:00-0030"),
            Some(1_704_069_000.0)
        );
        assert_eq!(parse_time("2024-13-01"), None);
        assert_eq!(parse_time("2024-01-01X"), None);
    }

    #[test]
    fn never_panics_on_random_bytes() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let alphabet = b"0123456789,;.-+:TZ eE\n\r\"abcnNaifp\t";
        for _ in 0..5000 {
            let n = rng.random_range(0..80);
            let bytes: Vec<u8> = (0..n)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            let _ = parse(&String::from_utf8_lossy(&bytes));
        }
    }
}
