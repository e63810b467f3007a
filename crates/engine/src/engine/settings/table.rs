//! The settings table: every run setting, declared once.
//!
//! Adding a setting: add its field to the engine struct (with its default there), then one
//! row here. The URL hash, `spreadlab run --<key>` / `--set key=value`, validation, the app's
//! slider and number input (or select / checkbox) and the sweep axes follow from the row.

use super::setting::{Group, Kind, Setting, Slider, Unit, Value};
use super::{keys, valid_endpoint, FeedKind, Settings};
use crate::engine::config::{valid_pair, FieldRange, NumericField};
use crate::engine::limits::MAX_SUMMARY_STEPS;
use serde::de::value::StrDeserializer;
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Serialize;

/// A range `(min, max)` with open (`false`) or closed (`true`) ends.
const fn range(min: f64, min_in: bool, max: f64, max_in: bool) -> FieldRange {
    FieldRange::new(min, min_in, max, max_in)
}

const fn slider(min: f64, max: f64, step: f64) -> Slider {
    Slider { min, max, step }
}

const fn num(range: FieldRange, slider: Slider) -> Kind {
    Kind::Number { range, slider }
}

fn always(_: &Settings) -> bool {
    true
}

fn synthetic(s: &Settings) -> bool {
    s.feed.is_synthetic()
}

fn quoting_model(s: &Settings) -> bool {
    s.sim.strategy != crate::engine::sim::StrategyKind::Seed
}

fn flow(s: &Settings) -> bool {
    s.sim.fill_model == crate::engine::sim::FillModelKind::Flow
}

fn live(s: &Settings) -> bool {
    s.feed == FeedKind::Live
}

/// The serialized (kebab-case) name of an enum value (serde writes a unit variant's name
/// to a formatter; no JSON needed).
fn name_of<T: Serialize>(v: &T) -> Value {
    struct Name<'a, T>(&'a T);
    impl<T: Serialize> std::fmt::Display for Name<'_, T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.serialize(f)
        }
    }
    Value::Text(Name(v).to_string())
}

/// The enum value with this serialized name (the row's options are checked by a test).
fn from_name<T: DeserializeOwned + Default>(v: Value) -> T {
    let name: StrDeserializer<'_, serde::de::value::Error> = v.text().into_deserializer();
    T::deserialize(name).unwrap_or_default()
}

fn pair(t: &str) -> Result<String, &'static str> {
    // ASCII only: valid pairs are ASCII, and Unicode case tables would cost the app 10 KB.
    let up = t.to_ascii_uppercase();
    if valid_pair(&up) {
        Ok(up)
    } else {
        Err("BASE/QUOTE with 1-10 letters or digits each, e.g. BTC/USDT")
    }
}

fn endpoint(t: &str) -> Result<String, &'static str> {
    if valid_endpoint(t) {
        Ok(t.to_string())
    } else {
        Err("empty, or an http(s) URL of at most 200 characters without spaces or quotes")
    }
}

/// A config field row: the range is the seed's validation ([`NumericField::range`]).
macro_rules! config_row {
    ($field:ident, $key:literal, $label:literal, $unit:expr, $slider:expr, $hint:literal) => {
        Setting {
            key: $key,
            label: $label,
            unit: $unit,
            hint: $hint,
            group: Group::Config,
            kind: num(NumericField::$field.range(), $slider),
            get: |s| Value::Num(NumericField::$field.get(&s.config)),
            set: |s, v| NumericField::$field.set(&mut s.config, v.num()),
            shown: always,
        }
    };
}

/// A number row reading and writing `settings.<path>` (an `f64`).
macro_rules! num_row {
    ($key:literal, $label:literal, $unit:expr, $group:expr, $range:expr, $slider:expr, $shown:expr, $hint:literal, $($path:ident).+) => {
        Setting {
            key: $key,
            label: $label,
            unit: $unit,
            hint: $hint,
            group: $group,
            kind: num($range, $slider),
            get: |s| Value::Num(s.$($path).+),
            set: |s, v| s.$($path).+ = v.num(),
            shown: $shown,
        }
    };
}

