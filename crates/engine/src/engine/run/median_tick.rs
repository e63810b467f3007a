//! [`median_tick`]: a feed's median spacing, the tick length of a CSV run. Regular data
//! (one row a minute, with the odd gap) is answered in one pass without allocating: a
//! spacing that more than half the gaps share is the median.

use crate::engine::feed::time_order::Timed;

/// Median spacing of snapshots (or other timed rows) in seconds (60 when unknown): the
/// middle of the sorted positive gaps between consecutive times.
pub fn median_tick<T: Timed>(s: &[T]) -> f64 {
    median_spacing(s.iter().map(Timed::time))
}

/// [`median_tick`] of the times `times` yields (each clone from the first).
pub(super) fn median_spacing(times: impl Iterator<Item = f64> + Clone) -> f64 {
    let mut tally = SpacingTally::default();
    times.clone().for_each(|t| tally.push(t));
    tally.majority().unwrap_or_else(|| {
        let gaps = times.clone().zip(times.skip(1)).map(|(a, b)| b - a);
        sorted_middle(gaps.filter(|g| *g > 0.0).collect())
    })
}

/// The positive gaps between times pushed one at a time, as far as [`median_tick`]'s
/// shortcut needs them: the first, how many there are, and how many equal the first.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct SpacingTally {
    last: Option<f64>,
    first: Option<f64>,
    gaps: usize,
    same: usize,
}

impl SpacingTally {
    /// The next time.
    #[inline]
    pub fn push(&mut self, time: f64) {
        if let Some(last) = self.last {
            let gap = time - last;
            if gap > 0.0 {
                let first = *self.first.get_or_insert(gap);
                self.gaps += 1;
                // Positive gaps that compare equal under `total_cmp` have the same bits.
                self.same += usize::from(gap.to_bits() == first.to_bits());
            }
        }
        self.last = Some(time);
    }

    /// The median spacing of the times pushed, when one spacing is more than half of the
    /// gaps (equal values are one run in the sorted gaps, and a run longer than half
    /// covers the middle index), or 60 when there are no gaps; `None` otherwise.
    pub fn majority(&self) -> Option<f64> {
        match self.first {
            None => Some(60.0),
            Some(first) => (2 * self.same > self.gaps).then_some(first),
        }
    }
}

/// The middle order statistic of `gaps` (non-empty), in linear time (a CSV re-runs on
/// every slider change). Values that compare equal under `total_cmp` have the same bits,
/// so this is the sorted median exactly.
fn sorted_middle(mut gaps: Vec<f64>) -> f64 {
    let mid = gaps.len() / 2;
    *gaps.select_nth_unstable_by(mid, f64::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::Snapshot;
    use proptest::prelude::*;

    /// The definition: the middle of the sorted positive gaps.
    fn by_sorting(snaps: &[Snapshot]) -> f64 {
        let mut gaps: Vec<f64> = snaps
            .windows(2)
            .map(|w| w[1].time - w[0].time)
            .filter(|g| *g > 0.0)
            .collect();
        if gaps.is_empty() {
            return 60.0;
        }
        gaps.sort_by(f64::total_cmp);
        gaps[gaps.len() / 2]
    }

    fn at(times: &[f64]) -> Vec<Snapshot> {
        times
            .iter()
            .map(|&t| Snapshot::from_price(t, 100.0, 0.0001, 0.0))
            .collect()
    }

    #[test]
    fn the_median_tick_is_the_middle_of_the_sorted_gaps() {
        // Irregular gaps, many repeated, in no order.
        let mut t = 0.0;
        let snaps: Vec<Snapshot> = (0..10_001u64)
            .map(|i| {
                t += [1.0, 60.0, 0.5, 60.0, 3600.0, 2.25][((i * 7919) % 6) as usize];
                Snapshot::from_price(t, 100.0, 0.0001, 0.0)
            })
            .collect();
        let mut gaps: Vec<f64> = snaps.windows(2).map(|w| w[1].time - w[0].time).collect();
        gaps.sort_by(f64::total_cmp);
        assert_eq!(
            median_tick(&snaps).to_bits(),
            gaps[gaps.len() / 2].to_bits()
        );
        assert_eq!(median_tick(&snaps[..1]), 60.0);
    }

    #[test]
    fn a_majority_spacing_is_the_median_and_a_bare_half_is_not() {
        // 60 s gaps with a few hour-long ones: the shortcut.
        let mut times: Vec<f64> = (0..1000).map(|i| 1.7e9 + 60.0 * i as f64).collect();
        for t in times.iter_mut().skip(500) {
            *t += 3600.0;
        }
        assert_eq!(median_tick(&at(&times)), 60.0);
        // Exactly half the gaps share the first spacing: the sorted middle is the other.
        assert_eq!(median_tick(&at(&[0.0, 1.0, 2.0, 5.0, 8.0])), 3.0);
        assert_eq!(by_sorting(&at(&[0.0, 1.0, 2.0, 5.0, 8.0])), 3.0);
        // Zero and negative gaps (duplicates, unsorted) do not count; none left: 60.
        assert_eq!(median_tick(&at(&[5.0, 5.0, 4.0, 6.0, 6.0])), 2.0);
        assert_eq!(median_tick(&at(&[5.0, 5.0, 5.0])), 60.0);
        assert_eq!(median_tick::<Snapshot>(&[]), 60.0);
    }

    proptest! {
        #[test]
        fn equals_the_middle_of_the_sorted_gaps(
            steps in prop::collection::vec(
                prop_oneof![4 => Just(60.0), 1 => Just(0.0), 1 => Just(-1.0), 2 => 0.0f64..120.0],
                0..60,
            ),
        ) {
            let mut t = 1.7e9;
            let times: Vec<f64> = steps.iter().map(|d| { t += d; t }).collect();
            let snaps = at(&times);
            prop_assert_eq!(median_tick(&snaps).to_bits(), by_sorting(&snaps).to_bits());
        }
    }
}
