//! Fill models for resting quotes, one file each behind [`FillRule`].
//!
//! A new model is one new file implementing [`FillRule`] plus one variant in [`FillModel`].
//! The seed's two instant-fill models (`seed-backtest`, `seed-live`) are not resting-quote
//! models; the simulator runs them directly.

mod cross;
mod intensity;

pub use cross::Cross;
pub use intensity::Intensity;

use crate::engine::market::Snapshot;

/// Decides whether a resting quote trades against the next snapshot.
pub trait FillRule {
    /// True when our resting bid at `price` is filled by `snap`.
    fn bid_fills(&mut self, price: f64, snap: &Snapshot) -> bool;
    /// True when our resting ask at `price` is filled by `snap`.
    fn ask_fills(&mut self, price: f64, snap: &Snapshot) -> bool;
}

/// The resting-quote fill models, dispatched without allocation.
#[derive(Debug, Clone)]
pub enum FillModel {
    /// Trade-through fills.
    Cross(Cross),
    /// Poisson-intensity fills.
    Intensity(Intensity),
}

impl FillRule for FillModel {
    #[inline]
    fn bid_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        match self {
            FillModel::Cross(m) => m.bid_fills(price, snap),
            FillModel::Intensity(m) => m.bid_fills(price, snap),
        }
    }

    #[inline]
    fn ask_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        match self {
            FillModel::Cross(m) => m.ask_fills(price, snap),
            FillModel::Intensity(m) => m.ask_fills(price, snap),
        }
    }
}
