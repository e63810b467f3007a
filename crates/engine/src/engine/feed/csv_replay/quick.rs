//! [`QuickLine`]: the fast path's shortcut for files whose rows are prices
//! (`timestamp,close`, `time,price,volume`, …). A line of exactly the layout's number of
//! cells, each a plain decimal (`[+-]digits[.digits]`, at most 15 digits, nothing else:
//! no spaces, quotes or exponents), is read in one pass straight into its time, price and
//! volume, without splitting it into cells first. Any other line (`None`), and any line
//! whose price would be refused, goes through the splitter and
//! [`row_to_snapshot`](super::rows::row_to_snapshot), so the rows, warnings and errors
//! are bit for bit the same whichever way a line went.

use super::layout::Layout;
use super::number::plain_parts;
use super::rows::MAX_VOLUME;
use super::time::unix_seconds;
use crate::engine::market::{MAX_PRICE, MIN_PRICE};

/// Layouts wider than this are left to the splitter.
const MAX_CELLS: usize = 8;

/// How a line of plain numbers maps to a row, for one layout and separator.
#[derive(Debug, Clone)]
pub(super) struct QuickLine {
    separator: u8,
    width: usize,
    time: Option<usize>,
    price: usize,
    volume: Option<usize>,
}

/// A line read by [`QuickLine::read`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct QuickRow {
    /// Unix seconds (`None`: the layout has no time column; the row index stands in).
    pub(super) time: Option<f64>,
    /// The price, within the engine's range.
    pub(super) price: f64,
    /// Volume, clamped as [`row_to_snapshot`](super::rows::row_to_snapshot) clamps it
    /// (0 without a volume column).
    pub(super) volume: f64,
}

impl QuickLine {
    /// The shortcut for `layout` with `separator`, when its rows are prices
    /// ([`Layout::prices_only`]) and it has at most [`MAX_CELLS`] columns.
    pub(super) fn for_layout(layout: &Layout, separator: u8) -> Option<Self> {
        let price = layout.price.unwrap_or(1);
        let inside = |i: Option<usize>| i.is_none_or(|i| i < layout.width);
        (layout.prices_only()
            && layout.width <= MAX_CELLS
            && price < layout.width
            && inside(layout.time)
            && inside(layout.volume))
        .then_some(Self {
            separator,
            width: layout.width,
            time: layout.time,
            price,
            volume: layout.volume,
        })
    }

    /// The line of `text` starting at byte `start`, and the byte after it (after its `\n`,
    /// or the end of the text), if it is such a line and its price is valid.
    // Inlined into the reading loop: as a call it returned its row through memory and
    // cost 37 more instructions a row (callgrind, 1 M-row bench file).
    #[inline(always)]
    pub(super) fn read(&self, text: &[u8], start: usize) -> Option<(QuickRow, usize)> {
        let mut values = [0.0; MAX_CELLS];
        let mut at = start;
        for (cell, value) in values.iter_mut().enumerate().take(self.width) {
            let (x, end) = plain_at(text, at)?;
            *value = x;
            let last = cell + 1 == self.width;
            at = match text.get(end) {
                Some(&c) if c == self.separator && !last => end + 1,
                Some(b'\n') if last => end + 1,
                None if last => end,
                _ => return None,
            };
        }
        let price = values[self.price];
        // MIN_PRICE is positive: zero, negative and NaN prices are outside too.
        if !(MIN_PRICE..=MAX_PRICE).contains(&price) {
            return None;
        }
        let time = match self.time {
            Some(i) => Some(unix_seconds(values[i])?),
            None => None,
        };
        let volume = self
            .volume
            .map_or(0.0, |i| values[i].clamp(0.0, MAX_VOLUME));
        Some((
            QuickRow {
                time,
                price,
                volume,
            },
            at,
        ))
    }
}

/// The plain decimal that starts at byte `start` of `text` (as
/// [`parse_number`](super::number::parse_number) reads it) and the byte after it, which
/// is not part of a number.
#[inline]
fn plain_at(text: &[u8], start: usize) -> Option<(f64, usize)> {
    let mut at = start;
    let negative = match text.get(at) {
        Some(b'-') => {
            at += 1;
            true
        }
        Some(b'+') => {
            at += 1;
            false
        }
        _ => false,
    };
    let digits_start = at;
    let mut mantissa: u64 = 0;
    let mut point = None;
    while let Some(&c) = text.get(at) {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            // Wraps only past 19 digits, which `plain_parts` refuses.
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        } else if c == b'.' && point.is_none() {
            point = Some(at);
        } else {
            break;
        }
        at += 1;
    }
    let len = at - digits_start;
    let decimals = point.map_or(0, |p| at - 1 - p);
    let digits = len - usize::from(point.is_some());
    let x = plain_parts(mantissa, digits, decimals)?;
    Some((if negative { -x } else { x }, at))
}

