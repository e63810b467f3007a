//! [`ChunkedCsv`], the incremental parser (so a very large file can be read across several
//! event-loop turns), and [`parse_csv`], the whole text in one piece.

use super::cells::Cells;
use super::layout::{detect_delimiter, detect_layout, Layout};
use super::order::TimeOrder;
use super::price_row::Row;
use super::quick::QuickLine;
use super::rows::{is_null_row, row_to_snapshot};
use super::scan::count_newlines;
use super::split::{Line, Splitter};
use super::{CsvError, CsvFeed, CsvOptions};
use crate::engine::feed::time_order::into_time_order;
use crate::engine::limits::MAX_COLUMNS;
use crate::engine::market::Snapshot;
use crate::engine::settings::group_digits;
use crate::engine::sim::Clock;

/// Parses a whole CSV text.
pub fn parse_csv(text: &str, opts: &CsvOptions) -> Result<CsvFeed, CsvError> {
    let mut p = ChunkedCsv::for_text(*opts, text.len());
    p.feed(text)?;
    p.finish()
}

/// A CSV parsed piece by piece, so a very large file can be read across several event-loop
/// turns (with progress) instead of freezing the page. Each piece must end at a line break
/// ([`ChunkedCsv::feed_next`] cuts them so); a quoted field may not span two pieces. Same
/// results and errors as [`parse_csv`], line numbers included.
///
/// The rows are kept as [`Snapshot`]s; inside this module, as another [`Row`] type.
#[derive(Debug)]
pub struct ChunkedCsv<R = Snapshot> {
    opts: CsvOptions,
    delimiter: Option<u8>,
    layout: Option<Layout>,
    lines_before: u64,
    snaps: Vec<R>,
    /// Rows kept and since taken out ([`ChunkedCsv::take_rows`]).
    taken: usize,
    /// The kept rows' time order.
    order: TimeOrder,
    /// Data rows read (kept, thinned out or null).
    rows: u64,
    /// Rows skipped because a price read `null`.
    null_rows: u64,
    /// Bytes fed so far, and of the whole text when known: estimate the rows of a file
    /// that is over the limit.
    bytes_read: usize,
    total_bytes: usize,
    /// Whether plain lines go through the splitter (else everything through the `csv`
    /// reader, the reference the fast path is tested against).
    fast: bool,
}

impl ChunkedCsv {
    /// A parser with nothing read yet.
    pub fn new(opts: CsvOptions) -> Self {
        Self::keeping(opts)
    }

    /// A parser that reads every line with the `csv` reader: the reference for the fast
    /// path's results and errors.
    #[cfg(test)]
    pub(super) fn reference(opts: CsvOptions) -> Self {
        Self {
            fast: false,
            ..Self::new(opts)
        }
    }
}

impl<R: Row> ChunkedCsv<R> {
    /// A parser with nothing read yet that keeps its rows as `R`.
    pub(super) fn keeping(opts: CsvOptions) -> Self {
        Self {
            opts,
            delimiter: None,
            layout: None,
            lines_before: 0,
            snaps: Vec::new(),
            taken: 0,
            order: TimeOrder::default(),
            rows: 0,
            null_rows: 0,
            bytes_read: 0,
            total_bytes: 0,
            fast: true,
        }
    }

    /// Parses the piece of `text` that starts at byte `start`: about `size` bytes, extended
    /// to the end of the line they stop in (or of the text). Returns where the piece ends,
    /// which is where the next one starts; the text is done when that is `text.len()`.
    pub fn feed_next(&mut self, text: &str, start: usize, size: usize) -> Result<usize, CsvError> {
        let end = piece_end(text, start, size);
        self.total_bytes = text.len();
        self.feed(&text[start..end])?;
        Ok(end)
    }

