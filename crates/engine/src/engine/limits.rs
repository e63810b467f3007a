//! Every resource limit in one place, each chosen from a measured cost (see the README's
//! "Limits" table). Over a limit, input is refused early with a short message, before any
//! large allocation, and the previous state is kept.

pub use super::settings::MAX_STEPS;

/// Rows of a CSV the app loads: one step per row, the same budget as [`MAX_STEPS`] (the
/// charts keep about 110 bytes per step, the parsed rows 72).
pub const MAX_APP_ROWS: usize = MAX_STEPS as usize;

/// Bytes of a file the app reads (checked from the file's size before reading it).
pub const MAX_APP_FILE_BYTES: u64 = 256 << 20;

/// Rows of a file the command line loads (72 bytes each in memory).
pub const MAX_CLI_ROWS: usize = 20_000_000;

/// Bytes the command line reads from `--data` or `--config`, also from pipes and devices
/// of unknown size, which are read up to this limit and then refused.
pub const MAX_CLI_FILE_BYTES: u64 = 1 << 30;

/// Columns of a CSV row.
pub const MAX_COLUMNS: usize = 256;

/// Steps of a run that keeps only its KPIs (CLI `--json` without `--trades`, sweeps):
/// these run in constant memory, so the limit is time, not space.
pub const MAX_SUMMARY_STEPS: u64 = 1_000_000_000;

/// Quotes plus trades of one exchange file (`engine/feed/exchange`): a snapshot takes 72
/// bytes and a trade 40, so at most 360 MB of events (a day of one busy market's
/// bookTicker is a few million).
pub const MAX_EXCHANGE_EVENTS: usize = 5_000_000;

/// Bytes of one line of a WebSocket recording. A line is parsed as a whole into JSON
/// values, several times its size in memory; real lines are under 300 kB (a 5000-level
/// REST depth snapshot).
pub const MAX_JSON_LINE_BYTES: usize = 4 << 20;
