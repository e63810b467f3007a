//! Everything that defines a run, and its round trip through the URL hash, so a link
//! reproduces the same run exactly. Pure Rust: tested natively, used by the browser app.
//!
//! Hash format: `#k=v&k=v...` with the seed's field names for the config, e.g.
//! `#spread_percentage=0.002&fill=cross&seed=7&steps=5000`. Unknown keys and malformed
//! values fall back to defaults and produce a notice; nothing from the hash is ever
//! interpreted as markup.

use crate::engine::config::{MarketMakingConfig, NumericField};
use crate::engine::feed::RandomWalkParams;
use crate::engine::sim::{FillModelKind, SimParams, StrategyKind};
use serde::{Deserialize, Serialize};

/// Longest hash accepted; longer ones are ignored with a notice.
pub const MAX_HASH_LEN: usize = 8192;
/// Most steps a run may have in the app.
pub const MAX_STEPS: usize = 2_000_000;

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

impl LiveSettings {
    /// The session configuration for `pair`.
    pub fn config(&self, pair: &str, seed: u64) -> crate::live::session::LiveConfig {
        crate::live::session::LiveConfig {
            venue: self.venue,
            pair: pair.to_string(),
            endpoints: if self.endpoint.is_empty() {
                crate::live::Endpoints::default()
            } else {
                crate::live::Endpoints::mock(self.endpoint.trim_end_matches('/'))
            },
            prefer_ws: self.websocket,
            poll_ms: self.poll_ms,
            fallback_after: if self.fallback { 3 } else { 0 },
            seed,
            ..Default::default()
        }
    }
}

/// Checks an endpoint override: an http(s) URL without spaces, quotes or markup.
pub fn valid_endpoint(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_graphic() && !"\"'<>`\\".contains(c))
}

impl FeedKind {
    /// URL / CLI name.
    pub fn name(self) -> &'static str {
        match self {
            FeedKind::RandomWalk => "random-walk",
            FeedKind::MeanReverting => "mean-reverting",
            FeedKind::Csv => "csv",
            FeedKind::Live => "live",
        }
    }
}

/// Everything that defines a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The seed's config.
    pub config: MarketMakingConfig,
    /// Feed choice.
    pub feed: FeedKind,
    /// Synthetic feed parameters (seed, volatility, ...).
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

/// How the page is shown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    /// Compact view for iframes.
    pub embed: bool,
    /// Config fields whose sliders the embed view shows.
    pub controls: Vec<NumericField>,
}

/// What a hash decoded to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    /// The run's settings.
    pub settings: Settings,
    /// Page view options.
    pub view: View,
    /// Things that were ignored, for the user.
    pub notices: Vec<String>,
}

