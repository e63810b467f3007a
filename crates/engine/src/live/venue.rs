//! Venues, their symbols for a `BASE/QUOTE` pair, and their endpoints.

use serde::{Deserialize, Serialize};

/// A public market-data source (no API key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Venue {
    /// Coinbase Exchange.
    Coinbase,
    /// Binance (spot).
    Binance,
    /// Kraken.
    Kraken,
}

/// Base URLs, configurable for proxies and tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Endpoints {
    /// Coinbase REST base.
    pub coinbase_rest: String,
    /// Coinbase WebSocket URL.
    pub coinbase_ws: String,
    /// Binance REST base.
    pub binance_rest: String,
    /// Binance WebSocket base (streams under `/ws/<stream>`).
    pub binance_ws: String,
    /// Kraken REST base.
    pub kraken_rest: String,
    /// Kraken WebSocket v2 URL.
    pub kraken_ws: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Self {
            coinbase_rest: "https://api.exchange.coinbase.com".into(),
            coinbase_ws: "wss://ws-feed.exchange.coinbase.com".into(),
            binance_rest: "https://api.binance.com".into(),
            binance_ws: "wss://stream.binance.com:9443".into(),
            kraken_rest: "https://api.kraken.com".into(),
            kraken_ws: "wss://ws.kraken.com/v2".into(),
        }
    }
}

impl Endpoints {
    /// Endpoints of a single mock server at `base` (e.g. `http://127.0.0.1:4000`), using the
    /// layout of `tests/mock_exchange/server.mjs`.
    pub fn mock(base: &str) -> Self {
        let ws = base.replacen("http", "ws", 1);
        Self {
            coinbase_rest: format!("{base}/coinbase"),
            coinbase_ws: format!("{ws}/coinbase/ws"),
            binance_rest: format!("{base}/binance"),
            binance_ws: format!("{ws}/binance"),
            kraken_rest: format!("{base}/kraken"),
            kraken_ws: format!("{ws}/kraken/v2"),
        }
    }
}

/// Why a pair cannot be used on a venue.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlistedPair {
    /// Venue.
    pub venue: Venue,
    /// Pair as given.
    pub pair: String,
    /// Explanation.
    pub reason: String,
}

impl std::fmt::Display for UnlistedPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} does not list {}: {}",
            self.venue.label(),
            self.pair,
            self.reason
        )
    }
}

impl Venue {
    /// Every venue, in fallback order.
    pub const ALL: [Venue; 3] = [Venue::Coinbase, Venue::Binance, Venue::Kraken];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Venue::Coinbase => "Coinbase",
            Venue::Binance => "Binance",
            Venue::Kraken => "Kraken",
        }
    }

    /// Short name for URLs.
    pub fn name(self) -> &'static str {
        match self {
            Venue::Coinbase => "coinbase",
            Venue::Binance => "binance",
            Venue::Kraken => "kraken",
        }
    }

    /// Looks a venue up by name.
    pub fn from_name(s: &str) -> Option<Venue> {
        Venue::ALL.into_iter().find(|v| v.name() == s)
    }

    /// The venue's symbol for `BASE/QUOTE` (REST form).
    pub fn symbol(self, pair: &str) -> Result<String, UnlistedPair> {
        let unlisted = |reason: &str| UnlistedPair {
            venue: self,
            pair: pair.to_string(),
            reason: reason.to_string(),
        };
        let (base, quote) = pair
            .split_once('/')
            .filter(|(b, q)| !b.is_empty() && !q.is_empty())
            .ok_or_else(|| unlisted("the pair must look like BASE/QUOTE"))?;
        let (base, quote) = (base.to_ascii_uppercase(), quote.to_ascii_uppercase());
        match self {
            Venue::Coinbase => {
                if quote == "USDT"
                    && base != "USDT"
                    && !["BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "LTC"].contains(&base.as_str())
                {
                    return Err(unlisted(
                        "Coinbase quotes most assets in USD, not USDT; try BASE/USD",
                    ));
                }
                Ok(format!("{base}-{quote}"))
            }
            Venue::Binance => {
                if quote == "USD" {
                    return Err(unlisted("Binance.com has no USD pairs; try BASE/USDT"));
                }
                Ok(format!("{base}{quote}"))
            }
            Venue::Kraken => {
                let k = |s: &str| {
                    if s == "BTC" {
                        "XBT".to_string()
                    } else {
                        s.to_string()
                    }
                };
                Ok(format!("{}{}", k(&base), k(&quote)))
            }
        }
    }

    /// REST ticker URL.
    pub fn rest_url(self, e: &Endpoints, pair: &str) -> Result<String, UnlistedPair> {
        let sym = self.symbol(pair)?;
        Ok(match self {
            Venue::Coinbase => format!("{}/products/{sym}/ticker", e.coinbase_rest),
            Venue::Binance => format!("{}/api/v3/ticker/bookTicker?symbol={sym}", e.binance_rest),
            Venue::Kraken => format!("{}/0/public/Ticker?pair={sym}", e.kraken_rest),
        })
    }

    /// WebSocket URL and the subscribe message to send once open (if any).
    pub fn ws(self, e: &Endpoints, pair: &str) -> Result<(String, Option<String>), UnlistedPair> {
        let sym = self.symbol(pair)?;
        Ok(match self {
            Venue::Coinbase => (
                e.coinbase_ws.clone(),
                Some(format!(
                    r#"{{"type":"subscribe","product_ids":["{sym}"],"channels":["ticker"]}}"#
                )),
            ),
            Venue::Binance => (
                format!(
                    "{}/ws/{}@bookTicker",
                    e.binance_ws,
                    sym.to_ascii_lowercase()
                ),
                None,
            ),
            Venue::Kraken => {
                // WebSocket v2 uses BTC/USD style symbols.
                let v2 = pair.to_ascii_uppercase();
                (
                    e.kraken_ws.clone(),
                    Some(format!(
                        r#"{{"method":"subscribe","params":{{"channel":"ticker","symbol":["{v2}"]}}}}"#
                    )),
                )
            }
        })
    }
}

