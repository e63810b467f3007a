//! When a setting cannot change the run, and why: the notes the app shows under an inert
//! control, so a student who moves a slider and sees nothing happen learns the reason.
//!
//! The exposure cap and the rebalance band are the main case. Buys stop at the cap
//! (`max_inventory_exposure` of equity); a rebalance trades at market back to the target as
//! soon as inventory strays more than `rebalance_threshold` from it. Whichever is reached
//! first decides: with the seed's defaults (cap 20 %, threshold 10 %, target 0) the rebalance
//! sells at 10 %, so the cap is never reached and the exposure slider only matters below
//! 10 %. Raise the threshold above the cap and the cap binds instead: buying stops and no
//! rebalance fires.

use super::Settings;
use crate::engine::sim::FillModelKind;

/// The config fields the seed's own two loops ignore, with what they use instead.
fn seed_loop_note(key: &str, fill: FillModelKind) -> Option<String> {
    let uses_cap = fill == FillModelKind::SeedLive;
    let note = match key {
        "rebalance_threshold" | "min_profit_threshold" => {
            "The seed's own loops never read this field; choose the flow, cross or intensity fill model to see it work."
        }
        "max_inventory_exposure" if !uses_cap => {
            "The seed's backtest never reads this field; choose the flow, cross or intensity fill model to see it work."
        }
        _ => return None,
    };
    Some(note.to_string())
}

fn pct(x: f64) -> String {
    format!("{} %", super::compact(x * 100.0))
}

/// Why the setting `key` has no effect on runs with `s`, or `None` when it has one.
pub fn inert_note(s: &Settings, key: &str) -> Option<String> {
    let fill = s.sim.fill_model;
    if matches!(fill, FillModelKind::SeedBacktest | FillModelKind::SeedLive) {
        return seed_loop_note(key, fill);
    }
    let cap = s.config.max_inventory_exposure;
    let threshold = s.config.rebalance_threshold;
    let target = s.sim.target_inventory.min(cap);
    let band_top = target + threshold;
    match key {
        "max_inventory_exposure" if band_top < cap => Some(format!(
            "Inventory never reaches this cap: the rebalance sells back to the target ({}) once it passes target + rebalance threshold = {}. Lower the cap below {} or raise the rebalance threshold to see it bind.",
            pct(target),
            pct(band_top),
            pct(band_top),
        )),
        "rebalance_threshold" if band_top >= cap && target - threshold <= 0.0 => Some(format!(
            "No rebalance can fire: buying stops at the exposure cap ({}) before inventory passes target + threshold = {}.",
            pct(cap),
            pct(band_top),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run;

    fn kpis(s: &Settings) -> crate::engine::sim::Kpis {
        let feed = run::feed(s, None).unwrap();
        run::run_summary(s, &feed).unwrap()
    }

    fn with(edit: impl Fn(&mut Settings)) -> Settings {
        let mut s = Settings::default();
        edit(&mut s);
        s
    }

    /// Every note is true: where a note says a setting is inert, moving it over its
    /// slider's range leaves the run unchanged; where there is none, something changes.
    #[test]
    fn notes_say_exactly_when_the_cap_or_the_band_is_inert() {
        let defaults = Settings::default();
        assert!(inert_note(&defaults, "max_inventory_exposure").is_some());
        assert!(inert_note(&defaults, "rebalance_threshold").is_none());
        // At defaults (band top 10 %) every cap from 12 % up gives the identical run.
        let runs: Vec<_> = [0.12, 0.2, 0.5, 1.0]
            .iter()
            .map(|&c| {
                let s = with(|s| s.config.max_inventory_exposure = c);
                assert!(inert_note(&s, "max_inventory_exposure").is_some());
                kpis(&s)
            })
            .collect();
        assert!(runs.windows(2).all(|w| w[0] == w[1]));
        // A cap below the band binds: a different run, and no note.
        let low = with(|s| s.config.max_inventory_exposure = 0.05);
        assert!(inert_note(&low, "max_inventory_exposure").is_none());
        assert_ne!(kpis(&low).final_value, runs[0].final_value);
        // Threshold above the cap: the band is inert, thresholds beyond it change nothing,
        // and the cap now matters.
        let wide = |t: f64, c: f64| {
            with(|s| {
                s.config.rebalance_threshold = t;
                s.config.max_inventory_exposure = c;
            })
        };
        assert!(inert_note(&wide(0.3, 0.2), "rebalance_threshold").is_some());
        assert!(inert_note(&wide(0.3, 0.2), "max_inventory_exposure").is_none());
        assert_eq!(kpis(&wide(0.3, 0.2)), kpis(&wide(0.6, 0.2)));
        assert_ne!(
            kpis(&wide(0.3, 0.2)).final_value,
            kpis(&wide(0.3, 0.15)).final_value
        );
    }

    #[test]
    fn the_seeds_loops_ignore_the_fields_the_seed_never_used() {
        let backtest = with(|s| s.sim.fill_model = FillModelKind::SeedBacktest);
        for key in [
            "rebalance_threshold",
            "min_profit_threshold",
            "max_inventory_exposure",
        ] {
            assert!(inert_note(&backtest, key).is_some(), "{key}");
            let a = kpis(&backtest);
            let mut moved = backtest.clone();
            moved.set_num(key, 0.05).unwrap();
            assert_eq!(a, kpis(&moved), "{key}");
        }
        let live = with(|s| s.sim.fill_model = FillModelKind::SeedLive);
        assert!(inert_note(&live, "max_inventory_exposure").is_none());
        assert!(inert_note(&backtest, "spread_percentage").is_none());
    }
}