fn name_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn enum_from<T: for<'de> Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// Encodes settings (and view) as a hash string starting with `#`.
pub fn to_hash(s: &Settings, view: &View) -> String {
    let mut kv: Vec<(String, String)> = Vec::new();
    kv.push(("trading_pair".into(), s.config.trading_pair.clone()));
    for f in NumericField::ALL {
        kv.push((f.name().into(), f.get(&s.config).to_string()));
    }
    kv.push(("feed".into(), s.feed.name().into()));
    kv.push(("seed".into(), s.walk.seed.to_string()));
    kv.push(("steps".into(), s.steps.to_string()));
    kv.push(("volatility".into(), s.walk.volatility.to_string()));
    kv.push(("drift".into(), s.walk.drift.to_string()));
    kv.push(("tick_seconds".into(), s.walk.tick_seconds.to_string()));
    kv.push(("half_spread".into(), s.walk.half_spread.to_string()));
    kv.push(("jump_intensity".into(), s.walk.jump_intensity.to_string()));
    kv.push(("mean_reversion".into(), s.walk.mean_reversion.to_string()));
    kv.push(("fill".into(), name_of(&s.sim.fill_model)));
    kv.push(("strategy".into(), name_of(&s.sim.strategy)));
    kv.push(("maker_fee".into(), s.sim.maker_fee.to_string()));
    kv.push(("taker_fee".into(), s.sim.taker_fee.to_string()));
    kv.push(("latency".into(), s.sim.latency_steps.to_string()));
    kv.push((
        "target_inventory".into(),
        s.sim.target_inventory.to_string(),
    ));
    kv.push(("gamma".into(), s.sim.as_gamma.to_string()));
    kv.push(("k".into(), s.sim.as_k.to_string()));
    kv.push(("sigma".into(), s.sim.as_sigma.to_string()));
    kv.push(("intensity_a".into(), s.sim.intensity_a.to_string()));
    kv.push(("intensity_k".into(), s.sim.intensity_k.to_string()));
    if s.sim.adaptive {
        kv.push(("adaptive".into(), "1".into()));
    }
    if s.sim.session_profile {
        kv.push(("session".into(), "1".into()));
    }
    if s.feed == FeedKind::Live || s.live != LiveSettings::default() {
        kv.push(("venue".into(), s.live.venue.name().into()));
        kv.push((
            "transport".into(),
            if s.live.websocket { "ws" } else { "rest" }.into(),
        ));
        kv.push(("poll_ms".into(), s.live.poll_ms.to_string()));
        if !s.live.endpoint.is_empty() {
            kv.push(("endpoint".into(), s.live.endpoint.clone()));
        }
        if s.live.fallback {
            kv.push(("fallback".into(), "1".into()));
        }
        if s.live.history != LiveSettings::default().history {
            kv.push(("live_history".into(), s.live.history.to_string()));
        }
    }
    if view.embed {
        kv.push(("embed".into(), "1".into()));
        let names: Vec<&str> = view.controls.iter().map(|f| f.name()).collect();
        kv.push(("controls".into(), names.join(",")));
    }
    let body: Vec<String> = kv
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("#{}", body.join("&"))
}

