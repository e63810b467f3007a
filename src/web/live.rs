//! Browser side of the live feed, run inside `spreadlab-worker` ([`crate::jobs::Job::Live`]):
//! executes the [`LiveSession`]'s commands with real WebSockets, `fetch` (with a timeout)
//! and timers, and reports snapshots and status. No decisions are made here. In the
//! worker, the venues' JSON parsers stay out of the page's wasm, and message bursts never
//! reach the page's event loop; [`super::live_feed`] is the page's end.

use crate::engine::market::{Snapshot, TradePrint};
use crate::live::parse::Fault;
use crate::live::session::{Command, FetchKind, LiveConfig, LiveSession, Market, Status};
use gloo::timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// REST requests give up after this long.
pub const FETCH_TIMEOUT_MS: u32 = 5000;

type OnSnapshot = Rc<dyn Fn(Snapshot, Vec<TradePrint>)>;
type OnStatus = Rc<dyn Fn(Status)>;

struct Inner {
    session: LiveSession,
    ws: Option<WebSocket>,
    ws_handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    /// Generation of the pending timer: a new plan supersedes older timers, which then
    /// fire and do nothing (one-shot JS-owned closures, so nothing leaks).
    timer_gen: u64,
    ticker: Option<Interval>,
    on_snapshot: OnSnapshot,
    on_status: OnStatus,
    stopped: bool,
}

/// A running live feed. Dropping it closes the socket and cancels every timer.
pub struct LiveDriver {
    inner: Rc<RefCell<Inner>>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The worker's global scope (timers and `fetch`).
fn scope() -> web_sys::WorkerGlobalScope {
    js_sys::global().unchecked_into()
}

impl LiveDriver {
    /// Starts the session; `on_snapshot` gets every new quote, `on_status` the status line.
    pub fn start(
        cfg: LiveConfig,
        on_snapshot: OnSnapshot,
        on_status: OnStatus,
    ) -> Result<LiveDriver, String> {
        let mut session = LiveSession::new(cfg);
        let cmds = session.start(now())?;
        let inner = Rc::new(RefCell::new(Inner {
            session,
            ws: None,
            ws_handlers: Vec::new(),
            timer_gen: 0,
            ticker: None,
            on_snapshot,
            on_status,
            stopped: false,
        }));
        let weak = Rc::downgrade(&inner);
        let ticker = Interval::new(1000, move || {
            if let Some(inner) = weak.upgrade() {
                let cmds = inner.borrow_mut().session.tick(now());
                execute(&inner, cmds);
                report(&inner);
            }
        });
        inner.borrow_mut().ticker = Some(ticker);
        execute(&inner, cmds);
        report(&inner);
        Ok(LiveDriver { inner })
    }
}

impl Drop for LiveDriver {
    fn drop(&mut self) {
        let mut i = self.inner.borrow_mut();
        i.stopped = true;
        close_ws(&mut i);
        i.timer_gen += 1;
        i.ticker = None;
    }
}

fn report(inner: &Rc<RefCell<Inner>>) {
    let (status, cb) = {
        let i = inner.borrow();
        (i.session.status(now()), i.on_status.clone())
    };
    cb(status);
}

fn close_ws(i: &mut Inner) {
    if let Some(ws) = i.ws.take() {
        ws.set_onopen(None);
        ws.set_onmessage(None);
        ws.set_onclose(None);
        ws.set_onerror(None);
        let _ = ws.close();
    }
    i.ws_handlers.clear();
}

/// Feeds an event's result back: snapshot out, commands executed, status reported.
fn handle(inner: &Rc<RefCell<Inner>>, market: Option<Market>, cmds: Vec<Command>) {
    if let Some((s, trades)) = market {
        let cb = inner.borrow().on_snapshot.clone();
        cb(s, trades);
    }
    execute(inner, cmds);
    report(inner);
}

fn execute(inner: &Rc<RefCell<Inner>>, cmds: Vec<Command>) {
    for cmd in cmds {
        if inner.borrow().stopped {
            return;
        }
        match cmd {
            Command::Connect { url, subscribe } => connect(inner, &url, subscribe),
            Command::Disconnect => close_ws(&mut inner.borrow_mut()),
            Command::Fetch { url, kind } => fetch(inner, url, kind),
            Command::Timer { ms } => {
                let gen = {
                    let mut i = inner.borrow_mut();
                    i.timer_gen += 1;
                    i.timer_gen
                };
                let weak = Rc::downgrade(inner);
                let fire = Closure::once_into_js(move || {
                    let Some(inner) = weak.upgrade() else { return };
                    if inner.borrow().timer_gen != gen || inner.borrow().stopped {
                        return;
                    }
                    let cmds = inner.borrow_mut().session.on_timer(now());
                    handle(&inner, None, cmds);
                });
                let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
                    fire.unchecked_ref(),
                    ms.clamp(0.0, 600_000.0) as i32,
                );
            }
        }
    }
}

