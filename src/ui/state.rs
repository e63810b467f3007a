//! The app's one state and its reducer: every user action goes through [`Action`].
//! The reducer calls the engine to re-simulate; it never re-implements it.

use super::timing::now;
use crate::engine::config::NumericField;
use crate::engine::feed::{parse_csv, CsvFeed, CsvOptions};
use crate::engine::presets::Preset;
use crate::engine::sim::{run, FillModelKind, RunResult, StrategyKind};
use crate::share::{FeedKind, Settings, View, MAX_STEPS};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// Synthetic-feed and simulation parameters editable from the UI (besides the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Param {
    /// Random-walk seed.
    Seed,
    /// Number of steps.
    Steps,
    /// Annualised volatility.
    Volatility,
    /// Annualised drift.
    Drift,
    /// Seconds per tick.
    TickSeconds,
    /// Market half-spread.
    HalfSpread,
    /// Jumps per year.
    JumpIntensity,
    /// Maker fee.
    MakerFee,
    /// Taker fee.
    TakerFee,
    /// Order latency in steps.
    Latency,
    /// Avellaneda-Stoikov gamma.
    Gamma,
    /// Avellaneda-Stoikov k.
    AsK,
    /// Avellaneda-Stoikov sigma (annualised; 0 = estimate).
    AsSigma,
    /// Intensity model A.
    IntensityA,
    /// Intensity model k.
    IntensityK,
}

/// Everything the page shows. (No PartialEq: runs hold millions of points; components
/// receive [`super::Shared`] handles compared by pointer.)
#[derive(Debug, Clone)]
pub struct State {
    /// The settings of the run on screen (always valid).
    pub settings: Settings,
    /// Embed / full view.
    pub view: View,
    /// Text typed into config inputs that is not (yet) valid, with the reason.
    pub field_errors: BTreeMap<NumericField, (String, String)>,
    /// Invalid trading pair text and reason.
    pub pair_error: Option<(String, String)>,
    /// Invalid parameter text and reason.
    pub param_errors: BTreeMap<Param, (String, String)>,
    /// The uploaded CSV, if any.
    pub csv: Option<Rc<CsvFeed>>,
    /// Its text (sent to sweep workers).
    pub csv_text: Option<Rc<String>>,
    /// Its file name.
    pub csv_name: String,
    /// Why the last upload was rejected.
    pub csv_error: Option<String>,
    /// Progress of a large CSV being parsed in pieces.
    pub csv_progress: Option<f64>,
    /// The run on screen.
    pub result: super::Shared<RunResult>,
    /// Why the latest change could not run (the previous run stays).
    pub run_error: Option<String>,
    /// Playback cursor: steps revealed.
    pub cursor: usize,
    /// Playing?
    pub playing: bool,
    /// Steps revealed per animation frame.
    pub speed: usize,
    /// Notices (ignored link settings, CSV warnings).
    pub notices: Vec<String>,
    /// Milliseconds the last re-simulation took (feed + engine).
    pub sim_ms: f64,
    /// Bumped on window resize to redraw the charts.
    pub layout_epoch: u32,
    /// Pinned configuration A (config + simulation params) for A/B comparison.
    pub pinned: Option<(
        crate::engine::config::MarketMakingConfig,
        crate::engine::sim::SimParams,
    )>,
    /// Run A on the current feed, when pinned.
    pub compare: Option<super::Shared<RunResult>>,
    /// Live quotes kept (bounded), so a slider change re-simulates the live session.
    pub live_snaps:
        Rc<std::cell::RefCell<crate::live::history::History<crate::engine::market::Snapshot>>>,
    /// The live paper-trading run.
    pub live_run: Option<Rc<std::cell::RefCell<crate::live::run::LiveRun>>>,
    /// The live feed's status line.
    pub live_status: Option<crate::live::session::Status>,
    /// When the live charts were last rebuilt (ms).
    live_viewed_at: f64,
    /// Quotes arrived since then.
    live_dirty: bool,
    /// The last feed generated and what it was generated from.
    feed_cache: Option<(FeedKey, Rc<Vec<crate::engine::market::Snapshot>>, f64)>,
}

