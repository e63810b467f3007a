//! Bounded history for long live sessions: the newest points at full resolution in a ring,
//! older points thinned by half whenever their buffer fills, so an hour (or a day) of
//! messages uses a fixed amount of memory.

use std::collections::VecDeque;

/// Full-resolution recent points plus a thinned older past.
#[derive(Debug, Clone)]
pub struct History<T> {
    recent: VecDeque<T>,
    older: Vec<T>,
    recent_cap: usize,
    older_cap: usize,
    /// Keep one of every `stride` points leaving the ring (doubles when `older` fills).
    stride: usize,
    skipped: usize,
    total: u64,
}

impl<T> History<T> {
    /// At most `recent_cap + older_cap` points are kept.
    pub fn new(recent_cap: usize, older_cap: usize) -> Self {
        Self {
            recent: VecDeque::with_capacity(recent_cap),
            older: Vec::with_capacity(older_cap),
            recent_cap: recent_cap.max(1),
            older_cap: older_cap.max(2),
            stride: 1,
            skipped: 0,
            total: 0,
        }
    }

    /// Adds the newest point.
    pub fn push(&mut self, x: T) {
        self.total += 1;
        self.recent.push_back(x);
        if self.recent.len() > self.recent_cap {
            if let Some(old) = self.recent.pop_front() {
                self.skipped += 1;
                if self.skipped >= self.stride {
                    self.skipped = 0;
                    self.older.push(old);
                    if self.older.len() >= self.older_cap {
                        // Thin the past: keep every second point, and take half as many from now on.
                        let mut i = 0;
                        self.older.retain(|_| {
                            i += 1;
                            i % 2 == 1
                        });
                        self.stride *= 2;
                    }
                }
            }
        }
    }

    /// Points kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.older.iter().chain(self.recent.iter())
    }

    /// Number of points kept.
    pub fn len(&self) -> usize {
        self.older.len() + self.recent.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of full-resolution points.
    pub fn recent_len(&self) -> usize {
        self.recent.len()
    }

    /// Points ever pushed.
    pub fn total(&self) -> u64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_at_100_messages_per_second_stays_bounded_and_recent_is_exact() {
        let mut h = History::new(5_000, 5_000);
        for i in 0..360_000u64 {
            h.push(i);
            assert!(h.len() <= 10_000);
        }
        assert_eq!(h.total(), 360_000);
        let v: Vec<u64> = h.iter().copied().collect();
        assert!(v.windows(2).all(|w| w[0] < w[1]), "ordered");
        assert_eq!(
            &v[v.len() - 5_000..],
            &(355_000..360_000).collect::<Vec<_>>()[..]
        );
        assert_eq!(v[0], 0, "the first point survives thinning");
        assert_eq!(h.recent_len(), 5_000);
    }
}
