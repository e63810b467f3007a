//! Market data feeds: synthetic random walks and historical CSV replay. Every feed is an `Iterator<Item = Snapshot>` or yields a `Vec<Snapshot>`.
