//! The trade log table (latest first, capped) and the CSV download.

use super::Shared;
use crate::engine::sim::{iso8601, Liquidity, RunResult, Side};
use yew::prelude::*;

/// Rows shown at most.
pub const MAX_ROWS: usize = 100;

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

/// Trade log. The rows follow the run one event-loop turn after the charts: a slider
/// change re-simulates and redraws the charts first, and the table's 800 cells are
/// re-rendered and laid out in the next task instead of delaying them.
#[function_component(TradeLog)]
pub fn trade_log(p: &TradesProps) -> Html {
    let shown = use_state(|| RowsProps {
        result: p.result.clone(),
        cursor: p.cursor,
    });
    {
        let shown = shown.clone();
        use_effect_with((p.result.clone(), p.cursor), move |(result, cursor)| {
            let next = RowsProps {
                result: result.clone(),
                cursor: *cursor,
            };
            let pending = (*shown != next)
                .then(|| gloo::timers::callback::Timeout::new(0, move || shown.set(next)));
            move || drop(pending)
        });
    }
    let trades = &p.result.0.trades;
    let visible = trades.partition_point(|t| t.step < p.cursor);
    let on_download = {
        let cb = p.on_download.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="trades" aria-label="Trade log">
            <div class="trades-head">
                <h2>{ format!("Trade log ({} fills{})", visible, if visible > MAX_ROWS { format!(", latest {MAX_ROWS} shown") } else { String::new() }) }</h2>
                <button type="button" id="download-trades" onclick={on_download} disabled={trades.is_empty()}>{ "Download trades CSV" }</button>
            </div>
            <div class="table-wrap">
                // Rows are laid out as grid rows (see style.css); the roles keep them a table
                // for assistive technology.
                <table id="trade-table" role="table" aria-label="Latest fills, newest first">
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
}

/// The latest [`MAX_ROWS`] fills up to the cursor, newest first. Re-rendered only when
/// its run or cursor changes.
#[function_component(TradeRows)]
fn trade_rows(p: &RowsProps) -> Html {
    let started = super::timing::start();
    use_effect_with(p.clone(), move |_| {
        super::timing::record("trade-table", started)
    });
    let trades = &p.result.0.trades;
    let visible = trades.partition_point(|t| t.step < p.cursor);
    let shown = trades[..visible].iter().rev().take(MAX_ROWS);
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
