//! Browser tests of the web glue (headless Chromium via wasm-bindgen-test-runner):
//! `cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use spreadlab::engine::feed::random_walk::{
    fingerprint, generate, RandomWalkParams, SEED7_FINGERPRINT,
};
use spreadlab::engine::settings::url_hash::View;
use spreadlab::engine::settings::Settings;
use spreadlab::engine::sim::{run, trade_log_csv, SimParams, TRADE_LOG_HEADER};
use spreadlab::web;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn url_hash_round_trip_through_the_real_location() {
    let mut s = Settings::default();
    s.config.spread_percentage = 0.0037;
    s.config.trading_pair = "ETH/USD".into();
    s.walk.seed = 1234;
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

/// The order-flow model (ziggurat tables and draws, per-step streams) gives the same bits.
#[wasm_bindgen_test]
fn a_default_run_is_bit_identical_to_native() {
    use spreadlab::engine::sim::fingerprint::{
        default_run_seed7, run_fingerprint, DEFAULT_RUN_SEED7_FINGERPRINT,
    };
    assert_eq!(
        run_fingerprint(&default_run_seed7()),
        DEFAULT_RUN_SEED7_FINGERPRINT
    );
}

#[wasm_bindgen_test]
fn random_walk_is_bit_identical_to_native() {
    let p = RandomWalkParams {
        seed: 7,
        ..Default::default()
    };
    assert_eq!(fingerprint(&generate(&p, 1000).unwrap()), SEED7_FINGERPRINT);
}

/// Every chart draws real pixels without adding, removing or restyling a single element
/// of the page: text is measured by the canvas, so a redraw forces no page layout (and
/// the CSP needs no inline style attributes).
#[wasm_bindgen_test]
fn charts_draw_pixels_without_touching_the_page() {
    use spreadlab::ui::charts::{draw, ChartKind, ChartProps};
    use spreadlab::ui::Shared;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    body.append_child(&canvas).unwrap();
    let snaps = generate(&RandomWalkParams::default(), 20_000).unwrap();
    let result = run(&Default::default(), &SimParams::default(), &snaps).unwrap();
    assert!(!result.trades.is_empty());
    let result = Shared(std::rc::Rc::new(result));
    let props = |kind| ChartProps {
        kind,
        result: result.clone(),
        cursor: usize::MAX,
        max_exposure: 0.2,
        rebalance: 0.1,
        target: 0.0,
        epoch: 0,
        dark: false,
        compare: None,
        zoom: None,
        on_zoom: Default::default(),
    };
    // The first draw sizes the canvas (its width/height attributes); redraws do not.
    draw(&canvas, &props(ChartKind::Price)).unwrap();

    let noop = Closure::<dyn FnMut(JsValue, JsValue)>::new(|_, _| {});
    let observer = web_sys::MutationObserver::new(noop.as_ref().unchecked_ref()).unwrap();
    let opts = web_sys::MutationObserverInit::new();
    opts.set_child_list(true);
    opts.set_subtree(true);
    opts.set_attributes(true);
    opts.set_character_data(true);
    observer
        .observe_with_options(&document.document_element().unwrap(), &opts)
        .unwrap();
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    for kind in [ChartKind::Price, ChartKind::Inventory, ChartKind::Pnl] {
        draw(&canvas, &props(kind)).unwrap();
        let (w, h) = (canvas.width(), canvas.height());
        let pixels = context
            .get_image_data(0.0, 0.0, w as f64, h as f64)
            .unwrap()
            .data();
        let painted = pixels
            .chunks(4)
            .filter(|p| p[0] != 255 || p[1] != 255 || p[2] != 255)
            .count();
        // Lines, markers, labels and the legend cover a fair share of the canvas.
        assert!(
            painted > (w * h) as usize / 50,
            "{kind:?}: {painted} of {} pixels painted",
            w * h
        );
    }
    let records = observer.take_records();
    observer.disconnect();
    assert_eq!(
        records.length(),
        0,
        "drawing the charts mutated the page {} time(s)",
        records.length()
    );
    // A zoomed window draws only its steps.
    let zoomed = ChartProps {
        zoom: Some((100, 300)),
        ..props(ChartKind::Price)
    };
    let text = draw(&canvas, &zoomed).unwrap();
    assert!(text.contains("over 200 steps"), "{text}");
}

/// A recording sent as the load worker sends it: pieces of Float64Array columns posted
/// with their buffers transferred (here through a MessageChannel), rebuilt on the other
/// side bit for bit, NaN, -0 and 64-bit trade ids included.
#[wasm_bindgen_test]
async fn a_recording_crosses_a_message_channel_bit_for_bit() {
    use spreadlab::engine::feed::{DataFile, Recording};
    use spreadlab::engine::market::{Aggressor, Snapshot, TradePrint};
    use spreadlab::engine::sim::Clock;
    use spreadlab::jobs::columns::{split, Rebuild, PIECE_ROWS};
    use spreadlab::jobs::Reply;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let n = PIECE_ROWS + 1000;
    let file = DataFile {
        recording: Recording {
            snapshots: (0..n)
                .map(|i| Snapshot {
                    time: 1.7e9 + i as f64 / 3.0,
                    bid: 100.0 + i as f64 * 1e-7,
                    ask: 100.1,
                    last: if i % 7 == 0 { f64::NAN } else { 100.05 },
                    volume: -0.0,
                    low: f64::MIN_POSITIVE,
                    high: f64::INFINITY,
                    bid_size: 1e300,
                    ask_size: 0.1 + 0.2,
                })
                .collect(),
            trades: (0..500u64)
                .map(|i| TradePrint {
                    time: 1.7e9 + i as f64,
                    price: 100.0,
                    qty: 1.0 / 3.0,
                    aggressor: if i % 2 == 0 {
                        Aggressor::Buy
                    } else {
                        Aggressor::Sell
                    },
                    id: u64::MAX - i * 0x1_0000_0001,
                })
                .collect(),
            format: "test".into(),
            warnings: vec!["w".into()],
        },
        clock: Clock::Timestamps,
    };
    let (meta, pieces) = split(file.clone());
    assert_eq!(pieces.len(), 2);
    let mut rebuild = Rebuild::new(meta);
    let channel = web_sys::MessageChannel::new().unwrap();
    for columns in pieces {
        let (msg, transfer) = web::worker_message::reply(Reply::Rows { columns });
        let received = js_sys::Promise::new(&mut |resolve, _| {
            let on = Closure::once_into_js(move |e: web_sys::MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &e.data());
            });
            channel.port2().set_onmessage(Some(on.unchecked_ref()));
        });
        channel
            .port1()
            .post_message_with_transferable(&msg, &transfer)
            .unwrap();
        let data = JsFuture::from(received).await.unwrap();
        let (reply, arrays) = web::worker_message::read_reply(&data);
        assert!(matches!(reply, Reply::Rows { .. }), "{reply:?}");
        let (snaps, trades) = web::worker_message::columns(&arrays);
        rebuild.push(&snaps, &trades).unwrap();
    }
    let back = rebuild.finish().unwrap();
    assert_eq!(format!("{back:?}"), format!("{file:?}"));
    assert_eq!(back.recording.trades, file.recording.trades);
    let bits = |s: &[Snapshot]| s.iter().map(|s| s.volume.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&back.recording.snapshots),
        bits(&file.recording.snapshots)
    );
}

