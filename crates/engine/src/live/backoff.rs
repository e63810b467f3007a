//! Exponential backoff with full jitter: delay = uniform(0, min(cap, base * 2^attempt)).

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Backoff state.
#[derive(Debug, Clone)]
pub struct Backoff {
    base_ms: f64,
    cap_ms: f64,
    attempt: u32,
    rng: Pcg64Mcg,
}

impl Backoff {
    /// Base 1 s, cap 30 s.
    pub fn new(seed: u64) -> Self {
        Self::with(1000.0, 30_000.0, seed)
    }

    /// Custom base and cap (milliseconds).
    pub fn with(base_ms: f64, cap_ms: f64, seed: u64) -> Self {
        Self {
            base_ms,
            cap_ms,
            attempt: 0,
            rng: Pcg64Mcg::seed_from_u64(seed),
        }
    }

    /// The next delay in milliseconds (and counts the attempt). Never below 100 ms, so a
    /// failing venue is never hammered.
    pub fn next_delay(&mut self) -> f64 {
        let ceiling = (self.base_ms * 2f64.powi(self.attempt.min(30) as i32)).min(self.cap_ms);
        self.attempt += 1;
        (self.rng.random::<f64>() * ceiling).max(100.0)
    }

    /// Consecutive failures so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// After a success.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_growing_and_deterministic() {
        let mut a = Backoff::new(5);
        let mut b = Backoff::new(5);
        let da: Vec<f64> = (0..12).map(|_| a.next_delay()).collect();
        let db: Vec<f64> = (0..12).map(|_| b.next_delay()).collect();
        assert_eq!(da, db);
        for (i, d) in da.iter().enumerate() {
            let ceiling = (1000.0 * 2f64.powi(i as i32)).min(30_000.0);
            assert!(*d >= 100.0 && *d <= ceiling.max(100.0), "{i}: {d}");
        }
        assert_eq!(a.attempts(), 12);
        a.reset();
        assert!(a.next_delay() <= 1000.0);
    }
}
