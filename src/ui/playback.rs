//! Run / pause / step / reset and speed. The clock is `requestAnimationFrame`.

use super::state::Action;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq, Clone)]
pub struct PlaybackProps {
    /// Playing?
    pub playing: bool,
    /// Cursor.
    pub cursor: usize,
    /// Run length.
    pub len: usize,
    /// Steps per frame.
    pub speed: usize,
    /// Dispatch.
    pub on_action: Callback<Action>,
}

/// Transport controls.
#[function_component(Playback)]
pub fn playback(p: &PlaybackProps) -> Html {
    let act = |a: Action| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let on_speed = {
        let cb = p.on_action.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                // Log scale: 1 .. 10^4 steps per frame.
                let x: f64 = i.value().parse().unwrap_or(1.7);
                cb.emit(Action::SetSpeed(10f64.powf(x).round() as usize));
            }
        })
    };
    let speed_pos = (p.speed.max(1) as f64).log10();
    html! {
        <div class="playback" role="group" aria-label="Playback">
            if p.playing {
                <button type="button" id="pause" onclick={act(Action::Pause)}>{ "❚❚ Pause" }</button>
            } else {
                <button type="button" id="run" onclick={act(Action::Play)}>{ "▶ Run" }</button>
            }
            <button type="button" id="step" onclick={act(Action::Step)}>{ "Step" }</button>
            <button type="button" id="reset" onclick={act(Action::Reset)}>{ "Reset" }</button>
            <label for="speed">{ "Speed" }</label>
            <input type="range" id="speed" min="0" max="4" step="0.1" value={speed_pos.to_string()} oninput={on_speed} />
            <span class="note">{ format!("{} steps/frame", p.speed) }</span>
            <progress id="progress" max={p.len.max(1).to_string()} value={p.cursor.to_string()}></progress>
            <span class="note" id="cursor">{ format!("{} / {}", p.cursor, p.len) }</span>
        </div>
    }
}