/// A job with a file beside it crosses a MessageChannel as the page posts it to a worker:
/// the job's bytes decode to the same job, and the file arrives as a `File`.
#[wasm_bindgen_test]
async fn a_job_crosses_a_message_channel() {
    use spreadlab::jobs::Job;
    use spreadlab::live::session::LiveConfig;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let job = Job::Live {
        config: LiveConfig {
            pair: "ETH/USDT".into(),
            seed: 42,
            ..Default::default()
        },
    };
    let parts = js_sys::Array::of1(&JsValue::from_str("timestamp,price\n1,2\n"));
    let file = web_sys::File::new_with_str_sequence(&parts, "p.csv").unwrap();
    let msg = web::worker_message::job(&job, &[file]);
    let channel = web_sys::MessageChannel::new().unwrap();
    let received = js_sys::Promise::new(&mut |resolve, _| {
        let on = Closure::once_into_js(move |e: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
        });
        channel.port2().set_onmessage(Some(on.unchecked_ref()));
    });
    channel.port1().post_message(&msg).unwrap();
    let data = JsFuture::from(received).await.unwrap();
    let files = js_sys::Reflect::get(&data, &"files".into()).unwrap();
    let files: js_sys::Array = files.dyn_into().unwrap();
    assert_eq!(files.length(), 1);
    let f: web_sys::File = files.get(0).dyn_into().unwrap();
    assert_eq!(f.name(), "p.csv");
    // Reading the file needs FileReaderSync (workers only); the job itself decodes here.
    let bytes: js_sys::Uint8Array = js_sys::Reflect::get(&data, &"msg".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let back: Job = spreadlab::jobs::wire::decode(&bytes.to_vec()).unwrap();
    assert_eq!(back, job);
}

