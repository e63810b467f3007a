//! [`parse_csv_parallel`]: a large CSV read in two halves at once, with the same
//! snapshots, warnings and errors (line numbers included) as [`parse_csv`]. The engine
//! starts no threads: the caller passes a [`Join`] (the CLI, for price rows: `rayon::join`).
//!
//! The header is read first; the rest is cut after the first non-empty line from its
//! middle, each half read by its own [`ChunkedCsv`], and the second appended to the first
//! (only price rows are, in the CLI: snapshots cost more to append than a thread saves).
//! That is [`ChunkedCsv`] fed two pieces, which reads them as one text, provided no quoted
//! field spans the cut. Whenever the halves could depend on each other (quotes or `\r` in the
//! text, thinning, rows numbered by index for want of a time column, the row limit within
//! reach), the text is read in one piece instead.
//!
//! [`parse_csv_prices`] reads the same way keeping [`PriceRow`]s, for a file whose rows
//! are prices; it reads nothing else (`None`), nor a text it would read in one piece.

use super::chunked::{piece_end, ChunkedCsv};
use super::layout::Layout;
use super::price_row::Row;
use super::scan::scan;
use super::{parse_csv, CsvError, CsvFeed, CsvOptions, PriceRow};

/// Runs both tasks, possibly at the same time, and returns when both are done:
/// `&|a, b| { rayon::join(a, b); }`, or [`one_after_the_other`].
pub type Join<'a> = &'a (dyn Fn(&mut (dyn FnMut() + Send), &mut (dyn FnMut() + Send)) + Sync);

/// A [`Join`] without threads.
pub fn one_after_the_other(a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)) {
    a();
    b();
}

/// Texts shorter than this are read in one piece: the halves would not pay for the join.
const MIN_BYTES: usize = 1 << 20;

/// [`parse_csv`] with the rows after the header read in two halves through `join`.
pub fn parse_csv_parallel(
    text: &str,
    opts: &CsvOptions,
    join: Join<'_>,
) -> Result<CsvFeed, CsvError> {
    let whole = |text: &str, opts: &CsvOptions| parse_csv(text, opts).map(Some);
    let feed = parse_in_halves(text, opts, join, MIN_BYTES, whole, |_| true)?;
    Ok(feed.expect("snapshots fit any layout"))
}

/// [`parse_csv_parallel`] keeping [`PriceRow`]s, when the text is large, its rows are
/// prices ([`Snapshot::from_price`](crate::engine::market::Snapshot::from_price)) and
/// it can be read in halves; otherwise `None`, unless reading up to the header already
/// failed (the error [`parse_csv`] gives). The rows' snapshots at `opts.half_spread`
/// are [`parse_csv`]'s, and so are the warnings and errors.
pub fn parse_csv_prices(
    text: &str,
    opts: &CsvOptions,
    join: Join<'_>,
) -> Result<Option<CsvFeed<PriceRow>>, CsvError> {
    parse_in_halves(
        text,
        opts,
        join,
        MIN_BYTES,
        |_, _| Ok(None),
        Layout::prices_only,
    )
}

