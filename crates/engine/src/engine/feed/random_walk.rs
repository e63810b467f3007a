//! Seeded synthetic price paths: geometric Brownian motion or a mean-reverting
//! (Ornstein-Uhlenbeck on log price) walk, with optional compound-Poisson jumps.
//!
//! Bit-identical on every platform for the same parameters: one `Pcg64Mcg` stream, only
//! correctly-specified IEEE-754 operations, and `libm`'s pure-Rust `exp`/`log`. (The
//! platform's own `exp`/`ln`, which `rand_distr` uses, differ in the last bit between
//! native and wasm builds; a wasm test caught that.)

use super::FeedError;
use crate::engine::market::{Snapshot, MAX_PRICE, MIN_PRICE};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

const SECONDS_PER_YEAR: f64 = 365.0 * 86_400.0;

/// Which process drives the log price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum WalkKind {
    /// Geometric Brownian motion with drift.
    #[default]
    Gbm,
    /// Ornstein-Uhlenbeck on log price, pulled toward `mean_level`.
    MeanReverting,
}

/// Parameters of the synthetic feed. Rates are annualised (365-day year, 24/7 market).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RandomWalkParams {
    /// Process.
    pub kind: WalkKind,
    /// Random seed: same seed and parameters give the same series everywhere.
    pub seed: u64,
    /// First price.
    pub start_price: f64,
    /// Time of the first snapshot, Unix seconds (default 2024-01-01T00:00:00Z).
    pub start_time: f64,
    /// Seconds between snapshots.
    pub tick_seconds: f64,
    /// Annualised drift mu (GBM).
    pub drift: f64,
    /// Annualised volatility sigma.
    pub volatility: f64,
    /// Market half-spread as a fraction of price (bid = p(1-h), ask = p(1+h)).
    pub half_spread: f64,
    /// Mean-reversion speed theta per year (mean-reverting walk).
    pub mean_reversion: f64,
    /// Level the mean-reverting walk is pulled toward; 0 = `start_price`.
    pub mean_level: f64,
    /// Expected jumps per year; 0 = no jumps.
    pub jump_intensity: f64,
    /// Mean log jump size.
    pub jump_mean: f64,
    /// Standard deviation of the log jump size.
    pub jump_std: f64,
    /// Mean market volume per tick in base units (exponentially distributed).
    pub volume_mean: f64,
}

impl Default for RandomWalkParams {
    fn default() -> Self {
        Self {
            kind: WalkKind::Gbm,
            seed: 42,
            start_price: 50_000.0,
            start_time: 1_704_067_200.0,
            tick_seconds: 60.0,
            drift: 0.0,
            volatility: 0.8,
            half_spread: 0.0001,
            mean_reversion: 50.0,
            mean_level: 0.0,
            jump_intensity: 0.0,
            jump_mean: 0.0,
            jump_std: 0.02,
            volume_mean: 1.0,
        }
    }
}

impl RandomWalkParams {
    /// Checks every parameter: those in the settings table against its rows, the rest here.
    pub fn validate(&self) -> Result<(), FeedError> {
        use crate::engine::settings::{Group, Settings};
        Settings {
            walk: self.clone(),
            ..Settings::default()
        }
        .check(Some(Group::Market))
        .map_err(FeedError::Setting)?;
        let check = |field: &'static str, value: f64, ok: bool, allowed: &'static str| {
            if value.is_finite() && ok {
                Ok(())
            } else {
                Err(FeedError::Param {
                    field,
                    value,
                    allowed,
                })
            }
        };
        check(
            "start_time",
            self.start_time,
            self.start_time.abs() < 1e11,
            "a Unix time in seconds",
        )?;
        check(
            "mean_level",
            self.mean_level,
            self.mean_level == 0.0 || (MIN_PRICE..=MAX_PRICE).contains(&self.mean_level),
            "0 (= start price) or in [1e-12, 1e12]",
        )?;
        check(
            "jump_intensity",
            self.jump_intensity,
            (0.0..=1e6).contains(&self.jump_intensity),
            "in [0, 1e6] per year",
        )?;
        check(
            "jump_mean",
            self.jump_mean,
            self.jump_mean.abs() <= 1.0,
            "in [-1, 1]",
        )?;
        check(
            "jump_std",
            self.jump_std,
            (0.0..=1.0).contains(&self.jump_std),
            "in [0, 1]",
        )?;
        check(
            "volume_mean",
            self.volume_mean,
            (0.0..1e12).contains(&self.volume_mean),
            "in [0, 1e12)",
        )?;
        Ok(())
    }
}