    /// Parses the next piece.
    pub fn feed(&mut self, piece: &str) -> Result<(), CsvError> {
        let bytes_before = self.bytes_read;
        self.bytes_read += piece.len();
        let piece = if self.lines_before == 0 && self.delimiter.is_none() {
            piece.strip_prefix('\u{feff}').unwrap_or(piece)
        } else {
            piece
        };
        // The csv reader numbers CRLF lines unreliably; normalise so errors name the right line.
        let normalised;
        let piece = if piece.as_bytes().contains(&b'\r') {
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
        self.read_piece(piece, count_newlines(piece), bytes_before)
    }

    /// Reads `piece`, which has `lines` line breaks and starts `bytes_before` bytes into the
    /// text (no byte-order mark or `\r` left in it; the delimiter known).
    fn read_piece(&mut self, piece: &str, lines: u64, bytes_before: usize) -> Result<(), CsvError> {
        let delimiter = self.delimiter.unwrap_or(b',');
        // Room for the piece's rows up front (at most one per line, and never beyond the
        // row limit): growing the column by doubling copied it and faulted in twice the
        // memory.
        let rows = (lines / self.opts.keep_every.max(1)).saturating_add(1);
        let room = self
            .opts
            .max_rows
            .saturating_sub(self.kept())
            .saturating_add(1);
        self.snaps.reserve((rows as usize).min(room));
        if self.fast {
            self.read_fast(piece, bytes_before, delimiter)?;
        } else {
            let lines_before = self.lines_before;
            self.read_slow(piece, bytes_before, 0, lines_before, None)?;
        }
        self.lines_before += lines;
        Ok(())
    }

    /// Reads `piece` line by line: lines of plain numbers in a file of prices through
    /// [`QuickLine`], other plain lines with the splitter, and each line neither takes (the
    /// header, quotes, `\r`, …) with the `csv` reader, which goes on until a plain line
    /// follows. Both read from where the other stopped, so lines and bytes are counted as
    /// one `csv` reader over the whole piece counts them.
    fn read_fast(
        &mut self,
        piece: &str,
        bytes_before: usize,
        delimiter: u8,
    ) -> Result<(), CsvError> {
        let splitter = Splitter::new(delimiter);
        let mut quick = self.quick_line(delimiter);
        let mut cells: Vec<&str> = Vec::new();
        // Where a `csv` reader would stand: after the last record (blank lines after a
        // record are skipped as part of the next one, so its line is the first of them).
        let (mut record_byte, mut record_line) = (0, self.lines_before + 1);
        let (mut pos, mut blank_lines) = (0, 0);
        let bytes = piece.as_bytes();
        while pos < piece.len() {
            if let Some((row, next)) = quick.as_ref().and_then(|q| q.read(bytes, pos)) {
                if let Some(index) = self.next_index(bytes_before + record_byte)? {
                    let time = row.time.unwrap_or(index as f64);
                    let half_spread = self.opts.half_spread;
                    self.keep(R::from_price(time, row.price, half_spread, row.volume));
                }
                record_line += blank_lines + u64::from(bytes[next - 1] == b'\n');
                (record_byte, pos, blank_lines) = (next, next, 0);
                continue;
            }
            if self.layout.is_some() {
                match splitter.split(piece, pos, &mut cells, MAX_COLUMNS) {
                    (Line::Blank, next) => {
                        pos = next;
                        blank_lines += 1;
                        continue;
                    }
                    (Line::Plain, next) => {
                        if !cells.all_empty() {
                            self.data_row(&cells[..], record_line, bytes_before + record_byte)?;
                        }
                        let ended = bytes[next - 1] == b'\n';
                        record_line += blank_lines + u64::from(ended);
                        (record_byte, pos, blank_lines) = (next, next, 0);
                        continue;
                    }
                    (Line::Unusual, _) => {}
                }
            }
            match self.read_slow(
                piece,
                bytes_before,
                record_byte,
                record_line - 1,
                Some(&splitter),
            )? {
                Some((byte, line)) => {
                    (record_byte, record_line, pos, blank_lines) = (byte, line, byte, 0);
                    // The `csv` reader may have read the header.
                    quick = self.quick_line(delimiter);
                }
                None => break,
            }
        }
        Ok(())
    }

    /// The shortcut for lines of plain numbers, once the layout is known and when it fits.
    fn quick_line(&self, delimiter: u8) -> Option<QuickLine> {
        QuickLine::for_layout(self.layout.as_ref()?, delimiter)
    }

    /// Reads `piece` from byte `start` (where a record begins; `lines` lines before it)
    /// with the `csv` reader. With a `splitter`, stops after a record that a line the
    /// splitter takes follows, and returns where the reader stands (byte and line);
    /// otherwise reads to the end and returns `None`.
    fn read_slow(
        &mut self,
        piece: &str,
        bytes_before: usize,
        start: usize,
        lines: u64,
        splitter: Option<&Splitter>,
    ) -> Result<Option<(usize, u64)>, CsvError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(self.delimiter.unwrap_or(b','))
            .from_reader(&piece.as_bytes()[start..]);
        let mut peek = Vec::new();
        let mut rec = csv::StringRecord::new();
        loop {
            let more = reader
                .read_record(&mut rec)
                .map_err(|e| CsvError::Malformed {
                    line: lines + e.position().map(|p| p.line()).unwrap_or(0),
                    message: e.to_string(),
                })?;
            if !more {
                return Ok(None);
            }
            self.record(&rec, lines, bytes_before + start)?;
            let (byte, line) = (
                start + reader.position().byte() as usize,
                lines + reader.position().line(),
            );
            if let Some(s) = splitter {
                if self.layout.is_some()
                    && byte < piece.len()
                    && s.split(piece, byte, &mut peek, MAX_COLUMNS).0 != Line::Unusual
                {
                    return Ok(Some((byte, line)));
                }
            }
        }
    }

