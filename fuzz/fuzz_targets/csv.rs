//! Any bytes into the CSV parser; whatever parses must simulate without NaN or panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use spreadlab::engine::config::MarketMakingConfig;
use spreadlab::engine::feed::{parse_csv, CsvOptions};
use spreadlab::engine::sim::{run, SimParams};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(feed) = parse_csv(&text, &CsvOptions::default()) {
        assert!(!feed.snapshots.is_empty());
        let snaps = &feed.snapshots[..feed.snapshots.len().min(2000)];
        let r = run(&MarketMakingConfig::default(), &SimParams::default(), snaps).unwrap();
        assert!(r.series.equity.iter().all(|e| e.is_finite()));
    }
});
