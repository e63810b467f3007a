//! One venue WebSocket message decoded, whatever the venue: Binance (bare or in the
//! combined-stream envelope), Coinbase Exchange and Kraken WebSocket v2. Shared by the
//! file reader (WebSocket recordings, `lines.rs`) and the live trade parsers
//! ([`crate::live::trades`]), so each venue's conventions live in one place:
//! - Binance `m` is "the buyer is the maker": `true` means the seller took liquidity;
//! - Coinbase `side` is the MAKER's side: `"sell"` means a buyer took liquidity;
//! - Kraken `side` is the taker's side.

use super::fields::{self, json_required, json_text, FieldError};
use crate::engine::market::{Aggressor, TradePrint};
use serde_json::Value;

/// A top-of-book update as a venue sends it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BookTop {
    /// Venue time, Unix seconds, when the message carries one (Binance spot bookTicker
    /// does not).
    pub time: Option<f64>,
    /// Best bid.
    pub bid: f64,
    /// Quantity at the best bid.
    pub bid_size: f64,
    /// Best ask.
    pub ask: f64,
    /// Quantity at the best ask.
    pub ask_size: f64,
    /// Last trade price, when the message has one.
    pub last: Option<f64>,
}

/// Kinds of messages that carry no quote or trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Order-book depth updates (Binance `depthUpdate`, Coinbase `l2update`, Kraken `book`).
    DepthUpdate,
    /// A full depth snapshot (Binance REST `{"lastUpdateId":…}`, Coinbase `snapshot`).
    DepthSnapshot,
    /// Subscription acknowledgements, heartbeats and status messages.
    Control,
    /// Any other message (e.g. 24 h tickers, candles).
    Other,
}

/// What one message holds.
#[derive(Debug, Clone, PartialEq)]
pub enum VenueMessage {
    /// Quotes and/or trades.
    Data {
        /// Symbols named in the message, in order, without repeats.
        symbols: Vec<String>,
        /// Top-of-book updates.
        books: Vec<BookTop>,
        /// Trades.
        trades: Vec<TradePrint>,
        /// The venue's event time, Unix seconds, when the message has one.
        event_time: Option<f64>,
    },
    /// Nothing to use.
    Skipped(Skip),
    /// The venue reports an error (the message text).
    VenueError(String),
}

