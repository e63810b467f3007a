//! Input that never queues, and never waits when it need not: at most one setting change
//! reaches the reducer per animation frame.
//!
//! The first change after an idle frame is dispatched at once, in the task of the input
//! event itself, so the re-simulated run is drawn before the next frame and painted in it.
//! Changes that arrive before that frame has run (a held arrow key or a fast drag, at a
//! million steps) are held, only the latest value per setting, and dispatched together
//! from the frame callback, whose result is painted in that same frame. The screen
//! therefore settles about one run after the last input, however fast the input comes.
//! Other actions go through at once, after any held changes, so their order is kept.

use super::state::{Action, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A dispatch callback that lets one [`Action::Set`] through per animation frame;
/// `on_dispatch` runs just before each action reaches the reducer (the app times changes
/// from there).
#[hook]
pub fn use_coalesced_dispatch(
    dispatcher: UseReducerDispatcher<State>,
    on_dispatch: Rc<dyn Fn()>,
) -> Callback<Action> {
    let gate = use_memo((), move |_| {
        Rc::new(Gate {
            held: RefCell::new(Vec::new()),
            armed: Cell::new(false),
            dispatcher,
            on_dispatch,
        })
    });
    use_callback((), move |a: Action, _| {
        let gate = (*gate).clone();
        match a {
            Action::Set(key, text) if gate.armed.get() => hold(&gate.held, key, text),
            set @ Action::Set(..) => {
                gate.send(set);
                gate.arm();
            }
            other => {
                gate.flush();
                gate.send(other);
            }
        }
    })
}

/// The held changes and whether a frame callback is pending.
struct Gate {
    held: RefCell<Vec<Action>>,
    armed: Cell<bool>,
    dispatcher: UseReducerDispatcher<State>,
    on_dispatch: Rc<dyn Fn()>,
}

impl Gate {
    fn send(&self, a: Action) {
        (self.on_dispatch)();
        self.dispatcher.dispatch(a);
    }

    /// Dispatches the held changes, oldest first.
    fn flush(&self) {
        let held: Vec<Action> = self.held.borrow_mut().drain(..).collect();
        for a in held {
            self.send(a);
        }
    }

    /// Until the next animation frame, changes are held; in it, they are dispatched (and
    /// the gate closes again for one more frame if there were any).
    fn arm(self: &Rc<Self>) {
        let Some(w) = web_sys::window() else {
            return;
        };
        let me = self.clone();
        let cb = Closure::once_into_js(move |_: f64| {
            me.armed.set(false);
            if !me.held.borrow().is_empty() {
                me.flush();
                me.arm();
            }
        });
        if w.request_animation_frame(cb.unchecked_ref()).is_ok() {
            self.armed.set(true);
        }
    }
}

/// Keeps only the latest text per setting.
fn hold(held: &RefCell<Vec<Action>>, key: &'static str, text: String) {
    let mut h = held.borrow_mut();
    h.retain(|a| !matches!(a, Action::Set(k, _) if *k == key));
    h.push(Action::Set(key, text));
}
