//! A loaded data file as a little metadata plus pieces of columns of numbers, so a worker
//! can hand a million-row recording to the page without JSON: each column of a piece
//! becomes a `Float64Array` whose buffer is transferred, not copied, and the page rebuilds
//! the [`DataFile`] piece by piece ([`Rebuild`]), each in a task of its own. (One transfer
//! of every row at once made the page's garbage collector stop for 40–50 ms under the
//! sudden 100 MB of external memory.)
//!
//! Every value round-trips exactly: the columns are the `f64` fields themselves, the
//! aggressor is 0 (buy) or 1 (sell), and a trade id is split into two 32-bit halves.

use crate::engine::feed::{DataFile, Recording};
use crate::engine::market::{Aggressor, Snapshot, TradePrint};
use crate::engine::run::median_tick;
use crate::engine::sim::Clock;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Snapshot columns: time, bid, ask, last, volume, low, high, bid size, ask size.
pub const SNAPSHOT_COLUMNS: usize = 9;
/// Trade columns: time, price, quantity, aggressor, id's high and low 32 bits.
pub const TRADE_COLUMNS: usize = 6;
/// Rows of snapshots (and of trades) per piece: about 2.4 MB of snapshot columns, which
/// the page copies into its memory in a task of 5–15 ms (pieces of 65 536 rows took up to
/// 30 ms, and with a garbage collection in the same task, once 72 ms, on a slow machine).
pub const PIECE_ROWS: usize = 32_768;

/// Some rows of a recording, column by column: the next snapshots and the next trades.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    /// [`SNAPSHOT_COLUMNS`] columns, one row per snapshot.
    pub snapshots: Vec<Vec<f64>>,
    /// [`TRADE_COLUMNS`] columns, one row per trade print.
    pub trades: Vec<Vec<f64>>,
}

/// Everything but the numbers (small; sent as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// What the source was.
    pub format: String,
    /// Things fixed up on the way.
    pub warnings: Vec<String>,
    /// Real times or row numbers.
    pub clock: Clock,
    /// Snapshot rows.
    pub snapshots: usize,
    /// Trade rows.
    pub trades: usize,
    /// The snapshots' median spacing ([`median_tick`]), so the page need not compute it.
    pub tick: f64,
}

/// Why columns do not make a recording (a worker's reply that does not add up).
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnsError {
    /// Not the expected number of columns, or of rows in one.
    Shape,
    /// More rows than the metadata announced, or fewer at the end.
    RowCount,
    /// An aggressor that is neither 0 nor 1, or an id half that is not a 32-bit integer.
    BadTrade {
        /// Row of the trade.
        row: usize,
    },
}

impl fmt::Display for ColumnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnsError::Shape => f.write_str("the loaded columns have different lengths"),
            ColumnsError::RowCount => {
                f.write_str("the loaded columns do not have the rows announced")
            }
            ColumnsError::BadTrade { row } => {
                write!(f, "trade {row} of the loaded columns is malformed")
            }
        }
    }
}

impl std::error::Error for ColumnsError {}

/// Splits a data file into its metadata and its rows, [`PIECE_ROWS`] at a time (at least
/// one piece, perhaps empty).
pub fn split(file: DataFile) -> (Meta, Vec<Columns>) {
    let r = file.recording;
    let meta = Meta {
        format: r.format,
        warnings: r.warnings,
        clock: file.clock,
        snapshots: r.snapshots.len(),
        trades: r.trades.len(),
        tick: median_tick(&r.snapshots),
    };
    let snapshot_fields: [fn(&Snapshot) -> f64; SNAPSHOT_COLUMNS] = [
        |s| s.time,
        |s| s.bid,
        |s| s.ask,
        |s| s.last,
        |s| s.volume,
        |s| s.low,
        |s| s.high,
        |s| s.bid_size,
        |s| s.ask_size,
    ];
    let trade_fields: [fn(&TradePrint) -> f64; TRADE_COLUMNS] = [
        |t| t.time,
        |t| t.price,
        |t| t.qty,
        |t| match t.aggressor {
            Aggressor::Buy => 0.0,
            Aggressor::Sell => 1.0,
        },
        |t| (t.id >> 32) as f64,
        |t| (t.id & 0xFFFF_FFFF) as f64,
    ];
    let pieces = meta.snapshots.max(meta.trades).div_ceil(PIECE_ROWS).max(1);
    let rows = |len: usize, i: usize| (i * PIECE_ROWS).min(len)..((i + 1) * PIECE_ROWS).min(len);
    let columns = (0..pieces)
        .map(|i| Columns {
            snapshots: snapshot_fields
                .iter()
                .map(|f| r.snapshots[rows(meta.snapshots, i)].iter().map(f).collect())
                .collect(),
            trades: trade_fields
                .iter()
                .map(|f| r.trades[rows(meta.trades, i)].iter().map(f).collect())
                .collect(),
        })
        .collect();
    (meta, columns)
}