/// Decodes a hash (with or without the leading `#`; a `?query` is accepted the same way).
/// Never fails: bad parts become notices and defaults.
pub fn from_hash(hash: &str) -> Decoded {
    let mut d = Decoded::default();
    d.view.controls = vec![
        NumericField::SpreadPercentage,
        NumericField::OrderSizePercentage,
    ];
    let hash = hash.trim_start_matches(['#', '?']);
    if hash.is_empty() {
        return d;
    }
    if hash.len() > MAX_HASH_LEN {
        d.notices.push(format!(
            "The link's settings are {} characters long (limit {MAX_HASH_LEN}); they were ignored and defaults used.",
            hash.len()
        ));
        return d;
    }
    let s = &mut d.settings;
    let mut notices = Vec::new();
    for part in hash.split('&').filter(|p| !p.is_empty()) {
        let (k, raw) = part.split_once('=').unwrap_or((part, ""));
        let key = decode(k).unwrap_or_default();
        let Some(v) = decode(raw) else {
            notices.push(format!("Ignored {}: not valid text.", shown(&key)));
            continue;
        };
        let num = || v.parse::<f64>().ok().filter(|x| x.is_finite());
        let mut bad = false;
        if let Some(field) = NumericField::from_name(&key) {
            match num().filter(|x| field.range().contains(*x)) {
                Some(x) => field.set(&mut s.config, x),
                None => bad = true,
            }
        } else {
            match key.as_str() {
                "trading_pair" => {
                    let mut c = s.config.clone();
                    c.trading_pair = v.clone();
                    if c.validate().is_ok() || c.base_quote().is_some() {
                        s.config.trading_pair = v.clone();
                    } else {
                        bad = true;
                    }
                }
                "feed" => match v.as_str() {
                    "random-walk" => s.feed = FeedKind::RandomWalk,
                    "mean-reverting" => s.feed = FeedKind::MeanReverting,
                    "live" => s.feed = FeedKind::Live,
                    "csv" => {
                        notices.push("The link refers to an uploaded CSV, which links cannot carry: load the file again. Showing the random walk.".to_string());
                    }
                    _ => bad = true,
                },
                "seed" => match v.parse::<u64>() {
                    Ok(x) => {
                        s.walk.seed = x;
                        s.sim.seed = x;
                    }
                    Err(_) => bad = true,
                },
                "steps" => match v.parse::<usize>() {
                    Ok(x) if (1..=MAX_STEPS).contains(&x) => s.steps = x,
                    _ => bad = true,
                },
                "volatility" => bad = !set_checked(&mut s.walk, |w, x| w.volatility = x, num()),
                "drift" => bad = !set_checked(&mut s.walk, |w, x| w.drift = x, num()),
                "tick_seconds" => bad = !set_checked(&mut s.walk, |w, x| w.tick_seconds = x, num()),
                "half_spread" => bad = !set_checked(&mut s.walk, |w, x| w.half_spread = x, num()),
                "jump_intensity" => {
                    bad = !set_checked(&mut s.walk, |w, x| w.jump_intensity = x, num())
                }
                "mean_reversion" => {
                    bad = !set_checked(&mut s.walk, |w, x| w.mean_reversion = x, num())
                }
                "fill" => match enum_from::<FillModelKind>(&v) {
                    Some(f) => s.sim.fill_model = f,
                    None => bad = true,
                },
                "strategy" => match enum_from::<StrategyKind>(&v) {
                    Some(f) => s.sim.strategy = f,
                    None => bad = true,
                },
                "maker_fee" => bad = !sim_checked(&mut s.sim, |p, x| p.maker_fee = x, num()),
                "taker_fee" => bad = !sim_checked(&mut s.sim, |p, x| p.taker_fee = x, num()),
                "target_inventory" => {
                    bad = !sim_checked(&mut s.sim, |p, x| p.target_inventory = x, num())
                }
                "gamma" => bad = !sim_checked(&mut s.sim, |p, x| p.as_gamma = x, num()),
                "k" => bad = !sim_checked(&mut s.sim, |p, x| p.as_k = x, num()),
                "sigma" => bad = !sim_checked(&mut s.sim, |p, x| p.as_sigma = x, num()),
                "intensity_a" => bad = !sim_checked(&mut s.sim, |p, x| p.intensity_a = x, num()),
                "intensity_k" => bad = !sim_checked(&mut s.sim, |p, x| p.intensity_k = x, num()),
                "latency" => match v.parse::<u32>() {
                    Ok(x) if x <= 1000 => s.sim.latency_steps = x,
                    _ => bad = true,
                },
                "embed" => d.view.embed = v != "0",
                "adaptive" => s.sim.adaptive = v != "0",
                "venue" => match crate::live::Venue::from_name(&v) {
                    Some(x) => s.live.venue = x,
                    None => bad = true,
                },
                "transport" => match v.as_str() {
                    "ws" => s.live.websocket = true,
                    "rest" => s.live.websocket = false,
                    _ => bad = true,
                },
                "poll_ms" => match num().filter(|x| (250.0..=600_000.0).contains(x)) {
                    Some(x) => s.live.poll_ms = x,
                    None => bad = true,
                },
                "endpoint" => {
                    if valid_endpoint(&v) {
                        s.live.endpoint = v.clone();
                    } else {
                        bad = true;
                    }
                }
                "fallback" => s.live.fallback = v != "0",
                "live_history" => match v.parse::<usize>() {
                    Ok(x) if (100..=1_000_000).contains(&x) => s.live.history = x,
                    _ => bad = true,
                },
                "session" => s.sim.session_profile = v != "0",
                "controls" => {
                    let mut fields = Vec::new();
                    for name in v.split(',').filter(|n| !n.is_empty()) {
                        match NumericField::from_name(name) {
                            Some(f) => fields.push(f),
                            None => {
                                notices.push(format!("Ignored unknown control {}.", shown(name)))
                            }
                        }
                    }
                    d.view.controls = fields;
                }
                _ => {
                    notices.push(format!("Ignored unknown setting {}.", shown(&key)));
                    continue;
                }
            }
        }
        if bad {
            notices.push(format!(
                "Ignored {} = {}: not an allowed value; kept the default.",
                shown(&key),
                shown(&v)
            ));
        }
    }
    s.sim.tick_seconds = s.walk.tick_seconds;
    d.notices = notices;
    d
}

