//! `spreadlab run`: one simulation, KPIs as a table or JSON, optional trade log.
//!
//! Every row of the settings table is a flag (`--maker-fee 0.0002`) and a `--set` key
//! (`--set maker_fee=0.0002`); both are applied in command-line order on top of
//! defaults ← `--preset` ← `--config FILE.json`.

use super::args::Flags;
use super::data_files::{self, Loaded};
use super::progress;
use super::read::read_limited;
use super::CliError;
use serde_json::{json, Map, Value};
use spreadlab::engine::config::MarketMakingConfig;
use spreadlab::engine::feed::{decode_text, Recording};
use spreadlab::engine::limits::MAX_CLI_FILE_BYTES;
use spreadlab::engine::market::{Snapshot, TradePrint};
use spreadlab::engine::presets::Preset;
use spreadlab::engine::run::{self as run_path, RunError};
use spreadlab::engine::settings::{self, keys, quoted, FeedKind, Kind, Settings, TABLE};
use spreadlab::engine::sim::{trade_log_csv, FillModelKind, Kpis};

/// Flags of `run` that are not settings.
const OWN_VALUED: &[&str] = &["preset", "config", "set", "data", "trades", "every"];

/// A run's settings and feed, built from `run`-style flags.
pub struct Setup {
    /// Effective settings.
    pub settings: Settings,
    /// Feed snapshots (empty when the run streams a synthetic feed, or has `kpis`).
    pub snapshots: Vec<Snapshot>,
    /// A KPI-only run over a file of prices, made while it was read.
    pub kpis: Option<Result<Kpis, RunError>>,
    /// Trade prints from `--data` exchange files (empty otherwise).
    pub trades: Vec<TradePrint>,
    /// Things fixed up while reading `--data` (sorted rows, skipped null rows, thinning).
    pub warnings: Vec<String>,
}

/// Parses `args` given extra boolean flags (e.g. `json`).
fn parse_flags(args: &[String], extra_boolean: &[&str]) -> Result<Flags, CliError> {
    let mut valued: Vec<String> = OWN_VALUED.iter().map(|s| s.to_string()).collect();
    let mut boolean: Vec<String> = extra_boolean.iter().map(|s| s.to_string()).collect();
    for row in TABLE.iter() {
        match row.kind {
            Kind::Flag => boolean.push(row.flag()),
            _ => valued.push(row.flag()),
        }
    }
    let v: Vec<&str> = valued.iter().map(String::as_str).collect();
    let b: Vec<&str> = boolean.iter().map(String::as_str).collect();
    Flags::parse(args, &v, &b)
}

/// Builds settings and feed from `run` flags (no output flags).
pub fn setup(args: &[String]) -> Result<Setup, CliError> {
    build(&parse_flags(args, &[])?, false)
}

