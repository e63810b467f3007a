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
//!
//! The orders are concrete: each walks the book to a depth D ~ Exp(k) bp from the mid and
//! prints a trade there ([`Flow::orders`]), and a quote fills from the prints beyond it
//! ([`Flow::fill_from`]), the rule the `trades` model applies to a venue's prints. The
//! simulator records them, so the price chart shows the synthetic market's trades.

use super::FillRule;
use crate::engine::market::{Aggressor, Snapshot, TradePrint};
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

/// The order-flow fill model (seeded). Its market orders are trade prints, so the
/// simulator records them and fills quotes from them with the trade-through rule: the
/// same mechanism as the `trades` model on a venue's prints.
#[derive(Debug, Clone)]
pub struct Flow {
    p: FlowParams,
    rng: Pcg64Mcg,
    next_id: u64,
    size_ref: f64,
    /// Id of the order behind the last fill (0: none).
    pub last_print: u64,
    /// The order buffer, reused step to step.
    buf: Vec<TradePrint>,
}

impl Flow {
    /// A model with these parameters and seed.
    pub fn new(p: FlowParams, seed: u64) -> Self {
        Self {
            p,
            rng: Pcg64Mcg::seed_from_u64(seed ^ 0x5EED_F10F),
            next_id: 1,
            size_ref: 0.0,
            last_print: 0,
            buf: Vec::new(),
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

    /// The market orders of the step that ends at `snap`, for quotes placed as `q`: each
    /// side's orders arrive as a Poisson process, each walks the book to a depth D ~ Exp(k)
    /// basis points from the quote-time mid (so it reaches a quote δ away with probability
    /// e^(−kδ)) and prints there. Sell orders hit bids, buy orders lift asks; in arrival
    /// order within each side (sells first). Reuses the buffer [`Flow::recycle`] returns.
    pub fn orders(&mut self, q: &Quote, snap: &Snapshot) -> Vec<TradePrint> {
        let qm = q.placement_mid(snap);
        let mid = snap.mid();
        let tau = self.p.toxicity;
        // Informed orders trade on the side the price moves against (both when flat).
        let informed = |against: bool, flat: bool| {
            if flat {
                tau
            } else if against {
                2.0 * tau
            } else {
                0.0
            }
        };
        let flat = mid == qm;
        // Order sizes follow our quote size (the last one we had, when a side is empty).
        for size in [q.bid_size, q.ask_size] {
            if size > 0.0 {
                self.size_ref = size;
            }
        }
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        for (aggressor, against, own) in [
            (Aggressor::Sell, mid < qm, q.bid_size),
            (Aggressor::Buy, mid > qm, q.ask_size),
        ] {
            let expected =
                self.p.arrival_rate * ((1.0 - tau) + informed(against, flat)) * self.p.dt_minutes;
            // Beyond MAX_ORDERS_PER_STEP expected orders (1 000 a minute over a year-long
            // step would be half a billion), orders are merged: fewer, proportionally bigger,
            // the same expected volume.
            let rate = expected.min(MAX_ORDERS_PER_STEP);
            let merge = if rate > 0.0 { expected / rate } else { 1.0 };
            let mean = merge * self.p.size_ratio * if own > 0.0 { own } else { self.size_ref };
            let mut t = 0.0;
            loop {
                if rate <= 0.0 {
                    break;
                }
                t += exponential(&mut self.rng) / rate;
                if t >= 1.0 {
                    break;
                }
                let depth_bp = if self.p.k > 0.0 {
                    (exponential(&mut self.rng) / self.p.k).min(MAX_DEPTH_BP)
                } else {
                    MAX_DEPTH_BP
                };
                let qty = mean * exponential(&mut self.rng);
                let price = match aggressor {
                    Aggressor::Sell => qm * (1.0 - depth_bp * 1e-4),
                    Aggressor::Buy => qm * (1.0 + depth_bp * 1e-4),
                };
                out.push(TradePrint {
                    time: snap.time,
                    price,
                    qty,
                    aggressor,
                    id: self.next_id,
                });
                self.next_id += 1;
            }
        }
        out
    }

    /// Hands back the buffer [`Flow::orders`] returned, to be reused next step.
    pub fn recycle(&mut self, buf: Vec<TradePrint>) {
        self.buf = buf;
    }

    /// Our quote at `price` of `size` against `orders`: a market that traded through it
    /// fills it whole; otherwise the orders that printed beyond it fill it in arrival
    /// order, up to its size. Returns the quantity and the id of the last order used.
    pub fn fill_from(
        &self,
        ours_is_bid: bool,
        price: f64,
        size: f64,
        snap: &Snapshot,
        orders: &[TradePrint],
    ) -> (f64, u64) {
        let crossed = if ours_is_bid {
            snap.sold_through(price)
        } else {
            snap.bought_through(price)
        };
        if crossed {
            return (size, 0);
        }
        let (mut filled, mut last) = (0.0, 0);
        // The trades model's trade-through rule (`TradePrint::through`).
        for o in orders {
            if o.through(ours_is_bid, price) && filled < size {
                filled += o.qty;
                last = o.id;
            }
        }
        (filled.min(size), last)
    }
}

/// Most market orders expected per side in one step (more are merged into bigger ones).
const MAX_ORDERS_PER_STEP: f64 = 1_000.0;

/// Deepest an order walks the book, basis points (keeps printed prices positive).
const MAX_DEPTH_BP: f64 = 9_999.0;

/// A standard exponential draw, `−ln(1 − u)`.
#[inline]
fn exponential(rng: &mut Pcg64Mcg) -> f64 {
    let u: f64 = rng.random();
    -libm::log(1.0 - u)
}

/// One step's orders, then our bid (or ask) against them (the simulator generates the
/// orders once per step and fills both sides from the same ones).
impl FillRule for Flow {
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        let orders = self.orders(q, snap);
        self.fill_from(true, q.bid, q.bid_size, snap, &orders).0
    }

    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        let orders = self.orders(q, snap);
        self.fill_from(false, q.ask, q.ask_size, snap, &orders).0
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
