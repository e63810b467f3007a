//! The live paper-trading hook: owns the quotes kept from the live driver and the live
//! run stepped on them, and sends the reducer finished views ([`Action::LiveView`]) at
//! most ten times a second. A settings change re-simulates the kept quotes.

use super::state::{Action, State};
use super::timing::now;
use super::Shared;
use crate::engine::market::{Snapshot, TradePrint};
use crate::engine::settings::{FeedKind, Settings};
use crate::live::history::History;
use crate::live::run::LiveRun;
use crate::web;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Shortest time between two redraws of the live charts, ms.
const VIEW_EVERY_MS: f64 = 100.0;

/// Trades kept with one quote (the live history's memory stays bounded).
const MAX_TRADES_PER_QUOTE: usize = 256;

/// What the hook keeps between quotes.
struct LiveData {
    /// Quotes with the trades printed just before each (re-simulated on any change).
    snaps: History<(Snapshot, Vec<TradePrint>)>,
    run: Option<LiveRun>,
    settings: Settings,
    viewed_at: f64,
    dirty: bool,
}

impl LiveData {
    fn new(settings: &Settings) -> Self {
        let n = settings.live.history;
        LiveData {
            snaps: History::new(n, n),
            run: None,
            settings: settings.clone(),
            viewed_at: f64::NEG_INFINITY,
            dirty: false,
        }
    }

    /// A fresh run over the kept quotes with the current settings.
    fn rebuild(&mut self) -> Result<(), String> {
        let mut run = live_run_for(&self.settings)?;
        for (s, trades) in self.snaps.iter() {
            run.step_with(s, trades);
        }
        self.run = Some(run);
        Ok(())
    }

    fn view(&mut self, at: f64) -> Option<Shared<crate::engine::sim::RunResult>> {
        self.viewed_at = at;
        self.dirty = false;
        self.run.as_ref().map(|r| Shared(Rc::new(r.view())))
    }
}

fn live_run_for(settings: &Settings) -> Result<LiveRun, String> {
    let mut sim = settings.sim.clone();
    // Live quotes arrive irregularly; KPIs are annualised per second of wall clock.
    sim.tick_seconds = 1.0;
    sim.seed = settings.seed();
    LiveRun::new(
        &settings.config,
        &sim,
        settings.live.history,
        settings.live.history,
    )
    .map_err(|e| e.to_string())
}

/// Runs the live feed while `settings.feed` is live; `epoch` changes start a new history.
#[hook]
pub fn use_live(settings: &Settings, epoch: u32, dispatcher: UseReducerDispatcher<State>) {
    let data = use_mut_ref(|| LiveData::new(settings));
    let live = settings.feed == FeedKind::Live;
    // A new source: a fresh history.
    {
        let data = data.clone();
        let settings = settings.clone();
        use_effect_with((epoch, live), move |_| {
            *data.borrow_mut() = LiveData::new(&settings);
        });
    }
    // The strategy changed: re-simulate the kept quotes.
    {
        let data = data.clone();
        let dispatcher = dispatcher.clone();
        let key = live.then(|| settings.clone());
        use_effect_with(key, move |key| {
            if let Some(settings) = key {
                let mut d = data.borrow_mut();
                d.settings = settings.clone();
                match d.rebuild() {
                    Ok(()) => {
                        if let Some(v) = d.view(now()) {
                            dispatcher.dispatch(Action::LiveView(v));
                        }
                    }
                    Err(e) => dispatcher.dispatch(Action::LiveError(e)),
                }
            }
        });
    }
    // The driver: (re)started when its source changes, stopped when another feed is chosen.
    let source = live.then(|| {
        (
            settings.live.clone(),
            settings.config.trading_pair.clone(),
            settings.seed(),
        )
    });
    use_effect_with(source, move |source| {
        let driver = source.as_ref().and_then(|(live, pair, seed)| {
            let on_quote = {
                let data = data.clone();
                let dispatcher = dispatcher.clone();
                Rc::new(move |snap: Snapshot, trades: Vec<TradePrint>| {
                    let mut d = data.borrow_mut();
                    // The newest trades only, if a burst outruns the quotes.
                    let mut trades = trades;
                    if trades.len() > MAX_TRADES_PER_QUOTE {
                        trades.drain(..trades.len() - MAX_TRADES_PER_QUOTE);
                    }
                    if let Some(run) = &mut d.run {
                        run.step_with(&snap, &trades);
                        d.snaps.push((snap, trades));
                    } else {
                        d.snaps.push((snap, trades));
                        if let Err(e) = d.rebuild() {
                            dispatcher.dispatch(Action::LiveError(e));
                            return;
                        }
                    }
                    let t = now();
                    if t - d.viewed_at >= VIEW_EVERY_MS {
                        if let Some(v) = d.view(t) {
                            dispatcher.dispatch(Action::LiveView(v));
                        }
                    } else {
                        d.dirty = true;
                    }
                })
            };
            let on_status = {
                let data: Rc<RefCell<LiveData>> = data.clone();
                let dispatcher = dispatcher.clone();
                Rc::new(move |st| {
                    dispatcher.dispatch(Action::LiveStatus(st));
                    let mut d = data.borrow_mut();
                    if d.dirty {
                        if let Some(v) = d.view(now()) {
                            dispatcher.dispatch(Action::LiveView(v));
                        }
                    }
                })
            };
            let on_error = {
                let dispatcher = dispatcher.clone();
                Rc::new(move |e: String| dispatcher.dispatch(Action::LiveError(e)))
            };
            match web::live_feed::LiveFeed::start(
                crate::live::session::LiveConfig::from_settings(live, pair, *seed),
                on_quote,
                on_status,
                on_error,
            ) {
                Ok(d) => Some(d),
                Err(e) => {
                    dispatcher.dispatch(Action::LiveError(e));
                    None
                }
            }
        });
        move || drop(driver)
    });
}
