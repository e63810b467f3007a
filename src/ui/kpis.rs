//! The KPI panel: every engine KPI, formatted.

use crate::engine::sim::{Kpis, TimeBasis};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq, Clone)]
pub struct KpiProps {
    /// KPIs of the run on screen.
    pub kpis: Kpis,
    /// Quote currency.
    pub quote: String,
    /// Optional A run for comparison: shows A | B | difference.
    #[prop_or_default]
    pub compare: Option<Kpis>,
}

/// (id, label, value as f64, formatter, explanation)
type Row = (
    &'static str,
    &'static str,
    f64,
    fn(f64) -> String,
    &'static str,
);

fn pct(x: f64) -> String {
    format!("{:.3} %", x * 100.0)
}
fn pct_raw(x: f64) -> String {
    format!("{x:.4} %")
}
fn num2(x: f64) -> String {
    format!("{x:.2}")
}
fn num3(x: f64) -> String {
    format!("{x:.3}")
}
fn int(x: f64) -> String {
    format!("{}", x as i64)
}

fn rows(k: &Kpis) -> Vec<Row> {
    let per_step = k.time_basis == TimeBasis::PerStep;
    let (sharpe_label, vol_label) = if per_step {
        ("Sharpe (per step)", "Volatility (per step)")
    } else {
        ("Sharpe (annual)", "Volatility (annual)")
    };
    let (sharpe_hint, vol_hint) = match k.time_basis {
        TimeBasis::Year365 => (
            "Mean over standard deviation of equity returns, annualised over 365 days from the feed's timestamps.",
            "Standard deviation of equity returns, annualised over 365 days from the feed's timestamps.",
        ),
        TimeBasis::Year252 => (
            "Mean over standard deviation of equity returns, annualised over 252 trading days.",
            "Standard deviation of equity returns, annualised over 252 trading days.",
        ),
        TimeBasis::PerStep => (
            "Mean over standard deviation of per-step equity returns: the file has no time column, so it is not annualised.",
            "Standard deviation of per-step equity returns: the file has no time column, so it is not annualised.",
        ),
    };
    vec![
        (
            "total_return_percentage",
            "Total return",
            k.total_return_percentage,
            pct_raw,
            "Final value vs initial capital.",
        ),
        (
            "final_value",
            "Final value",
            k.final_value,
            num2,
            "Cash plus inventory at the last price.",
        ),
        (
            "total_trades",
            "Trades",
            k.total_trades as f64,
            int,
            "Fills, including rebalances.",
        ),
        (
            "round_trips",
            "Round trips",
            k.round_trips as f64,
            int,
            "Sell fills that closed inventory bought earlier (FIFO), rebalances included.",
        ),
        (
            "average_return_per_round_trip",
            "Avg return / round trip",
            k.average_return_per_round_trip,
            pct,
            "Quantity-weighted mean return of the closed lots, net of both fees.",
        ),
        (
            "win_rate",
            "Win rate",
            k.win_rate,
            pct,
            "Share of the closed quantity (FIFO, both fees) that made money.",
        ),
        (
            "max_drawdown",
            "Max drawdown",
            k.max_drawdown,
            pct,
            "Largest fall of equity from a peak.",
        ),
        ("sharpe", sharpe_label, k.sharpe, num3, sharpe_hint),
        ("volatility", vol_label, k.volatility, pct, vol_hint),
        (
            "fill_rate",
            "Fill rate",
            k.fill_rate,
            pct,
            "Filled quotes / quotes placed.",
        ),
        (
            "capital_utilisation",
            "Capital utilisation",
            k.capital_utilisation,
            pct,
            "Average inventory value / equity.",
        ),
        (
            "turnover",
            "Turnover",
            k.turnover,
            num3,
            "Traded notional / initial capital.",
        ),
        (
            "market_share",
            "Market share",
            k.market_share.unwrap_or(f64::NAN),
            pct,
            "Our volume / market volume (when the feed has volume).",
        ),
        (
            "realised_pnl",
            "Realised PnL",
            k.realised_pnl,
            num2,
            "Closed PnL net of fees (average cost).",
        ),
        (
            "unrealised_pnl",
            "Unrealised PnL",
            k.unrealised_pnl,
            num2,
            "Open inventory marked to mid.",
        ),
        (
            "fees_paid",
            "Fees paid",
            k.fees_paid,
            num2,
            "Maker and taker fees.",
        ),
        (
            "spread_pnl",
            "Spread PnL",
            k.spread_pnl,
            num2,
            "Edge against the mid at each fill: what quoting earned.",
        ),
        (
            "inventory_pnl",
            "Inventory PnL",
            k.inventory_pnl,
            num2,
            "Inventory held times the mid's moves: what holding cost or paid.",
        ),
        (
            "forced_exits",
            "Forced exits",
            k.forced_exits as f64,
            int,
            "Trades at market forced by the rebalance threshold.",
        ),
        (
            "inventory_std",
            "Inventory std",
            k.inventory_std,
            |x| format!("{x:.6}"),
            "Standard deviation over time of inventory minus target, in base units.",
        ),
        (
            "final_inventory",
            "Final inventory",
            k.final_inventory,
            |x| format!("{x:.6}"),
            "Base units held at the end.",
        ),
        (
            "fills_at_queue",
            "Fills: queue",
            k.fills_at_queue as f64,
            int,
            "Fills by a trade at our price once the queue ahead of us had traded (trades model).",
        ),
        (
            "fills_trade_through",
            "Fills: trade through",
            k.fills_trade_through as f64,
            int,
            "Fills by a trade (or a bar's low or high) beyond our price.",
        ),
        (
            "fills_book_cross",
            "Fills: book crossed",
            k.fills_book_cross as f64,
            int,
            "Fills because the market's best price moved through ours.",
        ),
        (
            "fills_model",
            "Fills: order-flow model",
            k.fills_model as f64,
            int,
            "Fills drawn by the order-flow or intensity model (synthetic market orders).",
        ),
        (
            "quotes_clamped",
            "Quotes clamped",
            k.quotes_clamped as f64,
            int,
            "Quotes that would have crossed the market and joined the touch instead.",
        ),
        (
            "asks_withheld_min_profit",
            "Asks withheld",
            k.asks_withheld_min_profit as f64,
            int,
            "Steps the ask was held back by min_profit_threshold.",
        ),
    ]
}

