//! The app's one state and its pure reducer: every user action goes through [`Action`].
//! The reducer calls the engine's run path to re-simulate; it never re-implements it,
//! never reads a clock (time arrives inside the actions that need it) and shares no
//! mutable cell with the previous state. The live session's growing data is owned by the
//! `use_live` hook, which sends finished views in [`Action::LiveView`]; an upload is read
//! and its first run simulated by the `use_upload` hook, which sends them finished in
//! [`Action::FileLoaded`].

use crate::engine::feed::{DataFile, Recording};
use crate::engine::presets::Preset;
use crate::engine::run::{self, Pinned};
use crate::engine::settings::url_hash::View;
use crate::engine::settings::{FeedKind, NumberSetting, Settings};
use crate::engine::sim::RunResult;
use crate::engine::sim::{Clock, FillModelKind};
use crate::web::upload::Progress;
use std::rc::Rc;
use yew::Reducible;

/// Everything the page shows. (No PartialEq: runs hold millions of points; components
/// receive [`super::Shared`] handles compared by pointer.)
#[derive(Debug, Clone)]
pub struct State {
    /// The settings of the run on screen (always valid).
    pub settings: Settings,
    /// Embed / full view.
    pub view: View,
    /// Text typed into a setting's input that is not allowed, with the reason, by key. A
    /// list: it holds a few entries at most, and a `BTreeMap` cost 16 KB of the app's wasm.
    pub errors: Vec<(&'static str, (String, String))>,
    /// The uploaded CSV, if any.
    pub csv: Option<Rc<DataFile>>,
    /// The files it was read from (sent to sweep workers).
    pub csv_files: Option<super::Shared<Vec<web_sys::File>>>,
    /// Every how many rows of it were kept (1 = all; sweep workers thin the same way).
    pub csv_every: u64,
    /// A file over the row limit, kept so it can be loaded thinned.
    pub csv_thin: Option<ThinOffer>,
    /// Its file name.
    pub csv_name: String,
    /// Why the last upload was rejected.
    pub csv_error: Option<String>,
    /// Progress of a large upload.
    pub csv_progress: Option<Progress>,
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
    /// Bumped on window resize to redraw the charts.
    pub layout_epoch: u32,
    /// Pinned configuration A (config + simulation params) for A/B comparison.
    pub pinned: Option<Pinned>,
    /// Run A on the current feed, when pinned.
    pub compare: Option<super::Shared<RunResult>>,
    /// The live feed's status line.
    pub live_status: Option<crate::live::session::Status>,
    /// Bumped when the live history must start afresh (new venue, endpoint or size).
    pub live_epoch: u32,
    /// A long run in progress ([`SLICED_FROM_STEPS`] steps or more): its settings are on
    /// screen already, its result is not yet. The `use_sliced_run` hook simulates it a
    /// slice per event-loop turn and sends [`Action::RunDone`].
    pub pending: Option<PendingRun>,
    /// Number of the last run handed to the hook (a newer one supersedes it).
    runs_started: u64,
    /// The last feed generated and what it was generated from.
    feed_cache: Option<(FeedKey, Rc<DataFile>)>,
}

/// Runs of at least this many steps are simulated off the reducer, a slice per event-loop
/// turn, while the previous result stays on screen: the slider that asked for one is
/// painted in the next frame, and another change can supersede the run before it ends.
/// From about this length a run and its charts take longer than a frame in wasm (16 ms
/// on a 2-core machine), so its charts could not be in the next frame anyway; shorter
/// runs are simulated in the reducer and drawn in the key's own frame.
pub const SLICED_FROM_STEPS: usize = 50_000;

/// A run simulated off the reducer ([`State::pending`]).
#[derive(Debug, Clone)]
pub struct PendingRun {
    /// Which run this is: a result for another one is stale.
    pub id: u64,
    /// Its settings (on screen already).
    pub settings: Settings,
    /// The settings of the run still on screen, restored if this one fails.
    pub previous: Settings,
    /// The pinned configuration A, run beside it.
    pub pinned: Option<Pinned>,
    /// The charts' zoom.
    pub window: Option<(usize, usize)>,
    /// The feed it runs over.
    pub feed: Rc<DataFile>,
}

impl PartialEq for PendingRun {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// A run's result: B, and A when pinned; or why it could not run.
pub type RunOutcome = Result<(super::Shared<RunResult>, Option<super::Shared<RunResult>>), String>;

/// A file that has more rows than the app takes, and the thinning that would fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ThinOffer {
    /// File name.
    pub name: String,
    /// The file.
    pub files: super::Shared<Vec<web_sys::File>>,
    /// Keep every `every`-th row.
    pub every: u64,
}

/// Files read, with the first run on them, computed off the reducer a slice at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// Their names, joined.
    pub name: String,
    /// The files.
    pub files: super::Shared<Vec<web_sys::File>>,
    /// Every how many rows of a plain CSV were kept.
    pub every: u64,
    /// The recording.
    pub file: Rc<DataFile>,
    /// The first run on it.
    pub run: FirstRun,
}

