//! The simulation of Avellaneda & Stoikov (2008), "High-frequency trading in a limit order
//! book", section 4: the inventory strategy against the symmetric one on the same paths.
//!
//! Mid moves ±σ√dt with probability ½ each step; the inventory strategy quotes around the
//! reservation price r = s − qγσ²(T−t) with total spread γσ²(T−t) + (2/γ)ln(1+γ/k); the
//! symmetric strategy uses the same spread centred on s. Each side fills one unit with
//! probability min(A·e^(−kδ)·dt, 1), δ the quote's distance from s. Profit = cash + q·S_T.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Parameters of the experiment; defaults are the paper's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaperParams {
    /// Risk aversion γ.
    pub gamma: f64,
    /// Order-book decay k.
    pub k: f64,
    /// Arrival intensity A.
    pub a: f64,
    /// Volatility σ (price units per √time).
    pub sigma: f64,
    /// Starting mid price.
    pub s0: f64,
    /// Horizon T.
    pub t_end: f64,
    /// Time step.
    pub dt: f64,
    /// Number of simulated paths.
    pub runs: usize,
    /// Seed; run i uses a generator seeded from (seed, i), so any slice of runs is reproducible.
    pub seed: u64,
}

impl Default for PaperParams {
    fn default() -> Self {
        Self {
            gamma: 0.1,
            k: 1.5,
            a: 140.0,
            sigma: 2.0,
            s0: 100.0,
            t_end: 1.0,
            dt: 0.005,
            runs: 1000,
            seed: 1,
        }
    }
}

impl PaperParams {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), String> {
        let pos = [
            ("gamma", self.gamma),
            ("k", self.k),
            ("a", self.a),
            ("sigma", self.sigma),
            ("s0", self.s0),
            ("t_end", self.t_end),
            ("dt", self.dt),
        ];
        for (name, v) in pos {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!("{name} = {v} must be a finite number > 0"));
            }
        }
        if self.t_end / self.dt > 1e6 {
            return Err(format!(
                "t_end / dt = {} steps is too many (at most 1e6)",
                self.t_end / self.dt
            ));
        }
        if self.runs == 0 || self.runs > 1_000_000 {
            return Err(format!("runs = {} must be in 1..=1000000", self.runs));
        }
        Ok(())
    }
}

/// Results for one strategy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StrategyStats {
    /// Average total spread quoted.
    pub spread: f64,
    /// Mean terminal profit.
    pub profit_mean: f64,
    /// Standard deviation of terminal profit.
    pub profit_std: f64,
    /// Mean terminal inventory.
    pub final_q_mean: f64,
    /// Standard deviation of terminal inventory.
    pub final_q_std: f64,
    /// Every run's terminal profit (for histograms).
    #[serde(skip)]
    pub profits: Vec<f64>,
    /// Every run's terminal inventory.
    #[serde(skip)]
    pub final_qs: Vec<f64>,
}

/// Results of the experiment for one γ.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaperResult {
    /// γ used.
    pub gamma: f64,
    /// The inventory (reservation-price) strategy.
    pub inventory: StrategyStats,
    /// The symmetric strategy.
    pub symmetric: StrategyStats,
}

/// Runs all `p.runs` paths.
pub fn simulate(p: &PaperParams) -> Result<PaperResult, String> {
    let part = simulate_runs(p, 0..p.runs)?;
    Ok(combine(p.gamma, vec![part]))
}

