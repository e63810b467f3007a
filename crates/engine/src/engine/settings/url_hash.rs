//! Settings ↔ URL hash, so a link reproduces the same run exactly.
//!
//! Format: `#k=v&k=v...`, one pair per row of the settings table (the config keeps the
//! seed's field names), e.g. `#spread_percentage=0.002&fill=cross&seed=7&steps=5000`.
//! Every row is written, so a link keeps its run even if a default changes later.
//! Unknown keys and malformed values fall back to defaults with a notice; nothing from
//! the hash is ever interpreted as markup.

use super::{quoted, setting, FeedKind, Settings, TABLE};

/// Longest hash accepted; longer ones are ignored with a notice.
pub const MAX_HASH_LEN: usize = 8192;

/// View key: compact view for iframes.
const EMBED: &str = "embed";
/// View key: the settings whose controls the compact view shows.
const CONTROLS: &str = "controls";
/// View key: the steps the charts show, `from-to` (zoomed in).
const ZOOM: &str = "zoom";

/// How the page is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// Compact view for iframes.
    pub embed: bool,
    /// Keys of the number settings whose controls the embed view shows.
    pub controls: Vec<&'static str>,
    /// The steps the charts show, `from..to` (None: the whole run).
    pub zoom: Option<(u64, u64)>,
}

