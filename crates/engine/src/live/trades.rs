//! Exact parsers for each venue's public trade feed: the WebSocket trade channel and the
//! REST recent-trades endpoint, to [`TradePrint`]s (time, price, quantity, aggressor side,
//! trade id). Side conventions, as the venues document them:
//! - Binance `m` / `isBuyerMaker`: `true` means the seller took liquidity;
//! - Coinbase `side` is the MAKER's side: `"sell"` means a buyer took liquidity;
//! - Kraken `side` (WebSocket) and `b`/`s` (REST) are the taker's side.
//!
//! The WebSocket messages are decoded by the engine's
//! [`crate::engine::feed::exchange::decode`], the same code that reads recorded
//! files, so a live session and its recording agree. [`TradeDedup`] drops the trades a REST
//! poll returns again.

use super::parse::{json, kraken_result, malformed, Fault};
use super::venue::Venue;
use crate::engine::feed::exchange::messages::{binance_trade, coinbase_trade};
use crate::engine::feed::exchange::{decode, fields, FieldError, VenueMessage};
use crate::engine::market::{Aggressor, TradePrint};
use serde_json::Value;
use std::collections::{HashSet, VecDeque};

fn field(e: FieldError) -> Fault {
    malformed(&e.to_string())
}

/// Parses one WebSocket message of a venue's trade channel (Binance `<symbol>@trade` or
/// `@aggTrade`, bare or in the combined-stream envelope; Coinbase `matches`, i.e. `match`
/// and `last_match`; Kraken v2 `trade`, snapshot or update). `Ok(vec![])` for messages
/// that are not trades (acknowledgements, heartbeats, status, other channels);
/// [`Fault::Venue`] for the venue's error messages; [`Fault::Malformed`] for bad JSON or
/// fields.
pub fn parse_ws_trades(venue: Venue, text: &str) -> Result<Vec<TradePrint>, Fault> {
    let v = json(text)?;
    if venue == Venue::Coinbase && v.get("type").is_none() {
        return Err(malformed("message without type"));
    }
    match decode(&v).map_err(field)? {
        VenueMessage::Data { trades, .. } => Ok(trades),
        VenueMessage::Skipped(_) => Ok(vec![]),
        VenueMessage::VenueError(m) => Err(Fault::Venue(m)),
    }
}

/// Parses a REST recent-trades response (any status): Binance `GET /api/v3/trades`,
/// Coinbase `GET /products/{id}/trades`, Kraken `GET /0/public/Trades`. The trades come
/// back oldest first (Coinbase answers newest first; they are reordered).
pub fn parse_rest_trades(venue: Venue, status: u16, body: &str) -> Result<Vec<TradePrint>, Fault> {
    if !(200..300).contains(&status) {
        if let Ok(v) = serde_json::from_str::<Value>(body) {
            let msg = v
                .get("message")
                .or_else(|| v.get("msg"))
                .and_then(|m| m.as_str());
            if let (Some(m), 400..=428 | 430..=450) = (msg, status) {
                return Err(Fault::Venue(m.to_string()));
            }
        }
        return Err(Fault::from_status(status));
    }
    let v = json(body)?;
    let mut trades = match venue {
        Venue::Binance => {
            if let Some(m) = v.get("msg").and_then(|m| m.as_str()) {
                return Err(Fault::Venue(m.to_string()));
            }
            rows(&v)?
                .iter()
                .map(binance_rest_trade)
                .collect::<Result<Vec<_>, _>>()
                .map_err(field)?
        }
        Venue::Coinbase => {
            if let Some(m) = v.get("message").and_then(|m| m.as_str()) {
                return Err(Fault::Venue(m.to_string()));
            }
            rows(&v)?
                .iter()
                .map(coinbase_trade)
                .collect::<Result<Vec<_>, _>>()
                .map_err(field)?
        }
        Venue::Kraken => kraken_rest(&v)?,
    };
    trades.sort_by(|a, b| a.time.total_cmp(&b.time).then(a.id.cmp(&b.id)));
    Ok(trades)
}

fn rows(v: &Value) -> Result<&Vec<Value>, Fault> {
    v.as_array()
        .ok_or_else(|| malformed("expected an array of trades"))
}