#[cfg(test)]
mod tests {
    use super::super::cells::Cells;
    use super::super::layout::detect_layout;
    use super::super::rows::row_to_snapshot;
    use super::super::CsvOptions;
    use super::*;
    use crate::engine::market::Snapshot;
    use proptest::prelude::*;

    /// The layout of `header`, split at `sep`.
    fn layout(header: &str, sep: u8) -> Layout {
        let rec = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(sep)
            .from_reader(header.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap();
        detect_layout(&rec).unwrap().0
    }

    /// What the splitter's path makes of `line` (no `\n`), when it makes a row of it.
    fn reference(line: &str, l: &Layout, sep: u8, opts: &CsvOptions) -> Option<Snapshot> {
        let cells: Vec<&str> = line.split(sep as char).map(str::trim_ascii).collect();
        if cells.cell_count() < l.width {
            return None;
        }
        row_to_snapshot(1, &cells[..], l, 7, opts).ok()
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{1,10}",
            "[0-9]{1,8}\\.[0-9]{0,8}",
            "[+-]?[0-9]{0,17}(\\.[0-9]{0,17})?",
            "-?0(\\.0+)?",
            "[0-9]{1,3}[ eE,x\"][0-9]",
            Just(String::new()),
            Just("1e3".to_string()),
            Just("1704067200000".to_string()),
            Just("1704067200000000000".to_string()),
            Just("0.0000000000001".to_string()),
            Just("2000000000000".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A line the shortcut takes gives the splitter's snapshot bit for bit, and the
        /// next line starts where the splitter's would.
        #[test]
        fn taken_lines_read_as_the_splitter_reads_them(
            cells in prop::collection::vec(cell(), 1..5),
            header in prop::sample::select(vec![
                "timestamp,close", "time,price,volume", "price", "date,open,close,volume",
                "volume,ts,last",
            ]),
            semicolon in any::<bool>(),
            end in prop::sample::select(vec!["\n", "", "\nnext"]),
        ) {
            let sep = if semicolon { b';' } else { b',' };
            let l = layout(&header.replace(',', &(sep as char).to_string()), sep);
            let line = cells.join(&(sep as char).to_string());
            let text = format!("{line}{end}");
            let opts = CsvOptions::default();
            let Some(quick) = QuickLine::for_layout(&l, sep) else {
                return Ok(());
            };
            if let Some((row, next)) = quick.read(text.as_bytes(), 0) {
                prop_assert_eq!(next, (line.len() + 1).min(text.len()));
                let time = row.time.unwrap_or(7.0);
                let snap = Snapshot::from_price(time, row.price, opts.half_spread, row.volume);
                let want = reference(&line, &l, sep, &opts);
                prop_assert_eq!(format!("{:?}", Some(snap)), format!("{want:?}"));
            }
        }
    }

    #[test]
    fn plain_lines_are_taken_and_others_left_to_the_splitter() {
        let l = layout("timestamp,close", b',');
        let q = QuickLine::for_layout(&l, b',').unwrap();
        let read = |s: &str| q.read(s.as_bytes(), 0);
        let row = |time, price| QuickRow {
            time: Some(time),
            price,
            volume: 0.0,
        };
        assert_eq!(
            read("1704067200,300.19\nx"),
            Some((row(1_704_067_200.0, 300.19), 18))
        );
        assert_eq!(
            read("1704067200000,5"),
            Some((row(1_704_067_200.0, 5.0), 15))
        );
        for other in [
            "1, 2\n",
            "1,2,3\n",
            "1\n",
            ",2\n",
            "1,\n",
            "1,0\n",
            "1,-2\n",
            "1,1e3\n",
            "1,\"2\"\n",
            "1,2\r\n",
            "\n",
            "1;2\n",
            "1,2000000000000\n",
            "1,1234567890123456\n",
        ] {
            assert_eq!(read(other), None, "{other:?}");
        }
        // Klines carry a low/high range, which the splitter's path checks.
        let kline = layout("1,2,3,4,5,6,7,8,9,10,11,12", b',');
        assert!(QuickLine::for_layout(&kline, b',').is_none());
    }
}
