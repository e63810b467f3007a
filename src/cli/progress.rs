//! Progress for long work on stderr: a bar with ETA when stderr is a terminal (silent
//! otherwise, or with `--quiet`), and a duration estimate that must be confirmed with
//! `--yes` above [`CONFIRM_SECONDS`].

use super::CliError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Work estimated to take longer than this needs `--yes`.
pub const CONFIRM_SECONDS: f64 = 60.0;

/// A bar of `len` units, drawn on stderr only when it is a terminal and not `quiet`.
pub fn bar(len: u64, unit: &str, quiet: bool) -> ProgressBar {
    let target = if quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let pb = ProgressBar::with_draw_target(Some(len), target);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {unit} · {{elapsed_precise}} · ETA {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        pb.set_style(style);
    }
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// `seconds` as "0.4 s", "12 min", "5.8 h".
pub fn human(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{seconds:.1} s")
    } else if seconds < 5400.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

/// Refuses work estimated above [`CONFIRM_SECONDS`] unless `yes`.
pub fn confirm(what: &str, estimate: f64, yes: bool) -> Result<(), CliError> {
    if estimate > CONFIRM_SECONDS && !yes {
        return Err(CliError(format!(
            "{what} would take about {} on this machine (over {CONFIRM_SECONDS:.0} s); pass --yes to run it",
            human(estimate)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well_and_long_work_needs_yes() {
        assert_eq!(human(0.42), "0.4 s");
        assert_eq!(human(720.0), "12 min");
        assert_eq!(human(20_880.0), "5.8 h");
        assert!(confirm("x", 59.0, false).is_ok());
        assert!(confirm("x", 61.0, true).is_ok());
        let e = confirm("the sweep", 20_880.0, false).unwrap_err().0;
        assert!(e.contains("5.8 h") && e.contains("--yes"), "{e}");
    }
}