/// Decodes one parsed JSON message.
pub fn decode(v: &Value) -> Result<VenueMessage, FieldError> {
    if !v.is_object() {
        return Ok(VenueMessage::Skipped(Skip::Other));
    }
    if let (Some(data), Some(stream)) = (v.get("data"), v.get("stream").and_then(|s| s.as_str())) {
        return binance(data, Some(stream));
    }
    if let Some(t) = v.get("type").and_then(|t| t.as_str()) {
        if v.get("channel").is_none() {
            return coinbase(t, v);
        }
    }
    if v.get("channel").is_some() || v.get("method").is_some() {
        return kraken(v);
    }
    binance(v, None)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn add_symbol(symbols: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s.filter(|s| !s.is_empty()) {
        if !symbols.contains(&s) {
            symbols.push(s);
        }
    }
}

fn data(symbols: Vec<String>, books: Vec<BookTop>, trades: Vec<TradePrint>) -> VenueMessage {
    let event_time = books
        .iter()
        .filter_map(|b| b.time)
        .chain(trades.iter().map(|t| t.time))
        .reduce(f64::max);
    VenueMessage::Data {
        symbols,
        books,
        trades,
        event_time,
    }
}

fn book(
    v: &Value,
    names: [&str; 4],
    last: Option<f64>,
    time: Option<f64>,
) -> Result<BookTop, FieldError> {
    let bid = fields::price(names[0], &json_required(v, names[0])?)?;
    let bid_size = fields::size(names[1], &json_required(v, names[1])?)?;
    let ask = fields::price(names[2], &json_required(v, names[2])?)?;
    let ask_size = fields::size(names[3], &json_required(v, names[3])?)?;
    if bid > ask {
        return Err(FieldError::Crossed);
    }
    Ok(BookTop {
        time,
        bid,
        bid_size,
        ask,
        ask_size,
        last,
    })
}

fn optional_ms(v: &Value, field: &str) -> Result<Option<f64>, FieldError> {
    json_text(v, field)?
        .map(|t| fields::epoch_ms_or_us(field, &t))
        .transpose()
}

/// Binance: a stream payload (`stream` names it when it came in the envelope).
fn binance(v: &Value, stream: Option<&str>) -> Result<VenueMessage, FieldError> {
    let stream_symbol = stream
        .and_then(|s| s.split('@').next())
        .map(|s| s.to_ascii_uppercase());
    let mut symbols = Vec::new();
    let symbol = json_text(v, "s")?.or(stream_symbol);
    match v.get("e").and_then(|e| e.as_str()) {
        Some(kind @ ("trade" | "aggTrade")) => {
            let id_field = if kind == "trade" { "t" } else { "a" };
            add_symbol(&mut symbols, symbol);
            let t = binance_trade(v, id_field)?;
            Ok(data(symbols, vec![], vec![t]))
        }
        Some("bookTicker") => {
            // Futures: transaction time T, event time E.
            let time = match optional_ms(v, "T")? {
                Some(t) => Some(t),
                None => optional_ms(v, "E")?,
            };
            add_symbol(&mut symbols, symbol);
            Ok(data(
                symbols,
                vec![book(v, ["b", "B", "a", "A"], None, time)?],
                vec![],
            ))
        }
        Some("depthUpdate") => Ok(VenueMessage::Skipped(Skip::DepthUpdate)),
        Some(_) => Ok(VenueMessage::Skipped(Skip::Other)),
        None => {
            if v.get("lastUpdateId").is_some() {
                if v.get("bidPrice").is_some() {
                    // REST bookTicker answer: no time, treated like the spot stream.
                    add_symbol(&mut symbols, symbol);
                    let b = book(v, ["bidPrice", "bidQty", "askPrice", "askQty"], None, None)?;
                    return Ok(data(symbols, vec![b], vec![]));
                }
                return Ok(VenueMessage::Skipped(Skip::DepthSnapshot));
            }
            if let Some(m) = v.get("msg").and_then(|m| m.as_str()) {
                return Ok(VenueMessage::VenueError(m.to_string()));
            }
            if let Some(e) = v.get("error") {
                let m = e.get("msg").map(text).unwrap_or_else(|| text(e));
                return Ok(VenueMessage::VenueError(m));
            }
            if v.get("u").is_some() && v.get("b").is_some() && v.get("a").is_some() {
                // Spot bookTicker: no time at all.
                add_symbol(&mut symbols, symbol);
                let b = book(v, ["b", "B", "a", "A"], None, None)?;
                return Ok(data(symbols, vec![b], vec![]));
            }
            if v.get("id").is_some() && v.get("result").is_some() {
                return Ok(VenueMessage::Skipped(Skip::Control));
            }
            if v.get("bids").is_some() && v.get("asks").is_some() {
                return Ok(VenueMessage::Skipped(Skip::DepthSnapshot));
            }
            Ok(VenueMessage::Skipped(Skip::Other))
        }
    }
}

/// A Binance `trade` (`id_field` = `t`) or `aggTrade` (`a`) payload.
pub(crate) fn binance_trade(v: &Value, id_field: &str) -> Result<TradePrint, FieldError> {
    let maker_is_buyer = match v.get("m") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Null) | None => {
            return Err(FieldError::Missing {
                field: "m".to_string(),
            })
        }
        Some(other) => fields::flag("m", &text(other))?,
    };
    Ok(TradePrint {
        time: fields::epoch_ms_or_us("T", &json_required(v, "T")?)?,
        price: fields::price("p", &json_required(v, "p")?)?,
        qty: fields::size("q", &json_required(v, "q")?)?,
        aggressor: if maker_is_buyer {
            Aggressor::Sell
        } else {
            Aggressor::Buy
        },
        id: fields::id(id_field, &json_required(v, id_field)?)?,
    })
}