/// What a feed depends on.
#[derive(Debug, Clone, PartialEq)]
struct FeedKey {
    feed: FeedKind,
    walk: crate::engine::feed::RandomWalkParams,
    steps: usize,
    csv: Option<usize>,
}

/// Every user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A config field's text changed.
    SetField(NumericField, String),
    /// The pair text changed.
    SetPair(String),
    /// A preset button.
    ApplyPreset(Preset),
    /// Feed choice.
    SetFeed(FeedKind),
    /// A parameter's text changed.
    SetParam(Param, String),
    /// Fill model choice.
    SetFill(FillModelKind),
    /// Strategy choice.
    SetStrategy(StrategyKind),
    /// A CSV file was read.
    CsvLoaded {
        /// File name.
        name: String,
        /// File text.
        text: String,
    },
    /// A CSV file could not be read.
    CsvFailed(String),
    /// A large CSV is being parsed in pieces: fraction done (None when finished).
    CsvProgress(Option<f64>),
    /// A large CSV finished parsing in pieces.
    CsvParsed {
        /// File name.
        name: String,
        /// File text (kept for sweep workers).
        text: Rc<String>,
        /// The parse result.
        feed: Result<Rc<CsvFeed>, String>,
    },
    /// Start playback (from the start if at the end).
    Play,
    /// Pause playback.
    Pause,
    /// Reveal one more step.
    Step,
    /// Back to step 0.
    Reset,
    /// One animation frame.
    Tick,
    /// Playback speed.
    SetSpeed(usize),
    /// Hide notices.
    DismissNotices,
    /// The window was resized.
    Resized,
    /// Load several config fields at once (a sweep cell).
    LoadCell(Vec<(NumericField, f64)>),
    /// Pin the current config as A for comparison.
    PinA,
    /// Stop comparing.
    Unpin,
    /// Apply a scenario from the seed document.
    ApplyScenario(crate::engine::scenarios::Scenario),
    /// Toggle the adaptive adjustment.
    SetAdaptive(bool),
    /// A live quote arrived.
    LiveSnapshot(crate::engine::market::Snapshot),
    /// The live feed's status changed.
    LiveStatus(crate::live::session::Status),
    /// A live setting changed.
    SetLive(crate::share::LiveSettings),
    /// The live feed could not start (e.g. the venue does not list the pair).
    LiveError(String),
}

impl State {
    /// The initial state from a decoded URL hash.
    pub fn new(settings: Settings, view: View, notices: Vec<String>) -> State {
        let mut s = State {
            settings,
            view,
            field_errors: BTreeMap::new(),
            pair_error: None,
            param_errors: BTreeMap::new(),
            csv: None,
            csv_text: None,
            csv_name: String::new(),
            csv_error: None,
            csv_progress: None,
            result: super::Shared(Rc::new(RunResult::default())),
            run_error: None,
            cursor: 0,
            playing: false,
            speed: 50,
            notices,
            sim_ms: 0.0,
            layout_epoch: 0,
            pinned: None,
            compare: None,
            feed_cache: None,
            live_snaps: Rc::new(std::cell::RefCell::new(live_history(20_000))),
            live_run: None,
            live_status: None,
            live_viewed_at: 0.0,
            live_dirty: false,
        };
        let settings = s.settings.clone();
        s.live_snaps = Rc::new(std::cell::RefCell::new(live_history(settings.live.history)));
        if let Err(e) = s.try_run(settings) {
            s.run_error = Some(e);
        }
        s
    }