/// Where the columns are read from: the worker's transferred arrays in the page, plain
/// vectors in tests.
pub trait Source {
    /// Number of columns.
    fn columns(&self) -> usize;
    /// Rows in column `col`.
    fn rows(&self, col: usize) -> usize;
    /// Copies rows `start..start + out.len()` of column `col` into `out`.
    fn read(&self, col: usize, start: usize, out: &mut [f64]);
}

impl Source for [Vec<f64>] {
    fn columns(&self) -> usize {
        self.len()
    }
    fn rows(&self, col: usize) -> usize {
        self[col].len()
    }
    fn read(&self, col: usize, start: usize, out: &mut [f64]) {
        out.copy_from_slice(&self[col][start..start + out.len()]);
    }
}

/// A data file being rebuilt from its pieces, in order.
#[derive(Debug)]
pub struct Rebuild {
    file: DataFile,
    snapshots: usize,
    trades: usize,
    tick: f64,
    /// One piece of every column, reused.
    scratch: Vec<Vec<f64>>,
}

impl Rebuild {
    /// Starts rebuilding the file `meta` describes.
    pub fn new(meta: Meta) -> Rebuild {
        Rebuild {
            file: DataFile {
                recording: Recording {
                    snapshots: Vec::with_capacity(meta.snapshots),
                    trades: Vec::with_capacity(meta.trades),
                    format: meta.format,
                    warnings: meta.warnings,
                },
                clock: meta.clock,
            },
            snapshots: meta.snapshots,
            trades: meta.trades,
            tick: meta.tick,
            scratch: vec![Vec::new(); SNAPSHOT_COLUMNS.max(TRADE_COLUMNS)],
        }
    }

    /// Adds the next piece; returns whether every row is in.
    pub fn push(
        &mut self,
        snapshots: &(impl Source + ?Sized),
        trades: &(impl Source + ?Sized),
    ) -> Result<bool, ColumnsError> {
        let n = rows(snapshots, SNAPSHOT_COLUMNS)?;
        let m = rows(trades, TRADE_COLUMNS)?;
        let r = &mut self.file.recording;
        if r.snapshots.len() + n > self.snapshots || r.trades.len() + m > self.trades {
            return Err(ColumnsError::RowCount);
        }
        let c = read(snapshots, SNAPSHOT_COLUMNS, n, &mut self.scratch);
        r.snapshots.extend((0..n).map(|i| Snapshot {
            time: c[0][i],
            bid: c[1][i],
            ask: c[2][i],
            last: c[3][i],
            volume: c[4][i],
            low: c[5][i],
            high: c[6][i],
            bid_size: c[7][i],
            ask_size: c[8][i],
        }));
        let from = r.trades.len();
        let c = read(trades, TRADE_COLUMNS, m, &mut self.scratch);
        for i in 0..m {
            r.trades.push(trade(c, i, from + i)?);
        }
        Ok(self.complete())
    }

    fn complete(&self) -> bool {
        let r = &self.file.recording;
        r.snapshots.len() == self.snapshots && r.trades.len() == self.trades
    }

    /// Share of the rows rebuilt so far.
    pub fn fraction(&self) -> f64 {
        let r = &self.file.recording;
        let total = (self.snapshots + self.trades).max(1);
        (r.snapshots.len() + r.trades.len()) as f64 / total as f64
    }

    /// The snapshots' median spacing, as the metadata gave it.
    pub fn tick(&self) -> f64 {
        self.tick
    }

    /// The data file, once every row is in.
    pub fn finish(self) -> Result<DataFile, ColumnsError> {
        if !self.complete() {
            return Err(ColumnsError::RowCount);
        }
        Ok(self.file)
    }
}

/// Row `i` of the trade columns `c`, which is trade `row` of the recording.
fn trade(c: &[Vec<f64>], i: usize, row: usize) -> Result<TradePrint, ColumnsError> {
    let bad = ColumnsError::BadTrade { row };
    let aggressor = match c[3][i] {
        0.0 => Aggressor::Buy,
        1.0 => Aggressor::Sell,
        _ => return Err(bad),
    };
    let half = |x: f64| (x >= 0.0 && x <= u32::MAX as f64 && x.fract() == 0.0).then_some(x as u64);
    let (Some(hi), Some(lo)) = (half(c[4][i]), half(c[5][i])) else {
        return Err(bad);
    };
    Ok(TradePrint {
        time: c[0][i],
        price: c[1][i],
        qty: c[2][i],
        aggressor,
        id: hi << 32 | lo,
    })
}

/// The rows of a piece's `cols` columns, when they all have the same number.
fn rows(src: &(impl Source + ?Sized), cols: usize) -> Result<usize, ColumnsError> {
    if src.columns() != cols {
        return Err(ColumnsError::Shape);
    }
    let n = src.rows(0);
    if (1..cols).any(|c| src.rows(c) != n) {
        return Err(ColumnsError::Shape);
    }
    Ok(n)
}

