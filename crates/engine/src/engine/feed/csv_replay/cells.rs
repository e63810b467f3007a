//! [`Cells`]: a row's trimmed cells, whichever reader split them, so one function turns
//! both the `csv` reader's records and the fast splitter's lines into snapshots.

/// The trimmed cells of one CSV row.
pub(super) trait Cells {
    /// How many cells the row has.
    fn cell_count(&self) -> usize;
    /// Cell `i`, if the row has it.
    fn cell(&self, i: usize) -> Option<&str>;
    /// Whether every cell is empty (such rows are skipped).
    fn all_empty(&self) -> bool {
        (0..self.cell_count()).all(|i| self.cell(i).is_none_or(str::is_empty))
    }
}

impl Cells for csv::StringRecord {
    fn cell_count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
}

impl Cells for [&str] {
    fn cell_count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i).copied()
    }
}
