//! The sliced-run hook: simulates [`State::pending`] a slice per event-loop turn, each at
//! most [`crate::web::slices::BUDGET_MS`] long, and sends [`Action::RunDone`]. A newer
//! change replaces the pending run, and the effect's cleanup stops the old one before its
//! next slice.

use super::state::{Action, PendingRun, RunOutcome, State};
use super::Shared;
use crate::engine::run::FileRun;
use crate::web::slices::{advance_slice, after_next_paint, next_turn};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Runs the pending run, if any, off the reducer.
#[hook]
pub fn use_sliced_run(pending: &Option<PendingRun>, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with(pending.clone(), move |pending| {
        let cancelled = Rc::new(Cell::new(false));
        if let Some(p) = pending.clone() {
            let cancelled = cancelled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(outcome) = simulate(&p, &cancelled).await {
                    dispatcher.dispatch(Action::RunDone { id: p.id, outcome });
                }
            });
        }
        move || cancelled.set(true)
    });
}

/// The pending run's outcome, or `None` once `cancelled`.
async fn simulate(p: &PendingRun, cancelled: &Cell<bool>) -> Option<RunOutcome> {
    let rec = &p.feed.recording;
    let turn = || async {
        next_turn().await;
        (!cancelled.get()).then_some(())
    };
    // The change's own frame (the slider moved, the note shown) is painted first.
    after_next_paint().await;
    if cancelled.get() {
        return None;
    }
    let mut run = match FileRun::start(&p.settings, p.pinned.as_ref(), rec, p.window) {
        Ok(run) => run,
        Err(e) => return Some(Err(e.to_string())),
    };
    while !advance_slice(&mut run, rec) {
        turn().await?;
    }
    // Finishing the run (its series and KPIs) and drawing it each take a task of their own,
    // apart from the last slice.
    turn().await?;
    let (b, a) = run.finish();
    turn().await?;
    Some(Ok((Shared(Rc::new(b)), a.map(|a| Shared(Rc::new(a))))))
}
