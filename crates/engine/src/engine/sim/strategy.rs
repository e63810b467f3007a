//! Quoting strategies: where to place our bid and ask.

use super::positive::positive_finite;
use super::StrategyKind;
use crate::engine::market::Snapshot;

/// A two-sided quote. A side with size 0 is not quoted; its price is then NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quote {
    /// The market mid when the quote was placed (fill models measure distance from it).
    pub mid: f64,
    /// Bid price.
    pub bid: f64,
    /// Bid size in base units.
    pub bid_size: f64,
    /// Ask price.
    pub ask: f64,
    /// Ask size in base units.
    pub ask_size: f64,
}

impl Quote {
    /// No quote on either side.
    pub const NONE: Quote = Quote {
        mid: f64::NAN,
        bid: f64::NAN,
        bid_size: 0.0,
        ask: f64::NAN,
        ask_size: 0.0,
    };

    /// The mid the quote was placed at (the snapshot's when unknown): fill models
    /// measure a quote's distance from it.
    #[inline]
    pub fn placement_mid(&self, snap: &Snapshot) -> f64 {
        if positive_finite(self.mid) {
            self.mid
        } else {
            snap.mid()
        }
    }
}

/// Inputs to the Avellaneda-Stoikov formulas, in basis points of mid and steps.
#[derive(Debug, Clone, Copy)]
pub struct AsInputs {
    /// Risk aversion gamma.
    pub gamma: f64,
    /// Order-book liquidity k, per basis point.
    pub k: f64,
    /// Volatility per step, in basis points.
    pub sigma_bp: f64,
    /// Inventory minus the target inventory, in units of the order size (q).
    pub q: f64,
    /// Remaining horizon T - t, in steps.
    pub tau: f64,
}

/// Avellaneda-Stoikov: returns (reservation offset, total spread), both in basis points of mid.
/// r = s - q*gamma*sigma^2*(T-t); spread = gamma*sigma^2*(T-t) + (2/gamma)*ln(1 + gamma/k).
#[inline]
pub fn avellaneda_stoikov_bp(i: &AsInputs) -> (f64, f64) {
    let risk = i.gamma * i.sigma_bp * i.sigma_bp * i.tau;
    let reservation = -i.q * risk;
    let spread = risk + (2.0 / i.gamma) * libm::log1p(i.gamma / i.k);
    (reservation, spread)
}

/// Bid and ask prices for a strategy. `spread` is the config's `spread_percentage`.
/// For the AS strategies, `asi` supplies the model inputs.
#[inline]
pub fn quote_prices(
    kind: StrategyKind,
    snap: &Snapshot,
    spread: f64,
    asi: &AsInputs,
) -> (f64, f64) {
    match kind {
        StrategyKind::Seed => (
            snap.bid * (1.0 - spread / 2.0),
            snap.ask * (1.0 + spread / 2.0),
        ),
        StrategyKind::AvellanedaStoikov | StrategyKind::Symmetric => {
            let (r, total) = avellaneda_stoikov_bp(asi);
            let centre = if kind == StrategyKind::Symmetric {
                0.0
            } else {
                r
            };
            let mid = snap.mid();
            (
                mid * (1.0 + (centre - total / 2.0) * 1e-4),
                mid * (1.0 + (centre + total / 2.0) * 1e-4),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap() -> Snapshot {
        Snapshot {
            time: 0.0,
            bid: 99.0,
            ask: 101.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        }
    }

    #[test]
    fn seed_quotes_apply_half_spread_to_the_book() {
        let asi = AsInputs {
            gamma: 0.1,
            k: 1.5,
            sigma_bp: 1.0,
            q: 0.0,
            tau: 1.0,
        };
        let (b, a) = quote_prices(StrategyKind::Seed, &snap(), 0.002, &asi);
        assert!((b - 99.0 * 0.999).abs() < 1e-12);
        assert!((a - 101.0 * 1.001).abs() < 1e-12);
    }

    #[test]
    fn avellaneda_stoikov_matches_the_paper_formula() {
        // The paper's gamma = 0.1, k = 1.5, sigma = 2, T - t = 1: spread = 0.4 + 20 ln(1 + 1/15).
        let asi = AsInputs {
            gamma: 0.1,
            k: 1.5,
            sigma_bp: 2.0,
            q: 3.0,
            tau: 1.0,
        };
        let (r, s) = avellaneda_stoikov_bp(&asi);
        assert!((s - (0.4 + 20.0 * (1.0f64 + 0.1 / 1.5).ln())).abs() < 1e-12);
        assert!((s - 1.6907).abs() < 1e-3);
        assert!((r - (-3.0 * 0.4)).abs() < 1e-12);
        let (b, a) = quote_prices(StrategyKind::AvellanedaStoikov, &snap(), 0.0, &asi);
        let mid = 100.0;
        assert!(((a - b) / mid * 1e4 - s).abs() < 1e-9);
        assert!(((a + b) / 2.0 - mid * (1.0 + r * 1e-4)).abs() < 1e-9);
        let (bs, as_) = quote_prices(StrategyKind::Symmetric, &snap(), 0.0, &asi);
        assert!(((as_ + bs) / 2.0 - mid).abs() < 1e-9);
    }
}
