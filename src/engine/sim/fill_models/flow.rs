//! Order-flow fills: market orders arrive, some of them informed.
//!
//! On each side, market orders arrive as a Poisson process with `arrival_rate` orders per
//! minute. An order reaches a quote δ basis points from the mid (the mid when the quote
//! was placed, as in Avellaneda-Stoikov) with probability `e^(−k·δ)` (1 at or through the
//! mid), so a quote of unlimited size fills within a step of `dt` minutes with probability
//! `1 − exp(−λ·e^(−kδ)·dt)`: Avellaneda-Stoikov's intensity, made concrete.
//!
//! A share `toxicity` of the orders is informed (Glosten-Milgrom / Kyle): an informed order
//! trades in the direction of the price move that follows it within the step (it sells to
//! our bid when the mid falls, buys our ask when it rises), so the quote it hits loses on
//! average; uninformed orders pick a side at random. Per side, uninformed orders arrive at
//! `λ(1 − toxicity)` and informed ones at `2λ·toxicity` on the side the price moves
//! against (none on the other), so the total rate stays `2λ`.
//!
//! Each order's size is exponential with mean `size_ratio` × our quote size, and a fill
//! is capped by the orders that reach the quote, so partial fills happen. A market that
//! trades through the quote (its ask at or below our bid) fills it whole, as in `cross`.

use super::FillRule;
use crate::engine::market::Snapshot;
use crate::engine::sim::Quote;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Parameters of the order flow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowParams {
    /// Market orders per side per minute (λ).
    pub arrival_rate: f64,
    /// Decay of the hit probability per basis point of distance (k).
    pub k: f64,
    /// Share of orders that are informed, in [0, 1].
    pub toxicity: f64,
    /// Mean market-order size as a multiple of our quote size.
    pub size_ratio: f64,
    /// Step length in minutes.
    pub dt_minutes: f64,
}

/// The order-flow fill model (seeded).
#[derive(Debug, Clone)]
pub struct Flow {
    p: FlowParams,
    rng: Pcg64Mcg,
}

/// Which of our quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Our {
    Bid,
    Ask,
}

impl Flow {
    /// A model with these parameters and seed.
    pub fn new(p: FlowParams, seed: u64) -> Self {
        Self {
            p,
            rng: Pcg64Mcg::seed_from_u64(seed ^ 0x5EED_F10F),
        }
    }

    /// Probability that one arriving order reaches a quote `delta_bp` from the mid.
    #[inline]
    pub fn hit_probability(&self, delta_bp: f64) -> f64 {
        if delta_bp <= 0.0 {
            1.0
        } else {
            libm::exp(-self.p.k * delta_bp)
        }
    }

    /// Probability that a quote `delta_bp` from the mid is hit at least once in a step
    /// with no informed flow: `1 − exp(−λ·e^(−kδ)·dt)`.
    pub fn step_fill_probability(&self, delta_bp: f64) -> f64 {
        1.0 - libm::exp(-self.p.arrival_rate * self.hit_probability(delta_bp) * self.p.dt_minutes)
    }

    /// Base quantity the orders reaching a quote of `size` fill, given the per-step
    /// expected number of orders reaching it.
    fn fill_from_orders(&mut self, reaching: f64, size: f64) -> f64 {
        if reaching <= 0.0 || size <= 0.0 {
            return 0.0;
        }
        // Arrival times of a Poisson process of rate `reaching` in one step; sizes add up
        // until the quote is full or the step ends.
        let mean = self.p.size_ratio * size;
        let (mut t, mut filled) = (0.0, 0.0);
        loop {
            t += exponential(&mut self.rng) / reaching;
            if t >= 1.0 {
                return filled;
            }
            filled += mean * exponential(&mut self.rng);
            if filled >= size {
                return size;
            }
        }
    }