/// The first `n` rows of the first `cols` columns of `src`, into `scratch`.
fn read<'a>(
    src: &(impl Source + ?Sized),
    cols: usize,
    n: usize,
    scratch: &'a mut [Vec<f64>],
) -> &'a [Vec<f64>] {
    for (c, buf) in scratch.iter_mut().take(cols).enumerate() {
        buf.resize(n, 0.0);
        src.read(c, 0, buf);
    }
    &scratch[..cols]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> DataFile {
        let snapshots = (0..1000)
            .map(|i| Snapshot {
                time: 1.7e9 + i as f64 * 0.25,
                bid: 100.0 + i as f64 * 0.01,
                ask: 100.02 + i as f64 * 0.01,
                last: 100.01,
                volume: i as f64,
                low: f64::NAN,
                high: -0.0,
                bid_size: 1e-300,
                ask_size: f64::INFINITY,
            })
            .collect();
        let trades = (0..700u64)
            .map(|i| TradePrint {
                time: 1.7e9 + i as f64 * 0.3,
                price: 100.0 + i as f64 * 1e-9,
                qty: 0.1,
                aggressor: if i % 3 == 0 {
                    Aggressor::Sell
                } else {
                    Aggressor::Buy
                },
                id: [0, 1, u32::MAX as u64, 1 << 53, u64::MAX][i as usize % 5] ^ i,
            })
            .collect();
        DataFile {
            recording: Recording {
                snapshots,
                trades,
                format: "Binance trades dump".into(),
                warnings: vec!["a warning".into()],
            },
            clock: Clock::Steps,
        }
    }

    /// Pushes the pieces in order; also returns after which ones the file was complete.
    fn rebuild(meta: &Meta, pieces: &[Columns]) -> Result<(DataFile, Vec<bool>), ColumnsError> {
        let mut r = Rebuild::new(meta.clone());
        let mut done = Vec::new();
        for p in pieces {
            done.push(r.push(&p.snapshots[..], &p.trades[..])?);
        }
        Ok((r.finish()?, done))
    }

    #[test]
    fn a_file_split_into_pieces_of_columns_is_rebuilt_bit_for_bit() {
        let mut original = file();
        // More rows than one piece, snapshots and trades of different lengths.
        let (s, t) = (
            original.recording.snapshots.clone(),
            original.recording.trades.clone(),
        );
        for _ in 0..70 {
            original.recording.snapshots.extend_from_slice(&s);
            original.recording.trades.extend_from_slice(&t);
        }
        let (meta, pieces) = split(original.clone());
        let meta: Meta = serde_json::from_str(&serde_json::to_string(&meta).unwrap()).unwrap();
        assert_eq!((meta.snapshots, meta.trades), (71_000, 49_700));
        assert_eq!(PIECE_ROWS, 32_768, "the numbers below assume it");
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[1].trades[0].len(), 49_700 - PIECE_ROWS);
        assert_eq!(pieces[2].trades[0].len(), 0);
        let (rebuilt, done) = rebuild(&meta, &pieces).unwrap();
        assert_eq!(done, [false, false, true]);
        // Debug text compares NaN too; ids compare as integers.
        assert_eq!(format!("{rebuilt:?}"), format!("{original:?}"));
        assert_eq!(rebuilt.recording.trades, original.recording.trades);
        assert_eq!(meta.tick, median_tick(&rebuilt.recording.snapshots));
        // An empty file is one empty piece.
        let (meta, pieces) = split(DataFile {
            recording: Recording::default(),
            clock: Clock::Timestamps,
        });
        assert_eq!(pieces.len(), 1);
        assert_eq!(
            rebuild(&meta, &pieces).unwrap().0.recording,
            Recording::default()
        );
    }

    #[test]
    fn pieces_that_do_not_add_up_are_refused() {
        let (meta, pieces) = split(file());
        let mut short = pieces.clone();
        short[0].trades[2].pop();
        assert_eq!(rebuild(&meta, &short).unwrap_err(), ColumnsError::Shape);
        let twice = [pieces[0].clone(), pieces[0].clone()];
        assert_eq!(rebuild(&meta, &twice).unwrap_err(), ColumnsError::RowCount);
        let mut r = Rebuild::new(meta.clone());
        let none: &[Vec<f64>] = &[];
        assert_eq!(r.push(none, none), Err(ColumnsError::Shape));
        assert_eq!(r.finish().unwrap_err(), ColumnsError::RowCount);
        let mut bad = pieces.clone();
        bad[0].trades[3][5] = 2.0;
        assert_eq!(
            rebuild(&meta, &bad).unwrap_err(),
            ColumnsError::BadTrade { row: 5 }
        );
        let mut bad = pieces;
        bad[0].trades[4][9] = 0.5;
        assert_eq!(
            rebuild(&meta, &bad).unwrap_err(),
            ColumnsError::BadTrade { row: 9 }
        );
    }
}
