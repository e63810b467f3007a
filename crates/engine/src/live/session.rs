//! The live connection as a pure state machine. The browser layer executes its
//! [`Command`]s (open a WebSocket, fetch a URL, start a timer) and reports events back;
//! time is passed in as milliseconds. Prefers WebSocket, falls back to REST polling after
//! repeated WebSocket failures, backs off with jitter, detects stale feeds, and optionally
//! moves to the next venue. It never invents a price.

use super::backoff::Backoff;
use super::parse::{parse_rest, parse_ws, BookSource, Fault, Quote};
use super::trades::{parse_rest_trades, parse_ws_trades, TradeDedup};
use super::venue::{Endpoints, Venue};
use crate::engine::market::{Snapshot, TradePrint};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How to connect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveConfig {
    /// Venue to start with.
    pub venue: Venue,
    /// Pair, `BASE/QUOTE`.
    pub pair: String,
    /// Endpoint base URLs.
    pub endpoints: Endpoints,
    /// Use the WebSocket stream first (else REST polling only).
    pub prefer_ws: bool,
    /// REST polling interval.
    pub poll_ms: f64,
    /// No update for this long is a fault.
    pub stale_ms: f64,
    /// Move to the next venue after this many consecutive failures (0 = never).
    pub fallback_after: u32,
    /// Half-spread used only when a venue gives no book.
    pub half_spread: f64,
    /// Seed of the backoff jitter.
    pub seed: u64,
}

impl LiveConfig {
    /// The session configuration for the app's live settings, `pair` and `seed`.
    pub fn from_settings(
        live: &crate::engine::settings::LiveSettings,
        pair: &str,
        seed: u64,
    ) -> Self {
        LiveConfig {
            venue: live.venue,
            pair: pair.to_string(),
            endpoints: if live.endpoint.is_empty() {
                Endpoints::default()
            } else {
                Endpoints::mock(live.endpoint.trim_end_matches('/'))
            },
            prefer_ws: live.websocket,
            poll_ms: live.poll_ms,
            fallback_after: if live.fallback { 3 } else { 0 },
            seed,
            ..Default::default()
        }
    }
}

impl Default for LiveConfig {
    fn default() -> Self {
        Self {
            venue: Venue::Coinbase,
            pair: "BTC/USD".into(),
            endpoints: Endpoints::default(),
            prefer_ws: true,
            poll_ms: 2000.0,
            stale_ms: 15_000.0,
            fallback_after: 0,
            half_spread: 0.0001,
            seed: 1,
        }
    }
}

/// Transport in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transport {
    /// WebSocket stream.
    WebSocket,
    /// REST polling.
    Rest,
}

/// What the browser layer must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a WebSocket and send the `subscribe` messages once open.
    Connect {
        /// URL.
        url: String,
        /// Messages to send after opening (quotes and trades channels).
        subscribe: Vec<String>,
    },
    /// Close the WebSocket (if open).
    Disconnect,
    /// GET this URL (with a timeout) and report with `on_http` / `on_error`.
    Fetch {
        /// URL.
        url: String,
        /// The ticker or the recent trades.
        kind: FetchKind,
    },
    /// Call `on_timer` after this many milliseconds.
    Timer {
        /// Delay.
        ms: f64,
    },
}

/// What a REST request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchKind {
    /// The top of the book.
    Ticker,
    /// The recent public trades (de-duplicated by trade id).
    Trades,
}

/// A snapshot and the trades printed since the previous one.
pub type Market = (Snapshot, Vec<TradePrint>);

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// Venue in use.
    pub venue: Venue,
    /// Transport in use.
    pub transport: Transport,
    /// Real or synthesised book in the last quote.
    pub book: Option<BookSource>,
    /// Seconds since the last update.
    pub age_s: Option<f64>,
    /// Messages with prices per second over the last 10 s.
    pub rate: f64,
    /// Current fault, if any.
    pub fault: Option<Fault>,
    /// Retries since the last success.
    pub retries: u32,
    /// Snapshots received.
    pub received: u64,
    /// Trades received (new trade ids only).
    pub trades: u64,
}

