//! The per-step path's "is this a usable positive number" test.

/// Whether `x` is positive and finite (not 0, ∞ or NaN): `x.is_finite() && x > 0.0`.
///
/// Written as two comparisons because LLVM turns the `is_finite` form into a ~16-instruction
/// integer test of the bits on x86-64, and the step makes this test a dozen times.
#[inline(always)]
pub(crate) fn positive_finite(x: f64) -> bool {
    x > 0.0 && x <= f64::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answer_as_is_finite_and_positive() {
        for x in [
            0.0,
            -0.0,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            1.0,
            -1.0,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
        ] {
            assert_eq!(positive_finite(x), x.is_finite() && x > 0.0, "{x}");
        }
    }
}
