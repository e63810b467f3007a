//! The sliced-run hook: simulates [`State::pending`] a slice per event-loop turn, each at
//! most [`BUDGET_MS`] long, and sends [`Action::RunDone`]. A newer change replaces the
//! pending run, and the effect's cleanup stops the old one before its next slice.
//!
//! Turns are queued through a `MessageChannel`, not `setTimeout(0)`: nested timeouts are
//! clamped to 4 ms each, which would add a frame's worth of idle time to a 1 M-step run.

use super::state::{Action, PendingRun, State};
use super::timing::now;
use super::Shared;
use crate::engine::run::FileRun;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::MessageChannel;
use yew::prelude::*;

/// Longest slice of simulation in one task, ms: well under the 50 ms of a long task, so
/// key presses and paints get in between.
pub const BUDGET_MS: f64 = 12.0;

/// Steps simulated between two looks at the clock.
const STEPS_PER_LOOK: usize = 4_096;

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
async fn simulate(p: &PendingRun, cancelled: &Cell<bool>) -> Option<super::state::RunOutcome> {
    let rec = &p.feed.recording;
    next_turn().await;
    if cancelled.get() {
        return None;
    }
    let mut run = match FileRun::start(&p.settings, p.pinned.as_ref(), rec, p.window) {
        Ok(run) => run,
        Err(e) => return Some(Err(e.to_string())),
    };
    loop {
        let t0 = now();
        let mut done = false;
        while !done && now() - t0 < BUDGET_MS {
            done = run.advance(rec, STEPS_PER_LOOK);
        }
        if done {
            break;
        }
        next_turn().await;
        if cancelled.get() {
            return None;
        }
    }
    // Finishing the run (its series and KPIs) and drawing it each take a task of their own,
    // apart from the last slice.
    next_turn().await;
    if cancelled.get() {
        return None;
    }
    let (b, a) = run.finish();
    next_turn().await;
    if cancelled.get() {
        return None;
    }
    Some(Ok((Shared(Rc::new(b)), a.map(|a| Shared(Rc::new(a))))))
}

/// Waits for a task of its own: a message posted to a fresh channel.
async fn next_turn() {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = MessageChannel::new() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            return;
        };
        let port = channel.port2();
        let on_message = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        });
        port.set_onmessage(Some(on_message.unchecked_ref()));
        let _ = channel.port1().post_message(&wasm_bindgen::JsValue::NULL);
    });
    let _ = JsFuture::from(wait).await;
}
