//! The native command line: `spreadlab run`, `spreadlab sweep`, `spreadlab avellaneda-stoikov`.

mod args;
mod paper_cmd;
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
  spreadlab run [--preset NAME] [--config FILE.json] [--set field=value]...
                [--feed random-walk|mean-reverting|csv] [--data PATH] [--steps N] [--seed S]
                [--fill seed-backtest|seed-live|cross|intensity]
                [--strategy seed|avellaneda-stoikov|symmetric]
                [--maker-fee F] [--taker-fee F] [--latency N] [--target-inventory F]
                [--volatility V] [--drift D] [--tick-seconds T] [--half-spread H]
                [--jump-intensity J] [--start-price P]
                [--trades OUT.csv] [--json]
  spreadlab sweep --x field=lo:hi:n --y field=lo:hi:n [--metric NAME] [--json|--csv] [run flags...]
  spreadlab avellaneda-stoikov --gamma G [--runs N] [--seed S] [--json]
  spreadlab help

Presets: conservative, balanced, aggressive, seed-defaults.
Fields for --set: trading_pair, total_capital, spread_percentage, order_size_percentage,
  max_inventory_exposure, rebalance_threshold, min_profit_threshold.
Errors print one line and exit with code 2.
";

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
        "help" | "--help" | "-h" => write(out, USAGE),
        "run" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, USAGE);
            }
            let text = run_cmd::run(rest)?;
            write(out, &text)
        }
        "sweep" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, USAGE);
            }
            let text = sweep_cmd::run(rest)?;
            write(out, &text)
        }
        "avellaneda-stoikov" => {
            if rest.iter().any(|a| a == "--help" || a == "-h") {
                return write(out, USAGE);
            }
            let text = paper_cmd::run(rest)?;
            write(out, &text)
        }
        other => Err(CliError(format!(
            "unknown command '{other}' (expected run, sweep, avellaneda-stoikov or help)"
        ))),
    }
}
