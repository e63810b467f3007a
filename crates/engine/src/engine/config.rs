//! The seed's `MarketMakingConfig`: fields, defaults and validation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Strategy configuration, field for field the seed's `MarketMakingConfig`.
///
/// JSON files use exactly these snake_case names; missing fields take the seed's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketMakingConfig {
    /// Pair to quote, `BASE/QUOTE` (e.g. `BTC/USDT`).
    pub trading_pair: String,
    /// Starting capital in the quote currency; the run starts all in quote.
    pub total_capital: f64,
    /// Distance of our quotes from the book, as a fraction (0.001 = 0.1 %).
    pub spread_percentage: f64,
    /// Order notional as a fraction of capital.
    pub order_size_percentage: f64,
    /// Cap on inventory value as a fraction of equity.
    pub max_inventory_exposure: f64,
    /// Deviation of inventory/equity from target that triggers a rebalance at market.
    pub rebalance_threshold: f64,
    /// Minimum round-trip edge after fees required to quote.
    pub min_profit_threshold: f64,
}

impl Default for MarketMakingConfig {
    fn default() -> Self {
        Self {
            trading_pair: "BTC/USDT".to_string(),
            total_capital: 10_000.0,
            spread_percentage: 0.001,
            order_size_percentage: 0.01,
            max_inventory_exposure: 0.2,
            rebalance_threshold: 0.1,
            min_profit_threshold: 0.002,
        }
    }
}

/// Numeric config fields, in display order. Used by the UI (one slider each), the CLI's
/// `--set field=value` and the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericField {
    /// `total_capital`
    TotalCapital,
    /// `spread_percentage`
    SpreadPercentage,
    /// `order_size_percentage`
    OrderSizePercentage,
    /// `max_inventory_exposure`
    MaxInventoryExposure,
    /// `rebalance_threshold`
    RebalanceThreshold,
    /// `min_profit_threshold`
    MinProfitThreshold,
}

impl NumericField {
    /// All numeric fields in display order.
    pub const ALL: [NumericField; 6] = [
        NumericField::TotalCapital,
        NumericField::SpreadPercentage,
        NumericField::OrderSizePercentage,
        NumericField::MaxInventoryExposure,
        NumericField::RebalanceThreshold,
        NumericField::MinProfitThreshold,
    ];

    /// The seed's field name.
    pub fn name(self) -> &'static str {
        match self {
            NumericField::TotalCapital => "total_capital",
            NumericField::SpreadPercentage => "spread_percentage",
            NumericField::OrderSizePercentage => "order_size_percentage",
            NumericField::MaxInventoryExposure => "max_inventory_exposure",
            NumericField::RebalanceThreshold => "rebalance_threshold",
            NumericField::MinProfitThreshold => "min_profit_threshold",
        }
    }

    /// Looks a field up by its seed name.
    pub fn from_name(name: &str) -> Option<NumericField> {
        NumericField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The allowed range, used by validation and by the UI sliders.
    pub const fn range(self) -> FieldRange {
        match self {
            NumericField::TotalCapital => FieldRange::new(0.0, false, 1e12, true),
            NumericField::SpreadPercentage => FieldRange::new(0.0, false, 0.1, true),
            NumericField::OrderSizePercentage => FieldRange::new(0.0, false, 0.1, true),
            NumericField::MaxInventoryExposure => FieldRange::new(0.0, false, 1.0, true),
            NumericField::RebalanceThreshold => FieldRange::new(0.0, false, 1.0, false),
            NumericField::MinProfitThreshold => FieldRange::new(0.0, true, 1.0, true),
        }
    }

    /// Reads this field from a config.
    pub fn get(self, c: &MarketMakingConfig) -> f64 {
        match self {
            NumericField::TotalCapital => c.total_capital,
            NumericField::SpreadPercentage => c.spread_percentage,
            NumericField::OrderSizePercentage => c.order_size_percentage,
            NumericField::MaxInventoryExposure => c.max_inventory_exposure,
            NumericField::RebalanceThreshold => c.rebalance_threshold,
            NumericField::MinProfitThreshold => c.min_profit_threshold,
        }
    }

    /// Writes this field into a config (no validation; call [`MarketMakingConfig::validate`]).
    pub fn set(self, c: &mut MarketMakingConfig, v: f64) {
        match self {
            NumericField::TotalCapital => c.total_capital = v,
            NumericField::SpreadPercentage => c.spread_percentage = v,
            NumericField::OrderSizePercentage => c.order_size_percentage = v,
            NumericField::MaxInventoryExposure => c.max_inventory_exposure = v,
            NumericField::RebalanceThreshold => c.rebalance_threshold = v,
            NumericField::MinProfitThreshold => c.min_profit_threshold = v,
        }
    }
}

/// A numeric interval with open or closed ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldRange {
    /// Lower bound.
    pub min: f64,
    /// Whether `min` itself is allowed.
    pub min_inclusive: bool,
    /// Upper bound.
    pub max: f64,
    /// Whether `max` itself is allowed.
    pub max_inclusive: bool,
}

impl FieldRange {
    /// An interval; `*_inclusive` says whether each end is allowed.
    pub const fn new(min: f64, min_inclusive: bool, max: f64, max_inclusive: bool) -> Self {
        Self {
            min,
            min_inclusive,
            max,
            max_inclusive,
        }
    }

