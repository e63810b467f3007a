//! A pool of web workers running [`crate::jobs::Job`]s: one job per worker, replies passed
//! to a callback. Dropping the pool terminates the workers (that is how "cancel" works).

use super::worker_message;
use crate::jobs::{Job, Reply};
use js_sys::Float64Array;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};

/// Receives `(worker_index, reply, arrays sent beside it)`: every reply but `Ready`.
pub type OnReply = Rc<dyn Fn(usize, Reply, Vec<Float64Array>)>;

/// Script that boots the worker wasm (copied next to index.html by trunk).
pub const LOADER: &str = "./worker_loader.js";

/// Running workers.
pub struct Pool {
    workers: Vec<Worker>,
    _handlers: Vec<Closure<dyn Fn(MessageEvent)>>,
    _errors: Vec<Closure<dyn Fn(web_sys::ErrorEvent)>>,
}

/// Number of workers to use: `navigator.hardwareConcurrency`, at least 1, at most 8.
pub fn cores() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .clamp(1, 8)
}

impl Pool {
    /// Starts one worker per job, each sent `files` beside its job. `on_reply` receives
    /// every reply except `Ready` (the pool answers that by sending the worker its job).
    pub fn start(jobs: Vec<Job>, files: &[File], on_reply: OnReply) -> Result<Pool, String> {
        let mut pool = Pool {
            workers: Vec::new(),
            _handlers: Vec::new(),
            _errors: Vec::new(),
        };
        for (idx, job) in jobs.into_iter().enumerate() {
            let worker =
                Worker::new(LOADER).map_err(|e| format!("cannot start a web worker: {e:?}"))?;
            let message = worker_message::job(&job, files)?;
            let w = worker.clone();
            let cb = on_reply.clone();
            let handler = Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
                match worker_message::read_reply(&msg.data()) {
                    (Reply::Ready, _) => {
                        let _ = w.post_message(&message);
                    }
                    (r, arrays) => cb(idx, r, arrays),
                }
            });
            worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            let cb = on_reply.clone();
            let on_error =
                Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                    cb(
                        idx,
                        Reply::Error {
                            message: format!("worker failed: {}", e.message()),
                        },
                        Vec::new(),
                    )
                });
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            pool.workers.push(worker);
            pool._handlers.push(handler);
            pool._errors.push(on_error);
        }
        Ok(pool)
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &self.workers {
            // A reply already queued must not reach the handlers dropped with the pool
            // ("closure invoked after being dropped"): unhook them first.
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
    }
}