/// A run computed outside the reducer for a new file: used when the state it was computed
/// from is still the state, else the reducer runs the file itself.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstRun {
    /// The settings on screen when it was computed.
    pub from: Settings,
    /// The pinned configuration then.
    pub pinned: Option<Pinned>,
    /// The charts' zoom then (which may keep more of the order-flow model's orders).
    pub zoom: Option<(u64, u64)>,
    /// The settings it ran with ([`settings_for_file`] of `from`).
    pub settings: Settings,
    /// B, and A when pinned; or why it could not run.
    pub result: RunOutcome,
}

/// The settings a newly loaded file runs with: the current ones with the file as the feed,
/// its clock, and for a file with trade prints the trades fill model quoting on the
/// venue's price grid.
pub fn settings_for_file(current: &Settings, file: &DataFile) -> Settings {
    let mut next = current.clone();
    next.feed = FeedKind::Csv;
    next.sim.clock = file.clock;
    if !file.recording.trades.is_empty() {
        next.sim.fill_model = FillModelKind::Trades;
        next.sim.tick_size = file.recording.price_increment().unwrap_or(0.0);
    }
    next
}

/// What a feed depends on.
#[derive(Debug, Clone, PartialEq)]
struct FeedKey {
    feed: FeedKind,
    walk: crate::engine::feed::RandomWalkParams,
    steps: usize,
}

/// Every user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A setting's text changed (key from the settings table).
    Set(&'static str, String),
    /// A preset button.
    ApplyPreset(Preset),
    /// Files were read and their first run simulated.
    FileLoaded(Box<LoadedFile>),
    /// Files could not be used.
    FileRefused {
        /// Their names, joined.
        name: String,
        /// The files (kept to load again thinned).
        files: super::Shared<Vec<web_sys::File>>,
        /// Why.
        message: String,
        /// For one file over the row limit: the thinning that would fit.
        thin_every: Option<u64>,
    },
    /// A file could not be read (the message names it), or was refused unread.
    CsvFailed(String),
    /// A large upload's progress (None when finished).
    CsvProgress(Option<Progress>),
    /// The charts' time window (None: the whole run).
    Zoom(Option<(u64, u64)>),
    /// Links and back/forward: the address bar's hash changed to something else.
    Navigate(Box<crate::engine::settings::url_hash::Decoded>),
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
    /// Load several number settings at once (a sweep cell).
    LoadCell(Vec<(NumberSetting, f64)>),
    /// Pin the current config as A for comparison.
    PinA,
    /// Stop comparing.
    Unpin,
    /// Apply a scenario from the seed document.
    ApplyScenario(crate::engine::scenarios::Scenario),
    /// A new view of the live run (built by the live hook from the quotes it keeps).
    LiveView(super::Shared<RunResult>),
    /// The live feed's status changed.
    LiveStatus(crate::live::session::Status),
    /// The live feed could not start (e.g. the venue does not list the pair).
    LiveError(String),
    /// The run [`State::pending`] numbered `id` finished.
    RunDone {
        /// Its number.
        id: u64,
        /// Its outcome.
        outcome: RunOutcome,
    },
}

