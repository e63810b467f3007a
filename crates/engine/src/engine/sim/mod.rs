//! The simulation: strategies quote, fill models decide what trades, the account keeps
//! the books, metrics summarise.
//!
//! Entry points: [`Simulator::new`] + [`Simulator::step`] (incremental, for live feeds),
//! [`run`] and [`run_summary`] (a whole feed), [`RecordingRun`] (a recording, a slice of
//! snapshots at a time). Most callers go through
//! [`crate::engine::run`], which builds the feed and parameters from the settings.

mod account;
pub mod adaptive;
pub mod annualisation;
pub mod attribution;
mod division;
mod fifo;
mod fill_models;
pub mod fingerprint;
mod metrics;
mod positive;
pub mod recorder;
mod recording_run;
mod running_stats;
mod simulator;
mod strategy;
pub mod time_of_day;
mod trade_log;
mod utc_day;

pub use account::Account;
pub use annualisation::{Clock, TimeBasis, YearBasis};
pub use fill_models::{FillCause, FillModel, QueueModel};
pub use recorder::{NoRecorder, Recorder, SeriesRecorder, StepRecord, ALL_ORDERS_STEPS};
pub use recording_run::RecordingRun;
pub use simulator::{
    all_orders, run, run_detailed, run_recording, run_summary, run_summary_recording,
    run_summary_streamed, Simulator,
};
pub use strategy::Quote;
pub use trade_log::{iso8601, trade_log_csv, TRADE_LOG_HEADER};

use super::config::ConfigErrors;
use crate::engine::market::TradePrint;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq)]
pub enum SimError {
    /// The strategy config is invalid (every problem listed).
    Config(ConfigErrors),
    /// A simulation parameter is out of range (names the parameter, value and allowed range).
    Params(String),
    /// The feed produced no snapshots.
    EmptyFeed,
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Config(e) => write!(f, "invalid config: {e}"),
            SimError::Params(e) => write!(f, "invalid simulation parameter: {e}"),
            SimError::EmptyFeed => f.write_str("the feed has no market data to simulate"),
        }
    }
}

impl std::error::Error for SimError {}

impl SimParams {
    /// Checks every parameter: those in the settings table against its rows, the derived
    /// ones (tick length, horizon) here. The first problem is reported.
    pub fn validate(&self) -> Result<(), SimError> {
        use crate::engine::settings::{Group, Settings};
        Settings {
            sim: self.clone(),
            ..Settings::default()
        }
        .check(Some(Group::Execution))
        .map_err(|e| SimError::Params(e.to_string()))?;
        for (name, v) in [
            ("tick_seconds", self.tick_seconds),
            ("as_horizon_steps", self.as_horizon_steps),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(SimError::Params(format!("{name} = {v} must be > 0")));
            }
        }
        Ok(())
    }
}

/// How resting quotes turn into trades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FillModelKind {
    /// Bit-for-bit the seed's `backtest_market_maker` (close-price quotes, instant fills).
    SeedBacktest,
    /// The seed's live loop: book synthesised from last, both orders fill instantly if funds allow.
    SeedLive,
    /// Resting quotes fill only when the next snapshot trades through them.
    Cross,
    /// Avellaneda-Stoikov Poisson fills: P = 1 - exp(-A*exp(-k*delta)*dt) per side per step.
    Intensity,
    /// Market orders arrive (Poisson), some informed; partial fills; trade-throughs (default).
    #[default]
    Flow,
    /// Fills from the venue's trade prints (files or live streams with trades), with a
    /// queue model for quotes at the touch.
    Trades,
}

/// How quotes are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyKind {
    /// The seed: buy = bid*(1-s/2), sell = ask*(1+s/2).
    #[default]
    Seed,
    /// Avellaneda-Stoikov reservation price and optimal spread.
    AvellanedaStoikov,
    /// Same total spread as Avellaneda-Stoikov, centred on mid.
    Symmetric,
}