/// The reducer hands a long run to the sliced-run hook: the new settings show at once
/// with the previous result, a result for a superseded run is dropped, the pending run's
/// result is shown, and a failed one brings the previous settings back.
#[wasm_bindgen_test]
fn a_long_run_is_pending_until_its_result_arrives() {
    use spreadlab::engine::run::run_for_window;
    use spreadlab::ui::state::{Action, State, SLICED_FROM_STEPS};
    use spreadlab::ui::Shared;
    use std::rc::Rc;
    use yew::Reducible;

    let settings = Settings {
        steps: SLICED_FROM_STEPS,
        ..Settings::default()
    };
    let s = Rc::new(State::new(settings.clone(), View::default(), vec![]));
    let first = s.pending.clone().expect("a long first run is pending");
    assert_eq!(s.steps(), 0, "nothing on screen yet");
    let s = s.reduce(Action::Set("spread_percentage", "0.004".into()));
    let second = s.pending.clone().expect("pending");
    assert!(second.id > first.id);
    assert_eq!(s.settings.config.spread_percentage, 0.004);
    assert_eq!(
        second.previous, settings,
        "the previous settings are the run on screen's"
    );
    let result = |p: &spreadlab::ui::state::PendingRun| {
        Shared(Rc::new(
            run_for_window(&p.settings, &p.feed.recording.snapshots, None).unwrap(),
        ))
    };
    // The superseded run's result is stale.
    let s = s.reduce(Action::RunDone {
        id: first.id,
        outcome: Ok((result(&first), None)),
    });
    assert_eq!(s.steps(), 0);
    assert!(s.pending.is_some());
    let s = s.reduce(Action::RunDone {
        id: second.id,
        outcome: Ok((result(&second), None)),
    });
    assert!(s.pending.is_none());
    assert_eq!(s.steps(), SLICED_FROM_STEPS);
    assert_eq!(s.settings.config.spread_percentage, 0.004);
    // A failure keeps the run on screen and its settings.
    let s = s.reduce(Action::Set("spread_percentage", "0.005".into()));
    let third = s.pending.clone().expect("pending");
    let s = s.reduce(Action::RunDone {
        id: third.id,
        outcome: Err("no".into()),
    });
    assert_eq!(s.settings.config.spread_percentage, 0.004);
    assert_eq!(s.run_error.as_deref(), Some("no"));
    // A short run is simulated in the reducer, and supersedes the pending one.
    let s = s.reduce(Action::Set("spread_percentage", "0.006".into()));
    assert!(s.pending.is_some());
    let s = s.reduce(Action::Set("steps", "5000".into()));
    assert!(s.pending.is_none());
    assert_eq!(s.steps(), 5000);
}
