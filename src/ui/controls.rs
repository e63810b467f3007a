//! The control panel: one generated control per setting of the settings table, grouped,
//! plus the preset buttons and the CSV upload.

use super::setting_control::SettingControl;
use super::state::{Action, State};
use crate::engine::presets::Preset;
use crate::engine::settings::{inert_note, Group, Settings, TABLE};
use crate::web::upload::Stage;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props for the full panel.
#[derive(Properties, PartialEq, Clone)]
pub struct PanelProps {
    /// Dispatch.
    pub on_action: Callback<Action>,
    /// Snapshot of the bits of state the panel shows.
    pub view: PanelView,
    /// Data files were chosen (one, or several to merge by time).
    pub on_file: Callback<Vec<web_sys::File>>,
    /// Load the file that was over the row limit, thinned.
    pub on_thin: Callback<()>,
}

/// What the panel needs from the state (cheap to compare).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelView {
    /// Settings.
    pub settings: Settings,
    /// Refused text and why, by key.
    pub errors: Vec<(&'static str, (String, String))>,
    /// CSV name.
    pub csv_name: String,
    /// CSV format.
    pub csv_format: Option<String>,
    /// CSV error.
    pub csv_error: Option<String>,
    /// A large upload's progress.
    pub csv_progress: Option<crate::web::upload::Progress>,
    /// The thinning offered for a file over the row limit.
    pub csv_thin: Option<u64>,
    /// Keys of the settings the compact (embed) view shows.
    pub controls: Vec<&'static str>,
    /// Compact (embed)?
    pub compact: bool,
}

impl PanelView {
    /// Extracts the panel's view of the state.
    pub fn of(s: &State) -> PanelView {
        PanelView {
            settings: s.settings.clone(),
            errors: s.errors.clone(),
            csv_name: s.csv_name.clone(),
            csv_format: s.csv.as_ref().map(|c| {
                let r = &c.recording;
                match r.trades.len() {
                    0 => format!("{} ({} rows)", r.format, r.snapshots.len()),
                    n => format!("{} ({} rows, {n} trades)", r.format, r.snapshots.len()),
                }
            }),
            csv_error: s.csv_error.clone(),
            csv_progress: s.csv_progress,
            csv_thin: s.csv_thin.as_ref().map(|o| o.every),
            controls: s.view.controls.clone(),
            compact: s.view.embed,
        }
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
    let disabled: Vec<&'static str> = if v.csv_format.is_none() {
        vec!["csv"]
    } else {
        vec![]
    };
    let control = |row: &'static crate::engine::settings::Setting| {
        let error = v
            .errors
            .iter()
            .find(|(k, _)| *k == row.key)
            .map(|(_, e)| e.clone());
        html! {
            <SettingControl row={row} value={(row.get)(s)} error={error} quote={quote.clone()}
                note={inert_note(s, row.key)} disabled={disabled.clone()} on_action={cb.clone()} />
        }
    };
    let group = |g: Group| -> Html {
        TABLE
            .iter()
            .filter(|r| r.group == g && (r.shown)(s))
            .map(control)
            .collect()
    };
    if v.compact {
        let rows = TABLE
            .iter()
            .filter(|r| v.controls.contains(&r.key))
            .map(control);
        return html! { <section class="panel compact" aria-label="Controls">{ for rows }</section> };
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
    let on_file = {
        let cb = p.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Some(list) = input.files() {
                    let files: Vec<web_sys::File> =
                        (0..list.length()).filter_map(|i| list.get(i)).collect();
                    if !files.is_empty() {
                        cb.emit(files);
                    }
                }
                input.set_value("");
            }
        })
    };
    html! {
        <section class="panel" aria-label="Controls">
            <div class="group">
                <h2>{ "Strategy config" }</h2>
                <div class="presets" role="group" aria-label="Presets">{ for presets }</div>
                { group(Group::Config) }
            </div>
            <div class="group">
                <h2>{ "Market data" }</h2>
                { group(Group::Market) }
                { group(Group::Live) }
                <div class="param" title="Replay history: timestamp,price; timestamp,bid,ask; OHLCV; Binance klines; Binance trades, aggTrades and bookTicker dumps; WebSocket recordings. Pick a quotes file and a trades file together to merge them.">
                    <label for="csv-upload">{ "Load CSV" }</label>
                    <input type="file" id="csv-upload" multiple=true accept=".csv,.jsonl,.json,.txt,.log,text/csv,text/plain" onchange={on_file} />
                    if !v.csv_name.is_empty() {
                        <div class="note" id="csv-status">{ format!("{} — {}", v.csv_name, v.csv_format.clone().unwrap_or_default()) }</div>
                    }
                    if let Some(p) = v.csv_progress {
                        <progress id="csv-progress" max="100" value={format!("{:.0}", p.fraction * 100.0)}></progress>
                        <span class="note">{ format!("{} {:.0} %", match p.stage {
                            Stage::Reading => "reading",
                            Stage::Simulating => "simulating",
                        }, p.fraction * 100.0) }</span>
                    }
                    if let Some(e) = &v.csv_error {
                        <div class="error" role="alert" id="csv-error">{ e.clone() }</div>
                    }
                    if let (Some(every), None) = (v.csv_thin, v.csv_progress) {
                        <button type="button" id="csv-thin" onclick={p.on_thin.reform(|_| ())}>
                            { format!("Load every {} row", crate::engine::feed::csv_replay::ordinal(every)) }
                        </button>
                    }
                </div>
            </div>
            <div class="group">
                <h2>{ "Execution" }</h2>
                { group(Group::Execution) }
            </div>
        </section>
    }
}
