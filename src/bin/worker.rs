//! `spreadlab-worker`: runs [`spreadlab::jobs::Job`]s off the main thread.
//! In the browser it is a web worker (messages are JSON strings); natively it reads one
//! job as JSON from stdin and writes one JSON reply per line to stdout.

#[cfg(target_arch = "wasm32")]
fn main() {
    use spreadlab::jobs::{execute, Job, Reply};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |r: &Reply| {
            let text = serde_json::to_string(r).unwrap_or_default();
            let _ = scope.post_message(&JsValue::from_str(&text));
        }
    };
    let handler = {
        let post = post.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
            let text = msg.data().as_string().unwrap_or_default();
            let reply = match serde_json::from_str::<Job>(&text) {
                Ok(job) => execute(&job, 1, |r| post(&r)),
                Err(e) => Reply::Error {
                    message: format!("bad job: {e}"),
                },
            };
            post(&reply);
        })
    };
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&Reply::Ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use spreadlab::jobs::{execute, Job, Reply};
    use std::io::{Read, Write};
    let mut text = String::new();
    let reply = match std::io::stdin().read_to_string(&mut text) {
        Err(e) => Reply::Error {
            message: format!("cannot read stdin: {e}"),
        },
        Ok(_) => match serde_json::from_str::<Job>(&text) {
            Ok(job) => {
                let mut out = std::io::stdout().lock();
                execute(&job, 1, |r| {
                    let _ = writeln!(out, "{}", serde_json::to_string(&r).unwrap_or_default());
                })
            }
            Err(e) => Reply::Error {
                message: format!("bad job: {e}"),
            },
        },
    };
    println!("{}", serde_json::to_string(&reply).unwrap_or_default());
    if matches!(reply, Reply::Error { .. }) {
        std::process::exit(2);
    }
}
