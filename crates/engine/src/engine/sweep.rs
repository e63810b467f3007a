//! Parameter sweeps: a grid over two number settings, one KPI per cell.
//! Cells are independent, so any subset can run anywhere (rayon natively, web workers
//! in the browser) and the results combine by index.

use super::market::Snapshot;
use super::run::{self, RunError};
use super::settings::{Group, NumberSetting, Settings};
use super::sim::Kpis;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// One axis: a number setting swept linearly from `lo` to `hi` in `n` points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// The setting (any row of [`super::settings::sweepable`]).
    pub field: NumberSetting,
    /// First value.
    pub lo: f64,
    /// Last value.
    pub hi: f64,
    /// Number of points (>= 1).
    pub n: usize,
}

/// A KPI a sweep can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Total return, %.
    TotalReturnPercentage,
    /// Annualised Sharpe.
    Sharpe,
    /// Max drawdown (fraction).
    MaxDrawdown,
    /// Number of fills.
    TotalTrades,
    /// Win rate.
    WinRate,
    /// Fill rate.
    FillRate,
    /// Average inventory share of equity.
    CapitalUtilisation,
    /// Realised PnL.
    RealisedPnl,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 8] = [
        Metric::TotalReturnPercentage,
        Metric::Sharpe,
        Metric::MaxDrawdown,
        Metric::TotalTrades,
        Metric::WinRate,
        Metric::FillRate,
        Metric::CapitalUtilisation,
        Metric::RealisedPnl,
    ];

    /// The KPI name.
    pub fn name(self) -> &'static str {
        match self {
            Metric::TotalReturnPercentage => "total_return_percentage",
            Metric::Sharpe => "sharpe",
            Metric::MaxDrawdown => "max_drawdown",
            Metric::TotalTrades => "total_trades",
            Metric::WinRate => "win_rate",
            Metric::FillRate => "fill_rate",
            Metric::CapitalUtilisation => "capital_utilisation",
            Metric::RealisedPnl => "realised_pnl",
        }
    }

    /// Looks a metric up by KPI name.
    pub fn from_name(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == s)
    }

    /// Reads the metric from KPIs.
    pub fn of(self, k: &Kpis) -> f64 {
        match self {
            Metric::TotalReturnPercentage => k.total_return_percentage,
            Metric::Sharpe => k.sharpe,
            Metric::MaxDrawdown => k.max_drawdown,
            Metric::TotalTrades => k.total_trades as f64,
            Metric::WinRate => k.win_rate,
            Metric::FillRate => k.fill_rate,
            Metric::CapitalUtilisation => k.capital_utilisation,
            Metric::RealisedPnl => k.realised_pnl,
        }
    }
}

/// Why a sweep cannot run.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepError {
    /// An axis is malformed (names the axis and the problem).
    Axis(String),
    /// A grid point is not a valid config (names the cell's values).
    Cell(String),
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::Axis(m) | SweepError::Cell(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SweepError {}

/// A whole sweep: two axes and a metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepSpec {
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// KPI shown.
    pub metric: Metric,
}

/// Largest grid side.
pub const MAX_POINTS: usize = 200;

impl Axis {
    /// The `n` values, evenly spaced, exact at both ends.
    pub fn values(&self) -> Vec<f64> {
        if self.n == 1 {
            return vec![self.lo];
        }
        (0..self.n)
            .map(|i| {
                if i == self.n - 1 {
                    self.hi
                } else {
                    self.lo + (self.hi - self.lo) * i as f64 / (self.n - 1) as f64
                }
            })
            .collect()
    }