/// Coinbase Exchange: a message with `type`.
fn coinbase(kind: &str, v: &Value) -> Result<VenueMessage, FieldError> {
    let mut symbols = Vec::new();
    match kind {
        "ticker" => {
            let time = json_text(v, "time")?
                .map(|t| fields::iso("time", &t))
                .transpose()?;
            let last = json_text(v, "price")?
                .map(|p| fields::price("price", &p))
                .transpose()?;
            add_symbol(&mut symbols, json_text(v, "product_id")?);
            let b = book(
                v,
                ["best_bid", "best_bid_size", "best_ask", "best_ask_size"],
                last,
                time,
            )?;
            Ok(data(symbols, vec![b], vec![]))
        }
        "match" | "last_match" => {
            add_symbol(&mut symbols, json_text(v, "product_id")?);
            Ok(data(symbols, vec![], vec![coinbase_trade(v)?]))
        }
        "error" => Ok(VenueMessage::VenueError(coinbase_error(v))),
        "subscriptions" | "heartbeat" | "status" => Ok(VenueMessage::Skipped(Skip::Control)),
        "l2update" => Ok(VenueMessage::Skipped(Skip::DepthUpdate)),
        "snapshot" => Ok(VenueMessage::Skipped(Skip::DepthSnapshot)),
        _ => Ok(VenueMessage::Skipped(Skip::Other)),
    }
}

/// A Coinbase trade: a `match` message or one row of REST `/products/{id}/trades` (the
/// same fields). `side` is the maker's side.
pub(crate) fn coinbase_trade(v: &Value) -> Result<TradePrint, FieldError> {
    let side = json_required(v, "side")?;
    let aggressor = match side.as_str() {
        "sell" => Aggressor::Buy,
        "buy" => Aggressor::Sell,
        _ => return Err(bad_side("side", &side)),
    };
    Ok(TradePrint {
        time: fields::iso("time", &json_required(v, "time")?)?,
        price: fields::price("price", &json_required(v, "price")?)?,
        qty: fields::size("size", &json_required(v, "size")?)?,
        aggressor,
        id: fields::id("trade_id", &json_required(v, "trade_id")?)?,
    })
}

fn bad_side(field: &str, value: &str) -> FieldError {
    FieldError::Bad {
        field: field.to_string(),
        value: super::error::cut(value),
        expected: "buy or sell",
    }
}

/// Kraken WebSocket v2: a message with `channel` or `method`.
fn kraken(v: &Value) -> Result<VenueMessage, FieldError> {
    if v.get("method").is_some() {
        return Ok(match v.get("success").and_then(|s| s.as_bool()) {
            Some(false) => VenueMessage::VenueError(
                v.get("error")
                    .map(text)
                    .unwrap_or_else(|| "request refused".to_string()),
            ),
            _ => VenueMessage::Skipped(Skip::Control),
        });
    }
    let rows = || -> Result<&Vec<Value>, FieldError> {
        v.get("data")
            .and_then(|d| d.as_array())
            .ok_or_else(|| FieldError::Missing {
                field: "data".to_string(),
            })
    };
    let mut symbols = Vec::new();
    match v.get("channel").and_then(|c| c.as_str()) {
        Some("ticker") => {
            let mut books = Vec::new();
            for d in rows()? {
                add_symbol(&mut symbols, json_text(d, "symbol")?);
                let time = json_text(d, "timestamp")?
                    .map(|t| fields::iso("timestamp", &t))
                    .transpose()?;
                let last = json_text(d, "last")?
                    .map(|p| fields::price("last", &p))
                    .transpose()?;
                books.push(book(d, ["bid", "bid_qty", "ask", "ask_qty"], last, time)?);
            }
            Ok(data(symbols, books, vec![]))
        }
        Some("trade") => {
            let mut trades = Vec::new();
            for d in rows()? {
                add_symbol(&mut symbols, json_text(d, "symbol")?);
                trades.push(kraken_trade(d)?);
            }
            Ok(data(symbols, vec![], trades))
        }
        Some("book") => Ok(VenueMessage::Skipped(
            if v.get("type").and_then(|t| t.as_str()) == Some("snapshot") {
                Skip::DepthSnapshot
            } else {
                Skip::DepthUpdate
            },
        )),
        Some("heartbeat" | "status") => Ok(VenueMessage::Skipped(Skip::Control)),
        _ => Ok(VenueMessage::Skipped(Skip::Other)),
    }
}

fn kraken_trade(d: &Value) -> Result<TradePrint, FieldError> {
    let side = json_required(d, "side")?;
    let aggressor = match side.as_str() {
        "buy" => Aggressor::Buy,
        "sell" => Aggressor::Sell,
        _ => return Err(bad_side("side", &side)),
    };
    Ok(TradePrint {
        time: fields::iso("timestamp", &json_required(d, "timestamp")?)?,
        price: fields::price("price", &json_required(d, "price")?)?,
        qty: fields::size("qty", &json_required(d, "qty")?)?,
        aggressor,
        id: fields::id("trade_id", &json_required(d, "trade_id")?)?,
    })
}

