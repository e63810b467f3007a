//! [`TimeOrder`]: whether rows came in time order and how many share the previous row's
//! time, tallied as the rows are read, so finishing a file takes no more passes over its
//! snapshots (tens of megabytes for a million rows).

/// The times of the rows kept so far, in file order, as far as finishing needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct TimeOrder {
    first: Option<f64>,
    last: Option<f64>,
    /// Some row's time is not `<=` the next one's.
    out_of_order: bool,
    /// Rows whose time equals the previous row's.
    repeats: usize,
}

impl TimeOrder {
    /// One more row, at `time`.
    pub(super) fn push(&mut self, time: f64) {
        match self.last {
            Some(prev) => self.step(prev, time),
            None => self.first = Some(time),
        }
        self.last = Some(time);
    }

    /// The rows of `self` followed by those of `later`.
    pub(super) fn then(mut self, later: TimeOrder) -> TimeOrder {
        let (Some(prev), Some(next)) = (self.last, later.first) else {
            return if later.first.is_some() { later } else { self };
        };
        self.step(prev, next);
        self.out_of_order |= later.out_of_order;
        self.repeats += later.repeats;
        self.last = later.last;
        self
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

    fn step(&mut self, prev: f64, time: f64) {
        let in_order = prev <= time;
        self.out_of_order |= !in_order;
        self.repeats += usize::from(prev == time);
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
        fn tallies_as_a_pass_over_the_pairs_and_concatenates(
            times in prop::collection::vec(prop_oneof![Just(1.0), Just(2.0), 0.0f64..3.0], 0..12),
            cut in 0usize..12,
        ) {
            let o = tally(&times);
            prop_assert_eq!(o.out_of_order(), !times.windows(2).all(|w| w[0] <= w[1]));
            prop_assert_eq!(o.repeats(), times.windows(2).filter(|w| w[0] == w[1]).count());
            let cut = cut.min(times.len());
            prop_assert_eq!(tally(&times[..cut]).then(tally(&times[cut..])), o);
        }
    }
}