/// One row of Binance `GET /api/v3/trades`: the WebSocket fields under longer names.
fn binance_rest_trade(r: &Value) -> Result<TradePrint, FieldError> {
    let get = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let renamed = serde_json::json!({
        "t": get("id"),
        "p": get("price"),
        "q": get("qty"),
        "T": get("time"),
        "m": get("isBuyerMaker"),
    });
    binance_trade(&renamed, "t").map_err(|e| match e {
        FieldError::Missing { field } => FieldError::Missing {
            field: rest_name(&field).to_string(),
        },
        FieldError::Bad {
            field,
            value,
            expected,
        } => FieldError::Bad {
            field: rest_name(&field).to_string(),
            value,
            expected,
        },
        FieldError::OutOfRange { field, value } => FieldError::OutOfRange {
            field: rest_name(&field).to_string(),
            value,
        },
        other => other,
    })
}

fn rest_name(ws: &str) -> &str {
    match ws {
        "t" => "id",
        "p" => "price",
        "q" => "qty",
        "T" => "time",
        "m" => "isBuyerMaker",
        other => other,
    }
}

/// Kraken `GET /0/public/Trades`: `{"error":[],"result":{"<PAIR>":[[price, volume, time,
/// "b"|"s", "m"|"l", misc, trade_id], …], "last":"…"}}`.
fn kraken_rest(v: &Value) -> Result<Vec<TradePrint>, Fault> {
    let (_, rows) = kraken_result(v)?
        .iter()
        .find(|(k, _)| k.as_str() != "last")
        .ok_or_else(|| malformed("result without trades"))?;
    let rows = rows
        .as_array()
        .ok_or_else(|| malformed("trades are not an array"))?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| kraken_row(row).map_err(|e| malformed(&format!("trade {}: {e}", i + 1))))
        .collect()
}

fn kraken_row(row: &Value) -> Result<TradePrint, FieldError> {
    let cells = row.as_array().ok_or_else(|| FieldError::Bad {
        field: "trade".into(),
        value: row.to_string().chars().take(80).collect(),
        expected: "an array",
    })?;
    let cell = |i: usize, name: &str| -> Result<String, FieldError> {
        match cells.get(i) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(FieldError::Missing {
                field: name.to_string(),
            }),
        }
    };
    let time_text = cell(2, "time")?;
    let time = time_text
        .parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && *t >= 1e8 && *t < 1e11)
        .ok_or_else(|| FieldError::Bad {
            field: "time".into(),
            value: time_text.chars().take(80).collect(),
            expected: "Unix seconds",
        })?;
    let side = cell(3, "side")?;
    let aggressor = match side.as_str() {
        "b" => Aggressor::Buy,
        "s" => Aggressor::Sell,
        _ => {
            return Err(FieldError::Bad {
                field: "side".into(),
                value: side.chars().take(80).collect(),
                expected: "b or s",
            })
        }
    };
    Ok(TradePrint {
        time,
        price: fields::price("price", &cell(0, "price")?)?,
        qty: fields::size("volume", &cell(1, "volume")?)?,
        aggressor,
        // Older answers have six columns and no trade id.
        id: match cells.get(6) {
            Some(_) => fields::id("trade_id", &cell(6, "trade_id")?)?,
            None => 0,
        },
    })
}

/// Remembers the trade ids seen lately, in bounded memory, so overlapping REST polls
/// give each trade once. Holds the newest `capacity` ids; since a venue's ids increase,
/// an id at or below one it has forgotten is taken as seen. Trades without an id (0)
/// always pass. Use one per venue and market.
#[derive(Debug, Clone)]
pub struct TradeDedup {
    capacity: usize,
    order: VecDeque<u64>,
    seen: HashSet<u64>,
    /// The largest id forgotten so far (0: none).
    floor: u64,
}

impl Default for TradeDedup {
    fn default() -> Self {
        Self::new(TradeDedup::DEFAULT_CAPACITY)
    }
}

