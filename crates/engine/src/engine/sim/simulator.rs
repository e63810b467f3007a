//! The step loop: fills, accounting, rebalancing, quoting, recording.

use super::account::{Account, DUST};
use super::adaptive::Adaptive;
use super::division::div_positive;
use super::fill_models::{Cross, FillModel, Flow, FlowParams, Intensity, TradeFills};
use super::metrics::Metrics;
use super::positive::positive_finite;
use super::recorder::{NoRecorder, Recorder, SeriesRecorder, StepRecord, ALL_ORDERS_STEPS};
use super::recording_run::RecordingRun;
use super::strategy::{quote_prices, AsInputs, Quote};
use super::time_of_day as session;
use super::{
    FillModelKind, Kpis, Liquidity, RunResult, Side, SimError, SimParams, StrategyKind, Trade,
};
use crate::engine::config::MarketMakingConfig;
use crate::engine::feed::Recording;
use crate::engine::market::{Snapshot, TradePrint};
use std::collections::VecDeque;

const SECONDS_PER_YEAR: f64 = 365.0 * 86_400.0;
const EWMA_LAMBDA: f64 = 0.94;

/// An in-progress run. Feed it snapshots with [`Simulator::step`]; each step's record and
/// each fill go to the recorder `R`; KPIs can be read at any time. Deterministic for a
/// given config, params and feed.
#[derive(Debug, Clone)]
pub struct Simulator<R: Recorder = SeriesRecorder> {
    cfg: MarketMakingConfig,
    params: SimParams,
    account: Account,
    fills: Option<FillModel>,
    /// Quotes decided but not yet resting (latency), oldest first.
    pipeline: VecDeque<Quote>,
    metrics: Metrics,
    recorder: R,
    step: usize,
    total_steps: Option<usize>,
    last_valid: Option<Snapshot>,
    ewma_var_bp: f64,
    sigma_fixed_bp: Option<f64>,
    adaptive: Option<Adaptive>,
    /// Max exposure in force (the config's, or scaled by the adaptive factor).
    max_exposure: f64,
    factor: f64,
    /// The market trade behind the fill being booked (0 = none).
    print_id: u64,
    /// The prints behind this step's bid and ask fills (0 = none).
    filled_prints: [u64; 2],
    /// Buffer for the order-flow model's other orders (steps a chart details).
    others: Vec<TradePrint>,
}

impl<R: Recorder> Simulator<R> {
    /// Validates the config and params and starts an open-ended run (a live feed)
    /// that hands its steps and fills to `recorder`.
    pub fn new(
        config: &MarketMakingConfig,
        params: &SimParams,
        recorder: R,
    ) -> Result<Simulator<R>, SimError> {
        Self::build(config, params, recorder, None)
    }

    /// [`Simulator::new`] for a run of a known number of steps (the Avellaneda-Stoikov
    /// horizon shrinks towards its end).
    pub(super) fn build(
        config: &MarketMakingConfig,
        params: &SimParams,
        recorder: R,
        total_steps: Option<usize>,
    ) -> Result<Simulator<R>, SimError> {
        config.validate().map_err(SimError::Config)?;
        params.validate()?;
        let fills = match params.fill_model {
            FillModelKind::Cross => Some(FillModel::Cross(Cross)),
            FillModelKind::Intensity => Some(FillModel::Intensity(Intensity::new(
                params.intensity_a,
                params.intensity_k,
                params.tick_seconds,
                params.seed,
            ))),
            FillModelKind::Flow => Some(FillModel::Flow(Flow::new(
                FlowParams {
                    arrival_rate: params.arrival_rate,
                    k: params.flow_k,
                    toxicity: params.toxicity,
                    size_ratio: params.flow_size,
                    dt_minutes: params.tick_seconds / 60.0,
                },
                params.seed,
            ))),
            FillModelKind::Trades => Some(FillModel::Trades(TradeFills::new(params.queue_model))),
            FillModelKind::SeedBacktest | FillModelKind::SeedLive => None,
        };
        let sigma_fixed_bp = (params.as_sigma > 0.0)
            .then(|| params.as_sigma * (params.tick_seconds / SECONDS_PER_YEAR).sqrt() * 1e4);
        Ok(Simulator {
            cfg: config.clone(),
            params: params.clone(),
            account: Account::new(config.total_capital),
            fills,
            pipeline: VecDeque::with_capacity(params.latency_steps as usize + 2),
            metrics: Metrics::new(config.total_capital),
            recorder,
            step: 0,
            total_steps,
            last_valid: None,
            ewma_var_bp: 1.0,
            sigma_fixed_bp,
            adaptive: params.adaptive.then(|| Adaptive::new(params.tick_seconds)),
            max_exposure: config.max_inventory_exposure,
            factor: 1.0,
            print_id: 0,
            filled_prints: [0; 2],
            others: Vec::new(),
        })
    }