impl State {
    /// The initial state from a decoded URL hash.
    pub fn new(settings: Settings, view: View, notices: Vec<String>) -> State {
        let mut s = State {
            settings: settings.clone(),
            view,
            errors: Vec::new(),
            csv: None,
            csv_files: None,
            csv_every: 1,
            csv_thin: None,
            csv_name: String::new(),
            csv_error: None,
            csv_progress: None,
            result: super::Shared(Rc::new(RunResult::default())),
            run_error: None,
            cursor: 0,
            playing: false,
            speed: 50,
            notices,
            layout_epoch: 0,
            pinned: None,
            compare: None,
            live_status: None,
            live_epoch: 0,
            pending: None,
            runs_started: 0,
            feed_cache: None,
        };
        s.apply(settings);
        s
    }

    /// Re-simulates with `settings`; on success they become current and the cursor
    /// keeps its relative place (or stays at the end). A live feed is re-simulated by
    /// the live hook, which owns the quotes.
    fn try_run(&mut self, mut settings: Settings) -> Result<(), String> {
        if let Some(csv) = &self.csv {
            settings.sim.clock = csv.clock;
        }
        // A newer change supersedes a run in progress; if its own run fails, the settings
        // of the run on screen come back.
        let previous = match self.pending.take() {
            Some(p) => p.previous,
            None => self.settings.clone(),
        };
        let outcome = self.run_or_start(settings, &previous);
        if outcome.is_err() {
            self.settings = previous;
        }
        outcome
    }

    /// [`State::try_run`] once the settings are complete: a live feed's are taken as they
    /// are, a long run is handed to the sliced-run hook, a short one is simulated here.
    fn run_or_start(&mut self, settings: Settings, previous: &Settings) -> Result<(), String> {
        if settings.feed == FeedKind::Live {
            if self.settings.feed != FeedKind::Live {
                self.result = super::Shared(Rc::new(RunResult::default()));
                self.compare = None;
                self.cursor = 0;
                self.playing = false;
                self.live_status = None;
            }
            self.settings = settings;
            self.run_error = None;
            return Ok(());
        }
        if let Some(feed) = self.sliced_feed(&settings)? {
            self.runs_started += 1;
            self.settings = settings.clone();
            self.pending = Some(PendingRun {
                id: self.runs_started,
                previous: previous.clone(),
                settings,
                pinned: self.pinned.clone(),
                window: self.zoom_window(),
                feed,
            });
            self.run_error = None;
            return Ok(());
        }
        let (result, compare) = self.runs(&settings)?;
        self.show(
            settings,
            super::Shared(Rc::new(result)),
            compare.map(|a| super::Shared(Rc::new(a))),
        );
        Ok(())
    }

    /// The feed of a run with `settings` when it is long enough to be simulated off the
    /// reducer ([`SLICED_FROM_STEPS`]).
    fn sliced_feed(&mut self, settings: &Settings) -> Result<Option<Rc<DataFile>>, String> {
        let feed = match settings.feed {
            FeedKind::Csv => self.csv.clone().ok_or(run::RunError::NoCsv.to_string())?,
            _ if settings.steps < SLICED_FROM_STEPS => return Ok(None),
            _ => self.synthetic_feed(settings)?,
        };
        Ok((feed.recording.snapshots.len() >= SLICED_FROM_STEPS).then_some(feed))
    }

    /// The synthetic feed for `settings`, generated again only when a feed setting changed.
    fn synthetic_feed(&mut self, settings: &Settings) -> Result<Rc<DataFile>, String> {
        let key = FeedKey {
            feed: settings.feed,
            walk: settings.walk.clone(),
            steps: settings.steps,
        };
        if let Some((k, feed)) = &self.feed_cache {
            if *k == key {
                return Ok(feed.clone());
            }
        }
        let snapshots = run::feed(settings, None).map_err(|e| e.to_string())?;
        let feed = Rc::new(DataFile {
            recording: Recording {
                snapshots,
                ..Recording::default()
            },
            clock: Clock::Timestamps,
        });
        self.feed_cache = Some((key, feed.clone()));
        Ok(feed)
    }