fn set_checked(
    w: &mut RandomWalkParams,
    set: impl Fn(&mut RandomWalkParams, f64),
    x: Option<f64>,
) -> bool {
    let Some(x) = x else { return false };
    let mut t = w.clone();
    set(&mut t, x);
    if t.validate().is_ok() {
        *w = t;
        true
    } else {
        false
    }
}

fn sim_checked(p: &mut SimParams, set: impl Fn(&mut SimParams, f64), x: Option<f64>) -> bool {
    let Some(x) = x else { return false };
    let mut t = p.clone();
    set(&mut t, x);
    if t.validate().is_ok() {
        *p = t;
        true
    } else {
        false
    }
}

/// Quotes user text for a notice, shortened.
fn shown(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    format!("\"{t}{}\"", if s.chars().count() > 40 { "…" } else { "" })
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes (`+` stays `+`); None on malformed escapes or invalid UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The feed and the simulation parameters a run with `settings` uses: the synthetic walk
/// (or the given CSV snapshots), with the tick length and seed copied into the params.
/// The app, the sweep workers and the tests all build runs through this one function.
pub fn prepare(
    settings: &Settings,
    csv: Option<&[crate::engine::market::Snapshot]>,
) -> Result<(Vec<crate::engine::market::Snapshot>, SimParams), String> {
    let mut sim = settings.sim.clone();
    sim.seed = settings.walk.seed;
    let snaps = match settings.feed {
        FeedKind::Csv => {
            let snaps = csv.ok_or("load a CSV file first")?.to_vec();
            sim.tick_seconds = median_tick(&snaps);
            snaps
        }
        FeedKind::Live => return Err("the live feed streams; it is not prepared in advance".into()),
        FeedKind::RandomWalk | FeedKind::MeanReverting => {
            let mut p = settings.walk.clone();
            p.kind = if settings.feed == FeedKind::MeanReverting {
                crate::engine::feed::WalkKind::MeanReverting
            } else {
                crate::engine::feed::WalkKind::Gbm
            };
            sim.tick_seconds = p.tick_seconds;
            crate::engine::feed::generate(&p, settings.steps).map_err(|e| e.to_string())?
        }
    };
    Ok((snaps, sim))
}

/// Median spacing of snapshots in seconds (60 when unknown).
pub fn median_tick(s: &[crate::engine::market::Snapshot]) -> f64 {
    let mut gaps: Vec<f64> = s
        .windows(2)
        .map(|w| w[1].time - w[0].time)
        .filter(|g| *g > 0.0)
        .collect();
    if gaps.is_empty() {
        return 60.0;
    }
    gaps.sort_by(|a, b| a.total_cmp(b));
    gaps[gaps.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_reproduces_settings() {
        let mut s = Settings::default();
        s.config.spread_percentage = 0.0023;
        s.config.trading_pair = "ETH/USD".into();
        s.walk.seed = 99;
        s.sim.seed = 99;
        s.walk.volatility = 1.3;
        s.steps = 12_345;
        s.feed = FeedKind::MeanReverting;
        s.sim.fill_model = FillModelKind::Intensity;
        s.sim.strategy = StrategyKind::AvellanedaStoikov;
        s.sim.maker_fee = 0.0002;
        s.sim.adaptive = true;
        s.sim.session_profile = true;
        s.live = LiveSettings {
            venue: crate::live::Venue::Kraken,
            endpoint: "http://127.0.0.1:4000".into(),
            websocket: false,
            poll_ms: 1500.0,
            fallback: true,
            history: 500,
        };
        let view = View {
            embed: true,
            controls: vec![NumericField::TotalCapital],
        };
        let h = to_hash(&s, &view);
        assert!(h.contains("trading_pair=ETH%2FUSD"), "{h}");
        let d = from_hash(&h);
        assert_eq!(d.notices, Vec::<String>::new());
        assert_eq!(d.settings, s);
        assert_eq!(d.view, view);
    }

    #[test]
    fn bad_values_fall_back_with_notices() {
        let d = from_hash(
            "#spread_percentage=5&steps=-1&fill=magic&wat=1&seed=x&trading_pair=%3Cscript%3E",
        );
        assert_eq!(d.settings, Settings::default());
        assert_eq!(d.notices.len(), 6, "{:?}", d.notices);
        assert!(d.notices.iter().any(|n| n.contains("\"<script>\"")));
        let d = from_hash("#spread_percentage=%ZZ");
        assert_eq!(d.notices.len(), 1);
    }

    #[test]
    fn huge_hash_is_ignored() {
        let d = from_hash(&format!("#steps={}", "9".repeat(1_000_000)));
        assert_eq!(d.settings, Settings::default());
        assert!(d.notices[0].contains("limit"));
    }

    #[test]
    fn query_form_and_embed_defaults() {
        let d = from_hash("?embed=1");
        assert!(d.view.embed);
        assert_eq!(
            d.view.controls,
            [
                NumericField::SpreadPercentage,
                NumericField::OrderSizePercentage
            ]
        );
    }
}

/// A/B comparison: runs the current settings (B) and a pinned config A on the identical
/// feed. A keeps its own config and strategy/fill/fee params; the feed-derived params
/// (tick length, seed) come from B's feed so both see exactly the same prices.
pub fn run_ab(
    b_config: &crate::engine::config::MarketMakingConfig,
    b_sim: &SimParams,
    a: &(crate::engine::config::MarketMakingConfig, SimParams),
    snaps: &[crate::engine::market::Snapshot],
) -> Result<
    (crate::engine::sim::RunResult, crate::engine::sim::RunResult),
    crate::engine::sim::SimError,
> {
    let b = crate::engine::sim::run(b_config, b_sim, snaps)?;
    let a_sim = SimParams {
        tick_seconds: b_sim.tick_seconds,
        seed: b_sim.seed,
        ..a.1.clone()
    };
    let a = crate::engine::sim::run(&a.0, &a_sim, snaps)?;
    Ok((a, b))
}

#[cfg(test)]
mod ab_tests {
    use super::*;

    #[test]
    fn a_and_b_share_the_feed_step_for_step() {
        let mut b = Settings {
            steps: 3000,
            ..Settings::default()
        };
        let a = (b.config.clone(), b.sim.clone());
        b.config.spread_percentage = 0.003;
        b.sim.fill_model = FillModelKind::Intensity;
        let (snaps, sim) = prepare(&b, None).unwrap();
        let (ra, rb) = run_ab(&b.config, &sim, &a, &snaps).unwrap();
        assert_eq!(ra.series.time, rb.series.time);
        assert_eq!(ra.series.mid, rb.series.mid);
        assert_eq!(ra.series.bid, rb.series.bid);
        assert_ne!(ra.kpis.total_trades, rb.kpis.total_trades);
        // A on its own equals A in the pair.
        let alone = crate::engine::sim::run(
            &a.0,
            &SimParams {
                tick_seconds: sim.tick_seconds,
                seed: sim.seed,
                ..a.1.clone()
            },
            &snaps,
        )
        .unwrap();
        assert_eq!(alone.kpis, ra.kpis);
    }
}