/// The state machine.
#[derive(Debug, Clone)]
pub struct LiveSession {
    cfg: LiveConfig,
    venue: Venue,
    transport: Transport,
    backoff: Backoff,
    ws_failures: u32,
    failures: u32,
    last_update: Option<f64>,
    last_time: f64,
    recent: VecDeque<f64>,
    fault: Option<Fault>,
    book: Option<BookSource>,
    received: u64,
    waiting_retry: bool,
    /// Trades since the last snapshot (at most [`MAX_PENDING_TRADES`]).
    pending: Vec<TradePrint>,
    trades: u64,
    dedup: TradeDedup,
}

/// Trades held between two quotes; beyond this the oldest are dropped.
pub const MAX_PENDING_TRADES: usize = 10_000;

/// WebSocket failures before falling back to REST polling.
const WS_FAILURES_BEFORE_REST: u32 = 3;

impl LiveSession {
    /// A session (not started).
    pub fn new(cfg: LiveConfig) -> Self {
        Self {
            venue: cfg.venue,
            transport: if cfg.prefer_ws {
                Transport::WebSocket
            } else {
                Transport::Rest
            },
            backoff: Backoff::new(cfg.seed),
            cfg,
            ws_failures: 0,
            failures: 0,
            last_update: None,
            last_time: 0.0,
            recent: VecDeque::new(),
            fault: None,
            book: None,
            received: 0,
            waiting_retry: false,
            pending: Vec::new(),
            trades: 0,
            dedup: TradeDedup::default(),
        }
    }

    /// Commands to start.
    pub fn start(&mut self, _now: f64) -> Result<Vec<Command>, String> {
        self.connect_commands()
    }

    fn connect_commands(&mut self) -> Result<Vec<Command>, String> {
        match self.transport {
            Transport::WebSocket => {
                let (url, subscribe) = self
                    .venue
                    .ws_market(&self.cfg.endpoints, &self.cfg.pair)
                    .map_err(|e| e.to_string())?;
                Ok(vec![Command::Connect { url, subscribe }])
            }
            Transport::Rest => {
                let url = self
                    .venue
                    .rest_url(&self.cfg.endpoints, &self.cfg.pair)
                    .map_err(|e| e.to_string())?;
                Ok(vec![Command::Fetch {
                    url,
                    kind: FetchKind::Ticker,
                }])
            }
        }
    }

    fn accept(&mut self, q: Quote, now: f64) -> Snapshot {
        self.fault = None;
        self.failures = 0;
        self.ws_failures = 0;
        self.backoff.reset();
        self.last_update = Some(now);
        self.received += 1;
        self.book = Some(q.source);
        self.recent.push_back(now);
        while self.recent.front().is_some_and(|t| now - t > 10_000.0) {
            self.recent.pop_front();
        }
        // Times never go backwards, whatever the venue's clock does.
        let t = q.time.unwrap_or(now / 1000.0).max(self.last_time);
        self.last_time = t;
        match q.source {
            BookSource::Venue => Snapshot {
                time: t,
                bid: q.bid,
                ask: q.ask,
                last: q.last,
                volume: 0.0,
                low: 0.0,
                high: 0.0,
                bid_size: q.bid_size,
                ask_size: q.ask_size,
            },
            BookSource::Synthesised => Snapshot::from_price(t, q.last, self.cfg.half_spread, 0.0),
        }
    }

    /// Trades arrived: new ids are held for the next snapshot.
    fn hold_trades(&mut self, trades: Vec<TradePrint>) {
        let fresh = self.dedup.fresh(trades);
        self.trades += fresh.len() as u64;
        self.pending.extend(fresh);
        if self.pending.len() > MAX_PENDING_TRADES {
            let extra = self.pending.len() - MAX_PENDING_TRADES;
            self.pending.drain(..extra);
        }
    }

