//! Fill models for resting quotes, one file each behind [`FillRule`].
//!
//! A new model is one new file implementing [`FillRule`] plus one variant in [`FillModel`].
//! The seed's two instant-fill models (`seed-backtest`, `seed-live`) are not resting-quote
//! models; the simulator runs them directly.

mod cross;
mod flow;
mod intensity;
mod queue;
mod trades;

pub use cross::Cross;
pub use flow::{Flow, FlowParams};
pub use intensity::Intensity;
pub use queue::QueueModel;
pub use trades::{FillCause, TradeFills};

use crate::engine::market::{Snapshot, TradePrint};
use crate::engine::sim::Quote;

/// Decides how much of a resting quote trades against the next snapshot.
pub trait FillRule {
    /// Base quantity of our resting bid filled by `snap` (0 ..= `q.bid_size`).
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64;
    /// Base quantity of our resting ask filled by `snap` (0 ..= `q.ask_size`).
    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64;
}

/// The resting-quote fill models, dispatched without allocation.
#[derive(Debug, Clone)]
pub enum FillModel {
    /// Trade-through fills.
    Cross(Cross),
    /// Poisson-intensity fills.
    Intensity(Intensity),
    /// Order-flow fills with informed orders.
    Flow(Flow),
    /// Fills from the venue's trade prints, with a queue model.
    Trades(TradeFills),
}

impl FillModel {
    /// Our resting bid (`bid`) or ask against `snap` and the trades printed since the
    /// last snapshot: quantity and cause. Models that do not read trades ignore them.
    #[inline]
    pub fn fill_with(
        &mut self,
        bid: bool,
        q: &Quote,
        snap: &Snapshot,
        trades: &[TradePrint],
    ) -> (f64, FillCause) {
        let (price, size) = if bid {
            (q.bid, q.bid_size)
        } else {
            (q.ask, q.ask_size)
        };
        match self {
            FillModel::Trades(m) if bid => m.bid_fill(q, snap, trades),
            FillModel::Trades(m) => m.ask_fill(q, snap, trades),
            FillModel::Flow(m) => {
                let (qty, print) = m.fill_from(bid, price, size, snap, trades);
                m.last_print = print;
                (qty, flow_cause(qty, print))
            }
            other => {
                let qty = if bid {
                    other.bid_fill(q, snap)
                } else {
                    other.ask_fill(q, snap)
                };
                let (crossed, printed) = if bid {
                    (snap.ask <= price, snap.low > 0.0 && snap.low < price)
                } else {
                    (snap.bid >= price, snap.high > price)
                };
                (qty, cause(crossed, printed, other))
            }
        }
    }

    /// The id of the market trade behind the last fill asked for (0: none, or a model
    /// that does not read trades).
    #[inline]
    pub fn last_print(&self) -> u64 {
        match self {
            FillModel::Trades(m) => m.last_print,
            FillModel::Flow(m) => m.last_print,
            _ => 0,
        }
    }

    /// The market orders a model makes up for this step (the order-flow model's; none for
    /// the others, which fill from the feed or from probabilities). Hand the buffer back
    /// with [`FillModel::recycle`].
    #[inline]
    pub fn orders(&mut self, q: &Quote, snap: &Snapshot) -> Option<Vec<TradePrint>> {
        match self {
            FillModel::Flow(m) => Some(m.orders(q, snap)),
            _ => None,
        }
    }

    /// The step's other market orders, those that cannot reach our quotes (the
    /// order-flow model's [`Flow::other_orders`]; none for the other models), appended to
    /// `out`. They never change a run; charts draw them.
    #[inline]
    pub fn other_orders(&self, q: &Quote, snap: &Snapshot, step: usize, out: &mut Vec<TradePrint>) {
        if let FillModel::Flow(m) = self {
            m.other_orders(q, snap, step, out);
        }
    }

    /// Takes back the buffer [`FillModel::orders`] returned.
    #[inline]
    pub fn recycle(&mut self, buf: Vec<TradePrint>) {
        if let FillModel::Flow(m) = self {
            m.recycle(buf);
        }
    }

    /// The step is over (the trade model remembers the book its next quotes join).
    #[inline]
    pub fn end_step(&mut self, snap: &Snapshot) {
        if let FillModel::Trades(m) = self {
            m.end_step(snap);
        }
    }
}

/// An order-flow fill's cause: the book crossed the quote (no order behind it), or the
/// model's orders.
fn flow_cause(qty: f64, print: u64) -> FillCause {
    if print == 0 && qty > 0.0 {
        FillCause::BookCross
    } else {
        FillCause::Model
    }
}

/// A fill's cause for the models that do not read trades.
fn cause(crossed: bool, printed_through: bool, model: &FillModel) -> FillCause {
    if crossed {
        FillCause::BookCross
    } else if printed_through || matches!(model, FillModel::Cross(_)) {
        FillCause::TradeThrough
    } else {
        FillCause::Model
    }
}

impl FillRule for FillModel {
    #[inline]
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        match self {
            FillModel::Cross(m) => m.bid_fill(q, snap),
            FillModel::Intensity(m) => m.bid_fill(q, snap),
            FillModel::Flow(m) => m.bid_fill(q, snap),
            FillModel::Trades(m) => m.bid_fill(q, snap, &[]).0,
        }
    }

    #[inline]
    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        match self {
            FillModel::Cross(m) => m.ask_fill(q, snap),
            FillModel::Intensity(m) => m.ask_fill(q, snap),
            FillModel::Flow(m) => m.ask_fill(q, snap),
            FillModel::Trades(m) => m.ask_fill(q, snap, &[]).0,
        }
    }
}

/// Quotes for the fill models' tests.
#[cfg(test)]
pub(crate) mod test_quotes {
    use crate::engine::sim::Quote;

    /// Unit-size quotes `delta_bp` basis points either side of a mid of 100.
    pub fn quote(delta_bp: f64) -> Quote {
        Quote {
            bid: 100.0 * (1.0 - delta_bp * 1e-4),
            bid_size: 1.0,
            ask: 100.0 * (1.0 + delta_bp * 1e-4),
            ask_size: 1.0,
            mid: 100.0,
        }
    }
}
