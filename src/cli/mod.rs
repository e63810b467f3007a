//! The native command line: `spreadlab run`, `spreadlab sweep`, `spreadlab avellaneda-stoikov`.

mod args;
mod data_files;
mod paper_cmd;
mod progress;
mod read;
mod run_cmd;
mod sweep_cmd;

use std::fmt;

/// A user-facing CLI error: printed as one line, exit code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<T: Into<String>> From<T> for CliError {
    fn from(s: T) -> Self {
        CliError(s.into())
    }
}

const USAGE: &str = "\
spreadlab - market-making simulator (AutoHedge's MarketMaker, done honestly)

USAGE:
  spreadlab run [--preset NAME] [--config FILE.json] [--set key=value]... [--KEY VALUE]...
                [--data PATH [--every N]] [--trades OUT.csv] [--json]
  spreadlab sweep --x key=lo:hi:n --y key=lo:hi:n [--metric NAME] [--json|--csv] [--yes] [--quiet]
                [run flags...]
  spreadlab avellaneda-stoikov --gamma G [--runs N] [--seed S] [--json]
  spreadlab help

Presets: conservative, balanced, aggressive, seed-defaults.
Every setting is a flag --KEY (with - for _) and a --set KEY=value; layers: defaults <- --preset
<- --config FILE.json (config fields) <- flags and --set in order. Settings:
{SETTINGS}
Limits: --data and --config are read up to 1 GiB (pipes too) and --data holds at most
20 000 000 rows (--every N keeps every N-th); runs with --trades keep every step, so at most
2 000 000 steps; KPI-only runs stream any number up to 1 000 000 000 in constant memory.
A sweep prints its estimated duration and needs --yes above 60 s; progress bars are drawn
on a terminal only (--quiet: none).
Errors print one line and exit with code 2.
";

/// The usage text, with one line per setting from the settings table.
fn usage() -> String {
    use spreadlab::engine::settings::{Kind, TABLE};
    let lines: Vec<String> = TABLE
        .iter()
        .map(|r| {
            let allowed = match r.kind {
                Kind::Number { range, .. } => format!("number in {range}"),
                Kind::Integer { min, max } => format!("whole number in [{min}, {max}]"),
                Kind::Choice(o) => o.iter().map(|(v, _)| *v).collect::<Vec<_>>().join("|"),
                Kind::Flag => "flag".to_string(),
                Kind::Text { example, .. } => format!("text, e.g. {example}"),
            };
            format!(
                "  --{:<24} {} ({allowed}; default {})",
                r.flag(),
                r.label,
                r.default_value()
            )
        })
        .collect();
    USAGE.replace("{SETTINGS}", &lines.join("\n"))
}

/// Runs the CLI; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    let mut out = std::io::stdout().lock();
    match dispatch(&args, &mut out) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("spreadlab: error: {e}");
            2
        }
    }
}

fn dispatch(args: &[String], out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let write = |out: &mut dyn std::io::Write, s: &str| {
        out.write_all(s.as_bytes())
            .map_err(|e| CliError(format!("cannot write output: {e}")))
    };
    match cmd {
        "help" | "--help" | "-h" => write(out, &usage()),
        "run" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, &usage());
            }
            let text = run_cmd::run(rest)?;
            write(out, &text)
        }
        "sweep" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, &usage());
            }
            let text = sweep_cmd::run(rest)?;
            write(out, &text)
        }
        "avellaneda-stoikov" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, &usage());
            }
            let text = paper_cmd::run(rest)?;
            write(out, &text)
        }
        other => Err(CliError(format!(
            "unknown command '{other}' (expected run, sweep, avellaneda-stoikov or help)"
        ))),
    }
}