impl TradeDedup {
    /// Ids remembered by [`TradeDedup::default`]: ten REST pages of 1000.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// A filter remembering the newest `capacity` ids (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            order: VecDeque::new(),
            seen: HashSet::new(),
            floor: 0,
        }
    }

    /// Whether trade id `id` is new (and remembers it).
    pub fn is_new(&mut self, id: u64) -> bool {
        if id == 0 {
            return true;
        }
        if (self.floor > 0 && id <= self.floor) || !self.seen.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
                self.floor = self.floor.max(old);
            }
        }
        true
    }

    /// The trades of `trades` not seen before, in their order.
    pub fn fresh(&mut self, trades: Vec<TradePrint>) -> Vec<TradePrint> {
        trades.into_iter().filter(|t| self.is_new(t.id)).collect()
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no id is remembered.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(venue: Venue, text: &str) -> TradePrint {
        let t = parse_ws_trades(venue, text).unwrap();
        assert_eq!(t.len(), 1, "{text}");
        t[0]
    }

    #[test]
    fn binance_ws_trade_and_agg_trade() {
        // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
        let t = r#"{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}"#;
        assert_eq!(
            one(Venue::Binance, t),
            TradePrint {
                time: 1_672_515_782.136,
                price: 0.001,
                qty: 100.0,
                aggressor: Aggressor::Sell,
                id: 12345
            }
        );
        let env = format!(r#"{{"stream":"bnbbtc@trade","data":{t}}}"#);
        assert_eq!(one(Venue::Binance, &env).id, 12345);
        let a = r#"{"e":"aggTrade","E":1672515782136,"s":"BNBBTC","a":12345,"p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":false,"M":true}"#;
        assert_eq!(one(Venue::Binance, a).aggressor, Aggressor::Buy);
        assert_eq!(
            parse_ws_trades(Venue::Binance, r#"{"result":null,"id":1}"#),
            Ok(vec![])
        );
        assert_eq!(
            parse_ws_trades(
                Venue::Binance,
                r#"{"u":1,"s":"BNBUSDT","b":"1","B":"1","a":"2","A":"1"}"#
            ),
            Ok(vec![])
        );
        assert_eq!(
            parse_ws_trades(
                Venue::Binance,
                r#"{"code":2,"msg":"Invalid request: unknown stream"}"#
            ),
            Err(Fault::Venue("Invalid request: unknown stream".into()))
        );
        assert!(matches!(
            parse_ws_trades(Venue::Binance, &t.replace(r#""p":"0.001""#, r#""p":"0""#)),
            Err(Fault::Malformed(m)) if m.contains("field p")
        ));
        assert!(matches!(
            parse_ws_trades(Venue::Binance, "{\"e\":"),
            Err(Fault::Malformed(m)) if m.contains("not JSON")
        ));
    }

    #[test]
    fn coinbase_ws_matches() {
        // https://docs.cdp.coinbase.com/exchange/websocket-feed/channels#matches-channel
        let m = r#"{"type":"match","trade_id":10,"sequence":50,"maker_order_id":"ac928c66-ca53-498f-9c13-a110027a60e8","taker_order_id":"132fb6ae-456b-4654-b4e0-d681ac05cea1","time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}"#;
        let t = one(Venue::Coinbase, m);
        assert_eq!(
            (t.id, t.price, t.qty, t.aggressor),
            (10, 400.23, 5.23512, Aggressor::Buy)
        );
        assert!((t.time - 1_415_348_367.028459).abs() < 1e-6);
        let lm = m
            .replace(r#""type":"match""#, r#""type":"last_match""#)
            .replace(r#""side":"sell""#, r#""side":"buy""#);
        assert_eq!(one(Venue::Coinbase, &lm).aggressor, Aggressor::Sell);
        for ack in [
            r#"{"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]}"#,
            r#"{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}"#,
        ] {
            assert_eq!(parse_ws_trades(Venue::Coinbase, ack), Ok(vec![]), "{ack}");
        }
        assert_eq!(
            parse_ws_trades(
                Venue::Coinbase,
                r#"{"type":"error","message":"Failed to subscribe","reason":"BTC-XYZ is not a valid product"}"#
            ),
            Err(Fault::Venue(
                "Failed to subscribe: BTC-XYZ is not a valid product".into()
            ))
        );
        assert!(matches!(
            parse_ws_trades(Venue::Coinbase, &m.replace(r#""time":"2014-11-07T08:19:27.028459Z","#, "")),
            Err(Fault::Malformed(m)) if m == "missing field time"
        ));
        assert!(parse_ws_trades(Venue::Coinbase, "{}").is_err());
    }

    #[test]
    fn kraken_ws_trade() {
        // https://docs.kraken.com/api/docs/websocket-v2/trade
        let snap = r#"{"channel":"trade","type":"snapshot","data":[{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:48:36.925533Z"},{"symbol":"MATIC/USD","side":"sell","price":0.5146,"qty":100.0,"ord_type":"market","trade_id":4665847,"timestamp":"2023-09-25T07:49:37.708706Z"}]}"#;
        let t = parse_ws_trades(Venue::Kraken, snap).unwrap();
        assert_eq!(
            t.iter().map(|t| (t.id, t.aggressor)).collect::<Vec<_>>(),
            [(4665846, Aggressor::Buy), (4665847, Aggressor::Sell)]
        );
        let upd = snap.replace(r#""type":"snapshot""#, r#""type":"update""#);
        assert_eq!(parse_ws_trades(Venue::Kraken, &upd).unwrap().len(), 2);
        for msg in [
            r#"{"channel":"heartbeat"}"#,
            r#"{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":12393906104898154338,"system":"online","version":"2.0.0"}]}"#,
            r#"{"method":"subscribe","result":{"channel":"trade","snapshot":true,"symbol":"MATIC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"#,
        ] {
            assert_eq!(parse_ws_trades(Venue::Kraken, msg), Ok(vec![]), "{msg}");
        }
        assert_eq!(
            parse_ws_trades(
                Venue::Kraken,
                r#"{"error":"Currency pair not supported MATIC/XYZ","method":"subscribe","success":false,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"#
            ),
            Err(Fault::Venue("Currency pair not supported MATIC/XYZ".into()))
        );
        assert!(matches!(
            parse_ws_trades(Venue::Kraken, &snap.replace(r#""side":"buy""#, r#""side":"up""#)),
            Err(Fault::Malformed(m)) if m.contains("field side")
        ));
    }

    #[test]
    fn binance_rest() {
        // https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#recent-trades-list
        let body = r#"[{"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,"isBuyerMaker":true,"isBestMatch":true},{"id":28458,"price":"4.00000200","qty":"1.00000000","quoteQty":"4.000002","time":1499865549591,"isBuyerMaker":false,"isBestMatch":true}]"#;
        let t = parse_rest_trades(Venue::Binance, 200, body).unwrap();
        assert_eq!(
            t[0],
            TradePrint {
                time: 1_499_865_549.59,
                price: 4.000001,
                qty: 12.0,
                aggressor: Aggressor::Sell,
                id: 28457
            }
        );
        assert_eq!(t[1].aggressor, Aggressor::Buy);
        assert_eq!(parse_rest_trades(Venue::Binance, 200, "[]"), Ok(vec![]));
        assert_eq!(
            parse_rest_trades(
                Venue::Binance,
                400,
                r#"{"code":-1121,"msg":"Invalid symbol."}"#
            ),
            Err(Fault::Venue("Invalid symbol.".into()))
        );
        assert_eq!(
            parse_rest_trades(Venue::Binance, 429, ""),
            Err(Fault::RateLimited)
        );
        assert_eq!(
            parse_rest_trades(Venue::Binance, 451, "{}"),
            Err(Fault::Blocked)
        );
        assert!(matches!(
            parse_rest_trades(Venue::Binance, 200, &body.replace(r#""qty":"12.00000000""#, r#""qty":"-1""#)),
            Err(Fault::Malformed(m)) if m.contains("field qty")
        ));
        assert!(matches!(
            parse_rest_trades(Venue::Binance, 200, &body.replace(r#""isBuyerMaker":true,"#, "")),
            Err(Fault::Malformed(m)) if m == "missing field isBuyerMaker"
        ));
        assert!(matches!(
            parse_rest_trades(Venue::Binance, 200, "{}"),
            Err(Fault::Malformed(_))
        ));
    }

    #[test]
    fn coinbase_rest() {
        // https://docs.cdp.coinbase.com/exchange/reference/exchangerestapi_getproducttrades
        let body = r#"[{"time":"2024-01-02T03:04:06.500000Z","trade_id":74,"price":"42012.35","size":"0.01","side":"buy"},{"time":"2024-01-02T03:04:05.123456Z","trade_id":73,"price":"42012.34","size":"0.5","side":"sell"}]"#;
        let t = parse_rest_trades(Venue::Coinbase, 200, body).unwrap();
        // Newest first from the venue, oldest first here; side is the maker's.
        assert_eq!(
            t.iter().map(|t| (t.id, t.aggressor)).collect::<Vec<_>>(),
            [(73, Aggressor::Buy), (74, Aggressor::Sell)]
        );
        assert!((t[0].time - 1_704_164_645.123456).abs() < 1e-6);
        assert_eq!(
            parse_rest_trades(Venue::Coinbase, 404, r#"{"message":"NotFound"}"#),
            Err(Fault::Venue("NotFound".into()))
        );
        assert_eq!(
            parse_rest_trades(Venue::Coinbase, 200, r#"{"message":"Invalid product"}"#),
            Err(Fault::Venue("Invalid product".into()))
        );
        assert_eq!(
            parse_rest_trades(Venue::Coinbase, 503, "<html>"),
            Err(Fault::Server(503))
        );
    }

    #[test]
    fn kraken_rest() {
        // https://docs.kraken.com/api/docs/rest-api/get-recent-trades
        let body = r#"{"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"b","m","",61044952],["30243.30000","0.00376960",1688669598.2804112,"s","l","",61044953]],"last":"1688671969993150842"}}"#;
        let t = parse_rest_trades(Venue::Kraken, 200, body).unwrap();
        assert_eq!(
            t.iter()
                .map(|t| (t.id, t.aggressor, t.price))
                .collect::<Vec<_>>(),
            [
                (61044952, Aggressor::Buy, 30243.4),
                (61044953, Aggressor::Sell, 30243.3)
            ]
        );
        assert!((t[0].time - 1_688_669_597.827_737).abs() < 1e-5);
        // Older six-column answers have no trade id.
        let old = r#"{"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"b","m",""]],"last":"1"}}"#;
        assert_eq!(parse_rest_trades(Venue::Kraken, 200, old).unwrap()[0].id, 0);
        assert_eq!(
            parse_rest_trades(
                Venue::Kraken,
                200,
                r#"{"error":["EQuery:Unknown asset pair"]}"#
            ),
            Err(Fault::Venue("EQuery:Unknown asset pair".into()))
        );
        assert!(matches!(
            parse_rest_trades(Venue::Kraken, 200, &body.replace(r#""b","m""#, r#""x","m""#)),
            Err(Fault::Malformed(m)) if m.starts_with("trade 1: field side")
        ));
        assert!(matches!(
            parse_rest_trades(Venue::Kraken, 200, r#"{"error":[],"result":{"last":"1"}}"#),
            Err(Fault::Malformed(_))
        ));
    }

    #[test]
    fn never_panics_on_odd_bodies() {
        for venue in Venue::ALL {
            for body in [
                "",
                "null",
                "[]",
                "[1]",
                "[[]]",
                "{}",
                r#"{"error":[],"result":{"X":[[1]]}}"#,
                r#"{"type":"match"}"#,
                r#"{"channel":"trade","data":[1]}"#,
            ] {
                let _ = parse_rest_trades(venue, 200, body);
                let _ = parse_ws_trades(venue, body);
            }
        }
    }

    #[test]
    fn dedup_is_bounded_and_uses_increasing_ids() {
        let t = |id: u64| TradePrint {
            time: 1.0,
            price: 1.0,
            qty: 1.0,
            aggressor: Aggressor::Buy,
            id,
        };
        let mut d = TradeDedup::new(3);
        assert!(d.is_empty());
        let first = d.fresh(vec![t(1), t(2), t(0)]);
        assert_eq!(first.len(), 3);
        // An overlapping poll: only 3 and 4 are new; id 0 always passes.
        let second = d.fresh(vec![t(2), t(3), t(4), t(0)]);
        assert_eq!(second.iter().map(|t| t.id).collect::<Vec<_>>(), [3, 4, 0]);
        assert_eq!(d.len(), 3);
        // 1 was forgotten, but ids only increase: still a repeat.
        assert!(!d.is_new(1));
        for id in 5..10_000 {
            assert!(d.is_new(id));
        }
        assert_eq!(d.len(), 3);
        assert_eq!(TradeDedup::default().capacity, TradeDedup::DEFAULT_CAPACITY);
    }
}
