//! One-click scenarios from the seed document's market-condition and time-of-day tables.
//! Each sets the config to the middle of the document's ranges and a feed that matches.

use super::config::MarketMakingConfig;
use super::feed::RandomWalkParams;
use super::sim::SimParams;
use serde::{Deserialize, Serialize};

/// A scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// High-volatility market: spread 0.08-0.12 %, size 0.5-1 %, exposure 15-25 %.
    HighVolatility,
    /// Low-volatility market: spread 0.05-0.08 %, size 1-2 %, exposure 20-30 %.
    LowVolatility,
    /// Strictly regulated market: spread 0.03-0.05 %, size 0.3-0.8 %, exposure 10-20 %.
    Regulated,
    /// Time of day: open (0.05 %, 2 %), midday (0.1 %, 1 %), close (0.15 %, 0.5 %).
    Session,
}

/// What a scenario sets.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSetup {
    /// Config (trading pair and capital kept from the caller).
    pub config: MarketMakingConfig,
    /// Synthetic feed.
    pub walk: RandomWalkParams,
    /// Steps to simulate.
    pub steps: usize,
    /// Simulation parameters.
    pub sim: SimParams,
}

impl Scenario {
    /// All scenarios.
    pub const ALL: [Scenario; 4] = [
        Scenario::HighVolatility,
        Scenario::LowVolatility,
        Scenario::Regulated,
        Scenario::Session,
    ];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::HighVolatility => "high-volatility",
            Scenario::LowVolatility => "low-volatility",
            Scenario::Regulated => "regulated",
            Scenario::Session => "session",
        }
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::HighVolatility => "High volatility",
            Scenario::LowVolatility => "Low volatility",
            Scenario::Regulated => "Strictly regulated",
            Scenario::Session => "Open / midday / close",
        }
    }

    /// A student-level explanation.
    pub fn explanation(self) -> &'static str {
        match self {
            Scenario::HighVolatility => "Prices swing hard (150 % a year, about 0.2 % a minute). The document suggests small orders and a moderate spread (0.1 %), and here that loses: each minute the price moves about as far as our quotes sit from the mid, so the market keeps running through stale quotes and the green spread line falls. Widen the spread to 0.5 %: far fewer fills, the spread losses all but vanish, and what is left of the result is the inventory's luck.",
            Scenario::LowVolatility => "A calm market (30 % a year): bigger orders and a tighter spread (0.065 %) pay, because a fill is rarely followed by a large move. The green spread line climbs steadily while the purple inventory line stays small.",
            Scenario::Regulated => "Tight spreads (0.04 %) and small sizes as a strictly regulated venue would require, with a 1 bp maker and 5 bp taker fee. The costs outgrow the thin edge: the red fee line falls faster than the green spread line climbs, and most of it is the taker fee on rebalances, which cross the market. Set both fees to 0 and the same quotes make money.",
            Scenario::Session => "The spread and size change through the day: tight and large at the liquid open, wider and smaller at the thin close (UTC hours 0-8, 8-16, 16-24). Watch the quotes widen in the price chart each afternoon. This synthetic market is equally liquid all day, so the profile earns less than flat quoting here: it pays only where liquidity really changes by the hour.",
        }
    }

    /// The settings, keeping `base`'s pair and capital.
    pub fn setup(self, base: &MarketMakingConfig) -> ScenarioSetup {
        let mid = |lo: f64, hi: f64| (lo + hi) / 2.0;
        let d = RandomWalkParams::default();
        let mut sim = SimParams::default();
        let (spread, size, exposure, volatility, steps) = match self {
            Scenario::HighVolatility => (
                mid(0.0008, 0.0012),
                mid(0.005, 0.01),
                mid(0.15, 0.25),
                1.5,
                5_000,
            ),
            Scenario::LowVolatility => (
                mid(0.0005, 0.0008),
                mid(0.01, 0.02),
                mid(0.2, 0.3),
                0.3,
                5_000,
            ),
            Scenario::Regulated => {
                sim.maker_fee = 0.0001;
                sim.taker_fee = 0.0005;
                (
                    mid(0.0003, 0.0005),
                    mid(0.003, 0.008),
                    mid(0.1, 0.2),
                    0.5,
                    5_000,
                )
            }
            Scenario::Session => {
                sim.session_profile = true;
                (0.001, 0.01, 0.2, 0.8, 3 * 1440)
            }
        };
        ScenarioSetup {
            config: MarketMakingConfig {
                spread_percentage: spread,
                order_size_percentage: size,
                max_inventory_exposure: exposure,
                ..base.clone()
            },
            walk: RandomWalkParams { volatility, ..d },
            steps,
            sim,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_valid_and_inside_the_documents_ranges() {
        for s in Scenario::ALL {
            let st = s.setup(&MarketMakingConfig::default());
            assert!(st.config.validate().is_ok(), "{s:?}");
            assert!(st.walk.validate().is_ok());
            assert!(st.sim.validate().is_ok());
        }
        let h = Scenario::HighVolatility
            .setup(&MarketMakingConfig::default())
            .config;
        assert!((0.0008..=0.0012).contains(&h.spread_percentage));
        assert!((0.005..=0.01).contains(&h.order_size_percentage));
        let r = Scenario::Regulated
            .setup(&MarketMakingConfig::default())
            .config;
        assert!((0.0003..=0.0005).contains(&r.spread_percentage));
        assert!(
            Scenario::Session
                .setup(&MarketMakingConfig::default())
                .sim
                .session_profile
        );
    }
}