/// Everything about a run that is not the seed's config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimParams {
    /// Fill model.
    pub fill_model: FillModelKind,
    /// Quoting strategy.
    pub strategy: StrategyKind,
    /// Maker fee, fraction of notional (0.001 = 10 bp). Negative = rebate.
    pub maker_fee: f64,
    /// Taker fee, fraction of notional, paid by rebalancing trades.
    pub taker_fee: f64,
    /// Steps between deciding a quote and it resting in the book.
    pub latency_steps: u32,
    /// Target inventory value as a fraction of equity (rebalance aims here).
    pub target_inventory: f64,
    /// Seconds between snapshots (dt of the fill models and the adaptive rule; Sharpe and
    /// volatility are annualised from the snapshots' own timestamps).
    pub tick_seconds: f64,
    /// Whether the feed's timestamps are real time (a CSV without a time column has row
    /// numbers: Sharpe and volatility are then per step).
    pub clock: Clock,
    /// What a year is when annualising Sharpe and volatility.
    pub year_basis: YearBasis,
    /// Flow model: market orders per side per minute (λ).
    pub arrival_rate: f64,
    /// Flow model: decay of the hit probability per basis point from mid (k).
    pub flow_k: f64,
    /// Flow model: share of market orders that are informed.
    pub toxicity: f64,
    /// Flow model: mean market-order size as a multiple of our quote size.
    pub flow_size: f64,
    /// Cap on our fills per step as a share of the step's market volume (when known).
    pub max_participation: f64,
    /// Trades model: how our place in the queue at our price advances.
    pub queue_model: QueueModel,
    /// The venue's price increment: quotes are placed on its grid (0 = any price).
    pub tick_size: f64,
    /// Intensity model: A, arrivals per second at zero distance.
    pub intensity_a: f64,
    /// Intensity model: k, decay per basis point of distance from mid.
    pub intensity_k: f64,
    /// Avellaneda-Stoikov risk aversion gamma.
    pub as_gamma: f64,
    /// Avellaneda-Stoikov order-book liquidity k (per basis point).
    pub as_k: f64,
    /// Avellaneda-Stoikov volatility sigma (annualised fraction); 0 = estimate from the feed.
    pub as_sigma: f64,
    /// Avellaneda-Stoikov horizon T - t in steps (rolling; also capped by the steps left in a run).
    pub as_horizon_steps: f64,
    /// Seed for the model's own randomness (intensity fills).
    pub seed: u64,
    /// Scale spread, size and exposure by the seed document's adaptive factor
    /// (rolling volatility and liquidity; see [`adaptive`]).
    pub adaptive: bool,
    /// Use the seed document's time-of-day spread and size profile (see [`time_of_day`]).
    pub session_profile: bool,
}

/// Which way a trade went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// We bought base.
    Buy,
    /// We sold base.
    Sell,
}

/// Why a trade happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Liquidity {
    /// Our resting quote was hit (maker fee).
    Maker,
    /// A rebalance at market (taker fee).
    Rebalance,
}

/// One fill, as written to the trade log.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trade {
    /// Index of the snapshot at which it filled.
    pub step: usize,
    /// Snapshot time, seconds since the epoch.
    pub time: f64,
    /// Buy or sell.
    pub side: Side,
    /// Maker fill or rebalance.
    pub liquidity: Liquidity,
    /// Execution price.
    pub price: f64,
    /// Base amount.
    pub amount: f64,
    /// Fee paid in quote (negative = rebate).
    pub fee: f64,
    /// Base inventory after the trade.
    pub base_after: f64,
    /// Quote inventory after the trade.
    pub quote_after: f64,
    /// Equity after the trade, marked to mid.
    pub equity_after: f64,
    /// Id of the market trade that filled it (`trades` model; 0 otherwise).
    #[serde(default)]
    pub print_id: u64,
}

/// Per-step series for charts, all the same length (one entry per snapshot).
/// Our quotes are NaN at steps where we did not quote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Snapshot time.
    pub time: Vec<f64>,
    /// Mid price.
    pub mid: Vec<f64>,
    /// Market best bid.
    pub bid: Vec<f64>,
    /// Market best ask.
    pub ask: Vec<f64>,
    /// Our resting bid (NaN when none).
    pub our_bid: Vec<f64>,
    /// Our resting ask (NaN when none).
    pub our_ask: Vec<f64>,
    /// Base inventory.
    pub base: Vec<f64>,
    /// Inventory value / equity.
    pub exposure: Vec<f64>,
    /// Quote (cash) balance.
    pub cash: Vec<f64>,
    /// Equity = cash + base * mid.
    pub equity: Vec<f64>,
    /// Spread PnL so far (see [`attribution`]): equity − initial capital =
    /// `spread_pnl + inventory_pnl − fees` at every step.
    pub spread_pnl: Vec<f64>,
    /// Inventory PnL so far (see [`attribution`]).
    pub inventory_pnl: Vec<f64>,
    /// Fees paid so far (negative = rebates earned).
    pub fees: Vec<f64>,
    /// Adaptive adjustment factor in force (1 when adaptive mode is off).
    pub factor: Vec<f64>,
}