    /// Parses `field=lo:hi:n` (e.g. `spread_percentage=0.0005:0.005:20`).
    pub fn parse(s: &str) -> Result<Axis, SweepError> {
        let bad =
            |why: &str| SweepError::Axis(format!("axis '{s}': {why} (expected field=lo:hi:n)"));
        let (name, range) = s.split_once('=').ok_or_else(|| bad("missing '='"))?;
        let field = super::settings::sweepable()
            .find(|f| f.key() == name)
            .ok_or_else(|| bad("unknown setting"))?;
        let parts: Vec<&str> = range.split(':').collect();
        if parts.len() != 3 {
            return Err(bad("need three parts"));
        }
        let lo: f64 = parts[0].parse().map_err(|_| bad("lo is not a number"))?;
        let hi: f64 = parts[1].parse().map_err(|_| bad("hi is not a number"))?;
        let n: usize = parts[2]
            .parse()
            .map_err(|_| bad("n is not a whole number"))?;
        let axis = Axis { field, lo, hi, n };
        axis.validate()?;
        Ok(axis)
    }

    /// Checks the range lies inside the field's allowed range and n is sane.
    pub fn validate(&self) -> Result<(), SweepError> {
        let r = self.field.range();
        let name = self.field.key();
        if !(1..=MAX_POINTS).contains(&self.n) {
            return Err(SweepError::Axis(format!(
                "{name}: n = {} must be in 1..={MAX_POINTS}",
                self.n
            )));
        }
        for v in [self.lo, self.hi] {
            if !r.contains(v) {
                return Err(SweepError::Axis(format!(
                    "{name}: {v} is outside the allowed range {r}"
                )));
            }
        }
        Ok(())
    }
}

impl SweepSpec {
    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.x.n * self.y.n
    }

    /// Checks both axes and that they differ.
    pub fn validate(&self) -> Result<(), SweepError> {
        self.x.validate()?;
        self.y.validate()?;
        if self.x.field == self.y.field {
            return Err(SweepError::Axis(
                "the two axes must be different settings".into(),
            ));
        }
        Ok(())
    }

    /// The settings of cell `i` (row-major: i = row * x.n + col; row follows y).
    pub fn cell_settings(&self, base: &Settings, i: usize) -> Result<Settings, SweepError> {
        let (row, col) = (i / self.x.n, i % self.x.n);
        let mut s = base.clone();
        for (axis, j) in [(&self.x, col), (&self.y, row)] {
            s.set_num(axis.field.key(), value_at(axis, j))
                .map_err(|e| SweepError::Cell(format!("cell {i}: {e}")))?;
        }
        Ok(s)
    }

    /// True when an axis changes the synthetic market, so each cell needs its own feed.
    pub fn moves_feed(&self) -> bool {
        [self.x, self.y]
            .iter()
            .any(|a| a.field.0.group == Group::Market)
    }
}

fn value_at(a: &Axis, i: usize) -> f64 {
    if a.n == 1 {
        a.lo
    } else if i == a.n - 1 {
        a.hi
    } else {
        a.lo + (a.hi - a.lo) * i as f64 / (a.n - 1) as f64
    }
}

/// Runs cells `range` of the sweep around `base` on `feed`; the metric per cell, in order.
pub fn run_cells(
    spec: &SweepSpec,
    base: &Settings,
    feed: &[Snapshot],
    range: std::ops::Range<usize>,
) -> Result<Vec<f64>, SweepError> {
    spec.validate()?;
    range.map(|i| run_cell(spec, base, feed, i)).collect()
}

/// Runs one cell. When an axis is a market setting of a synthetic feed, the cell runs on
/// its own feed (same seed, that cell's market); otherwise on `feed`.
pub fn run_cell(
    spec: &SweepSpec,
    base: &Settings,
    feed: &[Snapshot],
    i: usize,
) -> Result<f64, SweepError> {
    let s = spec.cell_settings(base, i)?;
    let err = |e: RunError| SweepError::Cell(format!("cell {i}: {e}"));
    let feed = if spec.moves_feed() && s.feed.is_synthetic() {
        Cow::Owned(run::feed(&s, None).map_err(err)?)
    } else {
        Cow::Borrowed(feed)
    };
    let k = run::run_summary(&s, &feed).map_err(err)?;
    Ok(spec.metric.of(&k))
}

