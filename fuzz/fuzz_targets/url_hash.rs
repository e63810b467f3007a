//! Any text as a URL hash: never panics, and what it decodes to survives a round trip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use spreadlab::engine::settings::url_hash::{from_hash, to_hash};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let d = from_hash(&text);
    assert!(
        d.settings.config.validate().is_ok(),
        "decoded settings are always valid"
    );
    let again = from_hash(&to_hash(&d.settings, &d.view));
    assert_eq!(again.settings, d.settings);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
});
