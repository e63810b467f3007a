//! Browser tests of the web glue (headless Chromium via wasm-bindgen-test-runner):
//! `cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use spreadlab::engine::feed::random_walk::{
    fingerprint, generate, RandomWalkParams, SEED7_FINGERPRINT,
};
use spreadlab::engine::sim::{run, trade_log_csv, SimParams, TRADE_LOG_HEADER};
use spreadlab::share::{Settings, View};
use spreadlab::web;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn url_hash_round_trip_through_the_real_location() {
    let mut s = Settings::default();
    s.config.spread_percentage = 0.0037;
    s.config.trading_pair = "ETH/USD".into();
    s.walk.seed = 1234;
    s.sim.seed = 1234;
    s.steps = 777;
    let view = View::default();
    web::hash::write(&s, &view);
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(hash.contains("spread_percentage=0.0037"), "{hash}");
    let back = web::hash::read();
    assert!(back.notices.is_empty(), "{:?}", back.notices);
    assert_eq!(back.settings, s);
}

#[wasm_bindgen_test]
async fn csv_download_blob_holds_the_trade_log() {
    let snaps = generate(&RandomWalkParams::default(), 2000).unwrap();
    let r = run(&Default::default(), &SimParams::default(), &snaps).unwrap();
    let csv = trade_log_csv(&r.trades);
    let blob = web::download::csv_blob(&csv).unwrap();
    assert_eq!(blob.type_(), "text/csv;charset=utf-8");
    let text = JsFuture::from(blob.text())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(text, csv);
    assert!(text.starts_with(TRADE_LOG_HEADER));
    assert_eq!(
        web::download::trades_file_name("BTC/USDT", 42),
        "trades_BTC-USDT_42.csv"
    );
    // The download itself runs without error in a real document.
    web::download::download_text("t.csv", &text).unwrap();
}

#[wasm_bindgen_test]
fn random_walk_is_bit_identical_to_native() {
    let p = RandomWalkParams {
        seed: 7,
        ..Default::default()
    };
    assert_eq!(fingerprint(&generate(&p, 1000).unwrap()), SEED7_FINGERPRINT);
}