    fn fill(&mut self, our: Our, price: f64, size: f64, q: &Quote, snap: &Snapshot) -> f64 {
        let crossed = match our {
            Our::Bid => snap.sold_through(price),
            Our::Ask => snap.bought_through(price),
        };
        if crossed {
            return size;
        }
        let qm = q.placement_mid(snap);
        let delta_bp = match our {
            Our::Bid => (qm - price) / qm * 1e4,
            Our::Ask => (price - qm) / qm * 1e4,
        };
        let move_against = match our {
            Our::Bid => snap.mid() < qm,
            Our::Ask => snap.mid() > qm,
        };
        let flat = snap.mid() == qm;
        let tau = self.p.toxicity;
        let informed_rate = if flat {
            tau
        } else if move_against {
            2.0 * tau
        } else {
            0.0
        };
        let rate = self.p.arrival_rate * ((1.0 - tau) + informed_rate);
        let reaching = rate * self.hit_probability(delta_bp) * self.p.dt_minutes;
        self.fill_from_orders(reaching, size)
    }
}

/// A standard exponential draw, `−ln(1 − u)`.
#[inline]
fn exponential(rng: &mut Pcg64Mcg) -> f64 {
    let u: f64 = rng.random();
    -libm::log(1.0 - u)
}

impl FillRule for Flow {
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        self.fill(Our::Bid, q.bid, q.bid_size, q, snap)
    }

    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        self.fill(Our::Ask, q.ask, q.ask_size, q, snap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(toxicity: f64) -> FlowParams {
        FlowParams {
            arrival_rate: 2.0,
            k: 0.1,
            toxicity,
            size_ratio: 1e6, // any order fills the whole quote: fill frequency = hit frequency
            dt_minutes: 1.0,
        }
    }

    fn book(mid: f64) -> Snapshot {
        Snapshot::from_price(0.0, mid, 0.0001, 0.0)
    }

    fn quote(delta_bp: f64) -> Quote {
        Quote {
            bid: 100.0 * (1.0 - delta_bp * 1e-4),
            bid_size: 1.0,
            ask: 100.0 * (1.0 + delta_bp * 1e-4),
            ask_size: 1.0,
            mid: 100.0,
        }
    }

    /// With no informed flow, the empirical fill frequency at fixed δ matches
    /// 1 − exp(−λ e^(−kδ) dt) within 4 standard errors.
    #[test]
    fn fill_frequency_matches_the_intensity_formula() {
        for delta in [2.0, 5.0, 10.0, 20.0, 40.0] {
            let mut m = Flow::new(params(0.0), 7);
            let p = m.step_fill_probability(delta);
            let expected = 1.0 - (-2.0 * (-0.1f64 * delta).exp()).exp();
            assert!((p - expected).abs() < 1e-12);
            let n = 40_000;
            let q = quote(delta);
            let s = book(100.0);
            let hits = (0..n).filter(|_| m.bid_fill(&q, &s) > 0.0).count();
            let rate = hits as f64 / n as f64;
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!(
                (rate - p).abs() < 4.0 * se + 1e-9,
                "δ={delta}: {rate} vs {p}"
            );
        }
    }

    #[test]
    fn informed_flow_hits_the_side_the_price_moves_against() {
        let mut m = Flow::new(params(1.0), 3);
        let q = quote(5.0);
        let down = book(99.9); // mid fell, still above our bid: not a trade-through
        let n = 5_000;
        let bid_hits = (0..n).filter(|_| m.bid_fill(&q, &down) > 0.0).count();
        let ask_hits = (0..n).filter(|_| m.ask_fill(&q, &down) > 0.0).count();
        assert_eq!(ask_hits, 0);
        assert!(bid_hits > n / 2, "{bid_hits}");
    }

    #[test]
    fn partial_fills_and_trade_through() {
        let mut m = Flow::new(
            FlowParams {
                size_ratio: 0.2,
                ..params(0.0)
            },
            11,
        );
        let q = quote(1.0);
        let fills: Vec<f64> = (0..200).map(|_| m.bid_fill(&q, &book(100.0))).collect();
        assert!(fills.iter().all(|f| (0.0..=1.0).contains(f)));
        assert!(
            fills.iter().any(|f| *f > 0.0 && *f < 1.0),
            "no partial fill"
        );
        let through = Snapshot::from_price(0.0, 99.0, 0.0001, 0.0);
        assert_eq!(m.bid_fill(&q, &through), 1.0);
    }
}
