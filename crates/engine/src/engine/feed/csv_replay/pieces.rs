//! [`read_prices_in_pieces`]: a CSV whose rows are prices, read a piece at a time, each
//! piece's rows handed on as soon as they are read, so that a run can simulate them while
//! the rest of the file is still being read
//! ([`summary_while_parsing`](crate::engine::run::summary_while_parsing)). The rows,
//! warnings and errors (line numbers included) are [`parse_csv`](super::parse_csv)'s:
//! [`ChunkedCsv`] reads pieces cut at line breaks as one text. The engine starts no
//! threads: a caller that wants the reading and the run at the same time passes a
//! [`Join`] (the CLI: `rayon::join`).

use super::chunked::{piece_end, ChunkedCsv};
use super::scan::scan;
use super::{CsvError, CsvFeed, CsvOptions, PriceRow};

/// Runs both tasks, possibly at the same time, and returns when both are done:
/// `&|a, b| { rayon::join(a, b); }`, or [`one_after_the_other`].
pub type Join<'a> = &'a (dyn Fn(&mut (dyn FnMut() + Send), &mut (dyn FnMut() + Send)) + Sync);

/// A [`Join`] without threads.
pub fn one_after_the_other(a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)) {
    a();
    b();
}

/// The first piece is small, so that its rows are handed on soon after the start.
const FIRST_PIECE_BYTES: usize = 64 << 10;
/// The later pieces: large enough that handing them on costs nothing next to reading them.
const PIECE_BYTES: usize = 1 << 20;

/// A CSV of prices read by [`read_prices_in_pieces`], every row handed on.
#[derive(Debug)]
pub struct PricesRead(ChunkedCsv<PriceRow>);

/// How the rows a [`PricesRead`] handed on make its feed.
#[derive(Debug, Clone, PartialEq)]
pub enum PricesFeed {
    /// The rows came in time order, so the pieces handed on are the feed's rows as they
    /// are; the feed has the warnings, format and clock, and no rows.
    InOrder(CsvFeed<PriceRow>),
    /// The rows needed sorting: the feed has all of them, sorted.
    Sorted(CsvFeed<PriceRow>),
}

impl PricesRead {
    /// The feed, given back `pieces`, the rows handed on in order: taken (and sorted) when
    /// they were not in time order, left alone otherwise.
    pub fn finish(self, pieces: &mut Vec<Vec<PriceRow>>) -> Result<PricesFeed, CsvError> {
        if self.0.in_time_order() {
            self.0.finish_with(Vec::new()).map(PricesFeed::InOrder)
        } else {
            let rows = std::mem::take(pieces).concat();
            self.0.finish_with(rows).map(PricesFeed::Sorted)
        }
    }
}

/// Reads `text`, a whole file, when its rows are prices (`timestamp,close`, OHLCV without
/// a low/high range: [`PriceRow`]s), handing each piece's rows to `emit` as soon as they
/// are read. `None`, with nothing handed on, when its rows are something else, when it
/// has no row that fixes a layout, or when it cannot be cut into pieces (a quote or `\r`
/// in it: a quoted field may span lines); unless reading up to the header already failed
/// (the error [`parse_csv`](super::parse_csv) gives). After an error, the rows handed on
/// are not the file's.
pub fn read_prices_in_pieces(
    text: &str,
    opts: &CsvOptions,
    emit: &mut dyn FnMut(Vec<PriceRow>),
) -> Result<Option<PricesRead>, CsvError> {
    read_in_pieces(text, opts, [FIRST_PIECE_BYTES, PIECE_BYTES], emit)
}

