//! Every venue's parser against recorded sample messages (tests/data/live/), including
//! malformed ones: typed results, never a panic.

use spreadlab::live::parse::{parse_rest, parse_ws, BookSource, Fault};
use spreadlab::live::Venue;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/data/live/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect(name)
}

#[test]
fn coinbase() {
    let q = parse_rest(Venue::Coinbase, 200, &sample("coinbase_rest_ticker.json")).unwrap();
    assert_eq!((q.bid, q.ask, q.last), (42012.34, 42012.35, 42012.34));
    assert_eq!(q.source, BookSource::Venue);
    assert!((q.time.unwrap() - 1_704_164_645.123456).abs() < 1e-5);
    let q = parse_ws(Venue::Coinbase, &sample("coinbase_ws_ticker.json"))
        .unwrap()
        .unwrap();
    assert_eq!((q.bid, q.ask), (42013.09, 42013.10));
    assert_eq!(
        parse_ws(Venue::Coinbase, &sample("coinbase_ws_subscriptions.json")).unwrap(),
        None
    );
    match parse_ws(Venue::Coinbase, &sample("coinbase_ws_error.json")) {
        Err(Fault::Venue(m)) => assert!(m.contains("not a valid product"), "{m}"),
        other => panic!("{other:?}"),
    }
    // A ticker without a book is synthesised from the last price, and says so.
    let q = parse_ws(
        Venue::Coinbase,
        r#"{"type":"ticker","price":"100.5","time":"2024-01-01T00:00:00Z"}"#,
    )
    .unwrap()
    .unwrap();
    assert_eq!(q.source, BookSource::Synthesised);
}

#[test]
fn binance() {
    let q = parse_rest(Venue::Binance, 200, &sample("binance_rest_bookticker.json")).unwrap();
    assert_eq!((q.bid, q.ask), (42011.99, 42012.0));
    let q = parse_ws(Venue::Binance, &sample("binance_ws_bookticker.json"))
        .unwrap()
        .unwrap();
    assert_eq!((q.bid, q.ask), (42011.99, 42012.0));
    assert_eq!(
        parse_rest(
            Venue::Binance,
            400,
            &sample("binance_rest_invalid_symbol.json")
        ),
        Err(Fault::Venue("Invalid symbol.".into()))
    );
}

#[test]
fn kraken() {
    let q = parse_rest(Venue::Kraken, 200, &sample("kraken_rest_ticker.json")).unwrap();
    assert_eq!((q.bid, q.ask, q.last), (42015.0, 42015.1, 42015.1));
    assert_eq!(
        parse_rest(Venue::Kraken, 200, &sample("kraken_rest_unknown_pair.json")),
        Err(Fault::Venue("EQuery:Unknown asset pair".into()))
    );
    let q = parse_ws(Venue::Kraken, &sample("kraken_ws_ticker.json"))
        .unwrap()
        .unwrap();
    assert_eq!((q.bid, q.ask), (42015.0, 42015.1));
    assert_eq!(
        parse_ws(Venue::Kraken, &sample("kraken_ws_subscribe_ack.json")).unwrap(),
        None
    );
    assert_eq!(
        parse_ws(Venue::Kraken, &sample("kraken_ws_heartbeat.json")).unwrap(),
        None
    );
}

#[test]
fn malformed_inputs_are_typed_errors() {
    let cases: &[(Venue, &str)] = &[
        (Venue::Binance, ""),
        (Venue::Binance, "<html><body>502 Bad Gateway</body></html>"),
        (Venue::Binance, r#"{"s":"BTCUSDT","b":"abc","a":"1"}"#),
        (Venue::Binance, r#"{"s":"BTCUSDT","b":"-1","a":"1"}"#),
        (Venue::Binance, r#"{"s":"BTCUSDT","b":"2","a":"1"}"#), // crossed
        (Venue::Binance, r#"{"s":"BTCUSDT","b":"NaN","a":"1"}"#),
        (Venue::Coinbase, r#"{"type":"ticker","best_bid":"1"}"#),
        (Venue::Coinbase, r#"{"product_id":"BTC-USD"}"#),
        (Venue::Kraken, r#"{"channel":"ticker","data":[]}"#),
        (
            Venue::Kraken,
            r#"{"channel":"ticker","data":[{"bid":null,"ask":1}]}"#,
        ),
        (Venue::Kraken, r#"[1,2,3]"#),
    ];
    for (venue, text) in cases {
        match parse_ws(*venue, text) {
            Err(Fault::Malformed(_)) => {}
            other => panic!("{venue:?} {text:?} -> {other:?}"),
        }
    }
    for (venue, body) in [
        (Venue::Kraken, r#"{"error":[],"result":{}}"#),
        (Venue::Kraken, r#"{"result":{}}"#),
        (Venue::Coinbase, "[]"),
    ] {
        assert!(
            matches!(parse_rest(venue, 200, body), Err(Fault::Malformed(_))),
            "{body}"
        );
    }
}
