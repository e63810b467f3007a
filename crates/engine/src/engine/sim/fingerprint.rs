//! A run's fingerprint: one number that changes when any bit of its equity curve, its
//! fills or its market orders does, so a test can pin that native and wasm runs are
//! bit-identical (the order-flow model's ziggurat tables and draws included).

use super::RunResult;

/// FNV-1a over the bits of every step's equity, every fill's price and amount and every
/// recorded market order's price and quantity.
pub fn run_fingerprint(r: &RunResult) -> u64 {
    fnv1a_bits(
        r.series
            .equity
            .iter()
            .copied()
            .chain(r.trades.iter().flat_map(|t| [t.price, t.amount]))
            .chain(r.prints.iter().flat_map(|m| [m.print.price, m.print.qty])),
    )
}

/// FNV-1a hash over the bits of `values`, little-endian.
pub fn fnv1a_bits(values: impl IntoIterator<Item = f64>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for b in v.to_bits().to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of a default run (default settings, seed 7, 2 000 steps of the default
/// random walk; see the test below and `tests/web.rs`).
pub const DEFAULT_RUN_SEED7_FINGERPRINT: u64 = 11_175_194_834_614_822_147;

/// The run [`DEFAULT_RUN_SEED7_FINGERPRINT`] pins.
pub fn default_run_seed7() -> RunResult {
    let mut s = crate::engine::settings::Settings::default();
    s.walk.seed = 7;
    s.steps = 2_000;
    let feed = crate::engine::run::feed(&s, None).expect("the default feed");
    crate::engine::run::run(&s, &feed).expect("the default run")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_run_has_the_pinned_fingerprint() {
        assert_eq!(
            run_fingerprint(&default_run_seed7()),
            DEFAULT_RUN_SEED7_FINGERPRINT
        );
    }
}