impl Default for View {
    fn default() -> Self {
        View {
            embed: false,
            controls: super::headline().iter().map(|s| s.key()).collect(),
            zoom: None,
        }
    }
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

/// Encodes settings (and view) as a hash string starting with `#`.
pub fn to_hash(s: &Settings, view: &View) -> String {
    let mut parts: Vec<String> = TABLE
        .iter()
        .map(|row| format!("{}={}", row.key, encode(&row.format(s))))
        .collect();
    if view.embed {
        parts.push(format!("{EMBED}=1"));
        parts.push(format!("{CONTROLS}={}", view.controls.join(",")));
    }
    if let Some((from, to)) = view.zoom {
        parts.push(format!("{ZOOM}={from}-{to}"));
    }
    format!("#{}", parts.join("&"))
}

/// Decodes a hash (with or without the leading `#`; a `?query` is accepted the same way).
/// Never fails: bad parts become notices and defaults.
pub fn from_hash(hash: &str) -> Decoded {
    let mut d = Decoded::default();
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
    // Unknown names are grouped into one notice each, however many there are.
    let mut unknown_settings: Vec<String> = Vec::new();
    let mut unknown_controls: Vec<String> = Vec::new();
    let mut not_text: Vec<String> = Vec::new();
    let mut seen: Vec<(&'static str, usize)> = Vec::new();
    for part in hash.split('&').filter(|p| !p.is_empty()) {
        let (k, raw) = part.split_once('=').unwrap_or((part, ""));
        let key = decode(k).unwrap_or_else(|| k.to_string());
        let Some(v) = decode(raw) else {
            not_text.push(key);
            continue;
        };
        match key.as_str() {
            EMBED => d.view.embed = v != "0",
            ZOOM => match v
                .split_once('-')
                .map(|(a, b)| (a.parse::<u64>(), b.parse::<u64>()))
            {
                Some((Ok(a), Ok(b))) if a + 1 < b => d.view.zoom = Some((a, b)),
                _ => d.notices.push(format!(
                    "Ignored zoom = {}: expected from-to steps, e.g. 100-300.",
                    quoted(&v)
                )),
            },
            CONTROLS => {
                d.view.controls.clear();
                for name in v.split(',').filter(|n| !n.is_empty()) {
                    match setting(name).filter(|s| s.is_number()) {
                        Some(s) => d.view.controls.push(s.key),
                        None => unknown_controls.push(name.to_string()),
                    }
                }
            }
            _ => match setting(&key) {
                None => unknown_settings.push(key),
                Some(row) => {
                    match seen.iter_mut().find(|(k, _)| *k == row.key) {
                        Some((_, n)) => *n += 1,
                        None => seen.push((row.key, 1)),
                    }
                    match row.parse(&v) {
                        Ok(value) if row.key == super::keys::FEED && value.text() == "csv" => {
                            d.notices.push("The link refers to an uploaded CSV, which links cannot carry: load the file again. Showing the random walk.".to_string());
                            d.settings.feed = FeedKind::RandomWalk;
                        }
                        Ok(value) => (row.set)(&mut d.settings, value),
                        Err(_) => d.notices.push(format!(
                            "Ignored {} = {}: not an allowed value; kept {}.",
                            quoted(&key),
                            quoted(&v),
                            quoted(&row.format(&d.settings))
                        )),
                    }
                }
            },
        }
    }
    for (key, n) in seen.into_iter().filter(|(_, n)| *n > 1) {
        if let Some(row) = setting(key) {
            d.notices.push(format!(
                "{} appears {n} times in the link; used {}, its last allowed value.",
                quoted(key),
                quoted(&row.format(&d.settings))
            ));
        }
    }
    for (names, what) in [
        (unknown_settings, "unknown setting"),
        (unknown_controls, "unknown control"),
        (not_text, "setting that is not valid text"),
    ] {
        if let Some(notice) = grouped(&names, what) {
            d.notices.push(notice);
        }
    }
    d
}

/// One notice for all `names`: "Ignored 1 316 unknown settings: "a", "b", "c" and 1 313 more."
fn grouped(names: &[String], what: &str) -> Option<String> {
    const SHOWN: usize = 3;
    let first: Vec<String> = names.iter().take(SHOWN).map(|n| quoted(n)).collect();
    match names.len() {
        0 => None,
        1 => Some(format!("Ignored {what} {}.", first[0])),
        n if n <= SHOWN => Some(format!("Ignored {n} {what}s: {}.", first.join(", "))),
        n => Some(format!(
            "Ignored {n} {what}s: {} and {} more.",
            first.join(", "),
            n - SHOWN
        )),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::{FillModelKind, StrategyKind};

    #[test]
    fn round_trip_reproduces_settings() {
        let mut s = Settings::default();
        s.config.spread_percentage = 0.0023;
        s.config.trading_pair = "ETH/USD".into();
        s.walk.seed = 99;
        s.walk.volatility = 1.3;
        s.steps = 12_345;
        s.feed = FeedKind::MeanReverting;
        s.sim.fill_model = FillModelKind::Intensity;
        s.sim.strategy = StrategyKind::AvellanedaStoikov;
        s.sim.maker_fee = 0.0002;
        s.sim.adaptive = true;
        s.sim.session_profile = true;
        s.live = super::super::LiveSettings {
            venue: crate::live::Venue::Kraken,
            endpoint: "http://127.0.0.1:4000".into(),
            websocket: false,
            poll_ms: 1500.0,
            fallback: true,
            history: 500,
        };
        let view = View {
            embed: true,
            controls: vec!["total_capital", "volatility"],
            zoom: None,
        };
        let h = to_hash(&s, &view);
        assert!(h.contains("trading_pair=ETH%2FUSD"), "{h}");
        let d = from_hash(&h);
        assert_eq!(d.notices, Vec::<String>::new());
        assert_eq!(d.settings, s);
        assert_eq!(d.view, view);
    }

    #[test]
    fn old_links_still_decode() {
        // A link written by the previous hash writer (before the settings table).
        let old = "#trading_pair=BTC%2FUSDT&total_capital=10000&spread_percentage=0.002&order_size_percentage=0.01&max_inventory_exposure=0.2&rebalance_threshold=0.1&min_profit_threshold=0.002&feed=random-walk&seed=7&steps=3000&volatility=0.8&drift=0&tick_seconds=60&half_spread=0.0001&jump_intensity=0&mean_reversion=50&fill=cross&strategy=seed&maker_fee=0&taker_fee=0&latency=0&target_inventory=0&gamma=0.1&k=1.5&sigma=0&intensity_a=0.05&intensity_k=0.3";
        let d = from_hash(old);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.settings.config.spread_percentage, 0.002);
        assert_eq!(d.settings.walk.seed, 7);
        assert_eq!(d.settings.steps, 3000);
        assert_eq!(d.settings.sim.fill_model, FillModelKind::Cross);
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
    fn the_zoom_window_round_trips() {
        let view = View {
            zoom: Some((120, 480)),
            ..View::default()
        };
        let d = from_hash(&to_hash(&Settings::default(), &view));
        assert_eq!(d.view.zoom, Some((120, 480)));
        assert!(d.notices.is_empty());
        let bad = from_hash("#zoom=9-3");
        assert_eq!(bad.view.zoom, None);
        assert_eq!(bad.notices.len(), 1);
    }

    #[test]
    fn many_unknown_keys_make_one_short_notice_and_duplicates_name_the_value_used() {
        let hash: String = (0..1316).map(|i| format!("k{i}=1&")).collect();
        let d = from_hash(&format!("#{}", &hash[..hash.len().min(MAX_HASH_LEN - 1)]));
        assert_eq!(d.notices.len(), 1, "{:?}", d.notices);
        assert!(d.notices[0].starts_with("Ignored "), "{}", d.notices[0]);
        assert!(d.notices[0].len() < 120, "{}", d.notices[0]);
        let d = from_hash("#spread_percentage=0.002&spread_percentage=9&spread_percentage=0.003");
        assert_eq!(d.settings.config.spread_percentage, 0.003);
        assert_eq!(d.notices.len(), 2, "{:?}", d.notices);
        assert!(d.notices[0].contains("kept \"0.002\""), "{}", d.notices[0]);
        assert!(
            d.notices[1].contains("appears 3 times") && d.notices[1].contains("\"0.003\""),
            "{}",
            d.notices[1]
        );
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
            ["spread_percentage", "order_size_percentage"]
        );
    }
}
