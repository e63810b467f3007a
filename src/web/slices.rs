//! Work on the page's thread in slices: a run advanced for at most [`BUDGET_MS`] per
//! event-loop turn, and the wait for the next turn. Uploads simulate their first run this
//! way ([`super::upload`]) and so does the app's every long run (`ui::use_sliced_run`).

use super::now;
use crate::engine::feed::Recording;
use crate::engine::run::FileRun;
use js_sys::Function;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::MessageChannel;

/// Longest stretch of simulation per event-loop turn on the page's thread (ms): a
/// garbage collection that lands in a turn (up to 25 ms measured) still leaves it far from
/// the 50 ms of a long task, and key presses and paints get in between.
pub const BUDGET_MS: f64 = 12.0;

/// Steps simulated between two looks at the clock.
const STEPS_PER_LOOK: usize = 4_096;

/// Advances `run` over `rec` for at most [`BUDGET_MS`]; returns whether it is complete.
pub fn advance_slice(run: &mut FileRun, rec: &Recording) -> bool {
    let t0 = now();
    loop {
        if run.advance(rec, STEPS_PER_LOOK) {
            return true;
        }
        if now() - t0 >= BUDGET_MS {
            return false;
        }
    }
}

/// Waits for a task of its own: a message posted to a fresh channel. (Not `setTimeout(0)`:
/// nested timeouts are clamped to 4 ms each, idle time that a run of many slices adds up.)
pub async fn next_turn() {
    wait_for(|wake| {
        let Ok(channel) = MessageChannel::new() else {
            return false;
        };
        channel.port2().set_onmessage(Some(wake));
        channel.port1().post_message(&JsValue::NULL).is_ok()
    })
    .await;
}

/// Waits until the next frame has been rendered: a turn queued from an animation-frame
/// callback runs after that frame's paint. Work started then does not hold up the frame
/// that shows the change which asked for it.
pub async fn after_next_paint() {
    wait_for(|wake| web_sys::window().is_some_and(|w| w.request_animation_frame(wake).is_ok()))
        .await;
    next_turn().await;
}

/// Waits until the callback that `schedule` registers is called; at once when `schedule`
/// could not register it (returns `false`), so nothing waits for a call that never comes.
async fn wait_for(schedule: impl FnOnce(&Function) -> bool) {
    let mut schedule = Some(schedule);
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let wake: Function = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        })
        .unchecked_into();
        if !schedule.take().is_some_and(|s| s(&wake)) {
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(wait).await;
}
