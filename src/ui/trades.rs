//! The trade log table (newest first, a page of [`PAGE_ROWS`] fills at a time, with
//! previous / next page buttons) and the CSV download.

use super::{group_digits, Shared};
use crate::engine::sim::{iso8601, Liquidity, RunResult, Side};
use std::ops::Range;
use yew::prelude::*;

/// Rows on one page.
pub const PAGE_ROWS: usize = 100;

/// Pages needed for `fills` fills (at least one, possibly empty).
fn page_count(fills: usize) -> usize {
    fills.div_ceil(PAGE_ROWS).max(1)
}

/// Which of the newest-first fills page `page` shows: ranks counted from the newest fill,
/// `0..PAGE_ROWS` on the first page (the page is clamped to the last one).
fn page_ranks(fills: usize, page: usize) -> Range<usize> {
    let page = page.min(page_count(fills) - 1);
    let start = page * PAGE_ROWS;
    start.min(fills)..(start + PAGE_ROWS).min(fills)
}

/// "fills 101–200 of 1 234" (or "no fills yet").
fn page_label(fills: usize, page: usize) -> String {
    let ranks = page_ranks(fills, page);
    if ranks.is_empty() {
        return "no fills yet".into();
    }
    format!(
        "fills {}–{} of {}",
        group_digits(ranks.start + 1),
        group_digits(ranks.end),
        group_digits(fills)
    )
}

/// Props.
#[derive(Properties, PartialEq, Clone)]
pub struct TradesProps {
    /// The run.
    pub result: Shared<RunResult>,
    /// Steps revealed.
    pub cursor: usize,
    /// Download button pressed.
    pub on_download: Callback<()>,
}

/// Trade log, a page at a time. The rows follow the run one event-loop turn after the
/// charts: a slider change re-simulates and redraws the charts first, and the table's 800
/// cells are re-rendered and laid out in the next task instead of delaying them.
#[function_component(TradeLog)]
pub fn trade_log(p: &TradesProps) -> Html {
    // The page, counted from the newest fills; a new run starts again at the newest.
    let page = use_state(|| 0usize);
    {
        let page = page.clone();
        // Only when it is not already 0: a set re-renders even when the value is equal.
        use_effect_with(p.result.clone(), move |_| {
            if *page != 0 {
                page.set(0)
            }
        });
    }
    let trades = &p.result.0.trades;
    let visible = trades.partition_point(|t| t.step < p.cursor);
    let pages = page_count(visible);
    let current = (*page).min(pages - 1);
    let shown = use_state(|| RowsProps {
        result: p.result.clone(),
        cursor: p.cursor,
        page: current,
    });
    {
        let shown = shown.clone();
        use_effect_with(
            (p.result.clone(), p.cursor, current),
            move |(result, cursor, page)| {
                let next = RowsProps {
                    result: result.clone(),
                    cursor: *cursor,
                    page: *page,
                };
                let pending = (*shown != next)
                    .then(|| gloo::timers::callback::Timeout::new(0, move || shown.set(next)));
                move || drop(pending)
            },
        );
    }
    let on_download = {
        let cb = p.on_download.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let label = page_label(visible, current);
    html! {
        <section class="trades" aria-labelledby="trades-heading">
            <div class="trades-head">
                <h2 id="trades-heading">{ format!("Trade log ({} fills, newest first)", group_digits(visible)) }</h2>
                <button type="button" id="download-trades" onclick={on_download} disabled={trades.is_empty()}>{ "Download trades CSV" }</button>
            </div>
            <nav class="pager" aria-label="Trade log pages">
                <button type="button" id="trades-prev" onclick={go(current.saturating_sub(1))}
                    disabled={current == 0} title="Newer fills">{ "‹ Prev page" }</button>
                <span id="trades-page">{ label.clone() }</span>
                <button type="button" id="trades-next" onclick={go(current + 1)}
                    disabled={current + 1 >= pages} title="Older fills">{ "Next page ›" }</button>
            </nav>
            // The scroll box is focusable so that keyboard users can scroll it.
            <div class="table-wrap" id="trade-log-scroll" tabindex="0" role="region" aria-label={format!("Trade log: {label}")}>
                // Rows are laid out as grid rows (see style.css); the roles keep them a table
                // for assistive technology.
                <table id="trade-table" role="table" aria-label={format!("Fills, newest first: {label}")}>
                    <thead role="rowgroup"><tr role="row">
                        { for ["Time (UTC)", "Event", "Price", "Amount", "Base", "Quote", "Fee", "Equity"]
                            .map(|h| html! { <th role="columnheader">{ h }</th> }) }
                    </tr></thead>
                    <TradeRows ..(*shown).clone() />
                </table>
            </div>
        </section>
    }
}

/// The rows on screen: which run and how far into it.
#[derive(Properties, PartialEq, Clone)]
struct RowsProps {
    result: Shared<RunResult>,
    cursor: usize,
    page: usize,
}

/// One page of the fills up to the cursor, newest first. Re-rendered only when its run,
/// cursor or page changes.
#[function_component(TradeRows)]
fn trade_rows(p: &RowsProps) -> Html {
    let started = super::timing::start();
    use_effect_with(p.clone(), move |_| {
        super::timing::record("trade-table", started)
    });
    let trades = &p.result.0.trades;
    let visible = trades.partition_point(|t| t.step < p.cursor);
    let ranks = page_ranks(visible, p.page);
    let shown = trades[..visible]
        .iter()
        .rev()
        .skip(ranks.start)
        .take(ranks.len());
    html! {
        <tbody role="rowgroup">
        { for shown.map(|t| {
            let ev = match (t.liquidity, t.side) {
                (Liquidity::Maker, Side::Buy) => "BUY",
                (Liquidity::Maker, Side::Sell) => "SELL",
                (Liquidity::Rebalance, Side::Buy) => "REBALANCE_BUY",
                (Liquidity::Rebalance, Side::Sell) => "REBALANCE_SELL",
            };
            let time = iso8601(t.time).replace('T', " ");
            html! {
                <tr role="row" class={if t.side == Side::Buy { "buy" } else { "sell" }}>
                    <td role="cell">{ time.trim_end_matches('Z').to_string() }</td><td role="cell">{ ev }</td>
                    <td role="cell">{ format!("{:.2}", t.price) }</td><td role="cell">{ format!("{:.6}", t.amount) }</td>
                    <td role="cell">{ format!("{:.6}", t.base_after) }</td><td role="cell">{ format!("{:.2}", t.quote_after) }</td>
                    <td role="cell">{ format!("{:.4}", t.fee) }</td><td role="cell">{ format!("{:.2}", t.equity_after) }</td>
                </tr>
            }
        }) }
        </tbody>
    }
}