    /// Processes one snapshot. Snapshots with a missing, non-finite, non-positive or
    /// crossed price are counted and skipped for trading; the state carries over.
    pub fn step(&mut self, snap: &Snapshot) {
        self.step_with(snap, &[]);
    }

    /// Processes one snapshot and the trades the venue printed since the previous one
    /// (read by the `trades` fill model; the other models ignore them).
    pub fn step_with(&mut self, snap: &Snapshot, trades: &[TradePrint]) {
        let valid = snapshot_is_valid(snap);
        self.filled_prints = [0; 2];
        let mut quote = Quote::NONE;
        if valid {
            // Only the Avellaneda-Stoikov strategies and adaptive mode use returns.
            let needs_sigma =
                self.params.strategy != StrategyKind::Seed && self.sigma_fixed_bp.is_none();
            if let Some(prev) = self
                .last_valid
                .filter(|_| needs_sigma || self.adaptive.is_some())
            {
                let r = libm::log(snap.mid() / prev.mid());
                if needs_sigma {
                    let r_bp = r * 1e4;
                    self.ewma_var_bp =
                        EWMA_LAMBDA * self.ewma_var_bp + (1.0 - EWMA_LAMBDA) * r_bp * r_bp;
                }
                if let Some(a) = &mut self.adaptive {
                    a.push(r, snap.volume);
                    self.factor = a.factor();
                }
            }
            quote = match self.params.fill_model {
                FillModelKind::SeedBacktest => self.seed_backtest_step(snap),
                FillModelKind::SeedLive => self.seed_live_step(snap),
                FillModelKind::Cross
                | FillModelKind::Intensity
                | FillModelKind::Flow
                | FillModelKind::Trades => self.resting_step(snap, trades),
            };
            self.last_valid = Some(*snap);
        } else {
            self.metrics.bad_snapshots += 1;
        }
        for p in trades {
            let filled = p.id != 0 && self.filled_prints.contains(&p.id);
            self.recorder.print(self.step, p, filled);
        }
        let shown = if valid {
            *snap
        } else {
            self.last_valid.unwrap_or(*snap)
        };
        let mid = if valid || self.last_valid.is_some() {
            shown.mid()
        } else {
            0.0
        };
        let equity = self.account.equity(mid);
        let exposure = exposure(self.account.base, mid, equity);
        let volume = if valid { snap.volume } else { 0.0 };
        let mark = self.last_valid.map_or(0.0, |s| self.mark(&s));
        let target_base = if mid > 0.0 {
            div_positive(self.target_exposure() * equity, mid)
        } else {
            0.0
        };
        self.metrics.on_step(
            snap.time,
            equity,
            exposure,
            volume,
            mark,
            self.account.base,
            target_base,
        );
        self.recorder.step(&StepRecord {
            time: snap.time,
            mid,
            bid: if mid > 0.0 { shown.bid } else { 0.0 },
            ask: if mid > 0.0 { shown.ask } else { 0.0 },
            our_bid: if quote.bid_size > 0.0 {
                quote.bid
            } else {
                f64::NAN
            },
            our_ask: if quote.ask_size > 0.0 {
                quote.ask
            } else {
                f64::NAN
            },
            base: self.account.base,
            exposure,
            cash: self.account.cash,
            equity,
            spread_pnl: self.metrics.attribution().spread,
            inventory_pnl: self.metrics.attribution().inventory,
            fees: self.account.fees,
            factor: self.factor,
        });
        self.step += 1;
    }

