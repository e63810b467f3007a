//! Walks the settings table: every row round-trips through the URL hash, refuses values
//! outside its range with a message naming its key, and its default is allowed.
//! (`tests/cli.rs` walks it through `spreadlab run --set` too.)

use super::url_hash::{from_hash, to_hash, View};
use super::*;

#[test]
fn keys_are_unique_and_defaults_allowed() {
    let mut keys: Vec<&str> = TABLE.iter().map(|r| r.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), TABLE.len(), "duplicate keys");
    let d = Settings::default();
    d.check(None).unwrap();
}

#[test]
fn every_row_round_trips_through_the_hash() {
    for row in TABLE.iter() {
        let mut s = Settings::default();
        let example = row.example();
        s.set_text(row.key, &example)
            .unwrap_or_else(|e| panic!("{}: example {example}: {e}", row.key));
        assert_ne!(
            (row.get)(&s),
            row.default_value(),
            "{}: example is the default",
            row.key
        );
        let d = from_hash(&to_hash(&s, &View::default()));
        assert!(d.notices.is_empty(), "{}: {:?}", row.key, d.notices);
        assert_eq!(d.settings, s, "{}", row.key);
        assert_eq!(row.format(&d.settings), row.format(&s));
    }
}

#[test]
fn every_row_refuses_values_outside_its_range_naming_the_key() {
    for row in TABLE.iter() {
        let mut s = Settings::default();
        let bad = row.counterexample();
        let err = s.set_text(row.key, &bad).expect_err(row.key).to_string();
        assert!(err.starts_with(row.key), "{}: {err}", row.key);
        assert_eq!(
            s,
            Settings::default(),
            "{}: refused value changed settings",
            row.key
        );
        let d = from_hash(&format!("#{}={}", row.key, url_hash::encode(&bad)));
        assert_eq!(d.settings, Settings::default(), "{}", row.key);
        assert_eq!(d.notices.len(), 1, "{}", row.key);
    }
}

#[test]
fn every_choice_option_maps_to_a_value_and_back() {
    for row in TABLE.iter() {
        if let Kind::Choice(options) = row.kind {
            for (value, _) in options {
                let mut s = Settings::default();
                s.set_text(row.key, value).unwrap();
                assert_eq!(row.format(&s), *value, "{}", row.key);
            }
        }
    }
}

#[test]
fn long_input_is_cut_in_messages() {
    let mut s = Settings::default();
    let err = s
        .set_text("spread_percentage", &"9".repeat(10_000))
        .unwrap_err()
        .to_string();
    assert!(err.len() < 200, "{err}");
    let err = s
        .set_text("trading_pair", &"x".repeat(10_000))
        .unwrap_err()
        .to_string();
    assert!(err.len() < 250 && err.contains('…'), "{err}");
}

#[test]
fn headline_settings_are_spread_and_size() {
    let [a, b] = headline();
    assert_eq!(
        (a.key(), b.key()),
        ("spread_percentage", "order_size_percentage")
    );
}