/// The table. Order is the panel's order within each group.
pub static TABLE: [Setting; 44] = [
    // --- The seed's MarketMakingConfig ---
    Setting {
        key: "trading_pair",
        label: "Trading pair",
        unit: Unit::Plain,
        hint: "The pair to quote, BASE/QUOTE; the quote currency is the unit of capital and PnL.",
        group: Group::Config,
        kind: Kind::Text { check: pair, example: "ETH/USD" },
        get: |s| Value::Text(s.config.trading_pair.clone()),
        set: |s, v| s.config.trading_pair = v.text().to_string(),
        shown: always,
    },
    config_row!(TotalCapital, "total_capital", "Capital", Unit::Quote, slider(100.0, 1_000_000.0, 100.0),
        "More capital: larger orders (sizes are a share of capital); returns in % barely change."),
    config_row!(SpreadPercentage, "spread_percentage", "Spread", Unit::Percent, slider(0.0001, 0.02, 0.0001),
        "Wider spread: more profit per round trip but quotes sit further away and fill less often."),
    config_row!(OrderSizePercentage, "order_size_percentage", "Order size", Unit::Percent, slider(0.001, 0.1, 0.001),
        "Bigger orders: more volume and PnL per fill, and inventory swings faster."),
    config_row!(MaxInventoryExposure, "max_inventory_exposure", "Max exposure", Unit::Percent, slider(0.01, 1.0, 0.01),
        "Higher cap: the bid keeps filling while inventory builds up, so more price risk."),
    config_row!(RebalanceThreshold, "rebalance_threshold", "Rebalance threshold", Unit::Percent, slider(0.01, 0.99, 0.01),
        "Higher threshold: inventory may drift further before it is dumped at market (taker fee)."),
    config_row!(MinProfitThreshold, "min_profit_threshold", "Min profit", Unit::Percent, slider(0.0, 0.02, 0.0005),
        "Higher minimum: the ask is withheld until a sale would earn this much over average cost."),
    // --- Market data ---
    Setting {
        key: keys::FEED,
        label: "Feed",
        unit: Unit::Plain,
        hint: "Where prices come from.",
        group: Group::Market,
        kind: Kind::Choice(&[
            ("random-walk", "Random walk (GBM)"),
            ("mean-reverting", "Mean-reverting walk"),
            ("csv", "Uploaded CSV"),
            ("live", "Live ticker (paper trading)"),
        ]),
        get: |s| name_of(&s.feed),
        set: |s, v| s.feed = from_name(v),
        shown: always,
    },
    Setting {
        key: "seed",
        label: "Seed",
        unit: Unit::Plain,
        hint: "Same seed, same prices: change it to see another path.",
        group: Group::Market,
        kind: Kind::Integer { min: 0, max: u64::MAX },
        get: |s| Value::Int(s.walk.seed),
        set: |s, v| s.walk.seed = v.int(),
        shown: synthetic,
    },
    Setting {
        key: keys::STEPS,
        label: "Steps",
        unit: Unit::Steps,
        hint: "Number of price snapshots simulated: at most 2 000 000 with charts; KPIs alone (the CLI's --json) stream up to 1 000 000 000.",
        group: Group::Market,
        kind: Kind::Integer { min: 1, max: MAX_SUMMARY_STEPS },
        get: |s| Value::Int(s.steps as u64),
        set: |s, v| s.steps = v.int() as usize,
        shown: synthetic,
    },
    Setting {
        key: "year_basis",
        label: "Year for Sharpe and volatility",
        unit: Unit::Plain,
        hint: "365 calendar days suits 24/7 markets; 252 trading days suits exchange hours. Both are measured from the feed's timestamps.",
        group: Group::Market,
        kind: Kind::Choice(&[
            ("365", "365 days (calendar)"),
            ("252", "252 trading days"),
        ]),
        get: |s| name_of(&s.sim.year_basis),
        set: |s, v| s.sim.year_basis = from_name(v),
        shown: always,
    },
    num_row!("start_price", "Start price", Unit::Quote, Group::Market, range(1e-12, true, 1e12, true),
        slider(100.0, 100_000.0, 100.0), synthetic,
        "The first price of the synthetic walk; returns in % do not depend on it.", walk.start_price),
    num_row!("volatility", "Volatility (annual)", Unit::PerYear, Group::Market, range(0.0, true, 10.0, true),
        slider(0.0, 3.0, 0.05), synthetic,
        "Higher volatility: bigger price moves, more fills and more inventory risk.", walk.volatility),
    num_row!("drift", "Drift (annual)", Unit::PerYear, Group::Market, range(-10.0, true, 10.0, true),
        slider(-2.0, 2.0, 0.05), synthetic,
        "A trend: a market maker that buys into a falling market loses.", walk.drift),
    num_row!("tick_seconds", "Tick", Unit::Seconds, Group::Market, range(0.0, false, 31_536_000.0, true),
        slider(1.0, 3600.0, 1.0), synthetic,
        "Time between snapshots; longer ticks mean larger moves per step.", walk.tick_seconds),
    num_row!("half_spread", "Market half-spread", Unit::Percent, Group::Market, range(0.0, true, 0.5, false),
        slider(0.0, 0.002, 0.00001), synthetic,
        "The market's own bid/ask distance from mid, as a fraction.", walk.half_spread),
    num_row!("jump_intensity", "Jumps per year", Unit::PerYear, Group::Market, range(0.0, true, 1e6, true),
        slider(0.0, 200.0, 1.0), synthetic,
        "Sudden price jumps: the market maker's worst enemy.", walk.jump_intensity),
    num_row!("mean_reversion", "Mean reversion (annual)", Unit::PerYear, Group::Market, range(0.0, true, 1e6, true),
        slider(0.0, 500.0, 1.0), |s| s.feed == FeedKind::MeanReverting,
        "Stronger pull back to the mean: trends fade, so inventory comes back on its own.", walk.mean_reversion),
    // --- Execution: fill model, strategy, fees ---
    Setting {
        key: keys::FILL,
        label: "Fill model",
        unit: Unit::Plain,
        hint: "How resting quotes become trades.",
        group: Group::Execution,
        kind: Kind::Choice(&[
            ("flow", "Order flow: market orders, some informed"),
            ("cross", "Cross: fill when the market trades through"),
            ("intensity", "Intensity: Avellaneda-Stoikov Poisson fills"),
            ("trades", "Trades: the venue's trade prints and a queue"),
            ("seed-live", "Seed live loop: instant fills"),
            ("seed-backtest", "Seed backtest: instant fills at close"),
        ]),
        get: |s| name_of(&s.sim.fill_model),
        set: |s, v| s.sim.fill_model = from_name(v),
        shown: always,
    },
    Setting {
        key: keys::STRATEGY,
        label: "Strategy",
        unit: Unit::Plain,
        hint: "Where quotes are placed.",
        group: Group::Execution,
        kind: Kind::Choice(&[
            ("seed", "Seed quoting (book ± spread/2)"),
            ("avellaneda-stoikov", "Avellaneda-Stoikov"),
            ("symmetric", "Symmetric (AS spread around mid)"),
        ]),
        get: |s| name_of(&s.sim.strategy),
        set: |s, v| s.sim.strategy = from_name(v),
        shown: always,
    },
    Setting {
        key: "queue",
        label: "Queue model",
        unit: Unit::Plain,
        hint: "Where our order waits at its price: risk-averse moves only when trades happen there; probabilistic also counts cancellations, most of them behind us near the front.",
        group: Group::Execution,
        kind: Kind::Choice(&[
            ("risk-averse", "Risk-averse (only trades advance us)"),
            ("probabilistic", "Probabilistic (cancellations too)"),
        ]),
        get: |s| name_of(&s.sim.queue_model),
        set: |s, v| s.sim.queue_model = from_name(v),
        shown: |s| s.sim.fill_model == crate::engine::sim::FillModelKind::Trades,
    },
    num_row!("tick_size", "Price tick", Unit::Quote, Group::Execution, range(0.0, true, 1e6, true),
        slider(0.0, 10.0, 0.01), always,
        "The venue's price increment: quotes sit on its grid, so they can join a queue at a price (0 = any price; files with trades set it from their prices).", sim.tick_size),
    num_row!("arrival_rate", "Market orders per minute (each side)", Unit::PerMinute, Group::Execution, range(0.0, true, 1000.0, true),
        slider(0.0, 10.0, 0.1), flow,
        "More market orders: more fills at every distance, so tighter spreads pay.", sim.arrival_rate),
    num_row!("flow_k", "Fill decay k", Unit::PerBp, Group::Execution, range(0.0, true, 10.0, true),
        slider(0.01, 0.5, 0.01), flow,
        "Higher k: orders rarely reach quotes far from the mid, so wide quotes hardly fill.", sim.flow_k),
    num_row!("toxicity", "Informed share (toxicity)", Unit::Percent, Group::Execution, range(0.0, true, 1.0, true),
        slider(0.0, 1.0, 0.05), flow,
        "More informed orders: fills come just before the price moves against you (adverse selection).", sim.toxicity),
    num_row!("flow_size", "Market order size (× our quote)", Unit::Plain, Group::Execution, range(0.0, false, 1000.0, true),
        slider(0.1, 5.0, 0.1), flow,
        "Smaller orders: quotes fill partially, a bit at a time.", sim.flow_size),
    num_row!("max_participation", "Max share of market volume", Unit::Percent, Group::Execution, range(0.0, false, 1.0, true),
        slider(0.01, 1.0, 0.01), always,
        "Our fills in a step never exceed this share of the step's traded volume (when the feed has volume).", sim.max_participation),
    num_row!("maker_fee", "Maker fee", Unit::Percent, Group::Execution, range(-0.01, false, 0.1, false),
        slider(-0.0005, 0.003, 0.00005), always,
        "Fee on our resting fills, fraction of notional (negative = rebate).", sim.maker_fee),
    num_row!("taker_fee", "Taker fee", Unit::Percent, Group::Execution, range(-0.01, false, 0.1, false),
        slider(0.0, 0.003, 0.00005), always,
        "Fee on rebalancing trades at market.", sim.taker_fee),
    Setting {
        key: "latency",
        label: "Latency",
        unit: Unit::Steps,
        hint: "Steps before a new quote rests in the book: stale quotes get picked off.",
        group: Group::Execution,
        kind: Kind::Integer { min: 0, max: 1000 },
        get: |s| Value::Int(s.sim.latency_steps as u64),
        set: |s, v| s.sim.latency_steps = v.int() as u32,
        shown: always,
    },
    num_row!("target_inventory", "Target inventory", Unit::Percent, Group::Execution, range(0.0, true, 1.0, false),
        slider(0.0, 0.9, 0.01), always,
        "Inventory value (share of equity) the rebalance aims for; never above the exposure cap.", sim.target_inventory),
    num_row!("gamma", "γ risk aversion", Unit::Plain, Group::Execution, range(0.0, false, 100.0, true),
        slider(0.01, 2.0, 0.01), quoting_model,
        "Higher γ: quotes lean harder against inventory and the spread widens.", sim.as_gamma),
    num_row!("k", "k order-book liquidity", Unit::PerBp, Group::Execution, range(0.0, false, 1000.0, true),
        slider(0.1, 10.0, 0.1), quoting_model,
        "Higher k: fills fall off faster with distance, so the optimal spread is tighter.", sim.as_k),
    num_row!("sigma", "σ volatility (annual, 0 = measured)", Unit::PerYear, Group::Execution, range(0.0, true, 10.0, true),
        slider(0.0, 3.0, 0.05), quoting_model,
        "Higher σ: more inventory risk, so a wider spread and stronger lean.", sim.as_sigma),
    num_row!("intensity_a", "A fill intensity", Unit::PerSecond, Group::Execution, range(0.0, false, 1e4, true),
        slider(0.001, 1.0, 0.001), |s| s.sim.fill_model == crate::engine::sim::FillModelKind::Intensity,
        "Higher A: more market orders arrive, so more fills at every distance.", sim.intensity_a),
    num_row!("intensity_k", "k fill decay", Unit::PerBp, Group::Execution, range(0.0, false, 100.0, true),
        slider(0.01, 3.0, 0.01), |s| s.sim.fill_model == crate::engine::sim::FillModelKind::Intensity,
        "Higher k: quotes away from mid fill much less often.", sim.intensity_k),
    Setting {
        key: "adaptive",
        label: "Adaptive adjustment",
        unit: Unit::Plain,
        hint: "The seed document's rule: scale spread, size and exposure by rolling volatility and liquidity.",
        group: Group::Execution,
        kind: Kind::Flag,
        get: |s| Value::Bool(s.sim.adaptive),
        set: |s, v| s.sim.adaptive = v.flag(),
        shown: always,
    },
    Setting {
        key: "session",
        label: "Time-of-day profile",
        unit: Unit::Plain,
        hint: "The seed document's open / midday / close spread and size, by UTC hour.",
        group: Group::Execution,
        kind: Kind::Flag,
        get: |s| Value::Bool(s.sim.session_profile),
        set: |s, v| s.sim.session_profile = v.flag(),
        shown: always,
    },
    // --- Live ticker ---
    Setting {
        key: "venue",
        label: "Venue",
        unit: Unit::Plain,
        hint: "Public market data, no API key. Paper trading only: no orders are sent.",
        group: Group::Live,
        kind: Kind::Choice(&[
            ("coinbase", "Coinbase"),
            ("binance", "Binance"),
            ("kraken", "Kraken"),
        ]),
        get: |s| Value::Text(s.live.venue.name().to_string()),
        set: |s, v| {
            if let Some(x) = crate::live::Venue::from_name(v.text()) {
                s.live.venue = x;
            }
        },
        shown: live,
    },
    Setting {
        key: "transport",
        label: "Transport",
        unit: Unit::Plain,
        hint: "WebSocket streams every book change; REST polls at the interval.",
        group: Group::Live,
        kind: Kind::Choice(&[("ws", "WebSocket"), ("rest", "REST polling")]),
        get: |s| Value::Text(if s.live.websocket { "ws" } else { "rest" }.to_string()),
        set: |s, v| s.live.websocket = v.text() != "rest",
        shown: live,
    },
    num_row!("poll_ms", "Poll every", Unit::Millis, Group::Live, range(250.0, true, 600_000.0, true),
        slider(250.0, 10_000.0, 250.0), live,
        "How often REST polling asks for a new quote.", live.poll_ms),
    Setting {
        key: "endpoint",
        label: "Endpoint base URL (empty = the venues' own)",
        unit: Unit::Plain,
        hint: "Points all three venues at one proxy or mock: {base}/coinbase, {base}/binance, {base}/kraken.",
        group: Group::Live,
        kind: Kind::Text { check: endpoint, example: "http://127.0.0.1:4000" },
        get: |s| Value::Text(s.live.endpoint.clone()),
        set: |s, v| s.live.endpoint = v.text().to_string(),
        shown: live,
    },
    Setting {
        key: "fallback",
        label: "Fall back to another venue",
        unit: Unit::Plain,
        hint: "After three failures in a row, try the next venue.",
        group: Group::Live,
        kind: Kind::Flag,
        get: |s| Value::Bool(s.live.fallback),
        set: |s, v| s.live.fallback = v.flag(),
        shown: live,
    },
    Setting {
        key: "live_history",
        label: "Live points kept",
        unit: Unit::Steps,
        hint: "Newest quotes kept at full resolution (as many older ones are kept thinned).",
        group: Group::Live,
        kind: Kind::Integer { min: 100, max: 1_000_000 },
        get: |s| Value::Int(s.live.history as u64),
        set: |s, v| s.live.history = v.int() as usize,
        shown: live,
    },
];