/// Trades asked of a REST recent-trades endpoint per poll (Binance and Coinbase allow
/// up to 1000; Kraken answers up to 1000 by default).
pub const TRADES_REST_LIMIT: u32 = 500;

impl Venue {
    /// One WebSocket for quotes and trades: its URL and the subscribe messages to send
    /// once open (Binance: a combined stream of `@bookTicker` and `@trade`; Coinbase: the
    /// `ticker` and `matches` channels; Kraken v2: `ticker` and `trade`).
    pub fn ws_market(
        self,
        e: &Endpoints,
        pair: &str,
    ) -> Result<(String, Vec<String>), UnlistedPair> {
        let sym = self.symbol(pair)?;
        Ok(match self {
            Venue::Coinbase => (
                e.coinbase_ws.clone(),
                vec![format!(
                    r#"{{"type":"subscribe","product_ids":["{sym}"],"channels":["ticker","matches"]}}"#
                )],
            ),
            Venue::Binance => {
                let s = sym.to_ascii_lowercase();
                (
                    format!("{}/stream?streams={s}@bookTicker/{s}@trade", e.binance_ws),
                    vec![],
                )
            }
            Venue::Kraken => {
                let (quotes, trades) = (self.ws(e, pair)?.1, self.ws_trades(e, pair)?.1);
                (
                    e.kraken_ws.clone(),
                    quotes.into_iter().chain(trades).collect(),
                )
            }
        })
    }

    /// REST recent-public-trades URL (parse the answer with
    /// [`parse_rest_trades`](super::trades::parse_rest_trades)).
    pub fn trades_rest_url(self, e: &Endpoints, pair: &str) -> Result<String, UnlistedPair> {
        let sym = self.symbol(pair)?;
        Ok(match self {
            Venue::Coinbase => format!(
                "{}/products/{sym}/trades?limit={TRADES_REST_LIMIT}",
                e.coinbase_rest
            ),
            Venue::Binance => format!(
                "{}/api/v3/trades?symbol={sym}&limit={TRADES_REST_LIMIT}",
                e.binance_rest
            ),
            Venue::Kraken => format!("{}/0/public/Trades?pair={sym}", e.kraken_rest),
        })
    }

