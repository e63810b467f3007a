//! A pool of web workers running [`crate::jobs::Job`]s: one job per worker, replies passed
//! to a callback. Dropping the pool terminates the workers (that is how "cancel" works).

use super::worker_message;
use crate::jobs::{Job, Reply};
use js_sys::{Array, Float64Array};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{File, MessageEvent, Worker};

/// Receives `(worker_index, reply, arrays sent beside it)`: every reply but `Ready`.
pub type OnReply = Rc<dyn Fn(usize, Reply, Vec<Float64Array>)>;

/// The worker's script and wasm, built by trunk next to index.html.
const SCRIPT: &str = "spreadlab-worker.js";
const WASM: &str = "spreadlab-worker_bg.wasm";

thread_local! {
    /// [`loader_url`], made once per page (a few bytes kept for the page's life).
    static LOADER_URL: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// A `blob:` URL of a script that boots the worker wasm. A worker started from a `blob:`
/// URL inherits the page's Content-Security-Policy (one started from a file gets only the
/// policy its HTTP response carries: none, on a static host), so the live feed's
/// connections are held to the page's `connect-src`. The blob's own base is not the page's,
/// hence the absolute URLs.
fn loader_url() -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or("the page has no base URL")?;
    let abs = |file: &str| {
        web_sys::Url::new_with_base(file, &base)
            .map(|u| u.href())
            .map_err(|_| format!("cannot resolve {file}"))
    };
    let script = format!(
        "importScripts({:?});wasm_bindgen({{module_or_path:{:?}}});",
        abs(SCRIPT)?,
        abs(WASM)?
    );
    let parts = Array::of1(&JsValue::from_str(&script));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot make the worker's script".to_string())?;
    web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot make the worker's script".to_string())
}

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
        let url = LOADER_URL.with(|u| match u.get() {
            Some(url) => Ok(url.clone()),
            None => loader_url().map(|url| u.get_or_init(|| url).clone()),
        })?;
        pool.start_all(jobs, files, on_reply, &url)?;
        Ok(pool)
    }

    fn start_all(
        &mut self,
        jobs: Vec<Job>,
        files: &[File],
        on_reply: OnReply,
        url: &str,
    ) -> Result<(), String> {
        let pool = self;
        for (idx, job) in jobs.into_iter().enumerate() {
            let worker =
                Worker::new(url).map_err(|e| format!("cannot start a web worker: {e:?}"))?;
            let message = worker_message::job(&job, files);
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
        Ok(())
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
