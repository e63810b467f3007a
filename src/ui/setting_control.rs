//! One setting's control, generated from its row of the settings table: a slider plus a
//! number input for numbers, a text input for whole numbers and text, a select for
//! choices and a checkbox for flags; with its value in units, hint and validation message.

use super::state::Action;
use crate::engine::settings::{Group, Kind, Setting, Unit, Value};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props for one setting's control.
#[derive(Properties, PartialEq, Clone)]
pub struct SettingProps {
    /// The table row.
    pub row: &'static Setting,
    /// Its current (valid) value.
    pub value: Value,
    /// Refused text and why, if any.
    pub error: Option<(String, String)>,
    /// The pair's quote currency, for amounts.
    pub quote: String,
    /// Why the setting cannot change the run now, if it cannot (see
    /// [`crate::engine::settings::inert_note`]).
    #[prop_or_default]
    pub note: Option<String>,
    /// Choice options that cannot be picked now (e.g. "csv" before a file is loaded).
    #[prop_or_default]
    pub disabled: Vec<&'static str>,
    /// Dispatch.
    pub on_action: Callback<Action>,
}

fn target_value(e: &Event) -> String {
    let t = e.target();
    if let Some(i) = t
        .clone()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    {
        if i.type_() == "checkbox" {
            return if i.checked() { "1" } else { "0" }.to_string();
        }
        return i.value();
    }
    t.and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
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

/// A value in its unit, for the line under a slider.
fn shown(unit: Unit, x: f64, quote: &str) -> String {
    match unit {
        Unit::Percent => format!("{:.3} %", x * 100.0),
        Unit::Quote => format!("{} {quote}", thousands(x)),
        other => format!("{x} {}", other.suffix()).trim_end().to_string(),
    }
}

/// One setting's control.
#[function_component(SettingControl)]
pub fn setting_control(p: &SettingProps) -> Html {
    let row = p.row;
    let key = row.key;
    let emit = {
        let cb = p.on_action.clone();
        move |text: String| cb.emit(Action::Set(key, text))
    };
    let on_change = {
        let emit = emit.clone();
        Callback::from(move |e: Event| emit(target_value(&e)))
    };
    let on_input = {
        let emit = emit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                emit(i.value())
            }
        })
    };
    let invalid = p.error.is_some();
    let text = p
        .error
        .as_ref()
        .map(|(t, _)| t.clone())
        .unwrap_or_else(|| p.value.to_string());
    let label = if row.group == Group::Config {
        format!("{} ({key})", row.label)
    } else {
        row.label.to_string()
    };
    let hint_id = format!("{key}-hint");
    let error = p.error.as_ref().map(|(_, msg)| {
        html! { <div class="error" role="alert" id={format!("{key}-error")}>{ msg.clone() }</div> }
    });
    let body = match row.kind {
        Kind::Number { range, slider } => {
            let x = p.value.num();
            html! {
                <>
                    <label for={key}>{ label.clone() }</label>
                    <div class="field-row">
                        <input type="range" id={key} name={key}
                            min={slider.min.to_string()} max={slider.max.to_string()} step={slider.step.to_string()}
                            value={x.clamp(slider.min, slider.max).to_string()} oninput={on_input}
                            aria-describedby={hint_id.clone()} />
                        <input type="number" id={format!("{key}-num")} class="num"
                            aria-label={format!("{label} value")}
                            min={range.min.to_string()} max={range.max.to_string()} step="any"
                            value={text} onchange={on_change} aria-invalid={invalid.to_string()} />
                    </div>
                    <div class="field-meta">
                        <span class="value" id={format!("{key}-value")}>{ shown(row.unit, x, &p.quote) }</span>
                        <span class="hint" id={hint_id}>{ row.hint }</span>
                    </div>
                </>
            }
        }
        Kind::Integer { .. } | Kind::Text { .. } => html! {
            <>
                <label for={key}>{ label }</label>
                <input type="text" id={key} value={text} onchange={on_change}
                    inputmode={matches!(row.kind, Kind::Integer { .. }).then_some("numeric")}
                    aria-invalid={invalid.to_string()} aria-describedby={hint_id.clone()} />
                <span class="hint" id={hint_id}>{ row.hint }</span>
            </>
        },
        Kind::Choice(options) => {
            let current = p.value.text().to_string();
            html! {
                <>
                    <label for={key}>{ label }</label>
                    <select id={key} onchange={on_change} aria-describedby={hint_id.clone()}>
                        { for options.iter().map(|(v, l)| html! {
                            <option value={*v} selected={*v == current} disabled={p.disabled.contains(v)}>{ *l }</option>
                        }) }
                    </select>
                    <span class="hint" id={hint_id}>{ row.hint }</span>
                </>
            }
        }
        Kind::Flag => html! {
            <>
                <label class="check" for={key}>
                    <input type="checkbox" id={key} checked={p.value.flag()} onchange={on_change}
                        aria-describedby={hint_id.clone()} />
                    { format!(" {label}") }
                </label>
                <span class="hint" id={hint_id}>{ row.hint }</span>
            </>
        },
    };
    let class = if row.is_number() { "field" } else { "param" };
    let note = p.note.as_ref().map(|n| {
        html! { <div class="inert-note" id={format!("{key}-note")}>{ n.clone() }</div> }
    });
    html! {
        <div class={classes!(class, invalid.then_some("invalid"))} title={row.hint}>
            { body }
            { for note }
            { for error }
        </div>
    }
}
