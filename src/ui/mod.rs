//! The browser app (yew function components, one reducer). Compiled for wasm32 only.

mod app;
pub mod bench;
mod bench_slider;
pub mod canvas_backend;
pub mod charts;
mod controls;
mod kpis;
mod legend;
mod paper;
mod playback;
mod setting_control;
pub mod state;
mod sweep;
mod timing;
mod trades;
mod use_coalesced;
mod use_live;
mod use_sliced_run;
mod use_upload;

use std::rc::Rc;

/// A shared, immutable value compared by pointer (runs hold millions of points; deep
/// comparison on every render would cost more than drawing).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `n` with a space between groups of three digits ("4 767").
pub(crate) fn group_digits(n: usize) -> String {
    crate::engine::settings::group_digits(n as u64)
}

/// The page's `#app` element, once the panic banner is installed and the render timings
/// are set up (see [`timing::detect_bench`]).
fn prepare() -> Option<web_sys::Element> {
    crate::web::panic::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))?;
    timing::detect_bench();
    Some(root)
}

/// Mounts the app into `#app`, or, when the URL hash asks for the benchmark (`#bench=1`,
/// `#bench=slider`), loads the benchmark's own wasm instead ([`crate::web::bench_wasm`]).
pub fn start() {
    let Some(root) = prepare() else {
        return;
    };
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.contains("bench=1") || hash.contains("bench=slider") {
        if let Err(e) = crate::web::bench_wasm::load() {
            panic!("cannot load the benchmark: {e:?}");
        }
        return;
    }
    yew::Renderer::<app::App>::with_root(root).render();
    // After the first render: `?crash=` shows what a crash looks like.
    gloo::timers::callback::Timeout::new(100, crate::web::panic::self_test).forget();
}

/// Mounts the benchmark page into `#app` (the `spreadlab-bench` wasm's entry point).
pub fn start_bench() {
    if let Some(root) = prepare() {
        yew::Renderer::<bench::Bench>::with_root(root).render();
    }
}
