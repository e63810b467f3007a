//! The UTC day number of a timestamp, `floor(t / 86 400)`, without a division or a `floor`
//! call per step: consecutive snapshots mostly fall on the same day, so the day's bounds
//! are kept and `t` is only compared with them.

/// Seconds per day.
pub(crate) const DAY: f64 = 86_400.0;

/// Days of at most this magnitude (11 million years) get bounds: their starts in seconds are
/// exact in an `f64`, and the rounded quotient `t / DAY` is within 2⁻²⁰ s of the exact one.
const BOUNDED_DAYS: u64 = 1 << 32;

/// How far before the next day's start the bounds stop. Below it the rounded `t / DAY`
/// cannot round up to the next day (that takes `t` within `|t / DAY| × 2⁻⁵³ × DAY` of it,
/// under 0.05 s for bounded days); from it on the day is computed.
const MARGIN: f64 = 1.0;

/// The last day number computed and the times that surely have it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UtcDay {
    day: i64,
    /// Times in `start..end` have day number `day`; an empty range before the first call
    /// and for days too far from the epoch.
    start: f64,
    end: f64,
}

impl Default for UtcDay {
    fn default() -> Self {
        UtcDay {
            day: 0,
            start: f64::INFINITY,
            end: f64::NEG_INFINITY,
        }
    }
}

impl UtcDay {
    /// `(t / DAY).floor() as i64` for finite `t`, bit for bit.
    ///
    /// In `start..end` that holds because `t >= day × DAY` (exact) makes the exact quotient,
    /// and so its rounding, at least `day`, and `t < (day + 1) × DAY - MARGIN` keeps the
    /// rounded quotient below `day + 1`.
    #[inline]
    pub fn of(&mut self, t: f64) -> i64 {
        if t >= self.start && t < self.end {
            return self.day;
        }
        self.compute(t)
    }

    /// The exact day number, and the bounds of its day when it has them.
    #[cold]
    fn compute(&mut self, t: f64) -> i64 {
        let day = (t / DAY).floor() as i64;
        self.day = day;
        if day.unsigned_abs() <= BOUNDED_DAYS {
            self.start = day as f64 * DAY;
            self.end = (day + 1) as f64 * DAY - MARGIN;
        } else {
            *self = UtcDay {
                day,
                ..UtcDay::default()
            };
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(t: f64) -> i64 {
        (t / DAY).floor() as i64
    }

    /// Times on and around day boundaries, in both orders, agree with the exact formula.
    #[test]
    fn matches_floor_of_the_rounded_quotient() {
        let mut times = vec![0.0, -0.0, 1e-300, -1e-300, f64::MIN_POSITIVE, 1.7e9, -1.7e9];
        for day in [
            -(1i64 << 40),
            -(1i64 << 32) - 1,
            -(1 << 32),
            -20_000,
            -2,
            -1,
            0,
            1,
            19_723,
            19_724,
            (1 << 32) - 1,
            1 << 32,
            (1 << 32) + 1,
            1 << 40,
            1 << 52,
        ] {
            let edge = day as f64 * DAY;
            let mut below = edge;
            let mut above = edge;
            for _ in 0..64 {
                below = below.next_down();
                above = above.next_up();
                times.extend([below, above]);
            }
            for d in [
                1e-9, 1e-6, 1e-3, 0.049, 0.5, 0.999, 1.0, 1.001, 2.0, 43_200.0,
            ] {
                times.extend([edge - d, edge + d, edge + DAY - d]);
            }
            times.push(edge);
        }
        times.extend([1e15, -1e15, 1e19, -1e19, 1e300, -1e300, f64::MAX, f64::MIN]);
        let mut forward = UtcDay::default();
        for &t in &times {
            assert_eq!(forward.of(t), exact(t), "{t:e}");
        }
        let mut backward = UtcDay::default();
        for &t in times.iter().rev() {
            assert_eq!(backward.of(t), exact(t), "{t:e}");
        }
        // Each time also right after every other one (the cached day is any day).
        for &a in times.iter().step_by(7) {
            for &t in &times {
                let mut d = UtcDay::default();
                d.of(a);
                assert_eq!(d.of(t), exact(t), "{t:e} after {a:e}");
            }
        }
    }

    #[test]
    fn a_minute_feed_agrees_over_several_days() {
        let mut d = UtcDay::default();
        for i in 0..20_000 {
            let t = 1_704_067_200.0 + 60.0 * i as f64 + 0.25;
            assert_eq!(d.of(t), exact(t));
        }
    }
}