/// [`read_prices_in_pieces`] with a first piece of about `sizes[0]` bytes and later ones
/// of about `sizes[1]`.
fn read_in_pieces(
    text: &str,
    opts: &CsvOptions,
    sizes: [usize; 2],
    emit: &mut dyn FnMut(Vec<PriceRow>),
) -> Result<Option<PricesRead>, CsvError> {
    if scan(text).1 {
        return Ok(None);
    }
    // Up to the line that fixes the layout (the header, or the first row), a non-empty
    // line and the empty ones before it at a time.
    let mut p = ChunkedCsv::<PriceRow>::for_text(*opts, text.len());
    let mut start = 0;
    while p.layout().is_none() {
        if start == text.len() {
            return Ok(None);
        }
        let end = piece_end(text, start, 0);
        p.feed(&text[start..end])?;
        start = end;
    }
    if !p.layout().is_some_and(|l| l.prices_only()) {
        return Ok(None);
    }
    // Rows read from the line that fixed the layout (a file without a header).
    let mut first = p.take_rows();
    let mut size = sizes[0];
    while start < text.len() {
        start = p.feed_next(text, start, size)?;
        let mut rows = p.take_rows();
        if !first.is_empty() {
            first.append(&mut rows);
            rows = std::mem::take(&mut first);
        }
        emit(rows);
        size = sizes[1];
    }
    if !first.is_empty() {
        emit(first);
    }
    Ok(Some(PricesRead(p)))
}

#[cfg(test)]
mod tests {
    use super::super::parse_csv;
    use super::*;
    use proptest::prelude::*;

    /// [`parse_csv`]'s result, and the pieces' (rows as snapshots), as text (Debug tells
    /// every f64 apart, -0 and 0 included), when the pieces read the text.
    fn both(text: &str, opts: CsvOptions, sizes: [usize; 2]) -> (String, Option<String>) {
        let whole = format!("{:?}", parse_csv(text, &opts));
        let mut pieces = Vec::new();
        let read = read_in_pieces(text, &opts, sizes, &mut |rows| pieces.push(rows));
        let feed = match read {
            Ok(None) => {
                assert!(pieces.is_empty());
                return (whole, None);
            }
            Ok(Some(read)) => read.finish(&mut pieces),
            Err(e) => Err(e),
        };
        let feed = feed.map(|f| match f {
            PricesFeed::InOrder(f) => {
                assert!(f.snapshots.is_empty());
                CsvFeed {
                    snapshots: pieces.concat(),
                    ..f
                }
            }
            PricesFeed::Sorted(f) => f,
        });
        let snapshots = feed.map(|f| CsvFeed {
            snapshots: f
                .snapshots
                .iter()
                .map(|r| r.snapshot(opts.half_spread))
                .collect(),
            format: f.format,
            warnings: f.warnings,
            clock: f.clock,
        });
        (whole, Some(format!("{snapshots:?}")))
    }

    fn rows(n: usize) -> String {
        let mut out = String::from("timestamp,close\n");
        for i in 0..n {
            out.push_str(&format!(
                "{},{}.{:02}\n",
                1_704_067_200 + i,
                300 + i % 7,
                i % 100
            ));
        }
        out
    }

    #[test]
    fn a_price_file_reads_the_same_in_pieces_and_others_are_left_alone() {
        let text = rows(200_000);
        let opts = CsvOptions::default();
        let (whole, pieces) = both(&text, opts, [FIRST_PIECE_BYTES, PIECE_BYTES]);
        assert_eq!(Some(whole), pieces);
        // Bid/ask columns, a low/high range, quotes, `\r`: not read in pieces.
        let bid_ask = text.replace("timestamp,close\n", "timestamp,bid,ask\n");
        let range = text.replace("timestamp,close\n", "timestamp,close,low,high\n");
        let quoted = text.replacen("1704067300,", "\"1704067300\",", 1);
        let crlf = text.replace('\n', "\r\n");
        for text in [bid_ask, range, quoted, crlf, String::new(), "\n \n".into()] {
            let mut emitted = 0;
            let read = read_prices_in_pieces(&text, &opts, &mut |_| emitted += 1);
            assert!(matches!(read, Ok(None)) && emitted == 0);
        }
        // An error in the header is the error.
        let bad = text.replace("timestamp,close\n", "a,b,c\n");
        let read = read_prices_in_pieces(&bad, &opts, &mut |_| {});
        assert_eq!(read.unwrap_err(), parse_csv(&bad, &opts).unwrap_err());
    }