    /// A record from the `csv` reader (`lines` before where it started reading, `base`
    /// bytes of the text before that): skipped when blank, the layout when it is the
    /// first, else a data row.
    fn record(&mut self, rec: &csv::StringRecord, lines: u64, base: usize) -> Result<(), CsvError> {
        if rec.all_empty() {
            return Ok(());
        }
        let line = lines + rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns {
                line,
                found: rec.len(),
            });
        }
        if self.layout.is_none() {
            let (layout, has_header) = detect_layout(rec)?;
            self.layout = Some(layout);
            if has_header {
                return Ok(());
            }
        }
        let at = base + rec.position().map_or(0, |p| p.byte() as usize);
        self.data_row(rec, line, at)
    }

    /// Data row `rec` at `line`, starting `at` bytes into the text: skipped when a price
    /// is null or thinning drops it, else one more snapshot.
    fn data_row<C: Cells + ?Sized>(
        &mut self,
        rec: &C,
        line: u64,
        at: usize,
    ) -> Result<(), CsvError> {
        let layout = self
            .layout
            .as_ref()
            .expect("detected from the first record");
        if is_null_row(rec, layout) {
            self.null_rows += 1;
            return Ok(());
        }
        let Some(index) = self.next_index(at)? else {
            return Ok(());
        };
        let layout = self.layout.as_ref().expect("known");
        let snap = row_to_snapshot(line, rec, layout, index as usize, &self.opts)?;
        self.keep(R::from(snap));
        Ok(())
    }

    /// Counts a data row (not null) that starts `at` bytes into the text: its index among
    /// the data rows when it is to be kept, `None` when thinning drops it, an error when
    /// the row limit is reached.
    #[inline]
    fn next_index(&mut self, at: usize) -> Result<Option<u64>, CsvError> {
        let index = self.rows;
        self.rows += 1;
        // Most files are not thinned: no division per row for them.
        let every = self.opts.keep_every;
        if every > 1 && !index.is_multiple_of(every) {
            return Ok(None);
        }
        if self.kept() >= self.opts.max_rows {
            return Err(self.too_many_rows(at));
        }
        Ok(Some(index))
    }

    /// Keeps `row`.
    #[inline]
    fn keep(&mut self, row: R) {
        self.order.push(row.time());
        self.snaps.push(row);
    }

    /// The error for a file over the row limit at byte `at`, with its estimated size (from
    /// the share of the bytes read so far) and the thinning that would fit.
    fn too_many_rows(&self, at: usize) -> CsvError {
        let fraction = if self.total_bytes > 0 {
            (at as f64 / self.total_bytes as f64).clamp(1e-9, 1.0)
        } else {
            1.0
        };
        let estimated = ((self.rows as f64 / fraction).ceil() as u64).max(self.rows);
        let kept_per_row = self.opts.keep_every.max(1);
        let every = (estimated.div_ceil(self.opts.max_rows.max(1) as u64)).max(kept_per_row + 1);
        CsvError::TooManyRows {
            limit: self.opts.max_rows,
            estimated,
            every,
        }
    }

    /// A parser for a text of `total_bytes` bytes (the row estimate of
    /// [`CsvError::TooManyRows`] needs it).
    pub(super) fn for_text(opts: CsvOptions, total_bytes: usize) -> Self {
        Self {
            total_bytes,
            ..Self::keeping(opts)
        }
    }

    /// The layout once known.
    pub(super) fn layout(&self) -> Option<&Layout> {
        self.layout.as_ref()
    }

    /// Rows kept so far (taken out or not).
    fn kept(&self) -> usize {
        self.taken + self.snaps.len()
    }

    /// Takes out the rows kept since the last call, so they can be used while the rest of
    /// the text is read; [`ChunkedCsv::finish_with`] then finishes the parser.
    pub(super) fn take_rows(&mut self) -> Vec<R> {
        self.taken += self.snaps.len();
        std::mem::take(&mut self.snaps)
    }

    /// Whether the rows kept so far came in time order (finishing does not sort them).
    pub(super) fn in_time_order(&self) -> bool {
        !self.order.out_of_order()
    }

    /// Finishes: sorts by time if needed and reports warnings.
    pub fn finish(mut self) -> Result<CsvFeed<R>, CsvError> {
        let rows = std::mem::take(&mut self.snaps);
        self.finish_with(rows)
    }

    /// [`ChunkedCsv::finish`] for a parser whose rows were all taken out
    /// ([`ChunkedCsv::take_rows`]), given back the rows the feed is to keep: every row, in
    /// file order, when they need sorting ([`ChunkedCsv::in_time_order`] is false);
    /// otherwise any (none, to learn only the warnings and clock), kept as they are.
    pub(super) fn finish_with(self, mut snaps: Vec<R>) -> Result<CsvFeed<R>, CsvError> {
        let layout = self.layout.ok_or(CsvError::Empty)?;
        if self.taken == 0 && snaps.is_empty() {
            return Err(CsvError::TooFewRows);
        }
        let mut warnings = Vec::new();
        if self.null_rows > 0 {
            warnings.push(format!(
                "{} rows with null prices skipped (Yahoo Finance writes them for days without data)",
                group_digits(self.null_rows)
            ));
        }
        if self.opts.keep_every > 1 {
            warnings.push(format!(
                "thinned: every {} of {} rows kept",
                super::error::ordinal(self.opts.keep_every),
                group_digits(self.rows)
            ));
        }
        if layout.time.is_none() {
            warnings.push(
                "no time column: each row is one step, so Sharpe and volatility are per step, not annualised"
                    .to_string(),
            );
        }
        // Rows in time order (as good as always) need no pass over them here.
        let sorted = self.order.out_of_order() && into_time_order(&mut snaps);
        if sorted {
            warnings.push("rows were not in time order; they were sorted by time".to_string());
        }
        let dups = if sorted {
            snaps
                .windows(2)
                .filter(|w| w[0].time() == w[1].time())
                .count()
        } else {
            self.order.repeats()
        };
        if dups > 0 {
            warnings.push(format!(
                "{dups} rows share a timestamp with the previous row; kept in file order"
            ));
        }
        Ok(CsvFeed {
            clock: if layout.time.is_some() {
                Clock::Timestamps
            } else {
                Clock::Steps
            },
            format: layout.format,
            snapshots: snaps,
            warnings,
        })
    }
}

