//! The control panel: a slider plus number input per config field, presets, feed,
//! fill model, strategy and fees.

use super::state::{Action, Param, State};
use crate::engine::config::NumericField;
use crate::engine::presets::Preset;
use crate::engine::sim::{FillModelKind, StrategyKind};
use crate::share::FeedKind;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Label, slider range/step, unit and one-line explanation per config field.
pub struct FieldUi {
    /// Human label.
    pub label: &'static str,
    /// Slider minimum.
    pub min: f64,
    /// Slider maximum.
    pub max: f64,
    /// Slider step.
    pub step: f64,
    /// Shown as a percentage?
    pub percent: bool,
    /// What raising it does.
    pub hint: &'static str,
}

/// UI metadata for a field. Slider bounds lie inside the validation range; the number
/// input accepts the whole range and shows the validation message for anything else.
pub fn field_ui(f: NumericField) -> FieldUi {
    match f {
        NumericField::TotalCapital => FieldUi { label: "Capital", min: 100.0, max: 1_000_000.0, step: 100.0, percent: false,
            hint: "More capital: larger orders (sizes are a share of capital); returns in % barely change." },
        NumericField::SpreadPercentage => FieldUi { label: "Spread", min: 0.0001, max: 0.02, step: 0.0001, percent: true,
            hint: "Wider spread: more profit per round trip but quotes sit further away and fill less often." },
        NumericField::OrderSizePercentage => FieldUi { label: "Order size", min: 0.001, max: 0.1, step: 0.001, percent: true,
            hint: "Bigger orders: more volume and PnL per fill, and inventory swings faster." },
        NumericField::MaxInventoryExposure => FieldUi { label: "Max exposure", min: 0.01, max: 1.0, step: 0.01, percent: true,
            hint: "Higher cap: the bid keeps filling while inventory builds up, so more price risk." },
        NumericField::RebalanceThreshold => FieldUi { label: "Rebalance threshold", min: 0.01, max: 0.99, step: 0.01, percent: true,
            hint: "Higher threshold: inventory may drift further before it is dumped at market (taker fee)." },
        NumericField::MinProfitThreshold => FieldUi { label: "Min profit", min: 0.0, max: 0.02, step: 0.0005, percent: true,
            hint: "Higher minimum: the ask is withheld until a sale would earn this much over average cost." },
    }
}

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn input_value_i(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Props for one config field's controls.
#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    /// The field.
    pub field: NumericField,
    /// Current valid value.
    pub value: f64,
    /// Invalid text and message, if any.
    pub error: Option<(String, String)>,
    /// Quote currency for units.
    pub quote: String,
    /// Dispatch.
    pub on_action: Callback<Action>,
}

/// Slider + number input + value with units + hint + validation message.
#[function_component(FieldControl)]
pub fn field_control(p: &FieldProps) -> Html {
    let ui = field_ui(p.field);
    let name = p.field.name();
    let range = p.field.range();
    let shown = if ui.percent {
        format!("{:.3} %", p.value * 100.0)
    } else {
        format!("{} {}", thousands(p.value), p.quote)
    };
    let on_range = {
        let cb = p.on_action.clone();
        let f = p.field;
        Callback::from(move |e: InputEvent| cb.emit(Action::SetField(f, input_value_i(&e))))
    };
    let on_num = {
        let cb = p.on_action.clone();
        let f = p.field;
        Callback::from(move |e: Event| cb.emit(Action::SetField(f, input_value(&e))))
    };
    let num_text = p
        .error
        .as_ref()
        .map(|(t, _)| t.clone())
        .unwrap_or_else(|| format!("{}", p.value));
    let invalid = p.error.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))} title={ui.hint}>
            <label for={name}>{ format!("{} ({name})", ui.label) }</label>
            <div class="field-row">
                <input type="range" id={name} name={name}
                    min={ui.min.to_string()} max={ui.max.to_string()} step={ui.step.to_string()}
                    value={p.value.clamp(ui.min, ui.max).to_string()} oninput={on_range}
                    aria-describedby={format!("{name}-hint")} />
                <input type="number" id={format!("{name}-num")} class="num"
                    aria-label={format!("{} ({name}) value", ui.label)}
                    min={range.min.to_string()} max={range.max.to_string()} step="any"
                    value={num_text} onchange={on_num} aria-invalid={invalid.to_string()} />
            </div>
            <div class="field-meta">
                <span class="value" id={format!("{name}-value")}>{ shown }</span>
                <span class="hint" id={format!("{name}-hint")}>{ ui.hint }</span>
            </div>
            if let Some((_, msg)) = &p.error {
                <div class="error" role="alert" id={format!("{name}-error")}>{ msg.clone() }</div>
            }
        </div>
    }
}

