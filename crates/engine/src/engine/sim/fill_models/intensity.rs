//! Avellaneda-Stoikov Poisson fills.

use super::FillRule;
use crate::engine::market::Snapshot;
use crate::engine::sim::Quote;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Market orders reach a quote δ basis points from the mid at intensity `λ(δ) = A·e^(−k·δ)`
/// per second (Avellaneda-Stoikov 2008), so in a step of `dt` seconds a side fills with
/// probability `1 − e^(−λ(δ)·dt)`.
///
/// - δ is signed and measured from the mid *when the quote was placed*, as in the paper:
///   positive for a bid below that mid or an ask above it. A quote at or through that mid
///   (δ ≤ 0) always fills.
/// - The fill is the whole quote. Later price moves do not change δ: this model has no
///   trade-through and no informed flow (see `flow` for both).
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

    /// Fill probability in one step for a quote `delta_bp` basis points from the mid.
    #[inline]
    pub fn probability(&self, delta_bp: f64) -> f64 {
        if delta_bp <= 0.0 {
            1.0
        } else {
            -libm::expm1(-self.a_dt * libm::exp(-self.k * delta_bp))
        }
    }

    #[inline]
    fn draw(&mut self, delta_bp: f64) -> bool {
        let u: f64 = self.rng.random();
        u < self.probability(delta_bp)
    }
}

impl FillRule for Intensity {
    #[inline]
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        let m = q.placement_mid(snap);
        if self.draw((m - q.bid) / m * 1e4) {
            q.bid_size
        } else {
            0.0
        }
    }

    #[inline]
    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        let m = q.placement_mid(snap);
        if self.draw((q.ask - m) / m * 1e4) {
            q.ask_size
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_quotes::quote;
    use super::*;

    #[test]
    fn probability_follows_the_formula() {
        let m = Intensity::new(140.0, 1.5, 0.005, 1);
        let lambda_dt = 140.0 * (-1.5f64).exp() * 0.005;
        assert!((m.probability(1.0) - (1.0 - (-lambda_dt).exp())).abs() < 1e-15);
        assert!(Intensity::new(1e6, 1.0, 1.0, 1).probability(0.1) > 0.999_999);
        assert_eq!(m.probability(0.0), 1.0);
        assert_eq!(m.probability(-3.0), 1.0);
    }

    #[test]
    fn a_quote_through_the_mid_always_fills() {
        let mut m = Intensity::new(1e-9, 5.0, 1.0, 2);
        let s = Snapshot::from_price(0.0, 100.0, 0.0001, 0.0);
        for _ in 0..100 {
            assert_eq!(m.bid_fill(&quote(-2.0), &s), 1.0);
            assert_eq!(m.ask_fill(&quote(-2.0), &s), 1.0);
        }
    }

    #[test]
    fn empirical_rate_matches_probability() {
        let mut m = Intensity::new(0.05, 0.3, 60.0, 9);
        // The market moved since the quote: δ is still measured from the quote's mid.
        let s = Snapshot::from_price(0.0, 101.0, 0.0001, 0.0);
        let p = m.probability(5.0);
        let n = 100_000;
        let hits = (0..n).filter(|_| m.bid_fill(&quote(5.0), &s) > 0.0).count();
        let rate = hits as f64 / n as f64;
        assert!((rate - p).abs() < 0.01, "rate {rate} vs p {p}");
    }
}
