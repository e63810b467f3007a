//! The fast path's line splitter: a line of plain cells (printable ASCII without quotes)
//! is split at the separator and trimmed without allocating. Anything else (quotes, `\r`,
//! tabs that are not the separator, control or non-ASCII bytes, too many cells) is left to
//! the `csv` reader, which reads such a line exactly as the fast path would have.

/// What the line starting at some byte is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// An empty line, which the `csv` reader skips without ending a record.
    Blank,
    /// Plain cells, now in the cells vector.
    Plain,
    /// A line only the `csv` reader reads.
    Unusual,
}

/// Byte classes.
const CELL: u8 = 0;
const SEPARATOR: u8 = 1;
const NEWLINE: u8 = 2;
const UNUSUAL: u8 = 3;

/// Splits lines of plain cells for one separator.
#[derive(Debug)]
pub(super) struct Splitter {
    class: [u8; 256],
}

impl Splitter {
    /// A splitter for `separator` (`,`, `;` or tab).
    pub(super) fn new(separator: u8) -> Self {
        let mut class = [UNUSUAL; 256];
        for b in 0x20..=0x7e {
            class[b as usize] = CELL;
        }
        class[b'"' as usize] = UNUSUAL;
        class[b'\n' as usize] = NEWLINE;
        class[separator as usize] = SEPARATOR;
        Self { class }
    }

    /// Splits the line of `text` that starts at byte `start` (before the end of `text`)
    /// into `cells` (cleared first), each trimmed of spaces, keeping at most `max_cells`.
    /// Returns the kind of line and the byte after it (after its `\n`, or the end of the
    /// text); for [`Line::Unusual`] the cells and the end are meaningless.
    pub(super) fn split<'a>(
        &self,
        text: &'a str,
        start: usize,
        cells: &mut Vec<&'a str>,
        max_cells: usize,
    ) -> (Line, usize) {
        cells.clear();
        let bytes = text.as_bytes();
        if bytes.get(start) == Some(&b'\n') {
            return (Line::Blank, start + 1);
        }
        let mut field = start;
        let mut i = start;
        while i < bytes.len() {
            match self.class[bytes[i] as usize] {
                CELL => {}
                SEPARATOR => {
                    if cells.len() == max_cells {
                        return (Line::Unusual, i);
                    }
                    cells.push(text[field..i].trim_ascii());
                    field = i + 1;
                }
                NEWLINE => break,
                _ => return (Line::Unusual, i),
            }
            i += 1;
        }
        if cells.len() == max_cells {
            return (Line::Unusual, i);
        }
        cells.push(text[field..i].trim_ascii());
        (Line::Plain, (i + 1).min(bytes.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_split_and_trim_and_others_are_unusual() {
        let s = Splitter::new(b',');
        let mut cells = Vec::new();
        let text = "1, 2 ,,x\n\n3;4\n\"q\",1\n5,6";
        assert_eq!(s.split(text, 0, &mut cells, 256), (Line::Plain, 9));
        assert_eq!(cells, ["1", "2", "", "x"]);
        assert_eq!(s.split(text, 9, &mut cells, 256), (Line::Blank, 10));
        assert_eq!(s.split(text, 10, &mut cells, 256), (Line::Plain, 14));
        assert_eq!(cells, ["3;4"]);
        assert_eq!(s.split(text, 14, &mut cells, 256).0, Line::Unusual);
        assert_eq!(
            s.split(text, 20, &mut cells, 256),
            (Line::Plain, text.len())
        );
        assert_eq!(cells, ["5", "6"]);
        assert_eq!(s.split(text, 20, &mut cells, 1).0, Line::Unusual);
        for odd in ["1\r\n", "1\t2\n", "é,1\n", "1\u{0b},2\n"] {
            assert_eq!(s.split(odd, 0, &mut cells, 256).0, Line::Unusual, "{odd:?}");
        }
        let tab = Splitter::new(b'\t');
        assert_eq!(tab.split("1\t 2\n", 0, &mut cells, 256), (Line::Plain, 5));
        assert_eq!(cells, ["1", "2"]);
    }
}