/// [`parse_csv_parallel`] for texts of at least `min_bytes` bytes, keeping `R`s when the
/// layout `fits`; `whole` reads the texts that cannot be read in halves.
fn parse_in_halves<R: Row>(
    text: &str,
    opts: &CsvOptions,
    join: Join<'_>,
    min_bytes: usize,
    whole: impl Fn(&str, &CsvOptions) -> Result<Option<CsvFeed<R>>, CsvError>,
    fits: fn(&Layout) -> bool,
) -> Result<Option<CsvFeed<R>>, CsvError> {
    if text.len() < min_bytes || opts.keep_every != 1 {
        return whole(text, opts);
    }
    // Up to the line that fixes the layout (the header, or the first row), a non-empty
    // line and the empty ones before it at a time.
    let mut p = ChunkedCsv::<R>::for_text(*opts, text.len());
    let mut start = 0;
    let has_time = loop {
        if let Some(layout) = p.layout() {
            if !fits(layout) {
                return whole(text, opts);
            }
            break layout.time.is_some();
        }
        if start == text.len() {
            return whole(text, opts);
        }
        let end = through_non_empty_line(text, start);
        if scan(&text[start..end]).1 {
            return whole(text, opts);
        }
        p.feed(&text[start..end])?;
        start = end;
    };
    let rest = &text[start..];
    let cut = through_non_empty_line(text, line_start(text, start + rest.len() / 2).max(start));
    let (a, b) = (&text[start..cut], &text[cut..]);
    // Line breaks in each half, and whether either holds a quote or `\r`.
    let (mut scan_a, mut scan_b) = ((0, false), (0, false));
    join(&mut || scan_a = scan(a), &mut || scan_b = scan(b));
    let lines = scan_a.0 + scan_b.0;
    let in_reach = p.kept() as u64 + lines + 1 >= opts.max_rows as u64;
    if !has_time || b.is_empty() || scan_a.1 || scan_b.1 || in_reach {
        return whole(text, opts);
    }
    p.reserve(lines as usize + 1);
    let mut q = p.fork(scan_a.0, a.len());
    let (mut read_a, mut read_b) = (Ok(()), Ok(()));
    join(&mut || read_a = p.feed_counted(a, scan_a.0), &mut || {
        read_b = q.feed_counted(b, scan_b.0)
    });
    // The first half's error comes first in the file.
    read_a?;
    read_b?;
    p.absorb(q);
    p.finish().map(Some)
}

/// The end of the first non-empty line of `text` from `start` (the start of a line), just
/// after its line break, or the end of the text. The pieces are cut there: the `csv`
/// reader numbers a record after empty lines by the first of them, so an empty line must
/// not end a piece.
fn through_non_empty_line(text: &str, mut start: usize) -> usize {
    loop {
        let end = piece_end(text, start, 0);
        if end == text.len() || end - start > 1 {
            return end;
        }
        start = end;
    }
}

