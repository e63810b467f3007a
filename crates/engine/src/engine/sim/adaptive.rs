//! The seed document's adaptive adjustment: spread, order size and max exposure are scaled
//! by a factor from measured rolling volatility and a liquidity score.
//!
//! As the document's `adaptive_parameter_adjustment`: factor = 1; if volatility > 0.15
//! then 0.7; if liquidity score < 0.3 then 1.2 (the second test wins when both hold).

use super::positive::positive_finite;

/// Window of the rolling estimates, in steps.
pub const WINDOW: usize = 60;
/// Annualised volatility above which the factor is 0.7.
pub const HIGH_VOLATILITY: f64 = 0.15;
/// Liquidity score below which the factor is 1.2.
pub const LOW_LIQUIDITY: f64 = 0.3;

/// Rolling volatility (annualised, of mid log returns) and liquidity score
/// (rolling mean volume over the long-run mean volume, capped at 1; 1 when the feed has
/// no volume) in O(1) per step.
#[derive(Debug, Clone)]
pub struct Adaptive {
    returns: [f64; WINDOW],
    volumes: [f64; WINDOW],
    next: usize,
    filled: usize,
    sum: f64,
    sum_sq: f64,
    vol_sum: f64,
    total_volume: f64,
    total_steps: u64,
    steps_per_year: f64,
}

impl Adaptive {
    /// A fresh estimator for ticks of `tick_seconds`.
    pub fn new(tick_seconds: f64) -> Self {
        Self {
            returns: [0.0; WINDOW],
            volumes: [0.0; WINDOW],
            next: 0,
            filled: 0,
            sum: 0.0,
            sum_sq: 0.0,
            vol_sum: 0.0,
            total_volume: 0.0,
            total_steps: 0,
            steps_per_year: 365.0 * 86_400.0 / tick_seconds,
        }
    }

    /// Adds one step's log return and market volume.
    pub fn push(&mut self, log_return: f64, volume: f64) {
        let volume = if positive_finite(volume) { volume } else { 0.0 };
        let (old_r, old_v) = (self.returns[self.next], self.volumes[self.next]);
        if self.filled == WINDOW {
            self.sum -= old_r;
            self.sum_sq -= old_r * old_r;
            self.vol_sum -= old_v;
        } else {
            self.filled += 1;
        }
        self.returns[self.next] = log_return;
        self.volumes[self.next] = volume;
        self.sum += log_return;
        self.sum_sq += log_return * log_return;
        self.vol_sum += volume;
        self.total_volume += volume;
        self.total_steps += 1;
        self.next = (self.next + 1) % WINDOW;
    }

    /// Annualised rolling volatility (0 until two returns are in).
    pub fn volatility(&self) -> f64 {
        if self.filled < 2 {
            return 0.0;
        }
        let n = self.filled as f64;
        let var = ((self.sum_sq - self.sum * self.sum / n) / (n - 1.0)).max(0.0);
        (var * self.steps_per_year).sqrt()
    }

    /// Liquidity score in [0, 1].
    pub fn liquidity(&self) -> f64 {
        if self.total_volume <= 0.0 || self.filled == 0 {
            return 1.0;
        }
        let long_run = self.total_volume / self.total_steps as f64;
        ((self.vol_sum / self.filled as f64) / long_run).clamp(0.0, 1.0)
    }

    /// The adjustment factor.
    pub fn factor(&self) -> f64 {
        factor(self.volatility(), self.liquidity())
    }
}

/// The seed document's rule.
pub fn factor(volatility: f64, liquidity: f64) -> f64 {
    let mut f = 1.0;
    if volatility > HIGH_VOLATILITY {
        f = 0.7;
    }
    if liquidity < LOW_LIQUIDITY {
        f = 1.2;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_matches_the_document() {
        assert_eq!(factor(0.1, 0.5), 1.0);
        assert_eq!(factor(0.2, 0.5), 0.7);
        assert_eq!(factor(0.1, 0.2), 1.2);
        assert_eq!(factor(0.2, 0.2), 1.2);
    }

    #[test]
    fn rolling_estimates() {
        let mut a = Adaptive::new(60.0);
        for i in 0..500 {
            let r = if i % 2 == 0 { 1e-3 } else { -1e-3 };
            a.push(r, 1.0);
        }
        let expected = 1e-3 * (60.0f64 / 59.0).sqrt() * (365.0f64 * 1440.0).sqrt();
        assert!(
            (a.volatility() / expected - 1.0).abs() < 1e-6,
            "{}",
            a.volatility()
        );
        assert_eq!(a.liquidity(), 1.0);
        for _ in 0..WINDOW {
            a.push(0.0, 0.1);
        }
        assert!(a.liquidity() < 0.3);
        assert_eq!(a.factor(), 1.2);
        assert_eq!(Adaptive::new(1.0).liquidity(), 1.0);
    }
}
