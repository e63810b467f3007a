//! Market data the engine consumes: top-of-book snapshots and trade prints.

use serde::{Deserialize, Serialize};

/// The lowest price the engine works with (quote units per base unit). Files with prices
/// outside [`MIN_PRICE`, `MAX_PRICE`] are refused with line and column, and the synthetic
/// walks reflect off these bounds, so no price, fee or equity ever overflows or underflows.
pub const MIN_PRICE: f64 = 1e-12;
/// The highest price the engine works with (see [`MIN_PRICE`]).
pub const MAX_PRICE: f64 = 1e12;

/// One observation of the market.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Seconds since the Unix epoch (fractional allowed).
    pub time: f64,
    /// Best bid price.
    pub bid: f64,
    /// Best ask price.
    pub ask: f64,
    /// Last traded price (or close).
    pub last: f64,
    /// Traded volume in base units since the previous snapshot (0 when unknown).
    pub volume: f64,
    /// Lowest traded price since the previous snapshot, e.g. an OHLC bar's low (0 when unknown).
    pub low: f64,
    /// Highest traded price since the previous snapshot, e.g. an OHLC bar's high (0 when unknown).
    pub high: f64,
    /// Quantity displayed at the best bid, base units (0 when unknown).
    pub bid_size: f64,
    /// Quantity displayed at the best ask, base units (0 when unknown).
    pub ask_size: f64,
}

/// Which side of a trade took liquidity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggressor {
    /// A buyer lifted the offer: the trade can fill resting asks.
    Buy,
    /// A seller hit the bid: the trade can fill resting bids.
    Sell,
}

/// One trade printed by the venue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TradePrint {
    /// Seconds since the Unix epoch (fractional allowed).
    pub time: f64,
    /// Trade price.
    pub price: f64,
    /// Quantity, base units.
    pub qty: f64,
    /// The side that took liquidity.
    pub aggressor: Aggressor,
    /// The venue's trade id (0 when the source has none); used to de-duplicate.
    pub id: u64,
}

impl TradePrint {
    /// Whether its taker faces a resting order on our bid (`ours_is_bid`) or ask: a
    /// seller can fill bids, a buyer asks.
    #[inline]
    pub fn faces(&self, ours_is_bid: bool) -> bool {
        self.aggressor
            == if ours_is_bid {
                Aggressor::Sell
            } else {
                Aggressor::Buy
            }
    }

    /// Whether it faces that order and printed strictly beyond its `price` (a sale below
    /// our bid, a purchase above our ask): it went through the order.
    #[inline]
    pub fn through(&self, ours_is_bid: bool, price: f64) -> bool {
        self.faces(ours_is_bid)
            && if ours_is_bid {
                self.price < price
            } else {
                self.price > price
            }
    }
}

impl Snapshot {
    /// Builds a snapshot from a single price, synthesising bid/ask as
    /// `price * (1 -/+ half_spread)` (`half_spread` is a fraction, e.g. 0.0001 = 1 bp).
    pub fn from_price(time: f64, price: f64, half_spread: f64, volume: f64) -> Self {
        Self {
            time,
            bid: price * (1.0 - half_spread),
            ask: price * (1.0 + half_spread),
            last: price,
            volume,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        }
    }

    /// This snapshot with best bid `bid` and best ask `ask` (sizes kept).
    pub fn with_book(self, bid: f64, ask: f64) -> Self {
        Self { bid, ask, ..self }
    }

    /// This snapshot with the traded range `low..=high` (an OHLC bar's low and high).
    pub fn with_range(self, low: f64, high: f64) -> Self {
        Self { low, high, ..self }
    }

    /// Whether the market traded through a resting bid at `price`: the best ask is at or
    /// below it, or a trade printed strictly below it.
    #[inline]
    pub fn sold_through(&self, price: f64) -> bool {
        self.ask <= price || (self.low > 0.0 && self.low < price)
    }

    /// Whether the market traded through a resting ask at `price`: the best bid is at or
    /// above it, or a trade printed strictly above it.
    #[inline]
    pub fn bought_through(&self, price: f64) -> bool {
        self.bid >= price || self.high > price
    }

    /// Mid price, (bid + ask) / 2.
    #[inline]
    pub fn mid(&self) -> f64 {
        0.5 * (self.bid + self.ask)
    }
}
