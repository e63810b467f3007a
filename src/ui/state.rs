//! The app's one state and its pure reducer: every user action goes through [`Action`].
//! The reducer calls the engine's run path to re-simulate; it never re-implements it,
//! never reads a clock (time arrives inside the actions that need it) and shares no
//! mutable cell with the previous state. The live session's growing data is owned by the
//! `use_live` hook, which sends finished views in [`Action::LiveView`]; an upload is read
//! and its first run simulated by the `use_upload` hook, which sends them finished in
//! [`Action::FileLoaded`].

use crate::engine::feed::DataFile;
use crate::engine::market::Snapshot;
use crate::engine::presets::Preset;
use crate::engine::run::{self, Pinned};
use crate::engine::settings::url_hash::View;
use crate::engine::settings::{FeedKind, NumberSetting, Settings};
use crate::engine::sim::FillModelKind;
use crate::engine::sim::RunResult;
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
    /// The last feed generated and what it was generated from.
    feed_cache: Option<(FeedKey, Rc<Vec<Snapshot>>)>,
}

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
    pub result: Result<(super::Shared<RunResult>, Option<super::Shared<RunResult>>), String>,
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
        let (result, compare) = self.runs(&settings)?;
        self.show(
            settings,
            super::Shared(Rc::new(result)),
            compare.map(|a| super::Shared(Rc::new(a))),
        );
        Ok(())
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
        let key = FeedKey {
            feed: settings.feed,
            walk: settings.walk.clone(),
            steps: settings.steps,
        };
        let snaps = match &self.feed_cache {
            Some((k, snaps)) if *k == key => snaps.clone(),
            _ => {
                let snaps = Rc::new(run::feed(settings, None).map_err(|e| e.to_string())?);
                self.feed_cache = Some((key, snaps.clone()));
                snaps
            }
        };
        let window = self.zoom_window();
        match pinned {
            Some(pinned) => {
                let (a, b) =
                    run::run_ab(settings, pinned, &snaps, window).map_err(|e| e.to_string())?;
                Ok((b, Some(a)))
            }
            None => Ok((
                run::run_for_window(settings, &snaps, window).map_err(|e| e.to_string())?,
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
        }
        Rc::new(s)
    }
}