    /// Re-simulates with `settings`; on success they become current and the cursor
    /// keeps its relative place (or stays at the end).
    fn try_run(&mut self, mut settings: Settings) -> Result<(), String> {
        let t0 = now();
        if settings.feed == FeedKind::Live {
            // Re-simulate the kept live quotes with the new settings.
            let mut live = live_run_for(&settings)?;
            for snap in self.live_snaps.borrow().iter() {
                live.step(snap);
            }
            self.result = super::Shared(Rc::new(live.view()));
            self.live_run = Some(Rc::new(std::cell::RefCell::new(live)));
            self.cursor = self.steps();
            self.compare = None;
            self.settings = settings;
            self.run_error = None;
            self.sim_ms = now() - t0;
            return Ok(());
        }
        self.live_run = None;
        // The feed only depends on the feed settings: reuse it when only the strategy changed.
        let key = FeedKey {
            feed: settings.feed,
            walk: settings.walk.clone(),
            steps: settings.steps,
            csv: self.csv.as_ref().map(|c| Rc::as_ptr(c) as usize),
        };
        let (snaps, sim) = match &self.feed_cache {
            Some((k, snaps, tick)) if *k == key => {
                let mut sim = settings.sim.clone();
                sim.seed = settings.walk.seed;
                sim.tick_seconds = *tick;
                (snaps.clone(), sim)
            }
            _ => {
                let csv = self.csv.as_ref().map(|c| c.snapshots.as_slice());
                let (snaps, sim) = crate::share::prepare(&settings, csv)?;
                let snaps = Rc::new(snaps);
                self.feed_cache = Some((key, snaps.clone(), sim.tick_seconds));
                (snaps, sim)
            }
        };
        settings.sim = sim;
        let (result, compare) = match &self.pinned {
            Some(pinned) => {
                let (a, b) = crate::share::run_ab(&settings.config, &settings.sim, pinned, &snaps)
                    .map_err(|e| e.to_string())?;
                (b, Some(super::Shared(Rc::new(a))))
            }
            None => (
                run(&settings.config, &settings.sim, &snaps).map_err(|e| e.to_string())?,
                None,
            ),
        };
        self.compare = compare;
        let old_len = self.result.0.series.time.len();
        let at_end = self.cursor >= old_len;
        self.result = super::Shared(Rc::new(result));
        let len = self.result.0.series.time.len();
        self.cursor = if at_end || !self.playing && self.cursor == 0 && old_len == 0 {
            len
        } else {
            self.cursor.min(len)
        };
        self.settings = settings;
        self.run_error = None;
        self.sim_ms = now() - t0;
        Ok(())
    }

    fn apply(&mut self, settings: Settings) {
        if let Err(e) = self.try_run(settings) {
            self.run_error = Some(e);
        }
    }

    /// Makes a parsed CSV the feed; on failure the previous feed and run stay.
    fn use_csv(&mut self, name: String, text: Rc<String>, feed: Rc<CsvFeed>) {
        let previous = self.csv.replace(feed.clone());
        let previous_text = self.csv_text.replace(text);
        let mut next = self.settings.clone();
        next.feed = FeedKind::Csv;
        match self.try_run(next) {
            Ok(()) => {
                self.csv_error = None;
                self.csv_name = name.clone();
                self.cursor = self.steps();
                self.notices = feed
                    .warnings
                    .iter()
                    .map(|w| format!("{name}: {w}"))
                    .collect();
            }
            Err(e) => {
                self.csv = previous;
                self.csv_text = previous_text;
                self.csv_error = Some(format!("{name}: {e}"));
            }
        }
    }

    fn refresh_live_view(&mut self, now: f64) {
        if let Some(run) = &self.live_run {
            self.result = super::Shared(Rc::new(run.borrow().view()));
            self.cursor = self.steps();
        }
        self.live_viewed_at = now;
        self.live_dirty = false;
    }

    /// Total steps of the run on screen.
    pub fn steps(&self) -> usize {
        self.result.0.series.time.len()
    }
}

/// Live history: `n` recent quotes at full resolution plus up to `n` thinned older ones.
fn live_history(n: usize) -> crate::live::history::History<crate::engine::market::Snapshot> {
    crate::live::history::History::new(n, n)
}

fn live_run_for(settings: &Settings) -> Result<crate::live::run::LiveRun, String> {
    let mut sim = settings.sim.clone();
    // Live quotes arrive irregularly; KPIs are annualised per second of wall clock.
    sim.tick_seconds = 1.0;
    crate::live::run::LiveRun::new(
        &settings.config,
        &sim,
        settings.live.history,
        settings.live.history,
    )
    .map_err(|e| e.to_string())
}