    /// True when `v` is finite and inside the interval.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.min_inclusive {
                v >= self.min
            } else {
                v > self.min
            })
            && (if self.max_inclusive {
                v <= self.max
            } else {
                v < self.max
            })
    }
}

impl fmt::Display for FieldRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}, {}{}",
            if self.min_inclusive { '[' } else { '(' },
            self.min,
            self.max,
            if self.max_inclusive { ']' } else { ')' }
        )
    }
}

/// One validation problem: which field, what value, what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The seed's field name.
    pub field: &'static str,
    /// The offending value, as text.
    pub value: String,
    /// What is allowed, in words.
    pub allowed: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is invalid: must be {}",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for ConfigError {}

/// Every problem found in a config, at once.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| e.to_string()).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ConfigErrors {}

impl MarketMakingConfig {
    /// Checks every field and returns all problems at once.
    pub fn validate(&self) -> Result<(), ConfigErrors> {
        let mut errors = Vec::new();
        if let Err(e) = validate_pair(&self.trading_pair) {
            errors.push(e);
        }
        for field in NumericField::ALL {
            let v = field.get(self);
            let range = field.range();
            if !range.contains(v) {
                let allowed = format!("a finite number in {range}");
                errors.push(ConfigError {
                    field: field.name(),
                    value: format!("{v}"),
                    allowed,
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// Base and quote currency of the pair (`BTC/USDT` -> (`BTC`, `USDT`)).
    /// Returns `None` if the pair is malformed.
    pub fn base_quote(&self) -> Option<(&str, &str)> {
        split_pair(&self.trading_pair)
    }

    /// Parses a JSON config (seed field names; missing fields take defaults) and validates it.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let cfg: MarketMakingConfig =
            serde_json::from_str(text).map_err(|e| format!("config JSON: {e}"))?;
        cfg.validate().map_err(|e| e.to_string())?;
        Ok(cfg)
    }
}

/// True for `BASE/QUOTE` with 1-10 ASCII letters or digits each.
pub fn valid_pair(pair: &str) -> bool {
    split_pair(pair).is_some()
}

fn split_pair(pair: &str) -> Option<(&str, &str)> {
    let (base, quote) = pair.split_once('/')?;
    let ok = |s: &str| (1..=10).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric());
    (ok(base) && ok(quote)).then_some((base, quote))
}

fn validate_pair(pair: &str) -> Result<(), ConfigError> {
    match split_pair(pair) {
        Some(_) => Ok(()),
        None => Err(ConfigError {
            field: "trading_pair",
            value: format!("{pair:?}"),
            allowed: "BASE/QUOTE with 1-10 letters or digits each, e.g. BTC/USDT".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_seeds() {
        let c = MarketMakingConfig::default();
        assert_eq!(c.trading_pair, "BTC/USDT");
        assert_eq!(c.total_capital, 10_000.0);
        assert_eq!(c.spread_percentage, 0.001);
        assert_eq!(c.order_size_percentage, 0.01);
        assert_eq!(c.max_inventory_exposure, 0.2);
        assert_eq!(c.rebalance_threshold, 0.1);
        assert_eq!(c.min_profit_threshold, 0.002);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn validation_reports_every_problem_with_field_value_and_range() {
        let c = MarketMakingConfig {
            trading_pair: "BTCUSDT".into(),
            total_capital: f64::INFINITY,
            spread_percentage: 0.0,
            order_size_percentage: 0.2,
            max_inventory_exposure: f64::NAN,
            rebalance_threshold: 1.0,
            min_profit_threshold: -0.1,
        };
        let errs = c.validate().unwrap_err().0;
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "trading_pair",
                "total_capital",
                "spread_percentage",
                "order_size_percentage",
                "max_inventory_exposure",
                "rebalance_threshold",
                "min_profit_threshold"
            ]
        );
        let spread = errs[2].to_string();
        assert!(spread.contains("spread_percentage = 0"), "{spread}");
        assert!(spread.contains("(0, 0.1]"), "{spread}");
        assert!(errs[5].to_string().contains("(0, 1)"));
    }

    #[test]
    fn upper_bounds_are_inclusive_where_the_seed_says() {
        let c = MarketMakingConfig {
            spread_percentage: 0.1,
            order_size_percentage: 0.1,
            max_inventory_exposure: 1.0,
            min_profit_threshold: 0.0,
            ..Default::default()
        };
        assert!(c.validate().is_ok());
    }

    #[test]
    fn pair_rules() {
        for good in ["BTC/USDT", "ETH/USD", "A/B", "ABCDEFGHIJ/X1"] {
            assert!(validate_pair(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "BTC",
            "BTC/",
            "/USDT",
            "BTC-USDT",
            "BTC/US DT",
            "ABCDEFGHIJK/USD",
            "<b>/x",
        ] {
            assert!(validate_pair(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_uses_seed_names_and_defaults_missing_fields() {
        let c = MarketMakingConfig::from_json(r#"{"spread_percentage": 0.002}"#).unwrap();
        assert_eq!(c.spread_percentage, 0.002);
        assert_eq!(c.total_capital, 10_000.0);
        let err = MarketMakingConfig::from_json(r#"{"spread": 0.002}"#).unwrap_err();
        assert!(err.contains("unknown field"), "{err}");
        let err = MarketMakingConfig::from_json(r#"{"spread_percentage": 5}"#).unwrap_err();
        assert!(err.contains("spread_percentage"), "{err}");
    }
}
