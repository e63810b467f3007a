//! How per-step returns become yearly figures: measured from the feed's own timestamps.
//!
//! - **365-day year** (calendar time, the default; right for 24/7 markets and for any feed
//!   whose gaps are real time passing): steps per year = 365 days ÷ the mean spacing of the
//!   snapshots, first to last timestamp.
//! - **252-day year** (trading days): steps per year = 252 × steps per trading day, where a
//!   trading day is a UTC date that has data and the steps per day are counted on the dates
//!   strictly between the first and the last (so partial first and last days do not bias
//!   it). A run spanning fewer than three dates counts a day as 24 h of its mean spacing.
//! - **Per step**: the feed has no real time (a CSV without a time column), so Sharpe and
//!   volatility are per step and labelled so.
//!
//! Constant memory: a handful of counters, whatever the run's length.

use super::utc_day::{UtcDay, DAY};
use serde::{Deserialize, Serialize};

/// What a year is when annualising.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum YearBasis {
    /// 365 calendar days.
    #[default]
    #[serde(rename = "365")]
    Calendar,
    /// 252 trading days.
    #[serde(rename = "252")]
    Trading,
}

/// Whether the feed's timestamps are real time or only row numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// Timestamps are seconds since the epoch.
    #[default]
    Timestamps,
    /// Timestamps are row numbers: no annualisation is possible.
    Steps,
}

/// The unit Sharpe and volatility are quoted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeBasis {
    /// Annualised over a 365-day year.
    #[default]
    Year365,
    /// Annualised over a 252-trading-day year.
    Year252,
    /// Per step, not annualised.
    PerStep,
}

impl TimeBasis {
    /// A short label for the KPI table.
    pub fn label(self) -> &'static str {
        match self {
            TimeBasis::Year365 => "annualised, 365-day year",
            TimeBasis::Year252 => "annualised, 252-day year",
            TimeBasis::PerStep => "per step (no time column)",
        }
    }
}

/// Tracks the feed's timestamps as the run goes.
#[derive(Debug, Clone, Default)]
pub struct TimeSpan {
    first: Option<f64>,
    last: f64,
    /// Snapshots seen.
    count: u64,
    /// UTC day number of the current date, and the snapshots seen on it.
    date: i64,
    on_date: u64,
    /// Day numbers of the snapshots' times.
    day: UtcDay,
    /// Dates seen so far (first included).
    dates: u64,
    /// Completed dates after the first, and their snapshots (the current date is not yet
    /// complete: it may be the last).
    middle_dates: u64,
    middle_steps: u64,
}

impl TimeSpan {
    /// Records one snapshot's time (seconds since the epoch).
    #[inline]
    pub fn on_time(&mut self, t: f64) {
        if !t.is_finite() {
            return;
        }
        let date = self.day.of(t);
        match self.first {
            None => {
                self.first = Some(t);
                self.date = date;
                self.dates = 1;
            }
            Some(_) if date != self.date => {
                if self.dates >= 2 {
                    self.middle_dates += 1;
                    self.middle_steps += self.on_date;
                }
                self.date = date;
                self.on_date = 0;
                self.dates += 1;
            }
            Some(_) => {}
        }
        self.on_date += 1;
        self.count += 1;
        self.last = t;
    }

    /// Steps per year for `basis`, or `None` when the feed has no usable time (row numbers,
    /// fewer than two snapshots, or no time passing): the figures are then per step.
    pub fn steps_per_year(&self, clock: Clock, basis: YearBasis) -> Option<f64> {
        let first = self.first?;
        let elapsed = self.last - first;
        if clock == Clock::Steps || self.count < 2 || elapsed <= 0.0 {
            return None;
        }
        let mean_spacing = elapsed / (self.count - 1) as f64;
        Some(match basis {
            YearBasis::Calendar => 365.0 * DAY / mean_spacing,
            YearBasis::Trading if self.middle_dates > 0 => {
                252.0 * self.middle_steps as f64 / self.middle_dates as f64
            }
            YearBasis::Trading => 252.0 * DAY / mean_spacing,
        })
    }

    /// The unit the figures are in.
    pub fn basis(&self, clock: Clock, basis: YearBasis) -> TimeBasis {
        match (self.steps_per_year(clock, basis), basis) {
            (None, _) => TimeBasis::PerStep,
            (Some(_), YearBasis::Calendar) => TimeBasis::Year365,
            (Some(_), YearBasis::Trading) => TimeBasis::Year252,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(times: impl IntoIterator<Item = f64>) -> TimeSpan {
        let mut s = TimeSpan::default();
        for t in times {
            s.on_time(t);
        }
        s
    }

    #[test]
    fn calendar_year_uses_the_mean_spacing() {
        let s = span((0..1000).map(|i| 1.7e9 + 60.0 * i as f64));
        let n = s
            .steps_per_year(Clock::Timestamps, YearBasis::Calendar)
            .unwrap();
        assert!((n - 525_600.0).abs() < 1e-6, "{n}");
    }

    #[test]
    fn daily_weekday_bars_give_about_261_calendar_and_exactly_252_trading() {
        // Monday 2024-01-01 onwards, weekdays only, 200 bars.
        let days: Vec<f64> = (0..280)
            .filter(|d| d % 7 < 5)
            .take(200)
            .map(|d| 1_704_067_200.0 + DAY * d as f64)
            .collect();
        let s = span(days);
        let cal = s
            .steps_per_year(Clock::Timestamps, YearBasis::Calendar)
            .unwrap();
        assert!((255.0..265.0).contains(&cal), "{cal}");
        let trading = s
            .steps_per_year(Clock::Timestamps, YearBasis::Trading)
            .unwrap();
        assert_eq!(trading, 252.0);
    }

    #[test]
    fn trading_year_counts_steps_per_full_date() {
        // 6.5-hour sessions of 1-minute bars on 5 consecutive dates, starting mid-session.
        let mut times = vec![];
        for d in 0..5 {
            let open = 1_704_067_200.0 + DAY * d as f64 + 14.5 * 3600.0;
            let skip = if d == 0 { 200 } else { 0 };
            times.extend((skip..390).map(|m| open + 60.0 * m as f64));
        }
        let s = span(times);
        let n = s
            .steps_per_year(Clock::Timestamps, YearBasis::Trading)
            .unwrap();
        assert_eq!(n, 252.0 * 390.0);
        assert_eq!(
            s.basis(Clock::Timestamps, YearBasis::Trading),
            TimeBasis::Year252
        );
    }

    #[test]
    fn row_numbers_and_single_snapshots_are_per_step() {
        let rows = span((0..100).map(|i| i as f64));
        assert_eq!(rows.steps_per_year(Clock::Steps, YearBasis::Calendar), None);
        assert_eq!(
            rows.basis(Clock::Steps, YearBasis::Calendar),
            TimeBasis::PerStep
        );
        assert_eq!(
            span([5.0]).steps_per_year(Clock::Timestamps, YearBasis::Calendar),
            None
        );
        assert_eq!(
            span([5.0, 5.0]).steps_per_year(Clock::Timestamps, YearBasis::Calendar),
            None
        );
    }

    #[test]
    fn short_runs_fall_back_to_24_hour_days() {
        let s = span((0..100).map(|i| 1.7e9 + i as f64));
        let n = s
            .steps_per_year(Clock::Timestamps, YearBasis::Trading)
            .unwrap();
        assert!((n - 252.0 * DAY).abs() < 1e-6, "{n}");
    }
}
