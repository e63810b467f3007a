//! Any text as a venue's REST body or WebSocket message, and through the live session.
#![no_main]
use libfuzzer_sys::fuzz_target;
use spreadlab::live::parse::{parse_rest, parse_ws};
use spreadlab::live::session::{LiveConfig, LiveSession};
use spreadlab::live::Venue;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for venue in Venue::ALL {
        if let Ok(q) = parse_rest(venue, 200, &text) {
            assert!(q.bid > 0.0 && q.bid <= q.ask && q.ask.is_finite());
        }
        if let Ok(Some(q)) = parse_ws(venue, &text) {
            assert!(q.bid > 0.0 && q.bid <= q.ask && q.ask.is_finite());
        }
        let mut s = LiveSession::new(LiveConfig {
            venue,
            pair: "BTC/USDT".into(),
            ..Default::default()
        });
        let _ = s.start(0.0);
        let (snap, _) = s.on_message(&text, 1.0);
        if let Some(snap) = snap {
            assert!(snap.time.is_finite());
        }
    }
});