    /// The price inventory is valued at: the close for the seed's two models (as the seed
    /// marks its final value), the mid otherwise. PnL attribution uses it.
    #[inline]
    fn mark(&self, snap: &Snapshot) -> f64 {
        match self.params.fill_model {
            FillModelKind::SeedBacktest | FillModelKind::SeedLive => snap.last,
            _ => snap.mid(),
        }
    }

    /// Target inventory value as a share of equity (never above the exposure cap).
    #[inline]
    fn target_exposure(&self) -> f64 {
        self.params
            .target_inventory
            .min(self.cfg.max_inventory_exposure)
    }

    /// The seed's `backtest_market_maker` row: quotes around the close, instant fills.
    fn seed_backtest_step(&mut self, snap: &Snapshot) -> Quote {
        let c = &self.cfg;
        let p = snap.last;
        let spread = p * c.spread_percentage;
        let buy = p - spread / 2.0;
        let sell = p + spread / 2.0;
        let size = (c.total_capital * c.order_size_percentage) / p;
        self.instant_pair(snap, buy, sell, size)
    }

    /// The seed's live loop: book synthesised from last, seed quotes, instant fills.
    fn seed_live_step(&mut self, snap: &Snapshot) -> Quote {
        let c = &self.cfg;
        let last = snap.last;
        let half = last * c.spread_percentage / 2.0;
        let book = Snapshot {
            bid: last - half,
            ask: last + half,
            ..*snap
        };
        let buy = book.bid * (1.0 - c.spread_percentage / 2.0);
        let sell = book.ask * (1.0 + c.spread_percentage / 2.0);
        let size = (c.total_capital * c.order_size_percentage / last)
            .min(c.total_capital * c.max_inventory_exposure / last);
        self.instant_pair(snap, buy, sell, size)
    }

    /// Buy if the cash covers it, then sell if the base covers it (the seed's order).
    // Inlined into the step: a call there spills every live float register (x86-64 saves
    // none across calls), and LLVM's own choice varies with the number of callers.
    #[inline(always)]
    fn instant_pair(&mut self, snap: &Snapshot, buy: f64, sell: f64, size: f64) -> Quote {
        self.metrics.quotes_placed += 2;
        if self.account.cash >= buy * size {
            self.account.buy(buy, size, 0.0);
            self.metrics.quotes_filled += 1;
            self.book_trade(snap, Side::Buy, Liquidity::Maker, buy, size, 0.0);
        }
        if self.account.base >= size {
            self.account.sell(sell, size, 0.0);
            self.metrics.quotes_filled += 1;
            self.book_trade(snap, Side::Sell, Liquidity::Maker, sell, size, 0.0);
        }
        Quote {
            mid: snap.mid(),
            bid: buy,
            bid_size: size,
            ask: sell,
            ask_size: size,
        }
    }

    /// Resting quotes (cross / intensity): fill the resting quote against this snapshot,
    /// rebalance, then decide the next quote.
    fn resting_step(&mut self, snap: &Snapshot, trades: &[TradePrint]) -> Quote {
        let latency = self.params.latency_steps as usize;
        if self.pipeline.len() > latency {
            if let Some(resting) = self.pipeline.pop_front() {
                self.fill_resting(snap, &resting, trades);
            }
        }
        if let Some(m) = &mut self.fills {
            m.end_step(snap);
        }
        self.rebalance(snap);
        let quote = self.decide_quote(snap);
        self.pipeline.push_back(quote);
        quote
    }