    #[test]
    fn errors_unsorted_rows_thinning_and_limits_read_as_in_one_piece() {
        let text = rows(1000);
        let opts = CsvOptions::default();
        let swapped = text.replacen("1704067300,", "1704067999,", 1).replacen(
            "1704067999,3",
            "1704067300,3",
            1,
        );
        for odd in [
            text.replacen("1704067300,", "1704067300,x", 1),
            text.replacen("1704068000,", "1704068000,-", 1),
            text.replace("timestamp,", ""),
            text.replace("timestamp,close\n", "\n\nclose\n"),
            text.replace("timestamp,close\n", ""),
            text.replacen("1704067700,", "\n\n\n1704067700,", 1)
                .replacen("1704067701,", "\n\n1704067701,x", 1),
            text.replacen("1704067700,", "1704067699,", 1),
            swapped,
            format!("\u{feff}{text}"),
            // A blank line, then a headerless row with a refused price (a case the
            // two-halves reader's property test once found).
            "\n1600000000,-1".to_string(),
            "timestamp,close\n".to_string(),
        ] {
            for sizes in [[1, 1], [100, 700], [FIRST_PIECE_BYTES, PIECE_BYTES]] {
                let (whole, pieces) = both(&odd, opts, sizes);
                let pieces = pieces.expect("read in pieces");
                assert_eq!(whole, pieces, "{:?} {sizes:?}", &odd[..odd.len().min(40)]);
            }
        }
        for opts in [
            CsvOptions {
                keep_every: 3,
                ..opts
            },
            CsvOptions {
                max_rows: 999,
                ..opts
            },
            CsvOptions {
                max_rows: 1000,
                ..opts
            },
        ] {
            let (whole, pieces) = both(&text, opts, [100, 700]);
            assert_eq!(Some(whole), pieces, "{opts:?}");
        }
    }

    /// A row: mostly valid, sometimes blank, null, bad, short, out of order or non-ASCII.
    fn row() -> impl Strategy<Value = String> {
        prop_oneof![
            40 => (1_600_000_000u64..1_600_000_100, 1u32..100_000)
                .prop_map(|(t, p)| format!("{t},{}.{:02}", p / 100, p % 100)),
            1 => Just(String::new()),
            1 => Just(" , ".to_string()),
            1 => (1_600_000_000u64..1_600_000_100).prop_map(|t| format!("{t},null")),
            1 => Just("1600000000,x".to_string()),
            1 => Just("1600000000,-1".to_string()),
            1 => Just("1600000000".to_string()),
            1 => Just("2024-02-31,5".to_string()),
            1 => Just("1600000000,1,2".to_string()),
            1 => Just("1600000000,é".to_string()),
            1 => Just("1600000000,\t5".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn pieces_and_one_piece_agree_on_random_texts(
            header in prop_oneof![
                Just("timestamp,price\n"), Just("ts,last,volume\n"), Just("time;bid;ask\n"),
                Just(""), Just("\n"),
            ],
            rows in prop::collection::vec(row(), 0..40),
            trailing in any::<bool>(),
            max_rows in prop_oneof![Just(usize::MAX), 1usize..50],
            keep_every in 1u64..4,
            sizes in (1usize..200, 1usize..200),
        ) {
            let mut text = String::from(header);
            text.push_str(&rows.join("\n"));
            if trailing {
                text.push('\n');
            }
            let opts = CsvOptions { max_rows, keep_every, ..CsvOptions::default() };
            let (whole, pieces) = both(&text, opts, [sizes.0, sizes.1]);
            if let Some(pieces) = pieces {
                prop_assert_eq!(whole, pieces);
            }
        }
    }
}