/// A Coinbase `error` message's text: its `message` and `reason`, joined.
pub fn coinbase_error(v: &Value) -> String {
    [v.get("message"), v.get("reason")]
        .iter()
        .flatten()
        .filter_map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Result<VenueMessage, FieldError> {
        decode(&serde_json::from_str(s).unwrap())
    }

    fn trades(m: VenueMessage) -> Vec<TradePrint> {
        match m {
            VenueMessage::Data { trades, .. } => trades,
            other => panic!("{other:?}"),
        }
    }

    fn books(m: VenueMessage) -> (Vec<String>, Vec<BookTop>) {
        match m {
            VenueMessage::Data { symbols, books, .. } => (symbols, books),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binance_trade_and_agg_trade_bare_and_enveloped() {
        // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#trade-streams
        let t = r#"{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}"#;
        let got = trades(dec(t).unwrap());
        assert_eq!(
            got,
            [TradePrint {
                time: 1_672_515_782.136,
                price: 0.001,
                qty: 100.0,
                aggressor: Aggressor::Sell,
                id: 12345
            }]
        );
        let env = format!(r#"{{"stream":"bnbbtc@trade","data":{t}}}"#);
        assert_eq!(trades(dec(&env).unwrap()), got);
        let a = r#"{"e":"aggTrade","E":1672515782136,"s":"BNBBTC","a":12345,"p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":false,"M":true}"#;
        let got = trades(dec(a).unwrap());
        assert_eq!((got[0].id, got[0].aggressor), (12345, Aggressor::Buy));
        match dec(a).unwrap() {
            VenueMessage::Data {
                symbols,
                event_time,
                ..
            } => {
                assert_eq!(symbols, ["BNBBTC"]);
                assert_eq!(event_time, Some(1_672_515_782.136));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binance_book_tickers_spot_and_futures() {
        let spot = r#"{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}"#;
        let (sym, b) = books(dec(spot).unwrap());
        assert_eq!(sym, ["BNBUSDT"]);
        assert_eq!(
            b[0],
            BookTop {
                time: None,
                bid: 25.3519,
                bid_size: 31.21,
                ask: 25.3652,
                ask_size: 40.66,
                last: None
            }
        );
        let fut = r#"{"e":"bookTicker","u":400900217,"E":1568014460893,"T":1568014460891,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}"#;
        let (_, b) = books(dec(fut).unwrap());
        assert_eq!(b[0].time, Some(1_568_014_460.891));
        let crossed = spot.replace("25.36520000", "25.30000000");
        assert_eq!(dec(&crossed), Err(FieldError::Crossed));
    }

    #[test]
    fn binance_skips_and_errors() {
        for (m, want) in [
            (
                r#"{"e":"depthUpdate","E":1,"s":"BNBBTC","U":157,"u":160,"b":[],"a":[]}"#,
                Skip::DepthUpdate,
            ),
            (
                r#"{"lastUpdateId":1027024,"bids":[["4.0","431.0"]],"asks":[["4.000002","12.0"]]}"#,
                Skip::DepthSnapshot,
            ),
            (r#"{"result":null,"id":1}"#, Skip::Control),
            (
                r#"{"e":"24hrTicker","E":1,"s":"BNBBTC","c":"1"}"#,
                Skip::Other,
            ),
        ] {
            assert_eq!(dec(m), Ok(VenueMessage::Skipped(want)), "{m}");
        }
        assert_eq!(
            dec(r#"{"code":2,"msg":"Invalid request: unknown variant"}"#),
            Ok(VenueMessage::VenueError(
                "Invalid request: unknown variant".into()
            ))
        );
        assert_eq!(
            dec(r#"{"error":{"code":2,"msg":"Invalid request"},"id":1}"#),
            Ok(VenueMessage::VenueError("Invalid request".into()))
        );
    }

    #[test]
    fn coinbase_ticker_match_and_others() {
        // https://docs.cdp.coinbase.com/exchange/websocket-feed/channels
        let ticker = r#"{"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79","volume_24h":"245532.79269678","low_24h":"1280.52","high_24h":"1313.8","volume_30d":"9788783.60117027","best_bid":"1285.04","best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}"#;
        let (sym, b) = books(dec(ticker).unwrap());
        assert_eq!(sym, ["ETH-USD"]);
        assert_eq!(
            (b[0].bid, b[0].ask_size, b[0].last),
            (1285.04, 1.5663704, Some(1285.22))
        );
        assert!((b[0].time.unwrap() - 1_666_222_102.061769).abs() < 1e-6);
        let m = r#"{"type":"match","trade_id":10,"sequence":50,"maker_order_id":"ac928c66-ca53-498f-9c13-a110027a60e8","taker_order_id":"132fb6ae-456b-4654-b4e0-d681ac05cea1","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}"#;
        let t = trades(dec(m).unwrap());
        assert_eq!(
            (t[0].id, t[0].qty, t[0].aggressor),
            (10, 5.23512, Aggressor::Buy)
        );
        let lm = m
            .replace(r#""type":"match""#, r#""type":"last_match""#)
            .replace(r#""side":"sell""#, r#""side":"buy""#);
        assert_eq!(trades(dec(&lm).unwrap())[0].aggressor, Aggressor::Sell);
        assert!(dec(&m.replace(r#""side":"sell""#, r#""side":"up""#)).is_err());
        for (msg, want) in [
            (
                r#"{"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]}"#,
                Skip::Control,
            ),
            (
                r#"{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}"#,
                Skip::Control,
            ),
            (
                r#"{"type":"l2update","product_id":"BTC-USD","changes":[["buy","1.0","0.1"]],"time":"2019-08-14T20:42:27.265Z"}"#,
                Skip::DepthUpdate,
            ),
            (
                r#"{"type":"snapshot","product_id":"BTC-USD","bids":[],"asks":[]}"#,
                Skip::DepthSnapshot,
            ),
        ] {
            assert_eq!(dec(msg), Ok(VenueMessage::Skipped(want)), "{msg}");
        }
        assert_eq!(
            dec(
                r#"{"type":"error","message":"Failed to subscribe","reason":"XYZ-USD is not a valid product"}"#
            ),
            Ok(VenueMessage::VenueError(
                "Failed to subscribe: XYZ-USD is not a valid product".into()
            ))
        );
    }

    #[test]
    fn kraken_ticker_trade_and_others() {
        // https://docs.kraken.com/api/docs/websocket-v2/ticker and /trade
        let ticker = r#"{"channel":"ticker","type":"snapshot","data":[{"symbol":"ALGO/USD","bid":0.10025,"bid_qty":740.0,"ask":0.10036,"ask_qty":1361.44813783,"last":0.10035,"volume":997038.98383185,"vwap":0.10148,"low":0.09979,"high":0.10285,"change":-0.00017,"change_pct":-0.17}]}"#;
        let (sym, b) = books(dec(ticker).unwrap());
        assert_eq!(sym, ["ALGO/USD"]);
        assert_eq!(
            (b[0].bid, b[0].ask_size, b[0].last, b[0].time),
            (0.10025, 1361.44813783, Some(0.10035), None)
        );
        let trade = r#"{"channel":"trade","type":"update","data":[{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:49:37.708706Z"},{"symbol":"MATIC/USD","side":"sell","price":0.5146,"qty":1.0,"ord_type":"market","trade_id":4665847,"timestamp":"2023-09-25T07:49:37.708706Z"}]}"#;
        let t = trades(dec(trade).unwrap());
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].aggressor, t[0].id, t[1].aggressor),
            (Aggressor::Buy, 4665846, Aggressor::Sell)
        );
        for (msg, want) in [
            (r#"{"channel":"heartbeat"}"#, Skip::Control),
            (
                r#"{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.0"}]}"#,
                Skip::Control,
            ),
            (
                r#"{"method":"subscribe","result":{"channel":"trade","snapshot":true,"symbol":"MATIC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"#,
                Skip::Control,
            ),
            (
                r#"{"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[],"asks":[],"checksum":1,"timestamp":"2023-10-06T17:35:55.440295Z"}]}"#,
                Skip::DepthUpdate,
            ),
        ] {
            assert_eq!(dec(msg), Ok(VenueMessage::Skipped(want)), "{msg}");
        }
        assert_eq!(
            dec(
                r#"{"method":"subscribe","success":false,"error":"Currency pair not supported","time_in":"x","time_out":"y"}"#
            ),
            Ok(VenueMessage::VenueError(
                "Currency pair not supported".into()
            ))
        );
        assert_eq!(
            dec(r#"{"channel":"trade","type":"update"}"#),
            Err(FieldError::Missing {
                field: "data".into()
            })
        );
    }
}