/// The start of the line that byte `at` of `text` (or the character there) is on.
fn line_start(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    text[..at].rfind('\n').map_or(0, |nl| nl + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A [`Join`] on two threads, as the CLI's.
    fn threads(a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)) {
        std::thread::scope(|s| {
            s.spawn(b);
            a();
        });
    }

    /// [`parse_csv`]'s result and the halves' as text (Debug tells every f64 apart, -0 and
    /// 0 included); the price rows' too, as snapshots, when they were kept.
    fn both(text: &str, opts: CsvOptions) -> (String, String) {
        let seq = format!("{:?}", parse_csv(text, &opts));
        let whole = |text: &str, opts: &CsvOptions| parse_csv(text, opts).map(Some);
        let halves = parse_in_halves(text, &opts, &threads, 0, whole, |_| true);
        let par = format!("{:?}", halves.map(Option::unwrap));
        let prices = parse_in_halves::<PriceRow>(
            text,
            &opts,
            &threads,
            0,
            |_, _| Ok(None),
            |l| l.prices_only(),
        );
        match prices {
            Ok(None) => {}
            Ok(Some(f)) => {
                let snapshots = f
                    .snapshots
                    .iter()
                    .map(|r| r.snapshot(opts.half_spread))
                    .collect();
                let expanded: Result<CsvFeed, CsvError> = Ok(CsvFeed {
                    format: f.format,
                    snapshots,
                    warnings: f.warnings,
                    clock: f.clock,
                });
                assert_eq!(format!("{expanded:?}"), seq, "price rows");
            }
            Err(e) => assert_eq!(format!("{:?}", Err::<CsvFeed, _>(e)), seq, "price rows"),
        }
        (seq, par)
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
    fn a_large_price_file_keeps_price_rows_and_others_do_not() {
        let text = rows(200_000);
        let opts = CsvOptions::default();
        let whole = parse_csv(&text, &opts).unwrap();
        let prices = parse_csv_prices(&text, &opts, &threads).unwrap().unwrap();
        assert_eq!(prices.snapshots.len(), whole.snapshots.len());
        assert!(prices
            .snapshots
            .iter()
            .zip(&whole.snapshots)
            .all(|(r, s)| r.snapshot(opts.half_spread) == *s));
        // Bid/ask columns, a low/high range, a small file, thinning: not kept as prices.
        let bid_ask = text.replace("timestamp,close\n", "timestamp,bid,ask\n");
        let range = text.replace("timestamp,close\n", "timestamp,close,low,high\n");
        for (text, opts) in [
            (bid_ask.as_str(), opts),
            (range.as_str(), opts),
            (&text[..1000], opts),
            (
                text.as_str(),
                CsvOptions {
                    keep_every: 2,
                    ..opts
                },
            ),
        ] {
            assert_eq!(parse_csv_prices(text, &opts, &threads), Ok(None));
        }
        // An error in the header is the error.
        let bad = text.replace("timestamp,close\n", "a,b,c\n");
        assert_eq!(
            parse_csv_prices(&bad, &opts, &threads),
            Err(parse_csv(&bad, &opts).unwrap_err())
        );
    }

    #[test]
    fn a_large_file_reads_the_same_in_halves() {
        let text = rows(200_000);
        assert!(text.len() > MIN_BYTES);
        let opts = CsvOptions::default();
        let whole = parse_csv(&text, &opts).unwrap();
        assert_eq!(whole.snapshots.len(), 200_000);
        assert_eq!(parse_csv_parallel(&text, &opts, &threads).unwrap(), whole);
        assert_eq!(
            parse_csv_parallel(&text, &opts, &one_after_the_other).unwrap(),
            whole
        );
    }

    #[test]
    fn errors_in_either_half_name_the_same_line() {
        let text = rows(1000);
        for (bad, line) in [("1704067300,", 102), ("1704068000,", 802)] {
            let broken = text.replacen(bad, &format!("{bad}x"), 1);
            let (seq, par) = both(&broken, CsvOptions::default());
            assert_eq!(seq, par);
            assert!(seq.contains(&format!("line: {line},")), "{seq}");
        }
        // Errors in both halves: the first one's, as read in one piece.
        let twice = text.replacen("1704068000,", "1704068000,x", 1).replacen(
            "1704067300,",
            "1704067300,-",
            1,
        );
        let (seq, par) = both(&twice, CsvOptions::default());
        assert_eq!(seq, par);
        assert!(seq.contains("line: 102,"), "{seq}");
    }

    #[test]
    fn texts_the_halves_cannot_read_alone_are_read_whole() {
        let text = rows(1000);
        let opts = CsvOptions::default();
        for odd in [
            // A quoted field spanning the middle line break.
            text.replacen("1704067700,", "1704067700,\"5\n", 1)
                .replacen("1704067702,", "1704067702\",", 1),
            text.replace('\n', "\r\n"),
            text.replace("timestamp,", ""),
            text.replace("timestamp,close\n", "\n\nclose\n"),
            text.replace("timestamp,close\n", "\n  \n , \ntimestamp,close\n\n"),
            // Empty lines around the middle, and a bad row after them.
            text.replacen("1704067700,", "\n\n\n1704067700,", 1)
                .replacen("1704067701,", "\n\n1704067701,x", 1),
            format!("\u{feff}{text}"),
            String::new(),
            "\n\n \n".to_string(),
            "timestamp,close\n".to_string(),
        ] {
            let (seq, par) = both(&odd, opts);
            assert_eq!(seq, par, "{:?}", &odd[..odd.len().min(40)]);
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
                max_rows: 1001,
                ..opts
            },
        ] {
            let (seq, par) = both(&text, opts);
            assert_eq!(seq, par, "{opts:?}");
        }
    }

    /// A row: mostly valid, sometimes blank, null, bad, short, quoted or non-ASCII.
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
            1 => Just("1600000000,\"7\"".to_string()),
            1 => Just("1600000000,é".to_string()),
            1 => Just("1600000000,\t5".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn halves_and_one_piece_agree_on_random_texts(
            header in prop_oneof![
                Just("timestamp,price\n"), Just("time;bid;ask\n"), Just(""), Just("\n"),
            ],
            rows in prop::collection::vec(row(), 0..40),
            trailing in any::<bool>(),
            max_rows in prop_oneof![Just(usize::MAX), 1usize..50],
        ) {
            let mut text = String::from(header);
            text.push_str(&rows.join("\n"));
            if trailing {
                text.push('\n');
            }
            let opts = CsvOptions { max_rows, ..CsvOptions::default() };
            let (seq, par) = both(&text, opts);
            prop_assert_eq!(seq, par);
        }
    }
}
