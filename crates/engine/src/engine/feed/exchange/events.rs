//! The quotes and trades read so far, bounded by [`MAX_EVENTS`], and the finished
//! [`Recording`] (sorted by time, duplicate trade ids dropped, each fix-up a warning).

use super::{ExchangeFileError, ExchangeFormat, MAX_EVENTS};
use crate::engine::feed::time_order::into_time_order;
use crate::engine::feed::Recording;
use crate::engine::market::{Snapshot, TradePrint};
use std::collections::HashSet;

/// Snapshots and trades collected from a file.
#[derive(Debug)]
pub(super) struct Events {
    pub(super) snapshots: Vec<Snapshot>,
    pub(super) trades: Vec<TradePrint>,
    limit: usize,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            snapshots: Vec::new(),
            trades: Vec::new(),
            limit: MAX_EVENTS,
        }
    }
}

impl Events {
    fn check(&self) -> Result<(), ExchangeFileError> {
        if self.snapshots.len() + self.trades.len() >= self.limit {
            Err(ExchangeFileError::TooManyEvents { limit: self.limit })
        } else {
            Ok(())
        }
    }

    /// Adds a snapshot, unless the file already gave [`MAX_EVENTS`].
    pub(super) fn snapshot(&mut self, s: Snapshot) -> Result<(), ExchangeFileError> {
        self.check()?;
        self.snapshots.push(s);
        Ok(())
    }

    /// Adds a trade, unless the file already gave [`MAX_EVENTS`].
    pub(super) fn trade(&mut self, t: TradePrint) -> Result<(), ExchangeFileError> {
        self.check()?;
        self.trades.push(t);
        Ok(())
    }

    /// The recording: both series sorted by time (stable), repeated trade ids dropped.
    pub(super) fn finish(
        self,
        format: ExchangeFormat,
        mut warnings: Vec<String>,
        ignored: &str,
    ) -> Result<Recording, ExchangeFileError> {
        let Events {
            mut snapshots,
            mut trades,
            ..
        } = self;
        if snapshots.is_empty() && trades.is_empty() {
            return Err(ExchangeFileError::NoEvents {
                ignored: ignored.to_string(),
            });
        }
        if into_time_order(&mut snapshots) {
            warnings.push("quotes were not in time order; they were sorted by time".into());
        }
        if into_time_order(&mut trades) {
            warnings.push("trades were not in time order; they were sorted by time".into());
        }
        let dropped = dedup_ids(&mut trades, &HashSet::new());
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} trades repeated an earlier trade id and were dropped"
            ));
        }
        Ok(Recording {
            snapshots,
            trades,
            format: format.to_string(),
            warnings,
        })
    }
}

/// Drops trades whose non-zero id is in `seen` or repeats an earlier trade's; returns how
/// many were dropped. Order is kept.
pub(super) fn dedup_ids(trades: &mut Vec<TradePrint>, seen: &HashSet<u64>) -> usize {
    let before = trades.len();
    let mut ids: HashSet<u64> = HashSet::new();
    trades.retain(|t| t.id == 0 || (!seen.contains(&t.id) && ids.insert(t.id)));
    before - trades.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::Aggressor;

    fn t(time: f64, id: u64) -> TradePrint {
        TradePrint {
            time,
            price: 1.0,
            qty: 1.0,
            aggressor: Aggressor::Buy,
            id,
        }
    }

    #[test]
    fn finish_sorts_stably_and_drops_repeated_ids() {
        let e = Events {
            trades: vec![t(2.0, 5), t(1.0, 4), t(2.0, 0), t(2.0, 0), t(3.0, 5)],
            ..Default::default()
        };
        let r = e.finish(ExchangeFormat::BinanceTrades, vec![], "").unwrap();
        assert_eq!(
            r.trades.iter().map(|x| (x.time, x.id)).collect::<Vec<_>>(),
            [(1.0, 4), (2.0, 5), (2.0, 0), (2.0, 0)]
        );
        assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
        assert_eq!(r.format, "Binance trades dump");
    }

    #[test]
    fn nothing_read_is_an_error() {
        let e = Events::default().finish(ExchangeFormat::WebSocketLines, vec![], "3 depth updates");
        assert_eq!(
            e.unwrap_err().to_string(),
            "no quotes or trades in the file (skipped 3 depth updates)"
        );
    }

    #[test]
    fn the_event_limit_is_an_error() {
        let mut e = Events {
            limit: 3,
            ..Default::default()
        };
        e.trade(t(1.0, 1)).unwrap();
        e.snapshot(crate::engine::market::Snapshot::from_price(
            1.0, 1.0, 0.0, 0.0,
        ))
        .unwrap();
        e.trade(t(1.0, 2)).unwrap();
        let err = e.trade(t(1.0, 3)).unwrap_err();
        assert_eq!(err, ExchangeFileError::TooManyEvents { limit: 3 });
        assert_eq!(
            err.to_string(),
            "more than 3 quotes and trades; cut the file into shorter periods"
        );
        assert_eq!(MAX_EVENTS, 5_000_000);
    }
}