/// Settings and feed from flags; with `stream` (a run that only wants KPIs), a synthetic
/// feed is not generated here (the run streams it: [`run_path::summary`]) and a single
/// `--data` file of prices is run here as it is read (`kpis`), `snapshots` staying empty.
fn build(f: &Flags, stream: bool) -> Result<Setup, CliError> {
    let mut s = Settings {
        config: base_config(f)?,
        ..Settings::default()
    };
    let mut explicit = Vec::new();
    for (name, value) in &f.0 {
        let (key, text) = if name == "set" {
            let kv = value.as_deref().unwrap_or_default();
            let (k, v) = kv.split_once('=').ok_or_else(|| {
                CliError(format!(
                    "--set: {} must look like key=value",
                    settings::quoted(kv)
                ))
            })?;
            (k.to_string(), v.to_string())
        } else if let Some(row) = TABLE.iter().find(|r| r.flag() == *name) {
            let text = match (row.kind, value) {
                (Kind::Flag, None) => "1".to_string(),
                (_, v) => v.clone().unwrap_or_default(),
            };
            (row.key.to_string(), text)
        } else {
            continue;
        };
        s.set_text(&key, &text).map_err(|e| {
            let flag = if name == "set" {
                "--set"
            } else {
                name.as_str()
            };
            CliError(format!(
                "{}{flag}: {e}",
                if name == "set" { "" } else { "--" }
            ))
        })?;
        explicit.push(key);
    }
    let data = f.get("data");
    if data.is_some() && !explicit.iter().any(|k| k == keys::FEED) {
        s.feed = FeedKind::Csv;
    }
    let mut warnings = Vec::new();
    let mut trades = Vec::new();
    let csv = match (s.feed, data) {
        (FeedKind::Live, _) => {
            return Err(CliError(
                "--feed live streams in the app only; the CLI replays files (--data) or synthetic feeds".into(),
            ))
        }
        (FeedKind::Csv, None) => return Err(CliError("--feed csv needs --data PATH".into())),
        (FeedKind::Csv, Some(_)) => {
            let keep_every = match f.get("every") {
                None => 1,
                Some(n) => n.parse::<u64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    CliError(format!("--every: {} must be a whole number ≥ 1", quoted(n)))
                })?,
            };
            let paths = f.all("data");
            let loaded = match paths[..] {
                [path] if stream => {
                    let steps = explicit.iter().any(|k| k == keys::STEPS).then_some(s.steps);
                    data_files::load_for_summary(path, keep_every, &s, steps)?
                }
                _ => Loaded::File(data_files::load(&paths, keep_every, s.walk.half_spread)?),
            };
            let loaded = match loaded {
                Loaded::File(file) => file,
                Loaded::Summary(summary) => {
                    // Prices: no trades, nothing else to set.
                    s.sim.clock = summary.clock;
                    let kpis = Some(summary.kpis);
                    return Ok(finish_setup(s, Vec::new(), kpis, trades, summary.warnings));
                }
            };
            let mut rec = loaded.recording;
            warnings = std::mem::take(&mut rec.warnings);
            s.sim.clock = loaded.clock;
            // Trade prints fill through the trades model unless a fill model was chosen.
            if !rec.trades.is_empty() && !explicit.iter().any(|k| k == keys::FILL) {
                s.sim.fill_model = FillModelKind::Trades;
            }
            // Quotes on the venue's grid, so they can join a queue (unless a tick was given).
            if !rec.trades.is_empty() && !explicit.iter().any(|k| k == "tick_size") {
                s.sim.tick_size = rec.price_increment().unwrap_or(0.0);
            }
            // A file is replayed whole unless --steps says otherwise.
            if explicit.iter().any(|k| k == keys::STEPS) {
                rec.snapshots.truncate(s.steps);
            }
            trades = rec.trades;
            Some(rec.snapshots)
        }
        _ => None,
    };
    let snapshots = match csv {
        // A file's rows are the feed as read (`run_path::feed` would copy them).
        Some(rows) if s.feed == FeedKind::Csv => rows,
        _ if stream && s.feed.is_synthetic() => Vec::new(),
        csv => run_path::feed(&s, csv.as_deref()).map_err(|e| CliError(e.to_string()))?,
    };
    Ok(finish_setup(s, snapshots, None, trades, warnings))
}

/// The setup, its warnings printed.
fn finish_setup(
    settings: Settings,
    snapshots: Vec<Snapshot>,
    kpis: Option<Result<Kpis, RunError>>,
    trades: Vec<TradePrint>,
    warnings: Vec<String>,
) -> Setup {
    for w in &warnings {
        eprintln!("spreadlab: warning: {w}");
    }
    Setup {
        settings,
        snapshots,
        kpis,
        trades,
        warnings,
    }
}