/// Splits `0..cells` into `parts` contiguous, nearly equal ranges (for workers/threads).
pub fn partition(cells: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let parts = parts.clamp(1, cells.max(1));
    (0..parts)
        .map(|p| (p * cells / parts)..((p + 1) * cells / parts))
        .filter(|r| !r.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> NumberSetting {
        NumberSetting::from_key(k).unwrap()
    }

    fn spec() -> SweepSpec {
        SweepSpec {
            x: Axis {
                field: key("spread_percentage"),
                lo: 0.0005,
                hi: 0.005,
                n: 4,
            },
            y: Axis {
                field: key("order_size_percentage"),
                lo: 0.005,
                hi: 0.05,
                n: 3,
            },
            metric: Metric::TotalTrades,
        }
    }

    #[test]
    fn grid_values_are_exact_at_the_ends_and_row_major() {
        let s = spec();
        let xs = s.x.values();
        for (got, want) in xs.iter().zip([0.0005, 0.0020, 0.0035, 0.005]) {
            assert!((got - want).abs() < 1e-15, "{xs:?}");
        }
        assert_eq!(s.x.values()[0], 0.0005);
        assert_eq!(s.x.values()[3], 0.005);
        assert_eq!(s.cells(), 12);
        let c = s.cell_settings(&Settings::default(), 7).unwrap().config; // row 1, col 3
        assert_eq!(c.spread_percentage, 0.005);
        assert!((c.order_size_percentage - 0.0275).abs() < 1e-15);
        assert_eq!(Axis { n: 1, ..s.x }.values(), vec![0.0005]);
    }

    #[test]
    fn partitions_cover_every_cell_once() {
        for (cells, parts) in [(400, 2), (400, 3), (7, 16), (1, 4), (0, 3)] {
            let ps = partition(cells, parts);
            let all: Vec<usize> = ps.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(all, (0..cells).collect::<Vec<_>>());
            assert!(ps.len() <= parts.max(1));
        }
    }

    #[test]
    fn slices_equal_the_whole_and_respond_to_the_axes() {
        let base = Settings {
            steps: 2000,
            ..Settings::default()
        };
        let snaps = run::feed(&base, None).unwrap();
        let s = spec();
        let whole = run_cells(&s, &base, &snaps, 0..12).unwrap();
        let mut parts = Vec::new();
        for r in partition(12, 5) {
            parts.extend(run_cells(&s, &base, &snaps, r).unwrap());
        }
        assert_eq!(whole, parts);
        // Wider spread, fewer fills (first row).
        assert!(whole[0] > whole[3], "{whole:?}");
    }

    #[test]
    fn parse_and_errors() {
        let a = Axis::parse("spread_percentage=0.0005:0.005:20").unwrap();
        assert_eq!((a.field, a.n), (key("spread_percentage"), 20));
        for bad in [
            "spread=1:2:3",
            "spread_percentage=0.001:0.2:5",
            "spread_percentage=a:0.01:5",
            "spread_percentage=0.001:0.01",
            "spread_percentage=0.001:0.01:0",
        ] {
            assert!(Axis::parse(bad).is_err(), "{bad}");
        }
        let s = SweepSpec {
            y: spec().x,
            ..spec()
        };
        assert!(s.validate().is_err());
        assert_eq!(Metric::from_name("sharpe"), Some(Metric::Sharpe));
        assert!(Axis::parse("poll_ms=500:1000:2").is_err());
    }

    #[test]
    fn market_axes_regenerate_the_feed_per_cell() {
        let base = Settings {
            steps: 2000,
            ..Settings::default()
        };
        let snaps = run::feed(&base, None).unwrap();
        let s = SweepSpec {
            x: Axis::parse("volatility=0.2:1.6:2").unwrap(),
            y: Axis::parse("spread_percentage=0.001:0.001:1").unwrap(),
            metric: Metric::TotalTrades,
        };
        assert!(s.moves_feed());
        let v = run_cells(&s, &base, &snaps, 0..2).unwrap();
        let mut direct = base.clone();
        direct.walk.volatility = 1.6;
        let own = run::feed(&direct, None).unwrap();
        assert_eq!(
            v[1],
            run::run_summary(&direct, &own).unwrap().total_trades as f64
        );
        assert_ne!(v[0], v[1]);
    }
}
