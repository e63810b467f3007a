//! The fast path against the reference: generated CSV texts, valid and broken, parsed
//! with the splitter and with the `csv` reader alone give the same snapshots (bit for
//! bit), warnings and errors (line numbers included), whole and piece by piece.

use super::{ChunkedCsv, CsvError, CsvFeed, CsvOptions};
use proptest::prelude::*;

/// `text` parsed in pieces of about `size` bytes (the whole text in one when `None`).
fn parse(text: &str, opts: CsvOptions, size: Option<usize>, fast: bool) -> String {
    let mut p = if fast {
        ChunkedCsv::new(opts)
    } else {
        ChunkedCsv::reference(opts)
    };
    let result: Result<CsvFeed, CsvError> = (|| {
        match size {
            None => {
                p.feed_next(text, 0, text.len())?;
            }
            Some(size) => {
                let mut pos = 0;
                while pos < text.len() {
                    pos = p.feed_next(text, pos, size)?;
                }
            }
        }
        p.finish()
    })();
    // Debug tells every f64 apart (-0 and 0 included), so equal texts are equal bits.
    format!("{result:?}")
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        // Unix times in s, ms, µs and ns.
        (0u64..4).prop_flat_map(|k| (1_600_000_000u64..1_800_000_000)
            .prop_map(move |t| (t * 1000u64.pow(k as u32)).to_string())),
        "[0-9]{1,4}(\\.[0-9]{1,6})?",
        "[+-]?[0-9]{0,18}(\\.[0-9]{0,18})?([eE][+-]?[0-9]{1,3})?",
        " {0,2}[0-9]{1,3}\\.[0-9]{1,2} {0,2}",
        Just(String::new()),
        Just("null".to_string()),
        Just("NULL".to_string()),
        "\"[0-9]{1,3}(\\.[0-9])?\"",
        "\"[0-9,]{1,3}\"",
        "[a-z]{1,3}",
        Just("inf".to_string()),
        Just("NaN".to_string()),
        Just("1e400".to_string()),
        Just("é".to_string()),
        Just("\u{a0}5\u{a0}".to_string()),
        Just("2024-01-02".to_string()),
        Just("2024-01-02T03:04:05.5Z".to_string()),
        Just("2024-02-31".to_string()),
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("1e13".to_string()),
        Just("1e-13".to_string()),
    ]
}

fn header() -> impl Strategy<Value = Option<Vec<&'static str>>> {
    prop_oneof![
        Just(None),
        Just(Some(vec!["timestamp", "close"])),
        Just(Some(vec!["timestamp", "price"])),
        Just(Some(vec!["ts", "last", "volume"])),
        Just(Some(vec!["date", "open", "close"])),
        Just(Some(vec!["Time", " Bid ", "ask", "last", "volume"])),
        Just(Some(vec!["date", "open", "high", "low", "close", "volume"])),
        Just(Some(vec!["", "open", "high", "low", "close"])),
        Just(Some(vec!["\"timestamp\"", "\"price\""])),
        Just(Some(vec!["price"])),
        Just(Some(vec!["a", "b"])),
    ]
}

/// A line ending: mostly `\n`, sometimes CRLF, a lone `\r` or extra blank lines.
fn ending() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => Just("\n"),
        3 => Just("\r\n"),
        1 => Just("\r"),
        1 => Just("\n\n"),
        1 => Just("\r\r\n"),
        1 => Just("\n \n"),
    ]
}

/// A text: optional BOM, header, rows of about the header's width, mixed line endings.
fn text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        header(),
        prop_oneof![Just(','), Just(';'), Just('\t')],
        prop::collection::vec(
            (
                prop::collection::vec(cell(), 0..14),
                0usize..8,
                ending(),
                prop::sample::select(vec![0usize, 2, 5, 12]),
            ),
            0..40,
        ),
        any::<bool>(),
    )
        .prop_map(|(bom, header, sep, rows, trailing)| {
            let width = header.as_ref().map_or(2, |h| h.len());
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            if let Some(h) = &header {
                out.push_str(&h.join(&sep.to_string()));
                out.push('\n');
            }
            for (i, (cells, shape, end, wide)) in rows.iter().enumerate() {
                // Mostly the right width; sometimes fewer or more cells.
                let n = match shape {
                    0 => cells.len(),
                    1 => width.saturating_sub(1),
                    2 => *wide,
                    _ => width,
                };
                let row: Vec<String> = (0..n)
                    .map(|j| {
                        cells
                            .get(j)
                            .cloned()
                            .unwrap_or_else(|| format!("{}", 1 + j))
                    })
                    .collect();
                out.push_str(&row.join(&sep.to_string()));
                if i + 1 < rows.len() || trailing {
                    out.push_str(end);
                }
            }
            out
        })
}

/// A text of well-formed rows, so that most cases get past the first row.
fn valid_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                1_600_000_000u64..1_800_000_000,
                1u32..1_000_000,
                ending(),
                prop::option::weighted(0.1, cell()),
            ),
            1..60,
        ),
        prop_oneof![Just(","), Just(";")],
    )
        .prop_map(|(rows, sep)| {
            let mut out = format!("timestamp{sep}price\n");
            for (t, p, end, odd) in rows {
                match odd {
                    Some(c) => out.push_str(&format!("{t}{sep}{c}{end}")),
                    None => out.push_str(&format!("{t}{sep}{}.{:02}{end}", p / 100, p % 100)),
                }
            }
            out
        })
}

fn options() -> impl Strategy<Value = CsvOptions> {
    (
        prop_oneof![Just(1u64), Just(1), Just(2), Just(3)],
        prop_oneof![Just(usize::MAX), Just(1000), 1usize..30],
    )
        .prop_map(|(keep_every, max_rows)| CsvOptions {
            keep_every,
            max_rows,
            ..CsvOptions::default()
        })
}

fn check(text: &str, opts: CsvOptions, size: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        parse(text, opts, None, true),
        parse(text, opts, None, false)
    );
    prop_assert_eq!(
        parse(text, opts, Some(size), true),
        parse(text, opts, Some(size), false)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn any_text_parses_the_same_on_both_paths(t in text(), opts in options(), size in 1usize..200) {
        check(&t, opts, size)?;
    }

    #[test]
    fn mostly_valid_texts_parse_the_same_on_both_paths(t in valid_text(), opts in options(), size in 1usize..200) {
        check(&t, opts, size)?;
    }
}

#[test]
fn known_cases_parse_the_same_on_both_paths() {
    for text in [
        "timestamp,price\n\n\n1,x\n",
        "timestamp,price\n1,2\n\n\n3,x\n",
        "timestamp,price\n1,2\r\r\n3,x\n",
        "timestamp,price\n1,2\r3,x\n",
        "timestamp,price\n\"1\",2\n\n3,x\n",
        "timestamp,price\n , \n3,x\n",
        "timestamp,price\n1,2,\"a\nb\"\n3,x\n",
        "\u{feff}timestamp;price\r\n1;2\r\n\r\n3;0\r\n",
        "1,2\n3,4\n5\n",
        "x\n1\n",
    ] {
        let opts = CsvOptions::default();
        assert_eq!(
            parse(text, opts, None, true),
            parse(text, opts, None, false),
            "{text:?}"
        );
        for size in [1, 3, 7] {
            assert_eq!(
                parse(text, opts, Some(size), true),
                parse(text, opts, Some(size), false),
                "{text:?} {size}"
            );
        }
    }
}