/// An endless synthetic feed; `take(n)` it.
#[derive(Debug, Clone)]
pub struct RandomWalk {
    rng: Pcg64Mcg,
    log_price: f64,
    step: u64,
    start_time: f64,
    tick: f64,
    half_spread: f64,
    volume_mean: f64,
    /// Per-step deterministic increment (GBM) or OU decay factor.
    a: f64,
    /// Per-step noise scale.
    b: f64,
    /// OU target log level.
    target: f64,
    kind: WalkKind,
    /// exp(-lambda) of the per-step jump count (Knuth's Poisson sampler); None = no jumps.
    jump_exp_neg_lambda: Option<f64>,
    jump_mean: f64,
    jump_std: f64,
}

impl RandomWalk {
    /// Validates the parameters and starts the walk.
    pub fn new(p: &RandomWalkParams) -> Result<Self, FeedError> {
        p.validate()?;
        let dt = p.tick_seconds / SECONDS_PER_YEAR;
        let (a, b) = match p.kind {
            WalkKind::Gbm => (
                (p.drift - 0.5 * p.volatility * p.volatility) * dt,
                p.volatility * dt.sqrt(),
            ),
            WalkKind::MeanReverting => {
                // Exact OU discretisation.
                let th = p.mean_reversion;
                let decay = libm::exp(-th * dt);
                let sd = if th > 0.0 {
                    p.volatility * ((1.0 - libm::exp(-2.0 * th * dt)) / (2.0 * th)).sqrt()
                } else {
                    p.volatility * dt.sqrt()
                };
                (decay, sd)
            }
        };
        let level = if p.mean_level > 0.0 {
            p.mean_level
        } else {
            p.start_price
        };
        let lambda = p.jump_intensity * dt;
        Ok(Self {
            rng: Pcg64Mcg::seed_from_u64(p.seed),
            log_price: libm::log(p.start_price),
            step: 0,
            start_time: p.start_time,
            tick: p.tick_seconds,
            half_spread: p.half_spread,
            volume_mean: p.volume_mean,
            a,
            b,
            target: libm::log(level),
            kind: p.kind,
            jump_exp_neg_lambda: (lambda > 0.0).then(|| libm::exp(-lambda)),
            jump_mean: p.jump_mean,
            jump_std: p.jump_std,
        })
    }
}

impl Iterator for RandomWalk {
    type Item = Snapshot;

    #[inline]
    fn next(&mut self) -> Option<Snapshot> {
        if self.step > 0 {
            let z = standard_normal(&mut self.rng);
            self.log_price = match self.kind {
                WalkKind::Gbm => self.log_price + self.a + self.b * z,
                WalkKind::MeanReverting => {
                    self.target + (self.log_price - self.target) * self.a + self.b * z
                }
            };
            if let Some(limit) = self.jump_exp_neg_lambda {
                // Knuth: count uniforms until their product drops below e^-lambda.
                let mut prod: f64 = self.rng.random();
                let mut n = 0;
                while prod > limit && n < 64 {
                    let jz = standard_normal(&mut self.rng);
                    self.log_price += self.jump_mean + self.jump_std * jz;
                    prod *= self.rng.random::<f64>();
                    n += 1;
                }
            }
            self.log_price = reflect(self.log_price);
        }
        let u: f64 = self.rng.random();
        let volume = if self.volume_mean > 0.0 {
            -libm::log(1.0 - u) * self.volume_mean
        } else {
            0.0
        };
        let time = self.start_time + self.tick * self.step as f64;
        self.step += 1;
        Some(Snapshot::from_price(
            time,
            libm::exp(self.log_price),
            self.half_spread,
            volume,
        ))
    }
}

