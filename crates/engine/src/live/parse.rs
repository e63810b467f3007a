//! Exact parsers for each venue's REST and WebSocket ticker messages, and typed faults.

use super::venue::Venue;
use crate::engine::feed::exchange::messages::coinbase_error;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// Where a quote's bid/ask came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookSource {
    /// Real best bid and ask from the venue.
    Venue,
    /// Only a last price was available; bid/ask synthesised around it.
    Synthesised,
}

/// One top-of-book observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quote {
    /// Best bid.
    pub bid: f64,
    /// Best ask.
    pub ask: f64,
    /// Last trade price (mid when the message has none).
    pub last: f64,
    /// Venue timestamp, Unix seconds, when the message carries one.
    pub time: Option<f64>,
    /// Real or synthesised book.
    pub source: BookSource,
    /// Quantity displayed at the best bid (0 when the message has none).
    pub bid_size: f64,
    /// Quantity displayed at the best ask (0 when the message has none).
    pub ask_size: f64,
}

impl Quote {
    /// This quote with the displayed sizes at the touch, when the message has them.
    fn with_sizes(self, bid: Option<&Value>, ask: Option<&Value>) -> Quote {
        let size = |v: Option<&Value>| {
            match v {
                Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
                Some(Value::Number(n)) => n.as_f64(),
                _ => None,
            }
            .filter(|x| x.is_finite() && *x > 0.0)
            .unwrap_or(0.0)
        };
        Quote {
            bid_size: size(bid),
            ask_size: size(ask),
            ..self
        }
    }
}

/// Everything that can go wrong with a live feed, for banners and retry decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Fault {
    /// No answer in time.
    Timeout,
    /// HTTP 429: the venue rate-limits us.
    RateLimited,
    /// HTTP 451: the venue refuses this region.
    Blocked,
    /// HTTP 5xx.
    Server(u16),
    /// Another unexpected HTTP status.
    Http(u16),
    /// The request failed before a response: offline, DNS, or refused by CORS (browsers do
    /// not say which).
    Network(String),
    /// The body was not the JSON we expect.
    Malformed(String),
    /// The venue answered with an error message.
    Venue(String),
    /// The WebSocket closed.
    Closed {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// No update for too long.
    Stale {
        /// Seconds since the last update.
        seconds: f64,
    },
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Timeout => f.write_str("the venue did not answer in time"),
            Fault::RateLimited => f.write_str("rate limited by the venue (HTTP 429); slowing down"),
            Fault::Blocked => f.write_str(
                "the venue refuses requests from this region (HTTP 451); try another venue",
            ),
            Fault::Server(s) => write!(f, "the venue's server failed (HTTP {s})"),
            Fault::Http(s) => write!(f, "unexpected HTTP status {s}"),
            Fault::Network(m) => write!(f, "network error or CORS refusal: {m}"),
            Fault::Malformed(m) => write!(f, "malformed message: {m}"),
            Fault::Venue(m) => write!(f, "venue error: {m}"),
            Fault::Closed { code, reason } => {
                write!(
                    f,
                    "connection closed (code {code}{})",
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(", {reason}")
                    }
                )
            }
            Fault::Stale { seconds } => write!(f, "no update for {seconds:.0} s"),
        }
    }
}

impl Fault {
    /// A fault from an HTTP status that is not 2xx.
    pub fn from_status(status: u16) -> Fault {
        match status {
            429 => Fault::RateLimited,
            451 => Fault::Blocked,
            500..=599 => Fault::Server(status),
            s => Fault::Http(s),
        }
    }
}

/// A [`Fault::Malformed`] saying `what` (cut to 120 characters).
pub(super) fn malformed(what: &str) -> Fault {
    Fault::Malformed(what.chars().take(120).collect())
}

