//! `spreadlab-bench`: the in-browser benchmark page (`#bench=1`, `#bench=slider`) as a wasm of
//! its own, so the app's first download carries none of it. The app loads it in its place
//! when the URL hash asks for it (`spreadlab::web::bench_wasm`). Natively there is nothing to
//! run: the native engine benchmark is `cargo bench`.

#[cfg(target_arch = "wasm32")]
fn main() {
    spreadlab::ui::start_bench();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "spreadlab-bench runs in the browser (index.html#bench=1, scripts/bench); \
         natively, `cargo bench` measures the engine"
    );
    std::process::exit(2);
}
