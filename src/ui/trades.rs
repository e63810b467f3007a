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

/// Trade log.
#[function_component(TradeLog)]
pub fn trade_log(p: &TradesProps) -> Html {
    let trades = &p.result.0.trades;
    let visible = trades.partition_point(|t| t.step < p.cursor);
    let shown = trades[..visible].iter().rev().take(MAX_ROWS);
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
                <table id="trade-table">
                    <thead><tr><th>{ "Time (UTC)" }</th><th>{ "Event" }</th><th>{ "Price" }</th><th>{ "Amount" }</th><th>{ "Base" }</th><th>{ "Quote" }</th><th>{ "Fee" }</th><th>{ "Equity" }</th></tr></thead>
                    <tbody>
                    { for shown.map(|t| {
                        let ev = match (t.liquidity, t.side) {
                            (Liquidity::Maker, Side::Buy) => "BUY",
                            (Liquidity::Maker, Side::Sell) => "SELL",
                            (Liquidity::Rebalance, Side::Buy) => "REBALANCE_BUY",
                            (Liquidity::Rebalance, Side::Sell) => "REBALANCE_SELL",
                        };
                        let time = iso8601(t.time).replace('T', " ");
                        html! {
                            <tr class={if t.side == Side::Buy { "buy" } else { "sell" }}>
                                <td>{ time.trim_end_matches('Z').to_string() }</td><td>{ ev }</td>
                                <td>{ format!("{:.2}", t.price) }</td><td>{ format!("{:.6}", t.amount) }</td>
                                <td>{ format!("{:.6}", t.base_after) }</td><td>{ format!("{:.2}", t.quote_after) }</td>
                                <td>{ format!("{:.4}", t.fee) }</td><td>{ format!("{:.2}", t.equity_after) }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