    /// A WebSocket message arrived: a quote (returned as a snapshot, with the trades that
    /// arrived since the previous one), trades (held), or neither.
    pub fn on_message(&mut self, text: &str, now: f64) -> (Option<Market>, Vec<Command>) {
        match parse_ws_trades(self.venue, text) {
            Ok(trades) if !trades.is_empty() => {
                self.hold_trades(trades);
                return (None, vec![]);
            }
            _ => {}
        }
        match parse_ws(self.venue, text) {
            Ok(Some(q)) => {
                let snap = self.accept(q, now);
                (Some((snap, std::mem::take(&mut self.pending))), vec![])
            }
            Ok(None) => (None, vec![]),
            // A malformed message is reported but the stream stays up.
            Err(f @ Fault::Malformed(_)) => {
                self.fault = Some(f);
                (None, vec![])
            }
            Err(f) => (None, self.fail(f, now)),
        }
    }

    /// A REST response arrived. A ticker gives a snapshot (with the trades held since the
    /// previous one), the next poll's timer and a request for the recent trades; trades
    /// are held (a failed trades request only loses those trades).
    pub fn on_http(
        &mut self,
        kind: FetchKind,
        status: u16,
        body: &str,
        now: f64,
    ) -> (Option<Market>, Vec<Command>) {
        if kind == FetchKind::Trades {
            if let Ok(trades) = parse_rest_trades(self.venue, status, body) {
                self.hold_trades(trades);
            }
            return (None, vec![]);
        }
        match parse_rest(self.venue, status, body) {
            Ok(q) => {
                let s = self.accept(q, now);
                let mut cmds = vec![Command::Timer {
                    ms: self.cfg.poll_ms,
                }];
                if let Ok(url) = self
                    .venue
                    .trades_rest_url(&self.cfg.endpoints, &self.cfg.pair)
                {
                    cmds.push(Command::Fetch {
                        url,
                        kind: FetchKind::Trades,
                    });
                }
                (Some((s, std::mem::take(&mut self.pending))), cmds)
            }
            Err(f) => (None, self.fail(f, now)),
        }
    }

    /// A request failed without a response, or a socket errored.
    pub fn on_error(&mut self, fault: Fault, now: f64) -> Vec<Command> {
        self.fail(fault, now)
    }

    /// The WebSocket closed.
    pub fn on_close(&mut self, code: u16, reason: &str, now: f64) -> Vec<Command> {
        if self.transport != Transport::WebSocket || self.waiting_retry {
            return vec![];
        }
        self.fail(
            Fault::Closed {
                code,
                reason: reason.to_string(),
            },
            now,
        )
    }

    /// A timer set by [`Command::Timer`] fired.
    pub fn on_timer(&mut self, _now: f64) -> Vec<Command> {
        self.waiting_retry = false;
        self.connect_commands().unwrap_or_else(|e| {
            self.fault = Some(Fault::Venue(e));
            vec![]
        })
    }

    /// Call about once a second: detects a stale feed.
    pub fn tick(&mut self, now: f64) -> Vec<Command> {
        if self.waiting_retry {
            return vec![];
        }
        if let Some(t) = self.last_update {
            let age = now - t;
            if age > self.cfg.stale_ms {
                self.last_update = Some(now); // one fault per stale period
                return self.fail(
                    Fault::Stale {
                        seconds: age / 1000.0,
                    },
                    now,
                );
            }
        }
        vec![]
    }

