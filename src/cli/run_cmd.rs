//! `spreadlab run`: one simulation, KPIs as a table or JSON, optional trade log.

use super::args::Flags;
use super::CliError;
use serde_json::{json, Map, Value};
use spreadlab::engine::config::{MarketMakingConfig, NumericField};
use spreadlab::engine::feed::{generate, parse_csv, CsvOptions, RandomWalkParams, WalkKind};
use spreadlab::engine::market::Snapshot;
use spreadlab::engine::presets::Preset;
use spreadlab::engine::sim::{
    run as simulate, trade_log_csv, FillModelKind, SimParams, StrategyKind,
};

const VALUED: &[&str] = &[
    "preset",
    "config",
    "set",
    "feed",
    "data",
    "steps",
    "seed",
    "fill",
    "strategy",
    "maker-fee",
    "taker-fee",
    "latency",
    "target-inventory",
    "volatility",
    "drift",
    "tick-seconds",
    "half-spread",
    "jump-intensity",
    "start-price",
    "trades",
];

/// A config, params and feed built from `run`-style flags.
pub struct Setup {
    /// Effective config.
    pub config: MarketMakingConfig,
    /// Simulation parameters.
    pub params: SimParams,
    /// Feed snapshots.
    pub snapshots: Vec<Snapshot>,
    /// Seed used.
    pub seed: u64,
}

/// Builds config, params and feed from `run` flags (no output flags).
pub fn setup(args: &[String]) -> Result<Setup, CliError> {
    let f = Flags::parse(args, VALUED, &[])?;
    let config = build_config(&f)?;
    let (params, _, snapshots, seed) = build_feed_and_params(&f)?;
    Ok(Setup {
        config,
        params,
        snapshots,
        seed,
    })
}

/// Runs the command and returns what to print.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let f = Flags::parse(args, VALUED, &["json"])?;
    let cfg = build_config(&f)?;
    let (params, feed_name, snaps, seed) = build_feed_and_params(&f)?;
    let result = simulate(&cfg, &params, &snaps).map_err(|e| CliError(e.to_string()))?;
    if let Some(path) = f.get("trades") {
        std::fs::write(path, trade_log_csv(&result.trades))
            .map_err(|e| CliError(format!("--trades: cannot write '{path}': {e}")))?;
    }
    let k = &result.kpis;
    if f.has("json") {
        let mut obj = match serde_json::to_value(k) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        obj.insert("fill_model".into(), json!(params.fill_model));
        obj.insert("strategy".into(), json!(params.strategy));
        obj.insert("feed".into(), json!(feed_name));
        obj.insert("seed".into(), json!(seed));
        obj.insert("config".into(), json!(cfg));
        return Ok(format!("{}\n", Value::Object(obj)));
    }
    let pct = |x: f64| format!("{:.4} %", x * 100.0);
    let rows = [
        ("pair", cfg.trading_pair.clone()),
        ("feed", format!("{feed_name}, {} steps", k.steps)),
        (
            "fill model / strategy",
            format!("{} / {}", name(&params.fill_model), name(&params.strategy)),
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
    let mut s = String::new();
    for (label, value) in rows {
        s.push_str(&format!("{label:<30} {value}\n"));
    }
    Ok(s)
}

fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn build_config(f: &Flags) -> Result<MarketMakingConfig, CliError> {
    let mut cfg = match f.get("preset") {
        Some(p) => Preset::from_name(p)
            .ok_or_else(|| CliError(format!("--preset: unknown preset '{p}' (conservative, balanced, aggressive, seed-defaults)")))?
            .config(),
        None => MarketMakingConfig::default(),
    };
    if let Some(path) = f.get("config") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError(format!("--config: cannot read '{path}': {e}")))?;
        // Fields in the file override the preset; missing ones keep it.
        let mut base = serde_json::to_value(&cfg).unwrap_or(Value::Null);
        let file: Value = serde_json::from_str(&text)
            .map_err(|e| CliError(format!("--config: '{path}' is not valid JSON: {e}")))?;
        let Value::Object(fields) = file else {
            return Err(CliError(format!(
                "--config: '{path}' must hold a JSON object"
            )));
        };
        if let Value::Object(b) = &mut base {
            for (k, v) in fields {
                b.insert(k, v);
            }
        }
        cfg = serde_json::from_value(base)
            .map_err(|e| CliError(format!("--config: '{path}': {e}")))?;
    }
    for kv in f.all("set") {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| CliError(format!("--set: '{kv}' must look like field=value")))?;
        if k == "trading_pair" {
            cfg.trading_pair = v.to_string();
            continue;
        }
        let field = NumericField::from_name(k)
            .ok_or_else(|| CliError(format!("--set: unknown field '{k}'")))?;
        let x: f64 = v
            .parse()
            .map_err(|_| CliError(format!("--set: {k} = '{v}' is not a number")))?;
        field.set(&mut cfg, x);
    }
    cfg.validate()
        .map_err(|e| CliError(format!("invalid config: {e}")))?;
    Ok(cfg)
}