/// `x` reflected into [ln MIN_PRICE, ln MAX_PRICE]: a walk that reaches a bound bounces off
/// it rather than sticking there, so prices stay finite and positive whatever the
/// parameters, and a start anywhere in the accepted range moves freely.
#[inline]
fn reflect(x: f64) -> f64 {
    let (lo, hi) = (LOG_MIN_PRICE, LOG_MAX_PRICE);
    if (lo..=hi).contains(&x) {
        return x;
    }
    if !x.is_finite() {
        return x.clamp(lo, hi);
    }
    // Fold onto a period of twice the width, then mirror the upper half.
    let w = hi - lo;
    let y = (x - lo).rem_euclid(2.0 * w);
    if y <= w {
        lo + y
    } else {
        hi - (y - w)
    }
}

/// ln of [`MIN_PRICE`] and [`MAX_PRICE`].
const LOG_MIN_PRICE: f64 = -27.631_021_115_928_547;
const LOG_MAX_PRICE: f64 = 27.631_021_115_928_547;

/// A standard normal draw by Marsaglia's polar method (portable: needs only `log` and `sqrt`).
#[inline]
fn standard_normal(rng: &mut Pcg64Mcg) -> f64 {
    loop {
        let u: f64 = rng.random::<f64>() * 2.0 - 1.0;
        let v: f64 = rng.random::<f64>() * 2.0 - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * libm::log(s) / s).sqrt();
        }
    }
}

/// The first `steps` snapshots of the walk.
// Never inlined: its hot loop keeps the engine's opt-level 3 when called from the app, which the
// web build optimises for size (`[profile.web]` in the root Cargo.toml).
#[inline(never)]
pub fn generate(p: &RandomWalkParams, steps: usize) -> Result<Vec<Snapshot>, FeedError> {
    let mut out = Vec::with_capacity(steps);
    out.extend(RandomWalk::new(p)?.take(steps));
    Ok(out)
}

/// FNV-1a hash over every field's bits: compares series across platforms.
pub fn fingerprint(snaps: &[Snapshot]) -> u64 {
    crate::engine::sim::fingerprint::fnv1a_bits(
        snaps
            .iter()
            .flat_map(|s| [s.time, s.bid, s.ask, s.last, s.volume]),
    )
}

/// Fingerprint of `generate(&RandomWalkParams { seed: 7, ..Default::default() }, 1000)`,
/// pinned so native and wasm builds can be checked against each other.
pub const SEED7_FINGERPRINT: u64 = 15_787_072_061_972_022_644;

#[cfg(test)]
mod tests {
    use super::*;

    fn log_returns(s: &[Snapshot]) -> Vec<f64> {
        s.windows(2).map(|w| (w[1].last / w[0].last).ln()).collect()
    }

    fn std(x: &[f64]) -> f64 {
        let m = x.iter().sum::<f64>() / x.len() as f64;
        (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64).sqrt()
    }

    #[test]
    fn prices_move_freely_over_the_whole_accepted_start_range() {
        assert_eq!(LOG_MIN_PRICE, libm::log(MIN_PRICE));
        assert_eq!(LOG_MAX_PRICE, libm::log(MAX_PRICE));
        for start in [MIN_PRICE, 1e-6, 999_999_999_999.0, MAX_PRICE] {
            let p = RandomWalkParams {
                start_price: start,
                ..Default::default()
            };
            let s = generate(&p, 2_000).unwrap();
            let distinct = s.windows(2).filter(|w| w[0].last != w[1].last).count();
            assert!(distinct > 1_900, "start {start}: stuck ({distinct} moves)");
            assert!(s.iter().all(|x| (MIN_PRICE..=MAX_PRICE).contains(&x.last)));
            let up = s.iter().any(|x| x.last > start);
            let down = s.iter().any(|x| x.last < start);
            assert!(down || start == MIN_PRICE, "start {start} never went down");
            assert!(up || start == MAX_PRICE, "start {start} never went up");
        }
        // Wild parameters stay inside the bounds too.
        let wild = RandomWalkParams {
            volatility: 10.0,
            drift: 10.0,
            tick_seconds: 31_536_000.0,
            ..Default::default()
        };
        assert!(generate(&wild, 500)
            .unwrap()
            .iter()
            .all(|x| (MIN_PRICE..=MAX_PRICE).contains(&x.last) && x.bid > 0.0));
    }

