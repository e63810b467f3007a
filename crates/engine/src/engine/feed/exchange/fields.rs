//! One field checked: prices, sizes, ids, flags and exchange timestamps, with errors that
//! name the field and quote (part of) its text.

use super::error::{cut, ExchangeFileError};
use crate::engine::market::{MAX_PRICE, MIN_PRICE};
use serde_json::Value;
use std::fmt;

/// Largest accepted size (base units).
pub const MAX_SIZE: f64 = 1e15;

/// A field that is missing or wrong, before the line it is on is known.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// The field is absent.
    Missing {
        /// Field name.
        field: String,
    },
    /// The field does not hold what it should.
    Bad {
        /// Field name.
        field: String,
        /// Its text, cut to about 80 characters.
        value: String,
        /// What was expected, e.g. "a number".
        expected: &'static str,
    },
    /// A price or size out of range.
    OutOfRange {
        /// Field name.
        field: String,
        /// Its text, cut to about 80 characters.
        value: String,
    },
    /// Best bid above best ask.
    Crossed,
}

impl FieldError {
    /// The same error, placed on line `line` of a file.
    pub fn at(self, line: u64) -> ExchangeFileError {
        match self {
            FieldError::Missing { field } => ExchangeFileError::MissingField { line, field },
            FieldError::Bad {
                field,
                value,
                expected,
            } => ExchangeFileError::BadField {
                line,
                field,
                value,
                expected,
            },
            FieldError::OutOfRange { field, value } => {
                ExchangeFileError::OutOfRange { line, field, value }
            }
            FieldError::Crossed => ExchangeFileError::CrossedBook { line },
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::Missing { field } => write!(f, "missing field {field}"),
            FieldError::Bad {
                field,
                value,
                expected,
            } => write!(f, "field {field}: \"{value}\" is not {expected}"),
            FieldError::OutOfRange { field, value } => {
                write!(f, "field {field}: {value} is out of range")
            }
            FieldError::Crossed => f.write_str("best bid is above best ask"),
        }
    }
}

impl std::error::Error for FieldError {}

fn bad(field: &str, value: &str, expected: &'static str) -> FieldError {
    FieldError::Bad {
        field: field.to_string(),
        value: cut(value),
        expected,
    }
}

fn number(field: &str, text: &str) -> Result<f64, FieldError> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(bad(field, text, "a finite number")),
    }
}

/// A price: finite, in [`MIN_PRICE`]`..=`[`MAX_PRICE`] (1e-12 to 1e12).
pub fn price(field: &str, text: &str) -> Result<f64, FieldError> {
    let x = number(field, text)?;
    if (MIN_PRICE..=MAX_PRICE).contains(&x) {
        Ok(x)
    } else {
        Err(FieldError::OutOfRange {
            field: field.to_string(),
            value: cut(text.trim()),
        })
    }
}

/// A size: finite, above zero, at most `MAX_SIZE`.
pub fn size(field: &str, text: &str) -> Result<f64, FieldError> {
    let x = number(field, text)?;
    if x > 0.0 && x <= MAX_SIZE {
        Ok(x)
    } else {
        Err(FieldError::OutOfRange {
            field: field.to_string(),
            value: cut(text.trim()),
        })
    }
}

/// A non-negative integer id.
pub fn id(field: &str, text: &str) -> Result<u64, FieldError> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| bad(field, text, "an integer id"))
}

/// `true` or `false` (any case, as pandas writes `True`).
pub fn flag(field: &str, text: &str) -> Result<bool, FieldError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(bad(field, text, "true or false"))
    }
}

/// Whether `text` is `true` or `false` (any case).
pub(super) fn is_flag(text: &str) -> bool {
    flag("", text).is_ok()
}

/// Whether `text` is a non-negative integer.
pub(super) fn is_integer(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.len() <= 20 && t.bytes().all(|c| c.is_ascii_digit())
}

/// Microseconds are told from milliseconds by magnitude: above this, a time is in µs.
pub const MICROS_ABOVE: f64 = 1e14;

/// An exchange timestamp in milliseconds or microseconds since the epoch (told apart by
/// magnitude, [`MICROS_ABOVE`]), as Unix seconds.
pub fn epoch_ms_or_us(field: &str, text: &str) -> Result<f64, FieldError> {
    let x = number(field, text).map_err(|_| bad(field, text, "a timestamp in ms or µs"))?;
    // 1e11 ms is 1973: anything smaller is seconds or not a time at all.
    if !(1e11..1e17).contains(&x) {
        return Err(bad(field, text, "a timestamp in ms or µs"));
    }
    Ok(if x > MICROS_ABOVE { x / 1e6 } else { x / 1e3 })
}

/// An ISO-8601 time (as Coinbase and Kraken send), as Unix seconds.
pub fn iso(field: &str, text: &str) -> Result<f64, FieldError> {
    let t = text.trim();
    if t.as_bytes().first().is_some_and(|b| b.is_ascii_digit()) && t.contains('-') {
        if let Some(x) = crate::engine::feed::csv_replay::parse_time(t) {
            return Ok(x);
        }
    }
    Err(bad(field, text, "an ISO-8601 time"))
}

/// The text of JSON field `field` of `obj` (a string, or a number as written); `None` when
/// absent or null.
pub fn json_text(obj: &Value, field: &str) -> Result<Option<String>, FieldError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(bad(field, &other.to_string(), "a number or a string")),
    }
}

/// The text of required JSON field `field` of `obj`.
pub fn json_required(obj: &Value, field: &str) -> Result<String, FieldError> {
    json_text(obj, field)?.ok_or_else(|| FieldError::Missing {
        field: field.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_sizes_and_times() {
        assert_eq!(price("p", " 2683.8 "), Ok(2683.8));
        for bad in ["0", "-1", "1e13", "1e-13"] {
            assert!(matches!(
                price("p", bad),
                Err(FieldError::OutOfRange { .. })
            ));
        }
        for bad in ["NaN", "inf", "x", ""] {
            assert!(
                matches!(price("p", bad), Err(FieldError::Bad { .. })),
                "{bad}"
            );
        }
        assert!(size("q", "0").is_err());
        assert!(size("q", "1e16").is_err());
        assert_eq!(size("q", "0.002"), Ok(0.002));
        assert_eq!(epoch_ms_or_us("T", "1723161255611"), Ok(1_723_161_255.611));
        assert_eq!(
            epoch_ms_or_us("T", "1723161255611123"),
            Ok(1_723_161_255.611123)
        );
        assert!(epoch_ms_or_us("T", "1723161255").is_err());
        assert!(epoch_ms_or_us("T", "-5").is_err());
        assert_eq!(flag("m", "True"), Ok(true));
        assert!(flag("m", "1").is_err());
        assert!(id("t", "-1").is_err());
        assert_eq!(iso("time", "2024-01-01T00:00:00.5Z"), Ok(1_704_067_200.5));
        assert!(iso("time", "1704067200").is_err());
    }

    #[test]
    fn json_fields() {
        let v: Value = serde_json::json!({"p": "1.5", "n": 2.5, "o": {}, "z": null});
        assert_eq!(json_text(&v, "p"), Ok(Some("1.5".into())));
        assert_eq!(json_text(&v, "n"), Ok(Some("2.5".into())));
        assert_eq!(json_text(&v, "z"), Ok(None));
        assert!(json_text(&v, "o").is_err());
        assert_eq!(
            json_required(&v, "q").unwrap_err().to_string(),
            "missing field q"
        );
    }
}