/// Runs the command and returns what to print.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let f = parse_flags(args, &["json"])?;
    // Only a trade log needs the whole run kept; KPIs alone stream in constant memory.
    let keep = f.get("trades").is_some();
    let Setup {
        settings: s,
        snapshots,
        kpis,
        trades,
        warnings,
    } = build(&f, !keep)?;
    let err = |e: RunError| CliError(e.to_string());
    let recording = (!trades.is_empty()).then(|| Recording {
        snapshots: snapshots.clone(),
        trades,
        ..Recording::default()
    });
    let kpis = if let Some(kpis) = kpis {
        kpis.map_err(err)?
    } else if let Some(rec) = &recording {
        match f.get("trades") {
            Some(path) => {
                let result = run_path::run_recording(&s, rec).map_err(err)?;
                std::fs::write(path, trade_log_csv(&result.trades)).map_err(|e| {
                    CliError(format!("--trades: cannot write {}: {e}", quoted(path)))
                })?;
                result.kpis
            }
            None => run_path::summary_recording(&s, rec).map_err(err)?,
        }
    } else if let Some(path) = f.get("trades") {
        let result = run_path::run(&s, &snapshots).map_err(err)?;
        std::fs::write(path, trade_log_csv(&result.trades))
            .map_err(|e| CliError(format!("--trades: cannot write {}: {e}", quoted(path))))?;
        result.kpis
    } else if snapshots.is_empty() {
        // Streams: a progress bar (on a terminal) for runs long enough to wait for.
        let pb = (s.steps >= 5_000_000).then(|| progress::bar(s.steps as u64, "steps", false));
        let k = run_path::summary_reporting(&s, None, &mut |done| {
            if let Some(pb) = &pb {
                pb.set_position(done as u64);
            }
        })
        .map_err(err)?;
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        k
    } else {
        run_path::run_summary(&s, &snapshots).map_err(err)?
    };
    drop(snapshots);
    let k = &kpis;
    let feed_name = settings::setting(keys::FEED)
        .map(|r| r.format(&s))
        .unwrap_or_default();
    if f.has("json") {
        let mut obj = match serde_json::to_value(k) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        obj.insert("fill_model".into(), json!(s.sim.fill_model));
        obj.insert(keys::STRATEGY.into(), json!(s.sim.strategy));
        obj.insert(keys::FEED.into(), json!(feed_name));
        obj.insert("seed".into(), json!(s.seed()));
        obj.insert("config".into(), json!(s.config));
        obj.insert("settings".into(), settings_json(&s));
        obj.insert("warnings".into(), json!(warnings));
        return Ok(format!("{}\n", Value::Object(obj)));
    }
    let pct = |x: f64| format!("{:.4} %", x * 100.0);
    let name = |key: &str| {
        settings::setting(key)
            .map(|r| r.format(&s))
            .unwrap_or_default()
    };
    let rows = [
        ("pair", s.config.trading_pair.clone()),
        (keys::FEED, format!("{feed_name}, {} steps", k.steps)),
        (
            "fill model / strategy",
            format!("{} / {}", name(keys::FILL), name(keys::STRATEGY)),
        ),
        ("initial_capital", format!("{:.2}", k.initial_capital)),
        ("final_value", format!("{:.2}", k.final_value)),
        (
            "total_return_percentage",
            format!("{:.4} %", k.total_return_percentage),
        ),
        ("total_trades", k.total_trades.to_string()),
        ("round_trips", k.round_trips.to_string()),
        (
            "average_return_per_round_trip",
            pct(k.average_return_per_round_trip),
        ),
        ("win_rate", pct(k.win_rate)),
        ("max_drawdown", pct(k.max_drawdown)),
        ("sharpe", format!("{:.3}", k.sharpe)),
        ("volatility", pct(k.volatility)),
        ("time_basis", k.time_basis.label().to_string()),
        ("fill_rate", pct(k.fill_rate)),
        ("capital_utilisation", pct(k.capital_utilisation)),
        ("turnover", format!("{:.3}x", k.turnover)),
        (
            "market_share",
            k.market_share
                .map(pct)
                .unwrap_or_else(|| "n/a (no volume)".into()),
        ),
        ("realised_pnl", format!("{:.4}", k.realised_pnl)),
        ("unrealised_pnl", format!("{:.4}", k.unrealised_pnl)),
        ("fees_paid", format!("{:.4}", k.fees_paid)),
        ("rebalances", k.rebalances.to_string()),
        (
            "asks_withheld_min_profit",
            k.asks_withheld_min_profit.to_string(),
        ),
        ("bad_snapshots", k.bad_snapshots.to_string()),
    ];
    let mut out = String::new();
    for (label, value) in rows {
        out.push_str(&format!("{label:<30} {value}\n"));
    }
    Ok(out)
}

/// Every setting's effective value, keyed as in the table (numbers and flags typed).
fn settings_json(s: &Settings) -> Value {
    let mut m = Map::new();
    for row in TABLE.iter() {
        let v = match (row.get)(s) {
            settings::Value::Num(x) => json!(x),
            settings::Value::Int(n) => json!(n),
            settings::Value::Bool(b) => json!(b),
            settings::Value::Text(t) => json!(t),
        };
        m.insert(row.key.to_string(), v);
    }
    Value::Object(m)
}

/// The config from `--preset` and `--config FILE.json` (fields in the file override the
/// preset; missing ones keep it).
fn base_config(f: &Flags) -> Result<MarketMakingConfig, CliError> {
    let mut cfg = match f.get("preset") {
        Some(p) => Preset::from_name(p)
            .ok_or_else(|| CliError(format!("--preset: unknown preset '{p}' (conservative, balanced, aggressive, seed-defaults)")))?
            .config(),
        None => MarketMakingConfig::default(),
    };
    if let Some(path) = f.get("config") {
        let bytes = read_limited("config", path, MAX_CLI_FILE_BYTES)?;
        let text =
            decode_text(bytes).map_err(|e| CliError(format!("--config: {}: {e}", quoted(path))))?;
        let mut base = serde_json::to_value(&cfg).unwrap_or(Value::Null);
        let file: Value = serde_json::from_str(&text)
            .map_err(|e| CliError(format!("--config: {} is not valid JSON: {e}", quoted(path))))?;
        let Value::Object(fields) = file else {
            return Err(CliError(format!(
                "--config: {} must hold a JSON object",
                quoted(path)
            )));
        };
        if let Value::Object(b) = &mut base {
            for (k, v) in fields {
                b.insert(k, v);
            }
        }
        cfg = serde_json::from_value(base)
            .map_err(|e| CliError(format!("--config: {}: {e}", quoted(path))))?;
        cfg.validate()
            .map_err(|e| CliError(format!("--config: invalid config: {e}")))?;
    }
    Ok(cfg)
}
