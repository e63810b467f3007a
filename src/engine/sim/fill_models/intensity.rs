//! Avellaneda-Stoikov Poisson fills.

use super::FillRule;
use crate::engine::market::Snapshot;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Each side fills with probability `min(A * exp(-k * delta) * dt, 1)` per step, where
/// `delta` is the quote's distance from mid in basis points, `A` is arrivals per second,
/// `k` is the decay per basis point and `dt` the tick length in seconds.
#[derive(Debug, Clone)]
pub struct Intensity {
    a_dt: f64,
    k: f64,
    rng: Pcg64Mcg,
}

impl Intensity {
    /// A model with intensity `a` (per second), decay `k` (per bp), tick `dt` seconds, seeded.
    pub fn new(a: f64, k: f64, dt: f64, seed: u64) -> Self {
        Self {
            a_dt: a * dt,
            k,
            rng: Pcg64Mcg::seed_from_u64(seed),
        }
    }

    /// Fill probability for a quote `delta_bp` basis points from mid.
    #[inline]
    pub fn probability(&self, delta_bp: f64) -> f64 {
        (self.a_dt * libm::exp(-self.k * delta_bp)).min(1.0)
    }

    #[inline]
    fn draw(&mut self, price: f64, snap: &Snapshot) -> bool {
        let mid = snap.mid();
        let delta_bp = ((price - mid).abs() / mid) * 1e4;
        let u: f64 = self.rng.random();
        u < self.probability(delta_bp)
    }
}

impl FillRule for Intensity {
    #[inline]
    fn bid_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        self.draw(price, snap)
    }

    #[inline]
    fn ask_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        self.draw(price, snap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_follows_the_formula_and_caps_at_one() {
        let m = Intensity::new(140.0, 1.5, 0.005, 1);
        assert!((m.probability(1.0) - 140.0 * (-1.5f64).exp() * 0.005).abs() < 1e-15);
        assert_eq!(Intensity::new(1e6, 1.0, 1.0, 1).probability(0.0), 1.0);
    }

    #[test]
    fn empirical_rate_matches_probability() {
        let mut m = Intensity::new(0.05, 0.3, 60.0, 9);
        let s = Snapshot {
            time: 0.0,
            bid: 99.99,
            ask: 100.01,
            last: 100.0,
            volume: 0.0,
        };
        let price = 100.0 * (1.0 - 5e-4); // 5 bp below mid
        let p = m.probability(5.0);
        let n = 100_000;
        let hits = (0..n).filter(|_| m.bid_fills(price, &s)).count();
        let rate = hits as f64 / n as f64;
        assert!((rate - p).abs() < 0.01, "rate {rate} vs p {p}");
    }
}
