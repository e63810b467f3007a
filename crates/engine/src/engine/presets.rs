//! Named configurations from the seed's document.

use super::config::MarketMakingConfig;
use serde::{Deserialize, Serialize};

/// The presets the seed's document lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Capital 5000, spread 0.05 %, size 0.5 %, exposure 10 %, rebalance 5 %.
    Conservative,
    /// The seed's defaults.
    Balanced,
    /// Capital 20000, spread 0.2 %, size 2 %, exposure 30 %, rebalance 15 %.
    Aggressive,
    /// `MarketMakingConfig()` with no arguments (identical to balanced).
    SeedDefaults,
}

impl Preset {
    /// Every preset, in display order.
    pub const ALL: [Preset; 4] = [
        Preset::Conservative,
        Preset::Balanced,
        Preset::Aggressive,
        Preset::SeedDefaults,
    ];

    /// Command-line / URL name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Conservative => "conservative",
            Preset::Balanced => "balanced",
            Preset::Aggressive => "aggressive",
            Preset::SeedDefaults => "seed-defaults",
        }
    }

    /// Looks a preset up by name (`conservative`, `balanced`, `aggressive`, `seed-defaults`).
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The configuration. Fields the document leaves out keep the seed's defaults.
    pub fn config(self) -> MarketMakingConfig {
        let d = MarketMakingConfig::default();
        match self {
            Preset::Conservative => MarketMakingConfig {
                total_capital: 5_000.0,
                spread_percentage: 0.0005,
                order_size_percentage: 0.005,
                max_inventory_exposure: 0.1,
                rebalance_threshold: 0.05,
                ..d
            },
            Preset::Balanced | Preset::SeedDefaults => d,
            Preset::Aggressive => MarketMakingConfig {
                total_capital: 20_000.0,
                spread_percentage: 0.002,
                order_size_percentage: 0.02,
                max_inventory_exposure: 0.3,
                rebalance_threshold: 0.15,
                ..d
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_the_document_and_validate() {
        let c = Preset::Conservative.config();
        assert_eq!(
            (
                c.total_capital,
                c.spread_percentage,
                c.order_size_percentage
            ),
            (5000.0, 0.0005, 0.005)
        );
        assert_eq!(
            (c.max_inventory_exposure, c.rebalance_threshold),
            (0.1, 0.05)
        );
        let a = Preset::Aggressive.config();
        assert_eq!(
            (
                a.total_capital,
                a.spread_percentage,
                a.order_size_percentage
            ),
            (20000.0, 0.002, 0.02)
        );
        assert_eq!(
            (a.max_inventory_exposure, a.rebalance_threshold),
            (0.3, 0.15)
        );
        assert_eq!(Preset::Balanced.config(), MarketMakingConfig::default());
        for p in Preset::ALL {
            assert!(p.config().validate().is_ok());
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
    }
}