/// A price from a JSON string or number; must be finite and > 0.
fn price(v: Option<&Value>, field: &str) -> Result<f64, Fault> {
    let x = match v {
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| malformed(&format!("{field} = {s:?} is not a number")))?,
        Some(Value::Number(n)) => n
            .as_f64()
            .ok_or_else(|| malformed(&format!("{field} is not a number")))?,
        Some(other) => return Err(malformed(&format!("{field} = {other} is not a price"))),
        None => return Err(malformed(&format!("missing {field}"))),
    };
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(malformed(&format!("{field} = {x} is not a positive price")))
    }
}

fn book(bid: f64, ask: f64, last: Option<f64>, time: Option<f64>) -> Result<Quote, Fault> {
    if bid > ask {
        return Err(malformed(&format!("crossed book: bid {bid} > ask {ask}")));
    }
    Ok(Quote {
        bid,
        ask,
        last: last.unwrap_or(0.5 * (bid + ask)),
        time,
        source: BookSource::Venue,
        bid_size: 0.0,
        ask_size: 0.0,
    })
}

/// `body` as JSON, or a malformed fault quoting its start.
pub(super) fn json(body: &str) -> Result<Value, Fault> {
    serde_json::from_str(body).map_err(|e| {
        let head: String = body.trim_start().chars().take(40).collect();
        malformed(&format!("not JSON ({e}); starts with {head:?}"))
    })
}

fn iso_time(v: Option<&Value>) -> Option<f64> {
    v.and_then(|t| t.as_str())
        .and_then(crate::engine::feed::csv_replay::parse_time)
}

/// The `result` object of a Kraken REST answer (`{"error":[…],"result":{…}}`), or the
/// venue's first error.
pub(super) fn kraken_result(v: &Value) -> Result<&serde_json::Map<String, Value>, Fault> {
    let errors = v
        .get("error")
        .and_then(|e| e.as_array())
        .ok_or_else(|| malformed("missing error array"))?;
    if let Some(e) = errors.first() {
        return Err(Fault::Venue(
            e.as_str().unwrap_or("unknown error").to_string(),
        ));
    }
    v.get("result")
        .and_then(|r| r.as_object())
        .ok_or_else(|| malformed("missing result"))
}