fn connect(inner: &Rc<RefCell<Inner>>, url: &str, subscribe: Vec<String>) {
    close_ws(&mut inner.borrow_mut());
    let ws = match WebSocket::new(url) {
        Ok(ws) => ws,
        Err(e) => {
            let cmds = inner
                .borrow_mut()
                .session
                .on_error(Fault::Network(format!("cannot open {url}: {e:?}")), now());
            handle(inner, None, cmds);
            return;
        }
    };
    let weak = Rc::downgrade(inner);
    let ws2 = ws.clone();
    let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        for msg in &subscribe {
            let _ = ws2.send_with_str(msg);
        }
    });
    let w = weak.clone();
    let on_message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let Some(inner) = w.upgrade() else { return };
        let text = e
            .unchecked_into::<MessageEvent>()
            .data()
            .as_string()
            .unwrap_or_default();
        let (snap, cmds) = inner.borrow_mut().session.on_message(&text, now());
        handle(&inner, snap, cmds);
    });
    let w = weak.clone();
    let on_close = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let Some(inner) = w.upgrade() else { return };
        let e = e.unchecked_into::<CloseEvent>();
        let cmds = inner
            .borrow_mut()
            .session
            .on_close(e.code(), &e.reason(), now());
        handle(&inner, None, cmds);
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let mut i = inner.borrow_mut();
    i.ws = Some(ws);
    i.ws_handlers = vec![on_open, on_message, on_close];
}

fn fetch(inner: &Rc<RefCell<Inner>>, url: String, kind: FetchKind) {
    let weak = Rc::downgrade(inner);
    wasm_bindgen_futures::spawn_local(async move {
        let result = get(&url).await;
        let Some(inner) = weak.upgrade() else { return };
        if inner.borrow().stopped {
            return;
        }
        let (snap, cmds) = match result {
            Ok((status, body)) => inner
                .borrow_mut()
                .session
                .on_http(kind, status, &body, now()),
            // A failed trades request loses only those trades; the ticker drives faults.
            Err(_) if kind == FetchKind::Trades => (None, vec![]),
            Err(fault) => (None, inner.borrow_mut().session.on_error(fault, now())),
        };
        handle(&inner, snap, cmds);
    });
}

async fn get(url: &str) -> Result<(u16, String), Fault> {
    let controller =
        web_sys::AbortController::new().map_err(|e| Fault::Network(format!("{e:?}")))?;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let c2 = controller.clone();
    let _timeout = Timeout::new(FETCH_TIMEOUT_MS, move || c2.abort());
    let resp = JsFuture::from(scope().fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| {
            if controller.signal().aborted() {
                Fault::Timeout
            } else {
                Fault::Network(
                    e.as_string()
                        .unwrap_or_else(|| format!("{e:?}"))
                        .chars()
                        .take(120)
                        .collect(),
                )
            }
        })?;
    let resp: web_sys::Response = resp
        .dyn_into()
        .map_err(|_| Fault::Network("not a response".into()))?;
    let status = resp.status();
    let text = resp.text().map_err(|e| Fault::Network(format!("{e:?}")))?;
    let body = JsFuture::from(text).await.map_err(|_| {
        if controller.signal().aborted() {
            Fault::Timeout
        } else {
            Fault::Network("the response body could not be read".into())
        }
    })?;
    Ok((status, body.as_string().unwrap_or_default()))
}
