//! Welford's running mean and variance: O(1) per value, numerically stable.

use super::division::div_positive;

/// Count, mean and sum of squared deviations of the values pushed so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunningStats {
    n: u64,
    mean: f64,
    m2: f64,
}

impl RunningStats {
    /// Adds one value.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += div_positive(d, self.n as f64);
        self.m2 += d * (x - self.mean);
    }

    /// Mean of the values (0 when none).
    #[inline]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Sample variance, dividing by n − 1 (0 with fewer than two values).
    pub fn sample_variance(&self) -> f64 {
        if self.n > 1 {
            (self.m2 / (self.n - 1) as f64).max(0.0)
        } else {
            0.0
        }
    }

    /// Population variance, dividing by n (0 when empty).
    pub fn population_variance(&self) -> f64 {
        if self.n > 0 {
            (self.m2 / self.n as f64).max(0.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_two_pass_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut s = RunningStats::default();
        xs.iter().for_each(|&x| s.push(x));
        assert!((s.mean() - 5.0).abs() < 1e-12);
        assert!((s.population_variance() - 4.0).abs() < 1e-12);
        assert!((s.sample_variance() - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(RunningStats::default().sample_variance(), 0.0);
        assert_eq!(RunningStats::default().population_variance(), 0.0);
    }
}