    fn fill_resting(&mut self, snap: &Snapshot, q: &Quote, trades: &[TradePrint]) {
        let Some(mut model) = self.fills.take() else {
            return;
        };
        // The order-flow model's market orders are this step's prints: the quotes fill
        // from them, and they are recorded like a venue's.
        let made_up = model.orders(q, snap);
        let trades = made_up.as_deref().unwrap_or(trades);
        let mf = self.params.maker_fee;
        // With volume on the feed, our fills in a step are capped at a share of it.
        let mut room = if positive_finite(snap.volume) {
            self.params.max_participation * snap.volume
        } else {
            f64::INFINITY
        };
        if q.bid_size > 0.0 {
            let (bid_qty, bid_cause) = model.fill_with(true, q, snap, trades);
            self.print_id = model.last_print();
            self.filled_prints[0] = self.print_id;
            let qty = bid_qty.min(self.buy_headroom(q.bid, mf)).min(room);
            if qty > DUST {
                room -= qty;
                self.metrics.on_fill_cause(bid_cause);
                let fee = self.account.buy(q.bid, qty, mf);
                self.metrics.quotes_filled += 1;
                self.book_trade(snap, Side::Buy, Liquidity::Maker, q.bid, qty, fee);
            }
        }
        if q.ask_size > 0.0 {
            let (ask_qty, ask_cause) = model.fill_with(false, q, snap, trades);
            self.print_id = model.last_print();
            self.filled_prints[1] = self.print_id;
            let qty = ask_qty.min(self.account.base).min(room);
            if qty > DUST {
                self.metrics.on_fill_cause(ask_cause);
                let (fee, _) = self.account.sell(q.ask, qty, mf);
                self.metrics.quotes_filled += 1;
                self.book_trade(snap, Side::Sell, Liquidity::Maker, q.ask, qty, fee);
            }
        }
        if let Some(buf) = made_up {
            for p in &buf {
                let filled = self.filled_prints.contains(&p.id);
                self.recorder.print(self.step, p, filled);
            }
            model.recycle(buf);
            // The orders that stop short of our quotes, for the steps a chart details.
            if self.recorder.all_orders(self.step) {
                let mut others = std::mem::take(&mut self.others);
                others.clear();
                model.other_orders(q, snap, self.step, &mut others);
                for p in &others {
                    self.recorder.print(self.step, p, false);
                }
                self.others = others;
            }
        }
        self.fills = Some(model);
    }

    /// Largest buy at `price` (paying `fee`) that keeps cash >= 0 and, after the fill,
    /// inventory value <= cap * equity, both valued at the fill price:
    /// (base + q) p <= cap (E - q p fee) with E = cash + base p.
    fn buy_headroom(&self, price: f64, fee: f64) -> f64 {
        let cap = self.max_exposure;
        let equity = self.account.equity(price);
        let room = cap * equity - self.account.base * price;
        let by_cap = (room / (price * (1.0 + cap * fee.max(0.0)))).max(0.0);
        by_cap.min(self.account.affordable(price, fee))
    }

    /// Trades at market back to the target exposure when the deviation exceeds the threshold.
    fn rebalance(&mut self, snap: &Snapshot) {
        let mid = snap.mid();
        let equity = self.account.equity(mid);
        if equity <= 0.0 {
            return;
        }
        let target = self.target_exposure();
        let dev = exposure(self.account.base, mid, equity) - target;
        if dev.abs() <= self.cfg.rebalance_threshold {
            return;
        }
        let tf = self.params.taker_fee;
        let target_base = target * equity / mid;
        if dev > 0.0 {
            let qty = (self.account.base - target_base).min(self.account.base);
            if qty > DUST {
                let (fee, _) = self.account.sell(snap.bid, qty, tf);
                self.book_trade(snap, Side::Sell, Liquidity::Rebalance, snap.bid, qty, fee);
            }
        } else {
            let qty = (target_base - self.account.base).min(self.buy_headroom(snap.ask, tf));
            if qty > DUST {
                let fee = self.account.buy(snap.ask, qty, tf);
                self.book_trade(snap, Side::Buy, Liquidity::Rebalance, snap.ask, qty, fee);
            }
        }
    }