/// The KPI grid (or A | B | difference table when comparing).
#[function_component(KpiPanel)]
pub fn kpi_panel(p: &KpiProps) -> Html {
    let b = rows(&p.kpis);
    let show = |f: fn(f64) -> String, x: f64| {
        if x.is_finite() {
            f(x)
        } else {
            "n/a".to_string()
        }
    };
    if let Some(a) = &p.compare {
        let a = rows(a);
        return html! {
            <section class="kpis" aria-label="KPIs A versus B">
                <table class="ab" id="ab-table">
                    <thead><tr><th>{ "KPI" }</th><th>{ "A (pinned)" }</th><th>{ "B (current)" }</th><th>{ "B − A" }</th></tr></thead>
                    <tbody>
                    { for a.iter().zip(b.iter()).map(|(ra, rb)| html! {
                        <tr title={rb.4}>
                            <td>{ rb.1 }</td>
                            <td id={format!("kpi-a-{}", ra.0)}>{ show(ra.3, ra.2) }</td>
                            <td id={format!("kpi-{}", rb.0)}>{ show(rb.3, rb.2) }</td>
                            <td>{ show(rb.3, rb.2 - ra.2) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            </section>
        };
    }
    let sentence = crate::engine::sim::attribution::attribution_sentence(&p.kpis, &p.quote);
    html! {
        <section class="kpis" aria-label="KPIs">
            <p class="attribution" id="attribution">{ sentence }</p>
            { for b.iter().map(|r| html! {
                <div class="kpi" title={r.4}>
                    <span class="kpi-label">{ r.1 }</span>
                    <span class="kpi-value" id={format!("kpi-{}", r.0)}>{ show(r.3, r.2) }</span>
                </div>
            }) }
        </section>
    }
}
