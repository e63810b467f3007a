//! The browser app (yew function components, one reducer). Compiled for wasm32 only.

mod app;
mod bench;
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

/// Installs the panic banner and mounts the app into `#app`.
pub fn start() {
    crate::web::panic::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    let Some(root) = root else {
        return;
    };
    timing::detect_bench();
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.contains("bench=1") || hash.contains("bench=slider") {
        yew::Renderer::<bench::Bench>::with_root(root).render();
    } else {
        yew::Renderer::<app::App>::with_root(root).render();
        // After the first render: `?crash=` shows what a crash looks like.
        gloo::timers::callback::Timeout::new(100, crate::web::panic::self_test).forget();
    }
}