fn parse_num(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!(
            "\"{}\" is not a number",
            text.chars().take(30).collect::<String>()
        )),
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetField(field, text) => {
                let mut next = s.settings.clone();
                match parse_num(&text) {
                    Ok(x) => {
                        field.set(&mut next.config, x);
                        match next.config.validate() {
                            Ok(()) => {
                                s.field_errors.remove(&field);
                                s.apply(next);
                            }
                            Err(errs) => {
                                let msg = errs
                                    .0
                                    .iter()
                                    .find(|e| e.field == field.name())
                                    .map(|e| e.to_string())
                                    .unwrap_or_else(|| errs.to_string());
                                s.field_errors.insert(field, (text, msg));
                            }
                        }
                    }
                    Err(msg) => {
                        s.field_errors.insert(field, (text, msg));
                    }
                }
            }
            Action::SetPair(text) => {
                let mut next = s.settings.clone();
                next.config.trading_pair = text.trim().to_uppercase();
                match next.config.validate() {
                    Ok(()) => {
                        s.pair_error = None;
                        s.apply(next);
                    }
                    Err(e) => s.pair_error = Some((text, e.to_string())),
                }
            }
            Action::ApplyPreset(p) => {
                let mut next = s.settings.clone();
                let pair = next.config.trading_pair.clone();
                next.config = p.config();
                next.config.trading_pair = pair;
                s.field_errors.clear();
                s.apply(next);
            }
            Action::SetFeed(kind) => {
                let mut next = s.settings.clone();
                if kind == FeedKind::Live && next.feed != FeedKind::Live {
                    s.live_snaps =
                        Rc::new(std::cell::RefCell::new(live_history(next.live.history)));
                    s.live_status = None;
                    s.playing = false;
                }
                next.feed = kind;
                s.apply(next);
            }
            Action::SetParam(param, text) => {
                let mut next = s.settings.clone();
                let result = set_param(&mut next, param, &text);
                match result {
                    Ok(()) => {
                        s.param_errors.remove(&param);
                        s.apply(next);
                    }
                    Err(msg) => {
                        s.param_errors.insert(param, (text, msg));
                    }
                }
            }
            Action::SetFill(f) => {
                let mut next = s.settings.clone();
                next.sim.fill_model = f;
                s.apply(next);
            }
            Action::SetStrategy(st) => {
                let mut next = s.settings.clone();
                next.sim.strategy = st;
                s.apply(next);
            }
            Action::CsvLoaded { name, text } => {
                match parse_csv(
                    &text,
                    &CsvOptions {
                        half_spread: s.settings.walk.half_spread,
                    },
                ) {
                    Ok(feed) => s.use_csv(name, Rc::new(text), Rc::new(feed)),
                    Err(e) => s.csv_error = Some(format!("{name}: {e}")),
                }
            }
            Action::CsvFailed(msg) => {
                s.csv_error = Some(msg);
                s.csv_progress = None;
            }
            Action::CsvProgress(p) => s.csv_progress = p,
            Action::CsvParsed { name, text, feed } => {
                s.csv_progress = None;
                match feed {
                    Ok(feed) => s.use_csv(name, text, feed),
                    Err(e) => s.csv_error = Some(format!("{name}: {e}")),
                }
            }
            Action::Play => {
                if s.cursor >= s.steps() {
                    s.cursor = 0;
                }
                s.playing = true;
            }
            Action::Pause => s.playing = false,
            Action::Step => {
                s.playing = false;
                s.cursor = (s.cursor + 1).min(s.steps());
            }
            Action::Reset => {
                s.playing = false;
                s.cursor = 0;
            }
            Action::Tick => {
                if s.playing {
                    s.cursor = (s.cursor + s.speed).min(s.steps());
                    if s.cursor >= s.steps() {
                        s.playing = false;
                    }
                }
            }
            Action::SetSpeed(v) => s.speed = v.clamp(1, 100_000),
            Action::DismissNotices => s.notices.clear(),
            Action::Resized => s.layout_epoch = s.layout_epoch.wrapping_add(1),
            Action::LoadCell(fields) => {
                let mut next = s.settings.clone();
                for (f, v) in fields {
                    f.set(&mut next.config, v);
                    s.field_errors.remove(&f);
                }
                if next.config.validate().is_ok() {
                    s.apply(next);
                }
            }
            Action::PinA => {
                s.pinned = Some((s.settings.config.clone(), s.settings.sim.clone()));
                let settings = s.settings.clone();
                s.apply(settings);
            }
            Action::Unpin => {
                s.pinned = None;
                s.compare = None;
            }
            Action::ApplyScenario(sc) => {
                let setup = sc.setup(&s.settings.config);
                let mut next = s.settings.clone();
                next.config = setup.config;
                next.walk = crate::engine::feed::RandomWalkParams {
                    seed: next.walk.seed,
                    ..setup.walk
                };
                next.steps = setup.steps;
                next.sim = setup.sim;
                next.feed = FeedKind::RandomWalk;
                s.field_errors.clear();
                s.param_errors.clear();
                s.notices = vec![format!("Scenario \"{}\": {}", sc.label(), sc.explanation())];
                s.apply(next);
            }
            Action::LiveSnapshot(snap) => {
                if s.settings.feed == FeedKind::Live {
                    s.live_snaps.borrow_mut().push(snap);
                    if s.live_run.is_none() {
                        s.live_run = live_run_for(&s.settings)
                            .ok()
                            .map(|r| Rc::new(std::cell::RefCell::new(r)));
                    }
                    if let Some(run) = &s.live_run {
                        run.borrow_mut().step(&snap);
                    }
                    // Redraw at most ten times a second, however fast quotes arrive.
                    let t = now();
                    if t - s.live_viewed_at >= 100.0 {
                        s.refresh_live_view(t);
                    } else {
                        s.live_dirty = true;
                    }
                }
            }
            Action::LiveStatus(st) => {
                s.live_status = Some(st);
                if s.live_dirty {
                    s.refresh_live_view(now());
                }
            }
            Action::LiveError(e) => s.run_error = Some(e),
            Action::SetLive(live) => {
                let mut next = s.settings.clone();
                let restart = next.live.venue != live.venue
                    || next.live.endpoint != live.endpoint
                    || next.live.history != live.history;
                next.live = live;
                if restart {
                    // A different source: start a fresh history.
                    s.live_snaps =
                        Rc::new(std::cell::RefCell::new(live_history(next.live.history)));
                }
                s.apply(next);
            }
            Action::SetAdaptive(on) => {
                let mut next = s.settings.clone();
                next.sim.adaptive = on;
                s.apply(next);
            }
        }
        Rc::new(s)
    }
}

