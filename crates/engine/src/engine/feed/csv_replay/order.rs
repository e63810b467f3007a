//! [`TimeOrder`]: whether rows came in time order and how many share the previous row's
//! time, tallied as the rows are read, so finishing a file takes no more passes over its
//! snapshots (tens of megabytes for a million rows).

/// The times of the rows kept so far, in file order, as far as finishing needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct TimeOrder {
    last: Option<f64>,
    /// Some row's time is not `<=` the next one's.
    out_of_order: bool,
    /// Rows whose time equals the previous row's.
    repeats: usize,
}

impl TimeOrder {
    /// One more row, at `time`.
    pub(super) fn push(&mut self, time: f64) {
        if let Some(prev) = self.last {
            let in_order = prev <= time;
            self.out_of_order |= !in_order;
            self.repeats += usize::from(prev == time);
        }
        self.last = Some(time);
    }

    /// Whether the rows need sorting (the test of
    /// [`into_time_order`](crate::engine::feed::time_order::into_time_order)).
    pub(super) fn out_of_order(&self) -> bool {
        self.out_of_order
    }

    /// Rows whose time equals the previous row's.
    pub(super) fn repeats(&self) -> usize {
        self.repeats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tally(times: &[f64]) -> TimeOrder {
        let mut o = TimeOrder::default();
        for &t in times {
            o.push(t);
        }
        o
    }

    proptest! {
        #[test]
        fn tallies_as_a_pass_over_the_pairs(
            times in prop::collection::vec(prop_oneof![Just(1.0), Just(2.0), 0.0f64..3.0], 0..12),
        ) {
            let o = tally(&times);
            prop_assert_eq!(o.out_of_order(), !times.windows(2).all(|w| w[0] <= w[1]));
            prop_assert_eq!(o.repeats(), times.windows(2).filter(|w| w[0] == w[1]).count());
        }
    }
}