    fn fail(&mut self, fault: Fault, _now: f64) -> Vec<Command> {
        self.fault = Some(fault.clone());
        self.failures += 1;
        let mut cmds = Vec::new();
        if self.transport == Transport::WebSocket {
            cmds.push(Command::Disconnect);
            self.ws_failures += 1;
            if self.ws_failures >= WS_FAILURES_BEFORE_REST {
                self.transport = Transport::Rest;
            }
        }
        if self.cfg.fallback_after > 0 && self.failures >= self.cfg.fallback_after {
            let i = Venue::ALL
                .iter()
                .position(|v| *v == self.venue)
                .unwrap_or(0);
            self.venue = Venue::ALL[(i + 1) % Venue::ALL.len()];
            self.failures = 0;
            self.ws_failures = 0;
            self.transport = if self.cfg.prefer_ws {
                Transport::WebSocket
            } else {
                Transport::Rest
            };
        }
        let mut ms = self.backoff.next_delay();
        if fault == Fault::RateLimited {
            ms = ms.max(10_000.0);
        }
        self.waiting_retry = true;
        cmds.push(Command::Timer { ms });
        cmds
    }

    /// Current status.
    pub fn status(&self, now: f64) -> Status {
        let window = self.recent.iter().filter(|t| now - **t <= 10_000.0).count();
        Status {
            venue: self.venue,
            transport: self.transport,
            book: self.book,
            age_s: self.last_update.map(|t| (now - t).max(0.0) / 1000.0),
            rate: window as f64 / 10.0,
            fault: self.fault.clone(),
            retries: self.backoff.attempts(),
            received: self.received,
            trades: self.trades,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BINANCE_MSG: &str =
        r#"{"u":400900217,"s":"BTCUSDT","b":"42000.10","B":"1.5","a":"42000.20","A":"2.0"}"#;

    fn binance() -> LiveSession {
        LiveSession::new(LiveConfig {
            venue: Venue::Binance,
            pair: "BTC/USDT".into(),
            ..Default::default()
        })
    }

    #[test]
    fn websocket_stream_to_snapshots_and_status() {
        let mut s = binance();
        let cmds = s.start(0.0).unwrap();
        assert_eq!(
            cmds,
            vec![Command::Connect {
                url:
                    "wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker/btcusdt@trade"
                        .into(),
                subscribe: vec![]
            }]
        );
        let (snap, cmds) = s.on_message(BINANCE_MSG, 1000.0);
        let (snap, trades) = snap.unwrap();
        assert!(cmds.is_empty() && trades.is_empty());
        assert_eq!((snap.bid, snap.ask), (42000.10, 42000.20));
        assert_eq!((snap.bid_size, snap.ask_size), (1.5, 2.0));
        assert_eq!(snap.time, 1.0);
        let st = s.status(1500.0);
        assert_eq!(st.book, Some(BookSource::Venue));
        assert_eq!(st.age_s, Some(0.5));
        assert_eq!(st.received, 1);
    }

    #[test]
    fn close_backs_off_reconnects_and_falls_back_to_rest() {
        let mut s = binance();
        s.start(0.0).unwrap();
        for i in 0..3 {
            let cmds = s.on_close(1006, "", 1000.0 * i as f64);
            assert!(
                matches!(cmds.last(), Some(Command::Timer { .. })),
                "{cmds:?}"
            );
            assert!(matches!(
                s.status(0.0).fault,
                Some(Fault::Closed { code: 1006, .. })
            ));
            let next = s.on_timer(0.0);
            if i < 2 {
                assert!(matches!(next[0], Command::Connect { .. }));
            } else {
                assert!(
                    matches!(next[0], Command::Fetch { .. }),
                    "REST after 3 WS failures"
                );
            }
        }
        // Recovery clears the fault and resets the backoff.
        let (snap, cmds) = s.on_http(
            FetchKind::Ticker,
            200,
            r#"{"symbol":"BTCUSDT","bidPrice":"1.0","bidQty":"1","askPrice":"1.1","askQty":"1"}"#,
            5000.0,
        );
        assert!(snap.is_some());
        assert_eq!(cmds[0], Command::Timer { ms: 2000.0 });
        assert!(
            matches!(&cmds[1], Command::Fetch { url, kind: FetchKind::Trades } if url.contains("/api/v3/trades?symbol=BTCUSDT"))
        );
        assert_eq!(s.status(5000.0).fault, None);
        assert_eq!(s.status(5000.0).retries, 0);
    }

    #[test]
    fn stale_feed_and_rate_limit() {
        let mut s = binance();
        s.start(0.0).unwrap();
        s.on_message(BINANCE_MSG, 0.0);
        assert!(s.tick(10_000.0).is_empty());
        let cmds = s.tick(16_000.0);
        assert_eq!(cmds[0], Command::Disconnect);
        assert!(matches!(
            s.status(16_000.0).fault,
            Some(Fault::Stale { .. })
        ));
        let mut r = LiveSession::new(LiveConfig {
            prefer_ws: false,
            venue: Venue::Binance,
            pair: "BTC/USDT".into(),
            ..Default::default()
        });
        r.start(0.0).unwrap();
        let (_, cmds) = r.on_http(FetchKind::Ticker, 429, "", 0.0);
        match cmds.last() {
            Some(Command::Timer { ms }) => assert!(*ms >= 10_000.0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fallback_to_the_next_venue() {
        let mut s = LiveSession::new(LiveConfig {
            venue: Venue::Coinbase,
            pair: "BTC/USDT".into(),
            fallback_after: 2,
            ..Default::default()
        });
        s.start(0.0).unwrap();
        s.on_error(Fault::Network("refused".into()), 0.0);
        assert_eq!(s.status(0.0).venue, Venue::Coinbase);
        s.on_error(Fault::Network("refused".into()), 0.0);
        assert_eq!(s.status(0.0).venue, Venue::Binance);
        match &s.on_timer(0.0)[0] {
            Command::Connect { url, .. } => assert!(url.contains("btcusdt@bookTicker")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_messages_keep_the_stream() {
        let mut s = binance();
        s.start(0.0).unwrap();
        let (snap, cmds) = s.on_message("<html>oops</html>", 0.0);
        assert!(snap.is_none() && cmds.is_empty());
        assert!(matches!(s.status(0.0).fault, Some(Fault::Malformed(_))));
        assert!(s.on_message(BINANCE_MSG, 1.0).0.is_some());
        assert_eq!(s.status(1.0).fault, None);
    }

    #[test]
    fn trades_on_the_stream_ride_with_the_next_quote_once_each() {
        let mut s = binance();
        s.start(0.0).unwrap();
        let trade = |id: u64, p: &str, m: bool| {
            format!(
                r#"{{"stream":"btcusdt@trade","data":{{"e":"trade","E":1723100000100,"s":"BTCUSDT","t":{id},"p":"{p}","q":"0.5","T":1723100000099,"m":{m},"M":true}}}}"#
            )
        };
        for (id, p, m) in [
            (7, "42000.10", true),
            (8, "42000.20", false),
            (8, "42000.20", false),
        ] {
            let (snap, cmds) = s.on_message(&trade(id, p, m), 0.0);
            assert!(snap.is_none() && cmds.is_empty());
        }
        assert_eq!(s.status(0.0).trades, 2, "a repeated id counts once");
        let quote = format!(r#"{{"stream":"btcusdt@bookTicker","data":{BINANCE_MSG}}}"#);
        let (snap, _) = s.on_message(&quote, 1.0);
        let (snap, trades) = snap.unwrap();
        assert_eq!(snap.bid, 42000.10);
        assert_eq!(trades.len(), 2);
        assert_eq!(trades[0].aggressor, crate::engine::market::Aggressor::Sell);
        assert_eq!(trades[1].aggressor, crate::engine::market::Aggressor::Buy);
        assert!(
            s.on_message(&quote, 2.0).0.unwrap().1.is_empty(),
            "handed out once"
        );
        assert_eq!(s.status(2.0).fault, None);
    }
}
