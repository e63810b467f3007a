//! Any text as a config JSON file: an error or a valid config, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use spreadlab::engine::config::MarketMakingConfig;

fuzz_target!(|data: &[u8]| {
    if let Ok(cfg) = MarketMakingConfig::from_json(&String::from_utf8_lossy(data)) {
        assert!(cfg.validate().is_ok());
    }
});
