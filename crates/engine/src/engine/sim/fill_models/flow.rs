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
//! prints a trade there, and a quote fills from the prints beyond it ([`Flow::fill_from`]),
//! the rule the `trades` model applies to a venue's prints. Only the orders that reach a
//! quote can fill it, and they are a Poisson process of their own with depths δ + Exp(k),
//! so a run draws just those ([`Flow::orders`]); the ones that stop short come from a
//! separate per-step stream, drawn only for the steps a chart shows in detail
//! ([`Flow::other_orders`]). The simulator records both, so the price chart shows the
//! synthetic market's trades.

use super::FillRule;
use crate::engine::market::{Aggressor, Snapshot, TradePrint};
use crate::engine::sim::Quote;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

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
    rng: Xoshiro256PlusPlus,
    seed: u64,
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
            rng: Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5EED_F10F),
            seed,
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

    /// The market orders of the step that ends at `snap` that reach our quotes `q`: the
    /// only ones that can fill us. Each side's orders arrive as a Poisson process and each
    /// walks the book to a depth D ~ Exp(k) basis points from the quote-time mid; those
    /// that reach our quote δ away (D ≥ δ, probability e^(−kδ)) are a Poisson process of
    /// their own (thinning), and since the exponential is memoryless their depth is
    /// δ + Exp(k). So they are drawn directly, without the orders that stop short of us
    /// ([`Flow::other_orders`] draws those when a chart wants every order). Sell orders
    /// hit bids, buy orders lift asks; in arrival order within each side (sells first).
    /// Reuses the buffer [`Flow::recycle`] returns.
    pub fn orders(&mut self, q: &Quote, snap: &Snapshot) -> Vec<TradePrint> {
        let qm = q.placement_mid(snap);
        let mid = snap.mid();
        // Order sizes follow our quote size (the last one we had, when a side is empty).
        for size in [q.bid_size, q.ask_size] {
            if size > 0.0 {
                self.size_ref = size;
            }
        }
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        for side in [Aggressor::Sell, Aggressor::Buy] {
            let s = self.side(side, q, qm, mid);
            let Some(delta) = s.delta else {
                continue;
            };
            let reach = if self.p.k > 0.0 {
                s.rate * libm::exp(-self.p.k * delta)
            } else {
                s.rate
            };
            let mut t = 0.0;
            loop {
                if reach <= 0.0 {
                    break;
                }
                t += exponential(&mut self.rng) / reach;
                if t >= 1.0 {
                    break;
                }
                let depth_bp = if self.p.k > 0.0 {
                    (delta + exponential(&mut self.rng) / self.p.k).min(MAX_DEPTH_BP)
                } else {
                    MAX_DEPTH_BP
                };
                let qty = s.mean * exponential(&mut self.rng);
                // Strictly through our price, whatever the rounding of the depth.
                let price = match side {
                    Aggressor::Sell => (qm * (1.0 - depth_bp * 1e-4)).min(q.bid.next_down()),
                    Aggressor::Buy => (qm * (1.0 + depth_bp * 1e-4)).max(q.ask.next_up()),
                };
                out.push(TradePrint {
                    time: snap.time,
                    price,
                    qty,
                    aggressor: side,
                    id: self.next_id,
                });
                self.next_id += 1;
            }
        }
        out
    }

    /// The step's other market orders, the ones [`Flow::orders`] did not draw because
    /// they stop short of our quotes (or face a side where we have none), appended to
    /// `out`. They cannot fill us, so they are drawn from a random stream of their own,
    /// seeded by the step: a run draws them only for the steps a chart shows in detail,
    /// and its fills and KPIs are the same whether it does or not. Depths on a quoted side
    /// follow Exp(k) truncated below δ; on an unquoted side, Exp(k). Call after
    /// [`Flow::orders`] for the same step. Ids have the top bit set.
    pub fn other_orders(&self, q: &Quote, snap: &Snapshot, step: usize, out: &mut Vec<TradePrint>) {
        let qm = q.placement_mid(snap);
        let mid = snap.mid();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(
            self.seed ^ OTHER_ORDERS_STREAM ^ (step as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let mut n = 0u64;
        for side in [Aggressor::Sell, Aggressor::Buy] {
            let s = self.side(side, q, qm, mid);
            let k = self.p.k;
            // Share of the side's orders that stop short of our quote (all when unquoted).
            let short = match s.delta {
                Some(delta) if k > 0.0 => 1.0 - libm::exp(-k * delta),
                Some(_) => 0.0,
                None => 1.0,
            };
            let rate = s.rate * short;
            let mut t = 0.0;
            loop {
                if rate <= 0.0 || n >= MAX_OTHER_ORDERS {
                    break;
                }
                t += exponential(&mut rng) / rate;
                if t >= 1.0 {
                    break;
                }
                let depth_bp = match s.delta {
                    // Inverse CDF of Exp(k) truncated to [0, δ).
                    Some(_) => -libm::log(1.0 - uniform(&mut rng) * short) / k,
                    None if k > 0.0 => (exponential(&mut rng) / k).min(MAX_DEPTH_BP),
                    None => MAX_DEPTH_BP,
                };
                let qty = s.mean * exponential(&mut rng);
                let print = TradePrint {
                    time: snap.time,
                    price: match side {
                        Aggressor::Sell => qm * (1.0 - depth_bp * 1e-4),
                        Aggressor::Buy => qm * (1.0 + depth_bp * 1e-4),
                    },
                    qty,
                    aggressor: side,
                    id: OTHER_ORDER_ID | (step as u64) << 16 | n,
                };
                n += 1;
                // Rounding could put a depth drawn just short of δ through our price.
                let ours = match side {
                    Aggressor::Sell => q.bid,
                    Aggressor::Buy => q.ask,
                };
                if s.delta.is_none() || !print.through(side == Aggressor::Sell, ours) {
                    out.push(print);
                }
            }
        }
    }

    /// One side's order flow for quotes `q` placed at mid `qm`, the mid now being `mid`.
    fn side(&self, side: Aggressor, q: &Quote, qm: f64, mid: f64) -> SideFlow {
        let tau = self.p.toxicity;
        let (against, own, price) = match side {
            Aggressor::Sell => (mid < qm, q.bid_size, q.bid),
            Aggressor::Buy => (mid > qm, q.ask_size, q.ask),
        };
        // Informed orders trade on the side the price moves against (both when flat).
        let informed = if mid == qm {
            tau
        } else if against {
            2.0 * tau
        } else {
            0.0
        };
        let expected = self.p.arrival_rate * ((1.0 - tau) + informed) * self.p.dt_minutes;
        // Beyond MAX_ORDERS_PER_STEP expected orders (1 000 a minute over a year-long step
        // would be half a billion), orders are merged: fewer, proportionally bigger, the
        // same expected volume.
        let rate = expected.min(MAX_ORDERS_PER_STEP);
        let merge = if rate > 0.0 { expected / rate } else { 1.0 };
        let mean = merge * self.p.size_ratio * if own > 0.0 { own } else { self.size_ref };
        // Distance of our quote from the quote-time mid, bp (none: no quote to reach).
        let delta = match side {
            Aggressor::Sell => (qm - price) / qm * 1e4,
            Aggressor::Buy => (price - qm) / qm * 1e4,
        }
        .max(0.0);
        SideFlow {
            rate,
            mean,
            delta: (own > 0.0 && delta <= MAX_DEPTH_BP).then_some(delta),
        }
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

/// Most other orders drawn for one step (their ids keep the step in the bits above).
const MAX_OTHER_ORDERS: u64 = 1 << 16;

/// The top bit marks the ids of [`Flow::other_orders`].
const OTHER_ORDER_ID: u64 = 1 << 63;

/// Mixed into the seed of the other orders' per-step streams.
const OTHER_ORDERS_STREAM: u64 = 0x0DDE_5EED_0F0F_0F0F;

/// One side's flow in a step.
struct SideFlow {
    /// Expected orders (after merging).
    rate: f64,
    /// Mean order size.
    mean: f64,
    /// Our quote's distance from the quote-time mid, bp (none: nothing to reach).
    delta: Option<f64>,
}

/// A uniform draw in [0, 1).
#[inline]
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    rand::Rng::random(rng)
}

/// A standard exponential draw (ziggurat: one random number and no `ln` almost always).
#[inline]
fn exponential(rng: &mut Xoshiro256PlusPlus) -> f64 {
    crate::engine::exponential::standard(rng)
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
    use super::super::test_quotes::quote;
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

    /// The orders a run draws (those reaching our quotes) and the other orders together
    /// are the whole market: per side, Poisson(λ·dt) orders a step with depths Exp(k).
    /// Their count, mean depth and the share reaching a quote δ away (e^(−kδ)) match,
    /// every reaching order goes through our price and no other order does.
    #[test]
    fn reaching_and_other_orders_together_are_the_whole_order_flow() {
        let mut m = Flow::new(
            FlowParams {
                arrival_rate: 3.0,
                size_ratio: 1.0,
                ..params(0.0)
            },
            5,
        );
        let q = quote(8.0);
        let s = book(100.0);
        let n = 20_000;
        let (mut count, mut reaching, mut depth_sum) = (0usize, 0usize, 0.0);
        let mut others = Vec::new();
        let ours = |o: &TradePrint| match o.aggressor {
            Aggressor::Sell => (true, q.bid),
            Aggressor::Buy => (false, q.ask),
        };
        for step in 0..n {
            let reach = m.orders(&q, &s);
            others.clear();
            m.other_orders(&q, &s, step, &mut others);
            for o in &reach {
                let (bid, price) = ours(o);
                assert!(o.through(bid, price), "{o:?}");
            }
            for o in &others {
                let (bid, price) = ours(o);
                assert!(!o.through(bid, price), "{o:?}");
            }
            for o in reach.iter().chain(&others) {
                count += 1;
                depth_sum += (o.price / 100.0 - 1.0).abs() * 1e4;
            }
            reaching += reach.len();
            m.recycle(reach);
        }
        // Two sides of λ·dt = 3 orders a step.
        let per_step = count as f64 / n as f64;
        assert!(
            (per_step - 6.0).abs() < 5.0 * (6.0 / n as f64).sqrt(),
            "{per_step}"
        );
        let share = reaching as f64 / count as f64;
        let p = (-0.1f64 * 8.0).exp();
        assert!(
            (share - p).abs() < 5.0 * (p * (1.0 - p) / count as f64).sqrt(),
            "{share} vs {p}"
        );
        let mean_depth = depth_sum / count as f64;
        assert!(
            (mean_depth - 10.0).abs() < 5.0 * 10.0 / (count as f64).sqrt(),
            "{mean_depth}"
        );
        // The other orders of a step are the same each time they are drawn.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        m.other_orders(&q, &s, 77, &mut a);
        m.other_orders(&q, &s, 77, &mut b);
        assert_eq!(a, b);
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