/// Applies one parameter's text to the settings, or says why it is not allowed.
pub fn set_param(next: &mut Settings, param: Param, text: &str) -> Result<(), String> {
    let t = text.trim();
    match param {
        Param::Seed => {
            let v: u64 = t
                .parse()
                .map_err(|_| format!("seed \"{t}\" must be a whole number ≥ 0"))?;
            next.walk.seed = v;
        }
        Param::Steps => {
            let v: usize = t
                .parse()
                .map_err(|_| format!("steps \"{t}\" must be a whole number"))?;
            if !(10..=MAX_STEPS).contains(&v) {
                return Err(format!("steps = {v} must be in [10, {MAX_STEPS}]"));
            }
            next.steps = v;
        }
        Param::Latency => {
            let v: u32 = t
                .parse()
                .map_err(|_| format!("latency \"{t}\" must be a whole number"))?;
            next.sim.latency_steps = v;
        }
        _ => {
            let x = parse_num(t)?;
            match param {
                Param::Volatility => next.walk.volatility = x,
                Param::Drift => next.walk.drift = x,
                Param::TickSeconds => next.walk.tick_seconds = x,
                Param::HalfSpread => next.walk.half_spread = x,
                Param::JumpIntensity => next.walk.jump_intensity = x,
                Param::MakerFee => next.sim.maker_fee = x,
                Param::TakerFee => next.sim.taker_fee = x,
                Param::Gamma => next.sim.as_gamma = x,
                Param::AsK => next.sim.as_k = x,
                Param::AsSigma => next.sim.as_sigma = x,
                Param::IntensityA => next.sim.intensity_a = x,
                Param::IntensityK => next.sim.intensity_k = x,
                Param::Seed | Param::Steps | Param::Latency => {}
            }
        }
    }
    next.walk.validate().map_err(|e| e.to_string())?;
    let mut sim = next.sim.clone();
    sim.tick_seconds = next.walk.tick_seconds;
    sim.validate().map_err(|e| e.to_string())?;
    Ok(())
}
