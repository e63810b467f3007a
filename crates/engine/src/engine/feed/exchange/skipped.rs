//! What a WebSocket recording held besides quotes and trades, counted by kind.

use super::messages::Skip;

/// Messages of a recording that were skipped, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Order-book depth updates (Binance `depthUpdate`, Coinbase `l2update`, Kraken `book`).
    pub depth_updates: usize,
    /// Full depth snapshots (e.g. Binance's REST `{"lastUpdateId":…}`).
    pub depth_snapshots: usize,
    /// Subscription acknowledgements, heartbeats and status messages.
    pub control: usize,
    /// Error messages from the venue.
    pub venue_errors: usize,
    /// Other messages (24 h tickers, candles, …).
    pub other: usize,
    /// Quotes with no time of their own, before any message with a time.
    pub untimed: usize,
}

impl Skipped {
    /// Counts one skipped message.
    pub(super) fn count(&mut self, kind: Skip) {
        match kind {
            Skip::DepthUpdate => self.depth_updates += 1,
            Skip::DepthSnapshot => self.depth_snapshots += 1,
            Skip::Control => self.control += 1,
            Skip::Other => self.other += 1,
        }
    }

    /// E.g. "3434 depth updates, 1 depth snapshot"; empty when nothing was skipped.
    pub fn describe(&self) -> String {
        let parts = [
            (self.depth_updates, "depth update", "depth updates"),
            (self.depth_snapshots, "depth snapshot", "depth snapshots"),
            (
                self.control,
                "ack/heartbeat/status message",
                "acks/heartbeats/status messages",
            ),
            (
                self.venue_errors,
                "venue error message",
                "venue error messages",
            ),
            (self.other, "other message", "other messages"),
            (
                self.untimed,
                "quote before any timestamp",
                "quotes before any timestamp",
            ),
        ];
        parts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_counts() {
        let mut s = Skipped::default();
        assert_eq!(s.describe(), "");
        s.count(Skip::DepthUpdate);
        s.count(Skip::DepthUpdate);
        s.count(Skip::DepthSnapshot);
        assert_eq!(s.describe(), "2 depth updates, 1 depth snapshot");
    }
}