/// Summary of a run: the seed's four result keys plus every KPI the document names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// The seed's `initial_capital`.
    pub initial_capital: f64,
    /// The seed's `final_value` (equity at the end).
    pub final_value: f64,
    /// The seed's `total_return_percentage`.
    pub total_return_percentage: f64,
    /// The seed's `total_trades`.
    pub total_trades: usize,
    /// Sell fills (rebalances included) that close some quantity of earlier buys,
    /// matched first-in first-out.
    pub round_trips: usize,
    /// Quantity-weighted mean return of the FIFO-matched chunks, net of both legs' fees
    /// apportioned pro rata: Σ (pnl_c / (buy_price_c × qty_c)) × qty_c / Σ qty_c.
    pub average_return_per_round_trip: f64,
    /// Share of the FIFO-closed quantity whose matched PnL, net of both legs' fees, is positive.
    pub win_rate: f64,
    /// Largest peak-to-trough fall of equity, as a fraction.
    pub max_drawdown: f64,
    /// Sharpe ratio of per-step equity returns (zero risk-free rate), in `time_basis` units.
    pub sharpe: f64,
    /// Volatility of per-step equity returns, in `time_basis` units.
    pub volatility: f64,
    /// What Sharpe and volatility are scaled to: a 365- or 252-day year (from the feed's
    /// timestamps), or per step when the feed has no real time.
    pub time_basis: TimeBasis,
    /// Filled quotes / quotes placed.
    pub fill_rate: f64,
    /// Mean inventory value / equity.
    pub capital_utilisation: f64,
    /// Traded notional / initial capital.
    pub turnover: f64,
    /// Our traded base volume / market volume, when the feed has volume.
    pub market_share: Option<f64>,
    /// Realised PnL at the end.
    pub realised_pnl: f64,
    /// Unrealised PnL at the end.
    pub unrealised_pnl: f64,
    /// Fees paid in quote.
    pub fees_paid: f64,
    /// Number of rebalancing trades (same as `forced_exits`; kept for old readers).
    pub rebalances: usize,
    /// Number of forced trades at market (rebalances).
    pub forced_exits: usize,
    /// Population standard deviation over steps of inventory minus its target, base units.
    pub inventory_std: f64,
    /// Base inventory at the end.
    pub final_inventory: f64,
    /// Σ over fills of the edge against the mark: buy (mark − price) × qty,
    /// sell (price − mark) × qty. `spread_pnl + inventory_pnl − fees_paid` is the total PnL.
    pub spread_pnl: f64,
    /// Σ over steps of the inventory held going into the step times the mark's change.
    pub inventory_pnl: f64,
    /// Snapshots processed.
    pub steps: usize,
    /// Quotes that would have crossed the market and joined the touch instead (post-only).
    pub quotes_clamped: usize,
    /// Steps at which the ask was withheld because its round-trip edge after fees was below
    /// Maker fills by a trade at our price after the queue ahead traded (`trades` model).
    pub fills_at_queue: usize,
    /// Maker fills by a trade (or a bar's low/high) through our price.
    pub fills_trade_through: usize,
    /// Maker fills because the book crossed our price.
    pub fills_book_cross: usize,
    /// Maker fills drawn by a statistical model (order flow, intensity).
    pub fills_model: usize,
    /// `min_profit_threshold`.
    pub asks_withheld_min_profit: usize,
    /// Snapshots skipped because a price was missing, non-finite, non-positive or crossed.
    pub bad_snapshots: usize,
}

/// A trade the market printed, at the step it was handed to the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MarketPrint {
    /// Index of the snapshot it arrived with.
    pub step: usize,
    /// The print.
    pub print: TradePrint,
}

/// A finished (or in-progress) run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Per-step series.
    pub series: Series,
    /// Every fill, in order.
    pub trades: Vec<Trade>,
    /// The market's trade prints (files and live feeds with trades, the order-flow
    /// model's orders), in step order.
    #[serde(default)]
    pub prints: Vec<MarketPrint>,
    /// For the order-flow model, the steps for which `prints` holds every market order;
    /// outside them it holds only the orders that reached our quotes. `None` for the
    /// other models, whose prints (if any) are the feed's.
    #[serde(default)]
    pub orders_window: Option<std::ops::Range<usize>>,
    /// Summary.
    pub kpis: Kpis,
}

impl Default for SimParams {
    fn default() -> Self {
        Self {
            fill_model: FillModelKind::Flow,
            strategy: StrategyKind::Seed,
            maker_fee: 0.0,
            taker_fee: 0.0,
            latency_steps: 0,
            target_inventory: 0.0,
            tick_seconds: 60.0,
            clock: Clock::Timestamps,
            year_basis: YearBasis::Calendar,
            arrival_rate: 2.0,
            flow_k: 0.13,
            toxicity: 0.2,
            flow_size: 1.0,
            max_participation: 0.25,
            queue_model: QueueModel::RiskAverse,
            tick_size: 0.0,
            intensity_a: 0.05,
            intensity_k: 0.3,
            as_gamma: 0.1,
            as_k: 0.13,
            as_sigma: 0.0,
            as_horizon_steps: 1.0,
            seed: 42,
            adaptive: false,
            session_profile: false,
        }
    }
}
