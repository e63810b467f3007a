//! How jobs and replies travel between the page and its workers: postcard, a compact
//! binary serde format. The app's own wasm then carries no JSON code (about 30 KB), and
//! a message is a byte array the browser copies once. Files and loaded columns still go
//! beside a message, never inside it ([`super::attach`], [`super::columns`]). The native
//! worker keeps JSON on stdin and stdout, which people can read and write.

use serde::{de::DeserializeOwned, Serialize};
use std::fmt;

/// A message that is not the job or reply it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable message: {}", self.0)
    }
}

impl std::error::Error for WireError {}

/// The bytes of `value`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own types to a Vec cannot fail (no maps with non-string keys,
    // no sequences of unknown length).
    postcard::to_allocvec(value).unwrap_or_default()
}

/// The value in `bytes`, which must be all of it.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    match postcard::take_from_bytes(bytes) {
        Ok((v, [])) => Ok(v),
        Ok((_, rest)) => Err(WireError(format!("{} bytes too many", rest.len()))),
        Err(e) => Err(WireError(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::as_experiment::PaperParams;
    use crate::engine::market::{Aggressor, Snapshot, TradePrint};
    use crate::engine::settings::NumberSetting;
    use crate::engine::sim::Clock;
    use crate::engine::sweep::{Axis, Metric, SweepSpec};
    use crate::jobs::columns::{Columns, Meta};
    use crate::jobs::load::LoadFailure;
    use crate::jobs::{Job, Reply};
    use crate::live::session::{LiveConfig, Status, Transport};
    use crate::live::{BookSource, Fault, Venue};

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + fmt::Debug>(v: T) {
        let bytes = encode(&v);
        assert_eq!(decode::<T>(&bytes).unwrap(), v);
        // A cut message is an error, never a panic or a different value.
        for n in 0..bytes.len() {
            assert!(decode::<T>(&bytes[..n]).is_err(), "{v:?} cut at {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode::<T>(&longer).is_err());
    }

    #[test]
    fn every_job_round_trips() {
        let key = |k| NumberSetting::from_key(k).unwrap();
        round_trip(Job::Sweep {
            hash: "#spread_percentage=0.002&steps=5000".into(),
            csv: Some("timestamp,price\n1,2\n".into()),
            csv_more: vec!["t,p\n".into()],
            csv_every: 3,
            spec: SweepSpec {
                x: Axis {
                    field: key("spread_percentage"),
                    lo: 0.0005,
                    hi: 0.003,
                    n: 7,
                },
                y: Axis {
                    field: key("total_capital"),
                    lo: 100.0,
                    hi: 1e6,
                    n: 2,
                },
                metric: Metric::Sharpe,
            },
            start: 4,
            end: 9,
        });
        round_trip(Job::Paper {
            params: PaperParams {
                runs: 123,
                gamma: 0.5,
                ..Default::default()
            },
            start: 1,
            end: 2,
        });
        round_trip(Job::Load {
            half_spread: 0.0002,
            every: 5,
            files: vec![],
        });
        round_trip(Job::Live {
            config: LiveConfig {
                venue: Venue::Kraken,
                pair: "ETH/EUR".into(),
                seed: u64::MAX,
                ..Default::default()
            },
        });
    }

    #[test]
    fn every_reply_round_trips() {
        round_trip(Reply::Ready);
        round_trip(Reply::Progress { done: 7 });
        round_trip(Reply::SweepDone {
            start: 3,
            values: vec![1.5, f64::NEG_INFINITY, -0.0, f64::MIN_POSITIVE],
        });
        round_trip(Reply::PaperDone {
            start: 0,
            spread: 1.25,
            inventory_profits: vec![1.0],
            inventory_q: vec![-2.0],
            symmetric_profits: vec![],
            symmetric_q: vec![0.5],
        });
        round_trip(Reply::Loading { fraction: 0.25 });
        round_trip(Reply::Loaded {
            meta: Meta {
                format: "Binance trades".into(),
                warnings: vec!["sorted".into()],
                clock: Clock::Steps,
                snapshots: 10,
                trades: 20,
                tick: 0.1,
            },
        });
        round_trip(Reply::Rows {
            columns: Columns::default(),
        });
        round_trip(Reply::LoadFailed {
            failure: LoadFailure::Unusable {
                message: "too many rows".into(),
                thin_every: Some(4),
            },
        });
        let snap = Snapshot {
            time: 1.7e9,
            bid: 99.5,
            ask: 100.5,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 1.0,
            ask_size: 2.0,
        };
        let print = TradePrint {
            time: 1.7e9,
            price: 100.25,
            qty: 0.5,
            aggressor: Aggressor::Sell,
            id: u64::MAX - 1,
        };
        round_trip(Reply::Live {
            quotes: vec![(snap, vec![print, print]), (snap, vec![])],
            status: Some(Status {
                venue: Venue::Binance,
                transport: Transport::Rest,
                book: Some(BookSource::Synthesised),
                age_s: Some(1.5),
                rate: 3.0,
                fault: Some(Fault::Closed {
                    code: 1006,
                    reason: "gone".into(),
                }),
                retries: 2,
                received: 10,
                trades: 4,
            }),
        });
        round_trip(Reply::Error {
            message: "no".into(),
        });
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(decode::<Job>(&[]).is_err());
        assert!(decode::<Job>(&[200, 1, 2]).is_err());
        assert!(decode::<Reply>(&[0xFF; 16]).is_err());
        assert_eq!(
            decode::<Reply>(&[1, 7, 0]).unwrap_err().to_string(),
            "unreadable message: 1 bytes too many"
        );
    }
}
