//! Canvas sizing shared by every canvas the app draws on (charts, sweep heatmap,
//! paper-experiment histograms).

use web_sys::HtmlCanvasElement;

/// Sizes a canvas to its CSS box times devicePixelRatio (at least `min_w` x `min_h` CSS
/// pixels) and returns (dpr, css width, css height).
pub(crate) fn fit_canvas(c: &HtmlCanvasElement, min_w: i32, min_h: i32) -> (f64, f64, f64) {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (cw, ch) = (
        c.client_width().max(min_w) as f64,
        c.client_height().max(min_h) as f64,
    );
    let (w, h) = ((cw * dpr).round() as u32, (ch * dpr).round() as u32);
    if c.width() != w || c.height() != h {
        c.set_width(w);
        c.set_height(h);
    }
    (dpr, cw, ch)
}
