//! Everything that defines a run, and the one table that declares each setting.
//!
//! [`TABLE`] has one row per setting: its key, label, unit, hint, kind, range and how it is
//! read and written. The URL hash ([`url_hash`]), the CLI flags, validation, the app's
//! controls and the sweep axes are all driven by it, so adding a setting is one new row.
//! Defaults are the engine structs' own `Default`s ([`Setting::default_value`] reads them).

mod interactions;
pub mod setting;
mod table;
pub mod url_hash;

pub use interactions::inert_note;
pub use setting::{
    compact, group_digits, quoted, shortened, Group, Kind, NumberSetting, Setting, SettingError,
    Slider, Unit, Value,
};
pub use table::TABLE;

use crate::engine::config::MarketMakingConfig;
use crate::engine::feed::RandomWalkParams;
use crate::engine::sim::SimParams;
use serde::{Deserialize, Serialize};

/// Keys that code outside the table refers to by name (the rows use these constants too).
pub mod keys {
    /// The feed choice.
    pub const FEED: &str = "feed";
    /// Steps of synthetic data (or of a replayed file, when given).
    pub const STEPS: &str = "steps";
    /// The fill model.
    pub const FILL: &str = "fill";
    /// The quoting strategy.
    pub const STRATEGY: &str = "strategy";
}

/// Most steps a run may have in the app.
pub const MAX_STEPS: u64 = 2_000_000;

/// Where the market data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FeedKind {
    /// Seeded geometric Brownian motion.
    #[default]
    RandomWalk,
    /// Seeded mean-reverting walk.
    MeanReverting,
    /// An uploaded historical CSV (the file itself is not in the link).
    Csv,
    /// A live public ticker (paper trading).
    Live,
}

impl FeedKind {
    /// True for the seeded synthetic feeds.
    pub fn is_synthetic(self) -> bool {
        matches!(self, FeedKind::RandomWalk | FeedKind::MeanReverting)
    }
}

/// Live feed settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveSettings {
    /// Venue.
    pub venue: crate::live::Venue,
    /// Endpoint base URL override (proxy/mock layout, see `Endpoints::mock`); empty = the venues' own.
    pub endpoint: String,
    /// Prefer the WebSocket stream (else REST polling).
    pub websocket: bool,
    /// REST polling interval, ms.
    pub poll_ms: f64,
    /// Fall back to the next venue after repeated failures.
    pub fallback: bool,
    /// Full-resolution live points kept (older ones are thinned into as many again).
    pub history: usize,
}

impl Default for LiveSettings {
    fn default() -> Self {
        Self {
            venue: crate::live::Venue::Coinbase,
            endpoint: String::new(),
            websocket: true,
            poll_ms: 2000.0,
            fallback: false,
            history: 20_000,
        }
    }
}

/// Checks an endpoint override: empty, or an http(s) URL without spaces, quotes or markup.
pub fn valid_endpoint(s: &str) -> bool {
    s.is_empty()
        || (s.starts_with("http://") || s.starts_with("https://"))
            && s.len() <= 200
            && s.chars()
                .all(|c| c.is_ascii_graphic() && !"\"'<>`\\".contains(c))
}

/// Everything that defines a run. `sim.seed` and `sim.tick_seconds` are not settings:
/// the run path ([`crate::engine::run`]) derives them from the seed and the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The seed's config.
    pub config: MarketMakingConfig,
    /// Feed choice.
    pub feed: FeedKind,
    /// Synthetic feed parameters; `walk.seed` is the run's random seed.
    pub walk: RandomWalkParams,
    /// Steps of synthetic data.
    pub steps: usize,
    /// Fill model, strategy, fees, ...
    pub sim: SimParams,
    /// Live ticker settings.
    pub live: LiveSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            config: MarketMakingConfig::default(),
            feed: FeedKind::RandomWalk,
            walk: RandomWalkParams::default(),
            steps: 5_000,
            sim: SimParams::default(),
            live: LiveSettings::default(),
        }
    }
}

/// The table row for `key`.
pub fn setting(key: &str) -> Option<&'static Setting> {
    TABLE.iter().find(|s| s.key == key)
}

/// The two settings a newcomer looks at first (spread and order size): the embed view's
/// default controls and the sweep's default axes.
pub fn headline() -> [NumberSetting; 2] {
    [NumberSetting(&TABLE[2]), NumberSetting(&TABLE[3])]
}

/// The number settings a sweep can put on an axis: every number setting of the config,
/// the market and the execution (not the live ticker's).
pub fn sweepable() -> impl Iterator<Item = NumberSetting> {
    TABLE
        .iter()
        .filter(|s| s.is_number() && s.group != Group::Live)
        .map(NumberSetting)
}

impl Settings {
    /// The random seed.
    pub fn seed(&self) -> u64 {
        self.walk.seed
    }

    /// Sets one setting from text; on error nothing changes.
    pub fn set_text(&mut self, key: &str, text: &str) -> Result<(), SettingError> {
        let row = setting(key).ok_or_else(|| SettingError::Unknown(key.to_string()))?;
        let v = row.parse(text)?;
        (row.set)(self, v);
        Ok(())
    }

    /// Sets one number setting; on error nothing changes.
    pub fn set_num(&mut self, key: &str, x: f64) -> Result<(), SettingError> {
        let row = setting(key).ok_or_else(|| SettingError::Unknown(key.to_string()))?;
        let v = Value::Num(x);
        row.check(&v)?;
        (row.set)(self, v);
        Ok(())
    }

    /// Reads a number setting (None for unknown keys and other kinds).
    pub fn num(&self, key: &str) -> Option<f64> {
        setting(key)
            .filter(|s| s.is_number())
            .map(|s| (s.get)(self).num())
    }

    /// Checks every row of `group` (all groups when None); the first problem is returned.
    pub fn check(&self, group: Option<Group>) -> Result<(), SettingError> {
        for row in TABLE.iter().filter(|r| group.is_none_or(|g| r.group == g)) {
            row.check(&(row.get)(self))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
