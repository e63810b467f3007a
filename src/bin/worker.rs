//! `spreadlab-worker`: runs [`spreadlab::jobs::Job`]s off the main thread.
//! In the browser it is a web worker (messages are binary, with files or number columns
//! beside them: [`spreadlab::web::worker_message`]; a live job keeps it following a
//! ticker: [`spreadlab::web::live_relay`]); natively it reads one job as JSON from
//! stdin and writes one JSON reply per line to stdout (a load job, whose files travel
//! beside the JSON, only runs in the browser).

#[cfg(target_arch = "wasm32")]
fn main() {
    use spreadlab::jobs::{execute, Job, Reply};
    use spreadlab::web::worker_message;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        std::rc::Rc::new(move |r: Reply| {
            let (msg, transfer) = worker_message::reply(r);
            let _ = scope.post_message_with_transfer(&msg, &transfer);
        })
    };
    let handler = {
        let post = post.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
            let reply = match worker_message::read_job(&msg.data()) {
                // A live job keeps the worker busy until the page terminates it.
                Ok(Job::Live { config }) => {
                    return spreadlab::web::live_relay::start(config, post.clone())
                }
                Ok(job) => execute(job, 1, &*post),
                Err(reply) => reply,
            };
            post(reply);
        })
    };
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(Reply::Ready);
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
                execute(job, 1, |r| {
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
