//! Fills from the trades the venue printed (hftbacktest's way): a resting bid fills from
//! sell-initiated trades, a resting ask from buy-initiated ones.
//!
//! - A trade strictly through our price (a sell below our bid) fills us up to its size.
//! - A trade at exactly our price first takes the quantity queued ahead of us
//!   ([`QueuePosition`], estimated from the displayed size when we joined), then us.
//! - A book that crosses our price (best ask at or below our bid) fills us whole.
//!
//! Re-quoting the same price keeps our place in the queue; a new price joins at the back.

use super::queue::{QueueModel, QueuePosition};
use crate::engine::market::{Snapshot, TradePrint};
use crate::engine::sim::Quote;

/// Why a quote filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillCause {
    /// A trade at our price, after the queue ahead of us.
    Queue,
    /// A trade through our price.
    TradeThrough,
    /// The book crossed our price.
    BookCross,
    /// A statistical model's fill (order flow, intensity).
    Model,
}

/// Our two sides' queue places.
#[derive(Debug, Clone)]
pub struct TradeFills {
    model: QueueModel,
    bid: Option<(f64, QueuePosition)>,
    ask: Option<(f64, QueuePosition)>,
    /// The book our quotes joined (the previous snapshot).
    book: Option<Snapshot>,
    /// Id of the last trade that filled us in the latest `*_fill` call (0: none).
    pub last_print: u64,
}

/// Which of our sides.
#[derive(Clone, Copy, PartialEq)]
enum Our {
    Bid,
    Ask,
}

impl TradeFills {
    /// A fill model with `model` queues.
    pub fn new(model: QueueModel) -> Self {
        TradeFills {
            model,
            bid: None,
            ask: None,
            book: None,
            last_print: 0,
        }
    }

    /// The displayed size at `price` on our side of `book`, if that price is the touch;
    /// `Some(0)` when we would improve the touch (nothing ahead).
    fn visible(side: Our, book: &Snapshot, price: f64) -> Option<f64> {
        let (touch, size) = match side {
            Our::Bid => (book.bid, book.bid_size),
            Our::Ask => (book.ask, book.ask_size),
        };
        let better = match side {
            Our::Bid => price > touch,
            Our::Ask => price < touch,
        };
        if better {
            Some(0.0)
        } else if price == touch && size > 0.0 {
            Some(size)
        } else {
            // Behind the touch, or at it with its size unknown: the queue is unknown.
            None
        }
    }

    fn fill(
        &mut self,
        side: Our,
        price: f64,
        size: f64,
        snap: &Snapshot,
        trades: &[TradePrint],
    ) -> (f64, FillCause) {
        self.last_print = 0;
        let book = self.book.unwrap_or(*snap);
        let slot = match side {
            Our::Bid => &mut self.bid,
            Our::Ask => &mut self.ask,
        };
        let pos = match slot {
            Some((p, pos)) if *p == price => pos,
            _ => {
                *slot = Some((
                    price,
                    QueuePosition::join(Self::visible(side, &book, price)),
                ));
                &mut slot.as_mut().expect("set above").1
            }
        };
        let crossed = match side {
            Our::Bid => snap.ask <= price,
            Our::Ask => snap.bid >= price,
        };
        if crossed {
            return (size, FillCause::BookCross);
        }
        let bid = side == Our::Bid;
        let (mut through, mut queued) = (0.0, 0.0);
        for t in trades.iter().filter(|t| t.faces(bid)) {
            let before = through + queued;
            if t.through(bid, price) {
                through += t.qty;
            } else if t.price == price {
                queued += pos.trade(t.qty);
            }
            if through + queued > before && before < size {
                self.last_print = t.id;
            }
        }
        pos.depth(
            self.model,
            Self::visible(side, snap, price).filter(|_| {
                // Only a level that is the touch shows its size.
                match side {
                    Our::Bid => snap.bid == price,
                    Our::Ask => snap.ask == price,
                }
            }),
        );
        let filled = (through + queued).min(size);
        let cause = if through > 0.0 {
            FillCause::TradeThrough
        } else {
            FillCause::Queue
        };
        (filled, cause)
    }

    /// Our resting bid against the trades that printed up to `snap`: (quantity, cause).
    pub fn bid_fill(
        &mut self,
        q: &Quote,
        snap: &Snapshot,
        trades: &[TradePrint],
    ) -> (f64, FillCause) {
        if q.bid_size <= 0.0 {
            self.bid = None;
            return (0.0, FillCause::Queue);
        }
        self.fill(Our::Bid, q.bid, q.bid_size, snap, trades)
    }

