//! The page: composes the panel, playback, charts, KPIs and trade log around one reducer.

use super::charts::{Chart, ChartKind};
use super::controls::{ControlPanel, PanelView};
use super::kpis::KpiPanel;
use super::paper::PaperExperiment;
use super::playback::Playback;
use super::state::{Action, State};
use super::sweep::SweepPanel;
use super::trades::TradeLog;
use crate::engine::limits::MAX_APP_FILE_BYTES;
use crate::engine::scenarios::Scenario;
use crate::engine::settings::{shortened, url_hash, FeedKind};
use crate::engine::sim::trade_log_csv;
use crate::web;
use gloo::events::EventListener;
use std::rc::Rc;
use yew::prelude::*;

/// The application root.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let d = web::hash::read();
        State::new(d.settings, d.view, d.notices)
    });
    let dark = use_state(web::prefers_dark);
    let upload = super::use_upload::use_upload(&state);

    // Animation clock: one Tick per frame while playing.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.playing, state.cursor), move |(playing, _)| {
            let handle = playing.then(|| {
                gloo::render::request_animation_frame(move |_| dispatcher.dispatch(Action::Tick))
            });
            move || drop(handle)
        });
    }
    // Redraw on resize; follow the colour scheme.
    {
        let dispatcher = state.dispatcher();
        let dark = dark.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "resize", move |_| {
                    dark.set(web::prefers_dark());
                    dispatcher.dispatch(Action::Resized);
                })
            });
            move || drop(listener)
        });
    }
    // The live feed and its kept quotes.
    super::use_live::use_live(&state.settings, state.live_epoch, state.dispatcher());
    // Long runs, simulated a slice at a time while the previous one stays on screen.
    super::use_sliced_run::use_sliced_run(&state.pending, state.dispatcher());
    // How long the last change took to reach the screen (action to rendered effects).
    let changed_at = use_mut_ref(|| None::<f64>);
    let sim_time = use_node_ref();
    {
        let changed_at = changed_at.clone();
        let sim_time = sim_time.clone();
        let steps = state.steps();
        let running = state.pending.is_some();
        use_effect(move || {
            // A sliced run's change reaches the screen with its result.
            if running {
                return;
            }
            if let Some(t0) = changed_at.borrow_mut().take() {
                if let Some(el) = sim_time.cast::<web_sys::Element>() {
                    el.set_text_content(Some(&format!(
                        "{steps} steps re-simulated and drawn in {:.1} ms",
                        super::timing::now() - t0
                    )));
                }
            }
        });
    }
    // Keep the URL hash in sync with the settings on screen, one task after they change:
    // the browser takes a few ms (tens on a busy machine) to take a new address, which
    // would otherwise add to the task that draws the run.
    {
        use_effect_with(
            (state.settings.clone(), state.view.clone()),
            move |(s, view)| {
                let (s, view) = (s.clone(), view.clone());
                let write =
                    gloo::timers::callback::Timeout::new(0, move || web::hash::write(&s, &view));
                move || drop(write)
            },
        );
    }

    let on_action = {
        let changed_at = changed_at.clone();
        super::use_coalesced::use_coalesced_dispatch(
            state.dispatcher(),
            Rc::new(move || *changed_at.borrow_mut() = Some(super::timing::now())),
        )
    };
    let on_file = {
        let dispatcher = state.dispatcher();
        let upload = upload.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            // Refused from their size alone, before a byte is read.
            let total: f64 = files.iter().map(|f| f.size()).sum();
            if total > MAX_APP_FILE_BYTES as f64 {
                dispatcher.dispatch(Action::CsvFailed(format!(
                    "{} MB is over the {} MB the browser version reads; thin it or use the command line (spreadlab run --data FILE --every N)",
                    total as u64 >> 20,
                    MAX_APP_FILE_BYTES >> 20
                )));
                return;
            }
            if files.is_empty() {
                return;
            }
            let name = files
                .iter()
                .map(|f| shortened(&f.name()))
                .collect::<Vec<_>>()
                .join(" + ");
            upload.emit((name, super::Shared(Rc::new(files)), 1));
        })
    };
    // Load the file that was over the row limit again, thinned.
    let on_thin = {
        let offer = state.csv_thin.clone();
        Callback::from(move |_: ()| {
            if let Some(o) = offer.clone() {
                upload.emit((o.name, o.files, o.every));
            }
        })
    };
    // A link pasted into the address bar, or back/forward: the hash drives the page.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    dispatcher.dispatch(Action::Navigate(Box::new(web::hash::read())))
                })
            });
            move || drop(listener)
        });
    }
    let on_download = {
        let state = state.clone();
        Callback::from(move |_| {
            let csv = trade_log_csv(&state.result.0.trades);
            let name = web::download::trades_file_name(
                &state.settings.config.trading_pair,
                state.settings.seed(),
            );
            if let Err(e) = web::download::download_text(&name, &csv) {
                web_sys::console::error_1(&e);
            }
        })
    };
    let dismiss = {
        let cb = on_action.clone();
        Callback::from(move |_| cb.emit(Action::DismissNotices))
    };

    let s = &*state;
    let cfg = &s.settings.config;
    let quote = cfg
        .base_quote()
        .map(|(_, q)| q.to_string())
        .unwrap_or_default();
    let on_zoom = {
        let cb = on_action.clone();
        Callback::from(move |z: Option<(u64, u64)>| cb.emit(Action::Zoom(z)))
    };
    let chart = |kind: ChartKind| {
        html! {
            <Chart kind={kind} result={s.result.clone()} cursor={s.cursor}
                max_exposure={cfg.max_inventory_exposure} rebalance={cfg.rebalance_threshold}
                target={s.settings.sim.target_inventory.min(cfg.max_inventory_exposure)}
                epoch={s.layout_epoch} dark={*dark} compare={s.compare.clone()}
                zoom={s.view.zoom} on_zoom={on_zoom.clone()} />
        }
    };
    let pin = {
        let cb = on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::PinA))
    };
    let unpin = {
        let cb = on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::Unpin))
    };
    let scenarios = Scenario::ALL.iter().map(|sc| {
        let cb = on_action.clone();
        let sc = *sc;
        html! { <button type="button" id={format!("scenario-{}", sc.name())} title={sc.explanation()}
            onclick={Callback::from(move |_| cb.emit(Action::ApplyScenario(sc)))}>{ sc.label() }</button> }
    });
    let hash = url_hash::to_hash(&s.settings, &url_hash::View::default());
    let embed = s.view.embed;
    html! {
        <main class={classes!("app", embed.then_some("embed"))}>
            if !embed {
                <header>
                    <h1>{ "spreadlab" }<span class="sub">{ " — a market-making simulator" }</span></h1>
                    <p class="intro">
                        { "A market maker keeps a buy order just below the market price and a sell order just above it, and earns the gap between them each time both get filled. The risk is inventory: when the price trends, one side fills again and again and the market maker ends up holding an asset that is losing value. Move any slider: the whole run is re-simulated from the same random seed and redrawn at once, so you see exactly what that parameter does." }
                    </p>
                </header>
            }
            if !s.notices.is_empty() {
                <div class="notice" role="status" id="notices">
                    <ul tabindex="0" aria-label="Notices">{ for s.notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            if let Some(e) = &s.run_error {
                <div class="banner error" role="alert" id="run-error">{ format!("Could not re-run: {e}. The previous run is still shown.") }</div>
            }
            if s.settings.feed == FeedKind::Live {
                { live_status_line(s) }
            }
            <div class="layout">
                <ControlPanel on_action={on_action.clone()} view={PanelView::of(s)} on_file={on_file} on_thin={on_thin} />
                <div class="results" aria-busy={s.pending.is_some().to_string()}>
                    if !embed {
                        <Playback playing={s.playing} cursor={s.cursor} len={s.steps()} speed={s.speed} on_action={on_action.clone()} />
                        <div class="teach card" role="group" aria-label="Teaching tools">
                            <span class="teach-label">{ "Scenarios:" }</span>
                            { for scenarios }
                            if s.pinned.is_some() {
                                <button type="button" id="unpin" onclick={unpin}>{ "Stop comparing" }</button>
                                <span class="note">{ "A is pinned (grey). Change sliders to form B." }</span>
                            } else {
                                <button type="button" id="pin-a" onclick={pin} title="Pin the current settings as A, then change sliders to form B: both run on the same prices.">{ "Compare: pin as A" }</button>
                            }
                        </div>
                    }
                    if s.pending.is_some() {
                        <p class="note" id="run-pending" role="status">
                            { format!("Simulating {} steps; the previous run is shown until then.", super::group_digits(s.settings_steps())) }
                        </p>
                    }
                    { chart(ChartKind::Price) }
                    { chart(ChartKind::Inventory) }
                    { chart(ChartKind::Pnl) }
                    if s.settings.sim.adaptive {
                        { chart(ChartKind::Factor) }
                    }
                    <KpiPanel kpis={s.result.0.kpis.clone()} quote={quote}
                        compare={s.compare.as_ref().map(|c| c.0.kpis.clone())} />
                    <p class="note" id="sim-time" ref={sim_time}>{ format!("{} steps", s.steps()) }</p>
                    if !embed {
                        <TradeLog result={s.result.clone()} cursor={s.cursor} on_download={on_download} />
                        <SweepPanel hash={hash} files={s.csv_files.clone().filter(|_| s.settings.feed == FeedKind::Csv)} csv_every={s.csv_every} steps={s.settings_steps()} on_action={on_action.clone()} dark={*dark} />
                        <PaperExperiment dark={*dark} />
                    }
                </div>
            </div>
        </main>
    }
}

/// The live feed's status line and fault banner.
fn live_status_line(s: &State) -> Html {
    use crate::live::session::Transport;
    use crate::live::BookSource;
    let Some(st) = &s.live_status else {
        return html! { <div class="live-status note" id="live-status">{ "Connecting…" }</div> };
    };
    let transport = match st.transport {
        Transport::WebSocket => "WebSocket",
        Transport::Rest => "REST polling",
    };
    let book = match st.book {
        Some(BookSource::Venue) => "venue bid/ask",
        Some(BookSource::Synthesised) => "book synthesised from last price",
        None => "no quote yet",
    };
    let age = st
        .age_s
        .map(|a| format!("updated {a:.1} s ago"))
        .unwrap_or_else(|| "waiting for the first quote".into());
    html! {
        <>
            <div class="live-status note" id="live-status" aria-live="polite">
                { format!("{} · {transport} · {book} · {age} · {:.1} msg/s · {} quotes · {} trades · {} steps kept", st.venue.label(), st.rate, st.received, st.trades, s.steps()) }
            </div>
            if let Some(f) = &st.fault {
                <div class="banner error" role="alert" id="live-fault">
                    { format!("{}: {f}. {}", st.venue.label(), if st.retries > 0 { format!("Retrying (attempt {}) with backoff; the history so far is kept.", st.retries) } else { "The history so far is kept.".to_string() }) }
                </div>
            }
        </>
    }
}
