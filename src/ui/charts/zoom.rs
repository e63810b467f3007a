//! The time window the charts show: zoom (wheel, `+`/`-`) around a step, pan (drag,
//! arrows), reset (double-click, `0`). All charts share one window, kept in the URL hash
//! (`zoom=from-to`).

/// Fewest steps a window shows.
pub const MIN_STEPS: u64 = 20;

/// The steps `[from, to)` shown of a run of `len` steps for `zoom` (clamped into the run;
/// the whole run when not zoomed or when the window no longer fits).
pub fn window(zoom: Option<(u64, u64)>, len: usize) -> (usize, usize) {
    match zoom {
        Some((a, b)) if (a as usize) + 2 <= len => (a as usize, (b as usize).min(len)),
        _ => (0, len),
    }
}

/// The window after zooming by `factor` (< 1 zooms in) around step `at`; `None` when it
/// covers the whole run.
pub fn zoomed(zoom: Option<(u64, u64)>, len: usize, at: f64, factor: f64) -> Option<(u64, u64)> {
    let (from, to) = window(zoom, len);
    let width = ((to - from) as f64 * factor).clamp(MIN_STEPS as f64, len as f64);
    let left_share = ((at - from as f64) / (to - from).max(1) as f64).clamp(0.0, 1.0);
    let start = (at - width * left_share).clamp(0.0, (len as f64 - width).max(0.0));
    fit(start, width, len)
}

/// The window moved by `steps` (negative: earlier).
pub fn panned(zoom: Option<(u64, u64)>, len: usize, steps: f64) -> Option<(u64, u64)> {
    let (from, to) = window(zoom, len);
    let width = (to - from) as f64;
    let start = (from as f64 + steps).clamp(0.0, (len as f64 - width).max(0.0));
    fit(start, width, len)
}

fn fit(start: f64, width: f64, len: usize) -> Option<(u64, u64)> {
    let from = start.round() as u64;
    let to = ((start + width).round() as u64).min(len as u64);
    (from > 0 || to < len as u64).then_some((from, to))
}