    /// Run B with `settings` and, when pinned, run A on the same feed.
    fn runs(&mut self, settings: &Settings) -> Result<(RunResult, Option<RunResult>), String> {
        let pinned = self.pinned.as_ref();
        // A file runs through the one file path (with its trade prints, if any).
        if settings.feed == FeedKind::Csv {
            let csv = self.csv.as_ref().ok_or(run::RunError::NoCsv.to_string())?;
            return run::run_file(settings, pinned, &csv.recording, self.zoom_window())
                .map_err(|e| e.to_string());
        }
        // The feed only depends on the feed settings: reuse it when only the strategy changed.
        let feed = self.synthetic_feed(settings)?;
        let snaps = &feed.recording.snapshots;
        let window = self.zoom_window();
        match self.pinned.as_ref() {
            Some(pinned) => {
                let (a, b) =
                    run::run_ab(settings, pinned, snaps, window).map_err(|e| e.to_string())?;
                Ok((b, Some(a)))
            }
            None => Ok((
                run::run_for_window(settings, snaps, window).map_err(|e| e.to_string())?,
                None,
            )),
        }
    }

    /// Puts a run on screen: its settings become current and the cursor keeps its
    /// relative place (or stays at the end).
    fn show(
        &mut self,
        settings: Settings,
        result: super::Shared<RunResult>,
        compare: Option<super::Shared<RunResult>>,
    ) {
        self.compare = compare;
        let old_len = self.result.0.series.time.len();
        let at_end = self.cursor >= old_len;
        self.result = result;
        let len = self.result.0.series.time.len();
        self.cursor = if at_end || !self.playing && self.cursor == 0 && old_len == 0 {
            len
        } else {
            self.cursor.min(len)
        };
        self.settings = settings;
        self.run_error = None;
    }

    fn apply(&mut self, settings: Settings) {
        if let Err(e) = self.try_run(settings) {
            self.run_error = Some(e);
        }
    }

    /// Makes loaded files the feed, with the run computed for them when it still applies;
    /// on failure the previous feed and run stay.
    fn use_file(&mut self, loaded: LoadedFile) {
        let LoadedFile {
            name,
            files,
            every,
            file,
            run,
        } = loaded;
        let previous = self.csv.replace(file.clone());
        let previous_files = self.csv_files.replace(files);
        let previous_every = std::mem::replace(&mut self.csv_every, every);
        self.csv_thin = None;
        let outcome =
            if run.from == self.settings && run.pinned == self.pinned && run.zoom == self.view.zoom
            {
                run.result
                    .map(|(result, compare)| self.show(run.settings, result, compare))
            } else {
                self.try_run(settings_for_file(&self.settings, &file))
            };
        match outcome {
            Ok(()) => {
                self.csv_error = None;
                self.csv_name = name.clone();
                self.cursor = self.steps();
                self.notices = file
                    .recording
                    .warnings
                    .iter()
                    .map(|w| format!("{name}: {w}"))
                    .collect();
            }
            Err(e) => {
                self.csv = previous;
                self.csv_files = previous_files;
                self.csv_every = previous_every;
                self.csv_error = Some(format!("{name}: {e}"));
            }
        }
    }

    /// The charts' zoom as a step range.
    fn zoom_window(&self) -> Option<(usize, usize)> {
        self.view.zoom.map(|(a, b)| (a as usize, b as usize))
    }

    /// Whether the charts zoomed into steps whose every market order the run on screen
    /// did not record (it then runs again for them: same fills, more orders shown).
    fn zoom_needs_orders(&self) -> bool {
        let Some(w) = &self.result.0.orders_window else {
            return false;
        };
        match (
            run::orders_window(self.steps(), self.zoom_window()),
            self.zoom_window(),
        ) {
            (Some(_), Some((from, to))) => !(w.start <= from && to <= w.end),
            _ => false,
        }
    }