/// Where the piece of `text` starting at `start` (the start of a line) ends: `size` bytes
/// on (at a character boundary), then just after the next line break that ends a
/// non-empty line, or the end of the text. The `csv` reader numbers a record after empty
/// lines by the first of them, so a piece must not end with an empty line: the next
/// piece's first record would be numbered by its own first line.
pub(super) fn piece_end(text: &str, start: usize, size: usize) -> usize {
    let mut end = (start + size).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    loop {
        match text[end..].find('\n') {
            Some(nl) => end += nl + 1,
            None => return text.len(),
        }
        let line_start = text[start..end - 1]
            .rfind('\n')
            .map_or(start, |nl| start + nl + 1);
        if !matches!(&text[line_start..end - 1], "" | "\r") {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_default as parse;
    use super::*;

    #[test]
    fn yahoo_null_rows_are_skipped_and_counted() {
        let f = parse("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.5,10\n2024-01-03,null,null,null,null,null,null\n2024-01-04,1.5,2,1,1.7,1.7,12\n").unwrap();
        assert_eq!(f.snapshots.len(), 2);
        assert!(
            f.warnings
                .iter()
                .any(|w| w.starts_with("1 rows with null prices skipped")),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn over_the_row_limit_the_error_estimates_the_size_and_the_thinning_that_fits() {
        let mut text = String::from("timestamp,price\n");
        for i in 0..1000 {
            text.push_str(&format!("{},{}\n", 1_704_067_200 + i, 100 + i % 7));
        }
        let opts = CsvOptions {
            max_rows: 100,
            ..CsvOptions::default()
        };
        match parse_csv(&text, &opts) {
            Err(CsvError::TooManyRows {
                limit: 100,
                estimated,
                every,
            }) => {
                assert!((900..=1100).contains(&estimated), "{estimated}");
                assert!((9..=11).contains(&every), "{every}");
                let thinned = parse_csv(
                    &text,
                    &CsvOptions {
                        keep_every: every,
                        ..opts
                    },
                )
                .unwrap();
                assert!(thinned.snapshots.len() <= 100);
                assert_eq!(
                    thinned.snapshots[1].time - thinned.snapshots[0].time,
                    every as f64
                );
                assert!(thinned.warnings.iter().any(|w| w.contains("thinned")));
            }
            other => panic!("{other:?}"),
        }
        // The same from pieces, which know the total size.
        let mut p = ChunkedCsv::new(opts);
        let mut pos = 0;
        let err = loop {
            match p.feed_next(&text, pos, 64) {
                Ok(end) => pos = end,
                Err(e) => break e,
            }
        };
        assert!(
            matches!(err, CsvError::TooManyRows { estimated, .. } if (900..=1100).contains(&estimated)),
            "{err:?}"
        );
    }

    #[test]
    fn hostile_headers_and_prices_get_short_errors_with_line_and_column() {
        let wide = format!("{}\n1,2\n", vec!["x"; 100_000].join(","));
        let e = parse(&wide).unwrap_err();
        assert_eq!(
            e,
            CsvError::TooManyColumns {
                line: 1,
                found: 100_000
            }
        );
        assert!(e.to_string().len() < 80, "{e}");
        let long_name = format!("timestamp,{}\n1,2\n", "y".repeat(1_000_000));
        assert!(parse(&long_name).unwrap_err().to_string().len() < 300);
        for (price, column) in [("1e13", "price"), ("1e-13", "price"), ("9e307", "price")] {
            let e = parse(&format!("timestamp,price\n1,100\n2,{price}\n")).unwrap_err();
            assert!(
                matches!(&e, CsvError::OutOfRange { line: 3, column: c, .. } if c == column),
                "{e:?}"
            );
        }
        let e = parse("date,price\n2024-02-28,1\n2024-02-31,2\n").unwrap_err();
        assert!(matches!(e, CsvError::BadTimestamp { line: 3, .. }), "{e:?}");
        let long_cell = format!("timestamp,price\n1,{}\n", "9".repeat(500));
        assert!(parse(&long_cell).unwrap_err().to_string().len() < 200);
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
            let mut pos = 0;
            while pos < text.len() {
                let end = p.feed_next(&text, pos, size).unwrap();
                assert!(end > pos && text[..end].ends_with('\n'), "size {size}");
                pos = end;
            }
            assert_eq!(p.finish().unwrap(), whole, "size {size}");
        }
        let bad = text.replace("1704067900;", "1704067900;x");
        let whole_err = parse(&bad).unwrap_err();
        let mut p = ChunkedCsv::new(CsvOptions::default());
        let mut pos = 0;
        let err = loop {
            assert!(pos < bad.len(), "no error");
            match p.feed_next(&bad, pos, 64) {
                Ok(end) => pos = end,
                Err(e) => break e,
            }
        };
        assert_eq!(err, whole_err);
        assert!(err.to_string().starts_with("line 702,"), "{err}");
    }

    #[test]
    fn pieces_end_at_line_breaks_and_the_last_takes_the_rest() {
        let text = "ab\ncd\né\nlast";
        assert_eq!(piece_end(text, 0, 1), 3);
        assert_eq!(piece_end(text, 0, 3), 6);
        // Inside the two-byte 'é': moved to its end, then to the line break.
        assert_eq!(piece_end(text, 6, 1), 9);
        assert_eq!(piece_end(text, 9, 1), text.len());
        assert_eq!(piece_end(text, 0, 100), text.len());
        assert_eq!(piece_end("", 0, 10), 0);
        // Never after an empty line: on to the end of the next non-empty one.
        let blanks = "a\n\n\r\n\nb\n\n";
        assert_eq!(piece_end(blanks, 0, 0), 2);
        assert_eq!(piece_end(blanks, 0, 2), 8);
        assert_eq!(piece_end(blanks, 2, 0), 8);
        assert_eq!(piece_end(blanks, 8, 0), blanks.len());
    }

    #[test]
    fn a_record_after_empty_lines_is_numbered_alike_in_any_pieces() {
        let text = "timestamp,price\n1,2\n\n\n\n3,x\n";
        let whole = parse_csv(text, &CsvOptions::default()).unwrap_err();
        assert!(whole.to_string().starts_with("line 3,"), "{whole}");
        for size in 0..text.len() {
            let mut p = ChunkedCsv::new(CsvOptions::default());
            let mut pos = 0;
            let err = loop {
                match p.feed_next(text, pos, size) {
                    Ok(end) => pos = end,
                    Err(e) => break e,
                }
            };
            assert_eq!(err, whole, "{size}");
        }
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