    fn decide_quote(&mut self, snap: &Snapshot) -> Quote {
        let c = &self.cfg;
        let (mut spread, mut osp) = if self.params.session_profile {
            session::profile(session::part_at(snap.time))
        } else {
            (c.spread_percentage, c.order_size_percentage)
        };
        let mut mie = c.max_inventory_exposure;
        if self.adaptive.is_some() {
            spread *= self.factor;
            osp *= self.factor;
            mie = (mie * self.factor).min(1.0);
        }
        self.max_exposure = mie;
        let size = (c.total_capital * osp / snap.last).min(c.total_capital * mie / snap.last);
        let asi = self.as_inputs(size, snap.mid());
        let (mut bid, mut ask) = quote_prices(self.params.strategy, snap, spread, &asi);
        let min_profit = c.min_profit_threshold;
        let model_quotes = self.params.strategy != StrategyKind::Seed;
        if model_quotes {
            // For the model strategies min_profit_threshold is a floor on the quoted
            // spread around the reservation price: a round trip earns at least it.
            let centre = (bid + ask) / 2.0;
            let half = snap.mid() * min_profit / 2.0;
            bid = bid.min(centre - half);
            ask = ask.max(centre + half);
        }
        // On the venue's price grid: bids round down, asks up (never tighter).
        let tick = self.params.tick_size;
        if tick > 0.0 {
            bid = on_grid(bid, tick, false);
            ask = on_grid(ask, tick, true);
        }
        // Post-only: a quote that would cross the market joins the touch instead.
        if bid >= snap.ask {
            bid = snap.bid;
            self.metrics.quotes_clamped += 1;
        }
        if ask <= snap.bid {
            ask = snap.ask;
            self.metrics.quotes_clamped += 1;
        }
        let mf = self.params.maker_fee;
        let mut q = Quote::NONE;
        q.mid = snap.mid();
        if positive_finite(bid) {
            let bid_size = size.min(self.buy_headroom(bid, mf));
            if bid_size > DUST {
                q.bid = bid;
                q.bid_size = bid_size;
            }
        }
        let base = self.account.base;
        if base > DUST && positive_finite(ask) {
            let avg = self.account.avg_cost;
            let edge = (ask * (1.0 - mf) - avg * (1.0 + mf)) / avg;
            // For seed quoting it is a take-profit on the average cost.
            if !model_quotes && edge < min_profit {
                self.metrics.asks_withheld += 1;
            } else {
                q.ask = ask;
                q.ask_size = size.min(base);
            }
        }
        self.metrics.quotes_placed += (q.bid_size > 0.0) as u64 + (q.ask_size > 0.0) as u64;
        q
    }

    /// Avellaneda-Stoikov inputs; q is the inventory minus the target inventory, in
    /// order sizes, so AS and the rebalance rule aim at the same inventory.
    fn as_inputs(&self, order_size: f64, mid: f64) -> AsInputs {
        let sigma_bp = self
            .sigma_fixed_bp
            .unwrap_or_else(|| self.ewma_var_bp.sqrt());
        let horizon = self.params.as_horizon_steps;
        let tau = match self.total_steps {
            Some(n) => horizon.min((n.saturating_sub(self.step)) as f64).max(0.0),
            None => horizon,
        };
        AsInputs {
            gamma: self.params.as_gamma,
            k: self.params.as_k,
            sigma_bp,
            q: if order_size > 0.0 && mid > 0.0 {
                let target_base = self.target_exposure() * self.account.equity(mid) / mid;
                (self.account.base - target_base) / order_size
            } else {
                0.0
            },
            tau,
        }
    }