    /// Our resting ask against the trades that printed up to `snap`: (quantity, cause).
    pub fn ask_fill(
        &mut self,
        q: &Quote,
        snap: &Snapshot,
        trades: &[TradePrint],
    ) -> (f64, FillCause) {
        if q.ask_size <= 0.0 {
            self.ask = None;
            return (0.0, FillCause::Queue);
        }
        self.fill(Our::Ask, q.ask, q.ask_size, snap, trades)
    }

    /// The step is over: `snap` is the book the next quotes join.
    pub fn end_step(&mut self, snap: &Snapshot) {
        self.book = Some(*snap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::Aggressor;

    fn book(bid: f64, bid_size: f64, ask: f64, ask_size: f64) -> Snapshot {
        Snapshot {
            bid_size,
            ask_size,
            ..Snapshot::from_price(0.0, 0.5 * (bid + ask), 0.0, 0.0)
        }
        .with_book(bid, ask)
    }

    fn sell(price: f64, qty: f64) -> TradePrint {
        TradePrint {
            time: 0.0,
            price,
            qty,
            aggressor: Aggressor::Sell,
            id: 0,
        }
    }

    fn bid_quote(price: f64, size: f64) -> Quote {
        Quote {
            mid: f64::NAN,
            bid: price,
            bid_size: size,
            ask: f64::NAN,
            ask_size: 0.0,
        }
    }

    #[test]
    fn at_the_touch_the_queue_ahead_trades_first() {
        let mut m = TradeFills::new(QueueModel::RiskAverse);
        let b = book(100.0, 5.0, 100.1, 5.0);
        m.end_step(&b);
        let q = bid_quote(100.0, 2.0);
        // 4 of the 5 ahead trade: nothing for us.
        assert_eq!(m.bid_fill(&q, &b, &[sell(100.0, 4.0)]).0, 0.0);
        m.end_step(&b);
        // 3 more: 1 left ahead, 2 for us, capped at our 2.
        assert_eq!(
            m.bid_fill(&q, &b, &[sell(100.0, 3.0)]),
            (2.0, FillCause::Queue)
        );
        // Buy-initiated trades never fill a bid.
        let buy = TradePrint {
            aggressor: Aggressor::Buy,
            ..sell(99.0, 10.0)
        };
        assert_eq!(m.bid_fill(&q, &b, &[buy]).0, 0.0);
    }

    #[test]
    fn through_our_price_fills_at_once_and_a_crossed_book_fills_whole() {
        let mut m = TradeFills::new(QueueModel::RiskAverse);
        let b = book(100.0, 50.0, 100.1, 5.0);
        m.end_step(&b);
        let q = bid_quote(100.0, 2.0);
        assert_eq!(
            m.bid_fill(&q, &b, &[sell(99.9, 0.5)]),
            (0.5, FillCause::TradeThrough)
        );
        let crossed = book(99.8, 1.0, 99.9, 1.0);
        assert_eq!(m.bid_fill(&q, &crossed, &[]), (2.0, FillCause::BookCross));
    }

    #[test]
    fn improving_the_touch_puts_nobody_ahead_and_a_new_price_rejoins() {
        let mut m = TradeFills::new(QueueModel::RiskAverse);
        let b = book(100.0, 50.0, 100.2, 5.0);
        m.end_step(&b);
        let inside = bid_quote(100.1, 1.0);
        assert_eq!(
            m.bid_fill(&inside, &b, &[sell(100.1, 0.4)]),
            (0.4, FillCause::Queue)
        );
        // Back at the touch: the 50 displayed there are ahead again.
        let touch = bid_quote(100.0, 1.0);
        assert_eq!(m.bid_fill(&touch, &b, &[sell(100.0, 10.0)]).0, 0.0);
    }

    #[test]
    fn the_probabilistic_queue_fills_sooner_when_the_level_is_cancelled() {
        let b = book(100.0, 10.0, 100.1, 5.0);
        let grown = book(100.0, 20.0, 100.1, 5.0);
        let thinner = book(100.0, 10.0, 100.1, 5.0);
        let q = bid_quote(100.0, 1.0);
        let fills: Vec<f64> = [QueueModel::RiskAverse, QueueModel::Probabilistic]
            .map(|model| {
                let mut m = TradeFills::new(model);
                m.end_step(&b);
                // We join behind 10; 10 more join behind us; then 10 are cancelled with
                // no trade; then 6 trade at our price.
                m.bid_fill(&q, &grown, &[]);
                m.end_step(&grown);
                m.bid_fill(&q, &thinner, &[]);
                m.end_step(&thinner);
                m.bid_fill(&q, &thinner, &[sell(100.0, 6.0)]).0
            })
            .to_vec();
        // Risk-averse: all 10 still ahead, nothing for us. Probabilistic: half the
        // cancellations were ahead of us (as many ahead as behind), 5 left: we fill whole.
        assert_eq!(fills[0], 0.0);
        assert_eq!(fills[1], 1.0);
    }
}