    #[test]
    fn reflection_folds_back_inside() {
        assert_eq!(reflect(1.0), 1.0);
        assert!((reflect(LOG_MAX_PRICE + 1.0) - (LOG_MAX_PRICE - 1.0)).abs() < 1e-9);
        assert!((reflect(LOG_MIN_PRICE - 2.0) - (LOG_MIN_PRICE + 2.0)).abs() < 1e-9);
        assert!((LOG_MIN_PRICE..=LOG_MAX_PRICE).contains(&reflect(1e6)));
        assert_eq!(reflect(f64::INFINITY), LOG_MAX_PRICE);
    }

    #[test]
    fn deterministic_and_seed_dependent() {
        let p = RandomWalkParams::default();
        assert_eq!(generate(&p, 500).unwrap(), generate(&p, 500).unwrap());
        let q = RandomWalkParams {
            seed: 43,
            ..p.clone()
        };
        assert_ne!(generate(&p, 500).unwrap(), generate(&q, 500).unwrap());
    }

    #[test]
    fn pinned_fingerprint() {
        let p = RandomWalkParams {
            seed: 7,
            ..Default::default()
        };
        assert_eq!(fingerprint(&generate(&p, 1000).unwrap()), SEED7_FINGERPRINT);
    }

    #[test]
    fn gbm_volatility_matches_target() {
        let p = RandomWalkParams {
            volatility: 0.5,
            ..Default::default()
        };
        let s = generate(&p, 100_000).unwrap();
        let per_step = 0.5 * (60.0 / SECONDS_PER_YEAR).sqrt();
        let measured = std(&log_returns(&s));
        assert!(
            (measured / per_step - 1.0).abs() < 0.03,
            "{measured} vs {per_step}"
        );
        assert!(s
            .iter()
            .all(|x| x.last.is_finite() && x.last > 0.0 && x.bid < x.ask));
        assert_eq!(s[1].time - s[0].time, 60.0);
    }

    #[test]
    fn mean_reverting_walk_returns_to_its_level() {
        let p = RandomWalkParams {
            kind: WalkKind::MeanReverting,
            start_price: 60_000.0,
            mean_level: 50_000.0,
            mean_reversion: 5_000.0,
            ..Default::default()
        };
        let s = generate(&p, 20_000).unwrap();
        let tail = &s[10_000..];
        let mean = tail.iter().map(|x| x.last).sum::<f64>() / tail.len() as f64;
        assert!((mean / 50_000.0 - 1.0).abs() < 0.01, "{mean}");
    }

    #[test]
    fn jumps_arrive_at_the_set_rate() {
        let per_year = SECONDS_PER_YEAR / 60.0;
        let p = RandomWalkParams {
            volatility: 0.0,
            jump_intensity: 0.01 * per_year, // 1 % of steps
            jump_std: 0.01,
            ..Default::default()
        };
        let s = generate(&p, 100_000).unwrap();
        let jumps = log_returns(&s).iter().filter(|r| r.abs() > 1e-12).count();
        assert!((800..1200).contains(&jumps), "{jumps}");
    }

    #[test]
    fn rejects_bad_params_with_a_clear_message() {
        let p = RandomWalkParams {
            volatility: f64::NAN,
            ..Default::default()
        };
        let e = RandomWalk::new(&p).unwrap_err();
        assert!(e.to_string().contains("volatility"));
        assert!(generate(
            &RandomWalkParams {
                tick_seconds: 0.0,
                ..Default::default()
            },
            1
        )
        .is_err());
    }
}