    /// Total steps of the run on screen.
    pub fn steps(&self) -> usize {
        self.result.0.series.time.len()
    }

    /// Total steps of the current settings' run: the pending one's, while it is simulated.
    pub fn settings_steps(&self) -> usize {
        match &self.pending {
            Some(p) => p.feed.recording.snapshots.len(),
            None => self.steps(),
        }
    }

    /// The live source: when it changes, the live history starts afresh.
    fn live_source(s: &Settings) -> (crate::live::Venue, String, usize) {
        (s.live.venue, s.live.endpoint.clone(), s.live.history)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Set(key, text) => {
                let mut next = s.settings.clone();
                match next.set_text(key, &text) {
                    Ok(()) => {
                        s.errors.retain(|(k, _)| *k != key);
                        if State::live_source(&next) != State::live_source(&s.settings) {
                            s.live_epoch = s.live_epoch.wrapping_add(1);
                        }
                        s.apply(next);
                    }
                    Err(e) => {
                        s.errors.retain(|(k, _)| *k != key);
                        s.errors.push((key, (text, e.to_string())));
                    }
                }
            }
            Action::ApplyPreset(p) => {
                let mut next = s.settings.clone();
                let pair = next.config.trading_pair.clone();
                next.config = p.config();
                next.config.trading_pair = pair;
                s.errors.clear();
                s.apply(next);
            }
            Action::FileLoaded(loaded) => {
                s.csv_progress = None;
                s.use_file(*loaded);
            }
            Action::FileRefused {
                name,
                files,
                message,
                thin_every,
            } => {
                s.csv_progress = None;
                // Thinning is offered for one file (several merge as they are).
                s.csv_thin = thin_every
                    .filter(|_| files.0.len() == 1)
                    .map(|every| ThinOffer {
                        name: name.clone(),
                        files,
                        every,
                    });
                s.csv_error = Some(format!("{name}: {message}"));
            }
            Action::CsvFailed(msg) => {
                s.csv_error = Some(msg);
                s.csv_thin = None;
                s.csv_progress = None;
            }
            Action::CsvProgress(p) => s.csv_progress = p,
            Action::Zoom(z) => {
                s.view.zoom = z;
                if s.zoom_needs_orders() {
                    let settings = s.settings.clone();
                    s.apply(settings);
                }
            }
            Action::Navigate(d) => {
                s.errors.clear();
                s.view = d.view;
                s.notices = d.notices;
                s.apply(d.settings);
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
            Action::LoadCell(cells) => {
                let mut next = s.settings.clone();
                let ok = cells.iter().all(|(f, v)| next.set_num(f.key(), *v).is_ok());
                if ok {
                    for (f, _) in &cells {
                        s.errors.retain(|(k, _)| *k != f.key());
                    }
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
                s.errors.clear();
                s.notices = vec![format!("Scenario \"{}\": {}", sc.label(), sc.explanation())];
                s.apply(next);
            }
            Action::LiveView(view) => {
                if s.settings.feed == FeedKind::Live {
                    s.result = view;
                    s.cursor = s.steps();
                }
            }
            Action::LiveStatus(st) => s.live_status = Some(st),
            Action::LiveError(e) => s.run_error = Some(e),
            Action::RunDone { id, outcome } => {
                if let Some(p) = s.pending.take_if(|p| p.id == id) {
                    match outcome {
                        Ok((result, compare)) => {
                            s.show(p.settings, result, compare);
                            // Zoomed meanwhile into steps whose every order it did not keep.
                            if s.zoom_needs_orders() {
                                let settings = s.settings.clone();
                                s.apply(settings);
                            }
                        }
                        Err(e) => {
                            s.settings = p.previous;
                            s.run_error = Some(e);
                        }
                    }
                }
            }
        }
        Rc::new(s)
    }
}