/// Formats a number with thousands separators.
pub fn thousands(x: f64) -> String {
    let neg = x < 0.0;
    let s = format!("{:.2}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let frac = if frac == "00" {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{}{out}{frac}", if neg { "-" } else { "" })
}

/// Props for the full panel.
#[derive(Properties, PartialEq, Clone)]
pub struct PanelProps {
    /// Dispatch.
    pub on_action: Callback<Action>,
    /// Snapshot of the bits of state the panel shows.
    pub view: PanelView,
    /// A CSV file was chosen.
    pub on_file: Callback<web_sys::File>,
}

/// What the panel needs from the state (cheap to compare).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelView {
    /// Settings.
    pub settings: crate::share::Settings,
    /// Field errors.
    pub field_errors: Vec<(NumericField, (String, String))>,
    /// Pair error.
    pub pair_error: Option<(String, String)>,
    /// Param errors.
    pub param_errors: Vec<(Param, (String, String))>,
    /// CSV name.
    pub csv_name: String,
    /// CSV format.
    pub csv_format: Option<String>,
    /// CSV error.
    pub csv_error: Option<String>,
    /// Large-CSV parsing progress.
    pub csv_progress: Option<f64>,
    /// Fields to show (embed subset) or all.
    pub fields: Vec<NumericField>,
    /// Compact (embed)?
    pub compact: bool,
}

impl PanelView {
    /// Extracts the panel's view of the state.
    pub fn of(s: &State) -> PanelView {
        PanelView {
            settings: s.settings.clone(),
            field_errors: s
                .field_errors
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            pair_error: s.pair_error.clone(),
            param_errors: s
                .param_errors
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            csv_name: s.csv_name.clone(),
            csv_format: s
                .csv
                .as_ref()
                .map(|c| format!("{} ({} rows)", c.format, c.snapshots.len())),
            csv_error: s.csv_error.clone(),
            csv_progress: s.csv_progress,
            fields: if s.view.embed {
                s.view.controls.clone()
            } else {
                NumericField::ALL.to_vec()
            },
            compact: s.view.embed,
        }
    }
}

/// Parameter input (text/number) with label, hint and error.
fn param_input(
    v: &PanelView,
    cb: &Callback<Action>,
    param: Param,
    id: &'static str,
    label: &'static str,
    value: String,
    hint: &'static str,
) -> Html {
    let err = v
        .param_errors
        .iter()
        .find(|(p, _)| *p == param)
        .map(|(_, e)| e.clone());
    let text = err.as_ref().map(|(t, _)| t.clone()).unwrap_or(value);
    let cb = cb.clone();
    let onchange =
        Callback::from(move |e: Event| cb.emit(Action::SetParam(param, input_value(&e))));
    html! {
        <div class={classes!("param", err.is_some().then_some("invalid"))} title={hint}>
            <label for={id}>{ label }</label>
            <input type="text" inputmode="decimal" id={id} value={text} {onchange} aria-invalid={err.is_some().to_string()} />
            if let Some((_, msg)) = err {
                <div class="error" role="alert" id={format!("{id}-error")}>{ msg }</div>
            }
        </div>
    }
}

/// A parameter with a slider (range min..max) and a text input.
#[allow(clippy::too_many_arguments)]
fn param_slider(
    v: &PanelView,
    cb: &Callback<Action>,
    param: Param,
    id: &'static str,
    label: &'static str,
    value: f64,
    (min, max, step): (f64, f64, f64),
    hint: &'static str,
) -> Html {
    let err = v
        .param_errors
        .iter()
        .find(|(p, _)| *p == param)
        .map(|(_, e)| e.clone());
    let text = err
        .as_ref()
        .map(|(t, _)| t.clone())
        .unwrap_or(value.to_string());
    let on_range = {
        let cb = cb.clone();
        Callback::from(move |e: InputEvent| cb.emit(Action::SetParam(param, input_value_i(&e))))
    };
    let on_text = {
        let cb = cb.clone();
        Callback::from(move |e: Event| cb.emit(Action::SetParam(param, input_value(&e))))
    };
    html! {
        <div class={classes!("field", err.is_some().then_some("invalid"))} title={hint}>
            <label for={id}>{ label }</label>
            <div class="field-row">
                <input type="range" id={id} min={min.to_string()} max={max.to_string()} step={step.to_string()}
                    value={value.clamp(min, max).to_string()} oninput={on_range} />
                <input type="text" inputmode="decimal" class="num" id={format!("{id}-num")} aria-label={format!("{label} value")}
                    value={text} onchange={on_text} />
            </div>
            <span class="hint">{ hint }</span>
            if let Some((_, msg)) = err {
                <div class="error" role="alert" id={format!("{id}-error")}>{ msg }</div>
            }
        </div>
    }
}