    #[allow(clippy::too_many_arguments)]
    // Inlined into the step: a call there spills every live float register (x86-64 saves
    // none across calls), and LLVM's own choice varies with the number of callers.
    #[inline(always)]
    fn book_trade(
        &mut self,
        snap: &Snapshot,
        side: Side,
        liquidity: Liquidity,
        price: f64,
        amount: f64,
        fee: f64,
    ) {
        let mark = self.mark(snap);
        self.metrics
            .on_fill(side, liquidity, price, amount, fee, mark);
        self.recorder.trade(&Trade {
            step: self.step,
            time: snap.time,
            side,
            liquidity,
            price,
            amount,
            fee,
            base_after: self.account.base,
            quote_after: self.account.cash,
            equity_after: self.account.equity(snap.mid()),
            print_id: std::mem::take(&mut self.print_id),
        });
    }

    /// The recorder.
    pub fn recorder(&self) -> &R {
        &self.recorder
    }

    /// The recorder, to drain what it kept (e.g. a bounded live history).
    pub fn recorder_mut(&mut self) -> &mut R {
        &mut self.recorder
    }

    /// The account's current balances.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// KPIs so far.
    pub fn kpis(&self) -> Kpis {
        let a = &self.account;
        let (final_value, mid) = match self.last_valid {
            Some(s) => {
                let seed = matches!(
                    self.params.fill_model,
                    FillModelKind::SeedBacktest | FillModelKind::SeedLive
                );
                // The seed marks its final value at the last close.
                (
                    if seed {
                        a.cash + a.base * s.last
                    } else {
                        a.equity(s.mid())
                    },
                    s.mid(),
                )
            }
            None => (a.cash, 0.0),
        };
        self.metrics.kpis(
            self.cfg.total_capital,
            final_value,
            a.realised,
            a.unrealised(mid),
            a.fees,
            self.params.clock,
            self.params.year_basis,
        )
    }

    /// Finishes the run: KPIs and the recorder.
    pub fn finish(self) -> (Kpis, R) {
        (self.kpis(), self.recorder)
    }
}

/// `x` on the grid of `tick`, rounded up or down. For ticks that are 1/n (0.01, 0.5), the
/// price is an integer divided by n, so it equals the venue's decimal prices bit for bit.
#[inline]
fn on_grid(x: f64, tick: f64, up: bool) -> f64 {
    let inv = 1.0 / tick;
    let whole = (inv - inv.round()).abs() < 1e-9 * inv.max(1.0);
    let units = if whole { x * inv.round() } else { x / tick };
    let n = if up {
        (units - 1e-6).ceil()
    } else {
        (units + 1e-6).floor()
    };
    if whole {
        n / inv.round()
    } else {
        n * tick
    }
}

#[inline]
fn exposure(base: f64, mid: f64, equity: f64) -> f64 {
    if equity > 0.0 {
        div_positive(base * mid, equity)
    } else {
        0.0
    }
}

#[inline]
fn snapshot_is_valid(s: &Snapshot) -> bool {
    positive_finite(s.bid)
        && positive_finite(s.ask)
        && positive_finite(s.last)
        && s.time.is_finite()
        && s.bid <= s.ask
}

impl Simulator<SeriesRecorder> {
    /// The finished run with everything recorded (for the order-flow model, with the
    /// steps whose every market order the recorder kept).
    pub fn into_run(self) -> RunResult {
        let flow = self.params.fill_model == FillModelKind::Flow;
        let (kpis, r) = self.finish();
        let window = r.orders_window.clone();
        let mut result = r.into_run(kpis);
        if flow {
            result.orders_window = Some(window);
        }
        result
    }
}

/// Runs a whole feed, recording series and trades; a run of at most
/// [`ALL_ORDERS_STEPS`] steps records every market order of the order-flow model.
pub fn run(
    config: &MarketMakingConfig,
    params: &SimParams,
    snapshots: &[Snapshot],
) -> Result<RunResult, SimError> {
    run_detailed(config, params, snapshots, all_orders(snapshots.len()))
}

