//! Fill models for resting quotes, one file each behind [`FillRule`].
//!
//! A new model is one new file implementing [`FillRule`] plus one variant in [`FillModel`].
//! The seed's two instant-fill models (`seed-backtest`, `seed-live`) are not resting-quote
//! models; the simulator runs them directly.

mod cross;
mod flow;
mod intensity;

pub use cross::Cross;
pub use flow::{Flow, FlowParams};
pub use intensity::Intensity;

use crate::engine::market::Snapshot;
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
}

impl FillRule for FillModel {
    #[inline]
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        match self {
            FillModel::Cross(m) => m.bid_fill(q, snap),
            FillModel::Intensity(m) => m.bid_fill(q, snap),
            FillModel::Flow(m) => m.bid_fill(q, snap),
        }
    }

    #[inline]
    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        match self {
            FillModel::Cross(m) => m.ask_fill(q, snap),
            FillModel::Intensity(m) => m.ask_fill(q, snap),
            FillModel::Flow(m) => m.ask_fill(q, snap),
        }
    }
}