/// The whole control panel.
#[function_component(ControlPanel)]
pub fn control_panel(p: &PanelProps) -> Html {
    let v = &p.view;
    let s = &v.settings;
    let cb = &p.on_action;
    let quote = s
        .config
        .base_quote()
        .map(|(_, q)| q.to_string())
        .unwrap_or_default();
    let fields = v.fields.iter().map(|f| {
        let err = v.field_errors.iter().find(|(g, _)| g == f).map(|(_, e)| e.clone());
        html! { <FieldControl field={*f} value={f.get(&s.config)} error={err} quote={quote.clone()} on_action={cb.clone()} /> }
    });
    if v.compact {
        return html! { <section class="panel compact" aria-label="Controls">{ for fields }</section> };
    }
    let presets = Preset::ALL.iter().map(|pr| {
        let cb = cb.clone();
        let pr = *pr;
        let label = match pr {
            Preset::Conservative => "Conservative",
            Preset::Balanced => "Balanced",
            Preset::Aggressive => "Aggressive",
            Preset::SeedDefaults => "Seed defaults",
        };
        html! { <button type="button" id={format!("preset-{}", pr.name())} onclick={Callback::from(move |_| cb.emit(Action::ApplyPreset(pr)))}>{ label }</button> }
    });
    let pair_err = v.pair_error.clone();
    let on_pair = {
        let cb = cb.clone();
        Callback::from(move |e: Event| cb.emit(Action::SetPair(input_value(&e))))
    };
    let on_feed = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let kind = match select_value(&e).as_str() {
                "mean-reverting" => FeedKind::MeanReverting,
                "csv" => FeedKind::Csv,
                "live" => FeedKind::Live,
                _ => FeedKind::RandomWalk,
            };
            cb.emit(Action::SetFeed(kind))
        })
    };
    let on_fill = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if let Ok(f) = serde_json::from_value::<FillModelKind>(serde_json::Value::String(v)) {
                cb.emit(Action::SetFill(f))
            }
        })
    };
    let on_strategy = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            if let Ok(f) = serde_json::from_value::<StrategyKind>(serde_json::Value::String(v)) {
                cb.emit(Action::SetStrategy(f))
            }
        })
    };
    let on_file = {
        let cb = p.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    cb.emit(file);
                }
                input.set_value("");
            }
        })
    };
    let fill = s.sim.fill_model;
    let strategy = s.sim.strategy;
    let feed = s.feed;
    let walk = &s.walk;
    let synthetic = feed == FeedKind::RandomWalk || feed == FeedKind::MeanReverting;
    let live = s.live.clone();
    let set_live = |edit: fn(&mut crate::share::LiveSettings, String)| {
        let cb = cb.clone();
        let live = live.clone();
        Callback::from(move |e: Event| {
            let mut l = live.clone();
            let value = e
                .target()
                .and_then(|t| {
                    t.dyn_into::<HtmlInputElement>().ok().map(|i| {
                        if i.type_() == "checkbox" {
                            i.checked().to_string()
                        } else {
                            i.value()
                        }
                    })
                })
                .or_else(|| {
                    e.target()
                        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                        .map(|s| s.value())
                })
                .unwrap_or_default();
            edit(&mut l, value);
            cb.emit(Action::SetLive(l))
        })
    };
    let live_controls = html! {
        <div class="params live">
            <div class="param" title="Public market data, no API key. Paper trading only: no orders are sent.">
                <label for="live-venue">{ "Venue" }</label>
                <select id="live-venue" onchange={set_live(|l, v| if let Some(x) = crate::live::Venue::from_name(&v) { l.venue = x })}>
                    { for crate::live::Venue::ALL.iter().map(|x| html! { <option value={x.name()} selected={*x == live.venue}>{ x.label() }</option> }) }
                </select>
            </div>
            <div class="param" title="WebSocket streams every book change; REST polls at the interval.">
                <label for="live-transport">{ "Transport" }</label>
                <select id="live-transport" onchange={set_live(|l, v| l.websocket = v == "ws")}>
                    <option value="ws" selected={live.websocket}>{ "WebSocket" }</option>
                    <option value="rest" selected={!live.websocket}>{ "REST polling" }</option>
                </select>
            </div>
            <div class="param" title="How often REST polling asks for a new quote.">
                <label for="live-poll">{ "Poll every (ms)" }</label>
                <input type="text" id="live-poll" value={live.poll_ms.to_string()} onchange={set_live(|l, v| if let Ok(x) = v.trim().parse::<f64>() { if (250.0..=600_000.0).contains(&x) { l.poll_ms = x } })} />
            </div>
            <div class="param" title="After three failures in a row, try the next venue.">
                <label class="check" for="live-fallback">
                    <input type="checkbox" id="live-fallback" checked={live.fallback} onchange={set_live(|l, v| l.fallback = v == "true")} />
                    { " Fall back to another venue" }
                </label>
            </div>
            <details class="param advanced">
                <summary>{ "Advanced: endpoint base URL" }</summary>
                <label for="live-endpoint">{ "Proxy / mock base URL (empty = the venues' own)" }</label>
                <input type="text" id="live-endpoint" placeholder="http://127.0.0.1:4000" value={live.endpoint.clone()}
                    onchange={set_live(|l, v| { let v = v.trim().to_string(); if v.is_empty() || crate::share::valid_endpoint(&v) { l.endpoint = v } })} />
            </details>
        </div>
    };
    html! {
        <section class="panel" aria-label="Controls">
            <div class="group">
                <h2>{ "Strategy config" }</h2>
                <div class="presets" role="group" aria-label="Presets">{ for presets }</div>
                <div class={classes!("param", pair_err.is_some().then_some("invalid"))} title="The pair to quote, BASE/QUOTE.">
                    <label for="trading_pair">{ "Trading pair (trading_pair)" }</label>
                    <input type="text" id="trading_pair" value={pair_err.as_ref().map(|(t, _)| t.clone()).unwrap_or_else(|| s.config.trading_pair.clone())} onchange={on_pair} />
                    if let Some((_, msg)) = pair_err {
                        <div class="error" role="alert" id="trading_pair-error">{ msg }</div>
                    }
                </div>
                { for fields }
            </div>
            <div class="group">
                <h2>{ "Market data" }</h2>
                <div class="param" title="Where prices come from.">
                    <label for="feed">{ "Feed" }</label>
                    <select id="feed" onchange={on_feed}>
                        <option value="random-walk" selected={feed == FeedKind::RandomWalk}>{ "Random walk (GBM)" }</option>
                        <option value="mean-reverting" selected={feed == FeedKind::MeanReverting}>{ "Mean-reverting walk" }</option>
                        <option value="csv" selected={feed == FeedKind::Csv} disabled={v.csv_format.is_none()}>{ "Uploaded CSV" }</option>
                        <option value="live" selected={feed == FeedKind::Live}>{ "Live ticker (paper trading)" }</option>
                    </select>
                </div>
                if feed == FeedKind::Live {
                    { live_controls }
                }
                if synthetic {
                    <div class="params">
                        { param_input(v, cb, Param::Seed, "seed", "Seed", walk.seed.to_string(), "Same seed, same prices: change it to see another path.") }
                        { param_input(v, cb, Param::Steps, "steps", "Steps", s.steps.to_string(), "Number of price snapshots simulated.") }
                        { param_input(v, cb, Param::Volatility, "volatility", "Volatility (annual)", walk.volatility.to_string(), "Higher volatility: bigger price moves, more fills and more inventory risk.") }
                        { param_input(v, cb, Param::Drift, "drift", "Drift (annual)", walk.drift.to_string(), "A trend: a market maker that buys into a falling market loses.") }
                        { param_input(v, cb, Param::TickSeconds, "tick_seconds", "Tick (seconds)", walk.tick_seconds.to_string(), "Time between snapshots; longer ticks mean larger moves per step.") }
                        { param_input(v, cb, Param::HalfSpread, "half_spread", "Market half-spread", walk.half_spread.to_string(), "The market's own bid/ask distance from mid, as a fraction.") }
                        { param_input(v, cb, Param::JumpIntensity, "jump_intensity", "Jumps per year", walk.jump_intensity.to_string(), "Sudden price jumps: the market maker's worst enemy.") }
                    </div>
                }
                <div class="param" title="Replay historical prices: timestamp,price; timestamp,bid,ask; OHLCV; or Binance klines.">
                    <label for="csv-upload">{ "Load CSV" }</label>
                    <input type="file" id="csv-upload" accept=".csv,text/csv,text/plain" onchange={on_file} />
                    if !v.csv_name.is_empty() {
                        <div class="note" id="csv-status">{ format!("{} — {}", v.csv_name, v.csv_format.clone().unwrap_or_default()) }</div>
                    }
                    if let Some(p) = v.csv_progress {
                        <progress id="csv-progress" max="100" value={format!("{:.0}", p * 100.0)}></progress>
                        <span class="note">{ format!("reading {:.0} %", p * 100.0) }</span>
                    }
                    if let Some(e) = &v.csv_error {
                        <div class="error" role="alert" id="csv-error">{ e.clone() }</div>
                    }
                </div>
            </div>
            <div class="group">
                <h2>{ "Execution" }</h2>
                <div class="param" title="How resting quotes become trades.">
                    <label for="fill-model">{ "Fill model" }</label>
                    <select id="fill-model" onchange={on_fill}>
                        <option value="cross" selected={fill == FillModelKind::Cross}>{ "Cross: fill when the market trades through" }</option>
                        <option value="intensity" selected={fill == FillModelKind::Intensity}>{ "Intensity: Avellaneda-Stoikov Poisson fills" }</option>
                        <option value="seed-live" selected={fill == FillModelKind::SeedLive}>{ "Seed live loop: instant fills" }</option>
                        <option value="seed-backtest" selected={fill == FillModelKind::SeedBacktest}>{ "Seed backtest: instant fills at close" }</option>
                    </select>
                </div>
                <div class="param" title="Where quotes are placed.">
                    <label for="strategy">{ "Strategy" }</label>
                    <select id="strategy" onchange={on_strategy}>
                        <option value="seed" selected={strategy == StrategyKind::Seed}>{ "Seed quoting (book ± spread/2)" }</option>
                        <option value="avellaneda-stoikov" selected={strategy == StrategyKind::AvellanedaStoikov}>{ "Avellaneda-Stoikov" }</option>
                        <option value="symmetric" selected={strategy == StrategyKind::Symmetric}>{ "Symmetric (AS spread around mid)" }</option>
                    </select>
                </div>
                <div class="params">
                    { param_input(v, cb, Param::MakerFee, "maker_fee", "Maker fee", s.sim.maker_fee.to_string(), "Fee on our resting fills, fraction of notional (negative = rebate).") }
                    { param_input(v, cb, Param::TakerFee, "taker_fee", "Taker fee", s.sim.taker_fee.to_string(), "Fee on rebalancing trades at market.") }
                    { param_input(v, cb, Param::Latency, "latency", "Latency (steps)", s.sim.latency_steps.to_string(), "Steps before a new quote rests in the book: stale quotes get picked off.") }
                </div>
                if strategy != StrategyKind::Seed {
                    { param_slider(v, cb, Param::Gamma, "as_gamma", "γ risk aversion", s.sim.as_gamma, (0.01, 2.0, 0.01), "Higher γ: quotes lean harder against inventory and the spread widens.") }
                    { param_slider(v, cb, Param::AsK, "as_k", "k order-book liquidity (per bp)", s.sim.as_k, (0.1, 10.0, 0.1), "Higher k: fills fall off faster with distance, so the optimal spread is tighter.") }
                    { param_slider(v, cb, Param::AsSigma, "as_sigma", "σ volatility (annual, 0 = measured)", s.sim.as_sigma, (0.0, 3.0, 0.05), "Higher σ: more inventory risk, so a wider spread and stronger lean.") }
                }
                if fill == FillModelKind::Intensity {
                    { param_slider(v, cb, Param::IntensityA, "intensity_a", "A fill intensity (per s)", s.sim.intensity_a, (0.001, 1.0, 0.001), "Higher A: more market orders arrive, so more fills at every distance.") }
                    { param_slider(v, cb, Param::IntensityK, "intensity_k", "k fill decay (per bp)", s.sim.intensity_k, (0.01, 3.0, 0.01), "Higher k: quotes away from mid fill much less often.") }
                }
            </div>
        </section>
    }
}