/// The steps whose every market order a run of `steps` steps records unless a chart asks
/// for others: all of them up to [`ALL_ORDERS_STEPS`] steps, none beyond.
pub fn all_orders(steps: usize) -> std::ops::Range<usize> {
    if steps <= ALL_ORDERS_STEPS {
        0..steps
    } else {
        0..0
    }
}

/// [`run`], recording every market order of the order-flow model for the steps in
/// `window` (at most [`ALL_ORDERS_STEPS`] of them; a chart's zoom) and elsewhere only the
/// orders that reached our quotes. The fills, series and KPIs do not depend on `window`.
// Never inlined: its hot loop keeps the engine's opt-level 3 when called from the app, which the
// web build optimises for size (`[profile.web]` in the root Cargo.toml).
#[inline(never)]
pub fn run_detailed(
    config: &MarketMakingConfig,
    params: &SimParams,
    snapshots: &[Snapshot],
    window: std::ops::Range<usize>,
) -> Result<RunResult, SimError> {
    if snapshots.is_empty() {
        return Err(SimError::EmptyFeed);
    }
    let recorder = SeriesRecorder::with_orders_window(snapshots.len(), window);
    let mut sim = Simulator::build(config, params, recorder, Some(snapshots.len()))?;
    for s in snapshots {
        sim.step(s);
    }
    Ok(sim.into_run())
}

/// Runs a recording: each snapshot with the trades the venue printed since the previous
/// one (those before the first snapshot go with it; those after the last are unused).
pub fn run_recording(
    config: &MarketMakingConfig,
    params: &SimParams,
    rec: &Recording,
) -> Result<RunResult, SimError> {
    let mut run = RecordingRun::new(config, params, rec)?;
    run.advance(rec, usize::MAX);
    Ok(run.into_result())
}

/// [`run_recording`], KPIs only.
pub fn run_summary_recording(
    config: &MarketMakingConfig,
    params: &SimParams,
    rec: &Recording,
) -> Result<Kpis, SimError> {
    let mut run = RecordingRun::with_recorder(config, params, rec, NoRecorder)?;
    run.advance(rec, usize::MAX);
    Ok(run.kpis())
}

/// Runs a whole feed and returns only the KPIs (no per-step series or trade list):
/// identical numbers to `run(..).kpis`, faster and without allocation.
pub fn run_summary(
    config: &MarketMakingConfig,
    params: &SimParams,
    snapshots: &[Snapshot],
) -> Result<Kpis, SimError> {
    run_summary_streamed(
        config,
        params,
        snapshots.iter().copied(),
        snapshots.len(),
        &mut |_| {},
    )
}

/// [`run_summary`] over `steps` snapshots that are produced one at a time and never
/// stored: constant memory however long the run (a synthetic walk of a billion steps).
/// `progress` gets the steps done every [`PROGRESS_EVERY`] steps and at the end.
// Never inlined: its hot loop keeps the engine's opt-level 3 when called from the app, which the
// web build optimises for size (`[profile.web]` in the root Cargo.toml).
#[inline(never)]
pub fn run_summary_streamed(
    config: &MarketMakingConfig,
    params: &SimParams,
    snapshots: impl IntoIterator<Item = Snapshot>,
    steps: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<Kpis, SimError> {
    if steps == 0 {
        return Err(SimError::EmptyFeed);
    }
    let mut sim = Simulator::build(config, params, NoRecorder, Some(steps))?;
    for (i, s) in snapshots.into_iter().take(steps).enumerate() {
        sim.step(&s);
        if i & (PROGRESS_EVERY - 1) == PROGRESS_EVERY - 1 {
            progress(i + 1);
        }
    }
    progress(steps);
    Ok(sim.kpis())
}

/// A streamed run reports its progress every this many steps (a power of two).
pub const PROGRESS_EVERY: usize = 1 << 16;

#[cfg(test)]
mod tests;