type FeedSetup = (SimParams, String, Vec<Snapshot>, u64);

fn build_feed_and_params(f: &Flags) -> Result<FeedSetup, CliError> {
    let seed: u64 = f.parsed("seed")?.unwrap_or(42);
    let steps: Option<usize> = f.parsed("steps")?;
    if steps == Some(0) {
        return Err(CliError("--steps must be at least 1".into()));
    }
    let fill_model = match f.get("fill") {
        None => FillModelKind::Cross,
        Some(v) => serde_json::from_value(json!(v)).map_err(|_| {
            CliError(format!(
                "--fill: unknown fill model '{v}' (seed-backtest, seed-live, cross, intensity)"
            ))
        })?,
    };
    let strategy = match f.get("strategy") {
        None => StrategyKind::Seed,
        Some(v) => serde_json::from_value(json!(v)).map_err(|_| {
            CliError(format!(
                "--strategy: unknown strategy '{v}' (seed, avellaneda-stoikov, symmetric)"
            ))
        })?,
    };
    let feed = f.get("feed").unwrap_or(if f.get("data").is_some() {
        "csv"
    } else {
        "random-walk"
    });
    let half_spread = f.float("half-spread")?;
    let (snaps, tick) = match feed {
        "csv" => {
            let path = f
                .get("data")
                .ok_or_else(|| CliError("--feed csv needs --data PATH".into()))?;
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError(format!("--data: cannot read '{path}': {e}")))?;
            let opts = CsvOptions {
                half_spread: half_spread.unwrap_or(CsvOptions::default().half_spread),
            };
            let parsed = parse_csv(&text, &opts).map_err(|e| CliError(format!("{path}: {e}")))?;
            let mut snaps = parsed.snapshots;
            if let Some(n) = steps {
                snaps.truncate(n);
            }
            let tick = spreadlab::share::median_tick(&snaps);
            (snaps, tick)
        }
        "random-walk" | "mean-reverting" => {
            let d = RandomWalkParams::default();
            let p = RandomWalkParams {
                kind: if feed == "mean-reverting" {
                    WalkKind::MeanReverting
                } else {
                    WalkKind::Gbm
                },
                seed,
                volatility: f.float("volatility")?.unwrap_or(d.volatility),
                drift: f.float("drift")?.unwrap_or(d.drift),
                tick_seconds: f.float("tick-seconds")?.unwrap_or(d.tick_seconds),
                half_spread: half_spread.unwrap_or(d.half_spread),
                jump_intensity: f.float("jump-intensity")?.unwrap_or(d.jump_intensity),
                start_price: f.float("start-price")?.unwrap_or(d.start_price),
                ..d
            };
            let n = steps.unwrap_or(10_000);
            if n > 50_000_000 {
                return Err(CliError(format!(
                    "--steps {n} is too many (at most 50000000)"
                )));
            }
            let snaps = generate(&p, n).map_err(|e| CliError(e.to_string()))?;
            (snaps, p.tick_seconds)
        }
        other => {
            return Err(CliError(format!(
                "--feed: unknown feed '{other}' (random-walk, mean-reverting, csv)"
            )))
        }
    };
    let d = SimParams::default();
    let params = SimParams {
        fill_model,
        strategy,
        maker_fee: f.float("maker-fee")?.unwrap_or(0.0),
        taker_fee: f.float("taker-fee")?.unwrap_or(0.0),
        latency_steps: f.parsed("latency")?.unwrap_or(0),
        target_inventory: f.float("target-inventory")?.unwrap_or(0.0),
        tick_seconds: tick,
        seed,
        ..d
    };
    params.validate().map_err(|e| CliError(e.to_string()))?;
    Ok((params, feed.to_string(), snaps, seed))
}