/// Parses a REST ticker response (any status).
pub fn parse_rest(venue: Venue, status: u16, body: &str) -> Result<Quote, Fault> {
    if !(200..300).contains(&status) {
        // Venues explain errors in JSON bodies; prefer their message for 4xx.
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
    match venue {
        Venue::Coinbase => {
            if let Some(m) = v.get("message").and_then(|m| m.as_str()) {
                return Err(Fault::Venue(m.to_string()));
            }
            let last = price(v.get("price"), "price").ok();
            book(
                price(v.get("bid"), "bid")?,
                price(v.get("ask"), "ask")?,
                last,
                iso_time(v.get("time")),
            )
        }
        Venue::Binance => {
            if let Some(m) = v.get("msg").and_then(|m| m.as_str()) {
                return Err(Fault::Venue(m.to_string()));
            }
            book(
                price(v.get("bidPrice"), "bidPrice")?,
                price(v.get("askPrice"), "askPrice")?,
                None,
                None,
            )
            .map(|q| q.with_sizes(v.get("bidQty"), v.get("askQty")))
        }
        Venue::Kraken => {
            let result = kraken_result(&v)?;
            let (_, t) = result
                .iter()
                .next()
                .ok_or_else(|| malformed("empty result"))?;
            let first = |k: &str| {
                t.get(k)
                    .and_then(|a| a.as_array())
                    .and_then(|a| a.first())
                    .cloned()
            };
            let last = price(first("c").as_ref(), "c[0]").ok();
            book(
                price(first("b").as_ref(), "b[0]")?,
                price(first("a").as_ref(), "a[0]")?,
                last,
                None,
            )
        }
    }
}

/// Parses one WebSocket message. `Ok(None)` for messages without prices (subscription
/// acknowledgements, heartbeats).
pub fn parse_ws(venue: Venue, text: &str) -> Result<Option<Quote>, Fault> {
    let v = json(text)?;
    match venue {
        Venue::Coinbase => match v.get("type").and_then(|t| t.as_str()) {
            Some("ticker") => {
                let last = price(v.get("price"), "price").ok();
                match (
                    price(v.get("best_bid"), "best_bid"),
                    price(v.get("best_ask"), "best_ask"),
                ) {
                    (Ok(b), Ok(a)) => book(b, a, last, iso_time(v.get("time"))).map(|q| {
                        Some(q.with_sizes(v.get("best_bid_size"), v.get("best_ask_size")))
                    }),
                    _ => {
                        // A ticker without a book: synthesise from the last price (flagged).
                        let p = last.ok_or_else(|| {
                            malformed("ticker without best_bid/best_ask or price")
                        })?;
                        Ok(Some(Quote {
                            bid: p,
                            ask: p,
                            last: p,
                            time: iso_time(v.get("time")),
                            source: BookSource::Synthesised,
                            bid_size: 0.0,
                            ask_size: 0.0,
                        }))
                    }
                }
            }
            Some("error") => Err(Fault::Venue(coinbase_error(&v))),
            Some(_) => Ok(None),
            None => Err(malformed("message without type")),
        },
        Venue::Binance => {
            if let Some(m) = v.get("msg").and_then(|m| m.as_str()) {
                return Err(Fault::Venue(m.to_string()));
            }
            // A combined stream wraps each message: {"stream": "...", "data": {...}}.
            let v = v
                .get("data")
                .filter(|_| v.get("stream").is_some())
                .unwrap_or(&v);
            if v.get("result").is_some() && v.get("b").is_none() {
                return Ok(None);
            }
            // Trades ride on the same stream (see `trades::parse_ws_trades`).
            if matches!(
                v.get("e").and_then(|e| e.as_str()),
                Some("trade" | "aggTrade")
            ) {
                return Ok(None);
            }
            book(price(v.get("b"), "b")?, price(v.get("a"), "a")?, None, None)
                .map(|q| Some(q.with_sizes(v.get("B"), v.get("A"))))
        }
        Venue::Kraken => {
            if v.get("method").and_then(|m| m.as_str()) == Some("subscribe") {
                return match v.get("success").and_then(|s| s.as_bool()) {
                    Some(false) => Err(Fault::Venue(
                        v.get("error")
                            .and_then(|e| e.as_str())
                            .unwrap_or("subscription refused")
                            .to_string(),
                    )),
                    _ => Ok(None),
                };
            }
            match v.get("channel").and_then(|c| c.as_str()) {
                Some("ticker") => {
                    let d = v
                        .get("data")
                        .and_then(|d| d.as_array())
                        .and_then(|a| a.first())
                        .ok_or_else(|| malformed("ticker without data"))?;
                    let last = price(d.get("last"), "last").ok();
                    book(
                        price(d.get("bid"), "bid")?,
                        price(d.get("ask"), "ask")?,
                        last,
                        None,
                    )
                    .map(|q| Some(q.with_sizes(d.get("bid_qty"), d.get("ask_qty"))))
                }
                Some(_) => Ok(None),
                None => Err(malformed("message without channel")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_rest(Venue::Binance, 429, ""), Err(Fault::RateLimited));
        assert_eq!(parse_rest(Venue::Binance, 451, "{}"), Err(Fault::Blocked));
        assert_eq!(
            parse_rest(Venue::Kraken, 503, "<html>"),
            Err(Fault::Server(503))
        );
        assert_eq!(
            parse_rest(
                Venue::Binance,
                400,
                r#"{"code":-1121,"msg":"Invalid symbol."}"#
            ),
            Err(Fault::Venue("Invalid symbol.".into()))
        );
        assert_eq!(
            parse_rest(Venue::Coinbase, 404, r#"{"message":"NotFound"}"#),
            Err(Fault::Venue("NotFound".into()))
        );
    }

    #[test]
    fn fault_messages_are_plain() {
        assert!(Fault::Closed {
            code: 1006,
            reason: String::new()
        }
        .to_string()
        .contains("1006"));
        assert!(Fault::Blocked.to_string().contains("another venue"));
    }
}
