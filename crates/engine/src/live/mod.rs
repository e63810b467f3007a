//! Live public tickers for paper trading: venue symbol mapping, exact REST / WebSocket
//! message parsing (tickers; public trades in [`trades`]), typed faults, backoff with
//! jitter, the connection state machine and bounded history. Pure Rust (no web-sys): the browser layer only moves bytes and timers.

pub mod backoff;
pub mod history;
pub mod parse;
pub mod run;
pub mod session;
pub mod trades;
pub mod venue;

pub use parse::{BookSource, Fault, Quote};
pub use trades::{parse_rest_trades, parse_ws_trades, TradeDedup};
pub use venue::{Endpoints, Venue};