/// Runs paths `runs` only (e.g. one web worker's share); merge slices with [`combine`].
pub fn simulate_runs(p: &PaperParams, runs: Range<usize>) -> Result<PaperResult, String> {
    p.validate()?;
    let steps = (p.t_end / p.dt).round() as usize;
    let mut inv = StrategyStats::default();
    let mut sym = StrategyStats::default();
    let base_spread_term = (2.0 / p.gamma) * libm::log(1.0 + p.gamma / p.k);
    let jump = p.sigma * p.dt.sqrt();
    for run in runs {
        let mut rng =
            Pcg64Mcg::seed_from_u64(p.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ run as u64);
        let mut s = p.s0;
        let (mut q_i, mut x_i, mut q_s, mut x_s) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for n in 0..steps {
            let tau = p.t_end - n as f64 * p.dt;
            let risk = p.gamma * p.sigma * p.sigma * tau;
            let spread = risk + base_spread_term;
            // Inventory strategy quotes.
            let r = s - q_i * risk;
            let (bid_i, ask_i) = (r - spread / 2.0, r + spread / 2.0);
            // Symmetric strategy quotes.
            let (bid_s, ask_s) = (s - spread / 2.0, s + spread / 2.0);
            // Common random numbers: the same draws decide both strategies' fills.
            let u_bid: f64 = rng.random();
            let u_ask: f64 = rng.random();
            let prob = |delta: f64| (p.a * libm::exp(-p.k * delta) * p.dt).min(1.0);
            if u_bid < prob(s - bid_i) {
                q_i += 1.0;
                x_i -= bid_i;
            }
            if u_ask < prob(ask_i - s) {
                q_i -= 1.0;
                x_i += ask_i;
            }
            if u_bid < prob(s - bid_s) {
                q_s += 1.0;
                x_s -= bid_s;
            }
            if u_ask < prob(ask_s - s) {
                q_s -= 1.0;
                x_s += ask_s;
            }
            s += if rng.random::<bool>() { jump } else { -jump };
        }
        inv.profits.push(x_i + q_i * s);
        inv.final_qs.push(q_i);
        sym.profits.push(x_s + q_s * s);
        sym.final_qs.push(q_s);
    }
    // The spread schedule does not depend on the path: average it once, so slices agree bit for bit.
    let avg_spread = (0..steps)
        .map(|n| p.gamma * p.sigma * p.sigma * (p.t_end - n as f64 * p.dt) + base_spread_term)
        .sum::<f64>()
        / steps.max(1) as f64;
    for st in [&mut inv, &mut sym] {
        st.spread = avg_spread;
    }
    Ok(PaperResult {
        gamma: p.gamma,
        inventory: inv,
        symmetric: sym,
    })
}

/// Merges slices of runs into one result with the summary statistics filled in.
pub fn combine(gamma: f64, parts: Vec<PaperResult>) -> PaperResult {
    let mut out = PaperResult {
        gamma,
        ..Default::default()
    };
    for part in parts {
        for (dst, src) in [
            (&mut out.inventory, part.inventory),
            (&mut out.symmetric, part.symmetric),
        ] {
            dst.profits.extend(src.profits);
            dst.final_qs.extend(src.final_qs);
            dst.spread = src.spread;
        }
    }
    for st in [&mut out.inventory, &mut out.symmetric] {
        (st.profit_mean, st.profit_std) = mean_std(&st.profits);
        (st.final_q_mean, st.final_q_std) = mean_std(&st.final_qs);
    }
    out
}

fn mean_std(x: &[f64]) -> (f64, f64) {
    if x.is_empty() {
        return (0.0, 0.0);
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let var = if x.len() > 1 {
        x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (m, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_the_papers_qualitative_result() {
        let r = simulate(&PaperParams::default()).unwrap();
        // Average total spread: gamma*sigma^2*mean(T-t) + (2/gamma)ln(1+gamma/k)
        // = 0.1*4*0.5025 + 20 ln(1 + 1/15) = 0.201 + 1.2908. (The paper's table lists 1.29,
        // the second term alone.) The inventory strategy has far lower profit and
        // inventory dispersion than the symmetric one.
        assert!(
            (r.inventory.spread - 1.4918).abs() < 1e-3,
            "{}",
            r.inventory.spread
        );
        assert!(
            r.inventory.profit_std < 0.6 * r.symmetric.profit_std,
            "{r:?}"
        );
        assert!(r.inventory.final_q_std < 0.5 * r.symmetric.final_q_std);
        assert!(
            r.inventory.profit_mean > 50.0 && r.symmetric.profit_mean > r.inventory.profit_mean
        );
    }

    #[test]
    fn slices_combine_to_the_whole() {
        let p = PaperParams {
            runs: 40,
            ..Default::default()
        };
        let whole = simulate(&p).unwrap();
        let parts = vec![
            simulate_runs(&p, 0..15).unwrap(),
            simulate_runs(&p, 15..40).unwrap(),
        ];
        assert_eq!(combine(p.gamma, parts), whole);
        assert_eq!(simulate(&p).unwrap(), whole);
    }

    #[test]
    fn rejects_bad_params() {
        assert!(simulate(&PaperParams {
            gamma: 0.0,
            ..Default::default()
        })
        .is_err());
        assert!(simulate(&PaperParams {
            runs: 0,
            ..Default::default()
        })
        .is_err());
        assert!(simulate(&PaperParams {
            dt: f64::NAN,
            ..Default::default()
        })
        .is_err());
    }
}
