//! Input that never queues: setting changes are held for one event-loop turn and only the
//! latest value per setting is dispatched, so a held arrow key or a fast drag at a million
//! steps runs the simulation once per turn, not once per event, and the screen settles
//! about one run after the last input. Other actions go through at once (after any held
//! changes, so their order is kept).

use super::state::{Action, State};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A dispatch callback that coalesces [`Action::Set`]s; `on_dispatch` runs just before
/// each action reaches the reducer (the app times changes from there).
#[hook]
pub fn use_coalesced_dispatch(
    dispatcher: UseReducerDispatcher<State>,
    on_dispatch: Rc<dyn Fn()>,
) -> Callback<Action> {
    let held = use_mut_ref(Vec::<Action>::new);
    let timer = use_mut_ref(|| None::<Timeout>);
    use_callback((), move |a: Action, _| {
        let flush = {
            let (held, timer, dispatcher, on_dispatch) = (
                held.clone(),
                timer.clone(),
                dispatcher.clone(),
                on_dispatch.clone(),
            );
            move || {
                timer.borrow_mut().take();
                let actions: Vec<Action> = held.borrow_mut().drain(..).collect();
                for a in actions {
                    on_dispatch();
                    dispatcher.dispatch(a);
                }
            }
        };
        match a {
            Action::Set(key, text) => {
                hold(&held, key, text);
                if timer.borrow().is_none() {
                    *timer.borrow_mut() = Some(Timeout::new(0, flush));
                }
            }
            other => {
                flush();
                on_dispatch();
                dispatcher.dispatch(other);
            }
        }
    })
}

/// Keeps only the latest text per setting.
fn hold(held: &Rc<RefCell<Vec<Action>>>, key: &'static str, text: String) {
    let mut h = held.borrow_mut();
    h.retain(|a| !matches!(a, Action::Set(k, _) if *k == key));
    h.push(Action::Set(key, text));
}