    /// WebSocket URL and subscribe message (if any) of the public trade channel: Coinbase
    /// `matches`, Binance `<symbol>@trade`, Kraken v2 `trade` (parse the messages with
    /// [`parse_ws_trades`](super::trades::parse_ws_trades)).
    pub fn ws_trades(
        self,
        e: &Endpoints,
        pair: &str,
    ) -> Result<(String, Option<String>), UnlistedPair> {
        let sym = self.symbol(pair)?;
        Ok(match self {
            Venue::Coinbase => (
                e.coinbase_ws.clone(),
                Some(format!(
                    r#"{{"type":"subscribe","product_ids":["{sym}"],"channels":["matches"]}}"#
                )),
            ),
            Venue::Binance => (
                format!("{}/ws/{}@trade", e.binance_ws, sym.to_ascii_lowercase()),
                None,
            ),
            Venue::Kraken => {
                let v2 = pair.to_ascii_uppercase();
                (
                    e.kraken_ws.clone(),
                    Some(format!(
                        r#"{{"method":"subscribe","params":{{"channel":"trade","symbol":["{v2}"]}}}}"#
                    )),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols() {
        assert_eq!(Venue::Coinbase.symbol("BTC/USD").unwrap(), "BTC-USD");
        assert_eq!(Venue::Binance.symbol("btc/usdt").unwrap(), "BTCUSDT");
        assert_eq!(Venue::Kraken.symbol("BTC/USD").unwrap(), "XBTUSD");
        assert_eq!(Venue::Kraken.symbol("ETH/USD").unwrap(), "ETHUSD");
        let e = Venue::Binance.symbol("ETH/USD").unwrap_err();
        assert!(
            e.to_string().contains("Binance does not list ETH/USD"),
            "{e}"
        );
        assert!(Venue::Coinbase.symbol("PEPE/USDT").is_err());
        assert!(Venue::Kraken.symbol("BTCUSD").is_err());
    }

    #[test]
    fn urls() {
        let e = Endpoints::default();
        assert_eq!(
            Venue::Coinbase.rest_url(&e, "BTC/USD").unwrap(),
            "https://api.exchange.coinbase.com/products/BTC-USD/ticker"
        );
        assert_eq!(
            Venue::Binance.rest_url(&e, "BTC/USDT").unwrap(),
            "https://api.binance.com/api/v3/ticker/bookTicker?symbol=BTCUSDT"
        );
        assert_eq!(
            Venue::Kraken.rest_url(&e, "BTC/USD").unwrap(),
            "https://api.kraken.com/0/public/Ticker?pair=XBTUSD"
        );
        assert_eq!(
            Venue::Binance.ws(&e, "BTC/USDT").unwrap().0,
            "wss://stream.binance.com:9443/ws/btcusdt@bookTicker"
        );
        let (u, sub) = Venue::Kraken.ws(&e, "BTC/USD").unwrap();
        assert_eq!(u, "wss://ws.kraken.com/v2");
        assert!(sub.unwrap().contains(r#""symbol":["BTC/USD"]"#));
        let m = Endpoints::mock("http://127.0.0.1:4000");
        assert_eq!(m.binance_ws, "ws://127.0.0.1:4000/binance");
    }

    #[test]
    fn trade_urls() {
        let e = Endpoints::default();
        assert_eq!(
            Venue::Coinbase.trades_rest_url(&e, "BTC/USD").unwrap(),
            "https://api.exchange.coinbase.com/products/BTC-USD/trades?limit=500"
        );
        assert_eq!(
            Venue::Binance.trades_rest_url(&e, "BTC/USDT").unwrap(),
            "https://api.binance.com/api/v3/trades?symbol=BTCUSDT&limit=500"
        );
        assert_eq!(
            Venue::Kraken.trades_rest_url(&e, "BTC/USD").unwrap(),
            "https://api.kraken.com/0/public/Trades?pair=XBTUSD"
        );
        assert!(Venue::Binance.trades_rest_url(&e, "BTC/USD").is_err());
        assert_eq!(
            Venue::Binance.ws_trades(&e, "ETH/USDT").unwrap(),
            (
                "wss://stream.binance.com:9443/ws/ethusdt@trade".into(),
                None
            )
        );
        let (u, sub) = Venue::Coinbase.ws_trades(&e, "BTC/USD").unwrap();
        assert_eq!(u, "wss://ws-feed.exchange.coinbase.com");
        assert_eq!(
            sub.unwrap(),
            r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches"]}"#
        );
        let (u, sub) = Venue::Kraken.ws_trades(&e, "btc/usd").unwrap();
        assert_eq!(u, "wss://ws.kraken.com/v2");
        assert_eq!(
            sub.unwrap(),
            r#"{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"]}}"#
        );
        // The mock layout of README "Endpoints are configurable".
        let m = Endpoints::mock("http://127.0.0.1:4000");
        assert_eq!(
            Venue::Binance.ws_trades(&m, "ETH/USDT").unwrap().0,
            "ws://127.0.0.1:4000/binance/ws/ethusdt@trade"
        );
        assert_eq!(
            Venue::Kraken.trades_rest_url(&m, "ETH/USD").unwrap(),
            "http://127.0.0.1:4000/kraken/0/public/Trades?pair=ETHUSD"
        );
        assert_eq!(
            Venue::Coinbase.ws_trades(&m, "BTC/USD").unwrap().0,
            "ws://127.0.0.1:4000/coinbase/ws"
        );
        for v in Venue::ALL {
            assert!(v.ws_trades(&e, "BTCUSD").is_err());
        }
    }
}
