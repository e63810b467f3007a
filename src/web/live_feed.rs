//! The page's end of the live feed: a worker runs the connection ([`super::live_relay`])
//! and this hands its batches to the app, one quote at a time. Dropping it terminates the
//! worker, which closes the socket and cancels every timer.

use super::workers::Pool;
use crate::engine::market::{Snapshot, TradePrint};
use crate::jobs::{Job, Reply};
use crate::live::session::{LiveConfig, Status};
use std::rc::Rc;

/// Receives each new quote and the trades printed before it.
pub type OnQuote = Rc<dyn Fn(Snapshot, Vec<TradePrint>)>;
/// Receives the status line after each batch.
pub type OnStatus = Rc<dyn Fn(Status)>;
/// Receives a failure of the worker itself.
pub type OnError = Rc<dyn Fn(String)>;

/// A running live feed.
pub struct LiveFeed {
    _pool: Pool,
}

impl LiveFeed {
    /// Starts a worker following `config`.
    pub fn start(
        config: LiveConfig,
        on_quote: OnQuote,
        on_status: OnStatus,
        on_error: OnError,
    ) -> Result<LiveFeed, String> {
        let on_reply = Rc::new(move |_, reply, _| match reply {
            Reply::Live { quotes, status } => {
                for (snap, trades) in quotes {
                    on_quote(snap, trades);
                }
                if let Some(status) = status {
                    on_status(status);
                }
            }
            Reply::Error { message } => on_error(message),
            _ => {}
        });
        let pool = Pool::start(vec![Job::Live { config }], &[], on_reply)?;
        Ok(LiveFeed { _pool: pool })
    }
}
