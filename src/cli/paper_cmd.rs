//! `spreadlab avellaneda-stoikov`: the paper's simulation for one gamma.

use super::args::Flags;
use super::CliError;
use spreadlab::engine::as_experiment::{simulate, PaperParams};

/// Runs the command and returns what to print.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let f = Flags::parse(args, &["gamma", "runs", "seed"], &["json"])?;
    let gamma = f
        .float("gamma")?
        .ok_or_else(|| CliError("--gamma is required (e.g. --gamma 0.1)".into()))?;
    let d = PaperParams::default();
    let p = PaperParams {
        gamma,
        runs: f.parsed("runs")?.unwrap_or(d.runs),
        seed: f.parsed("seed")?.unwrap_or(d.seed),
        ..d
    };
    let r = simulate(&p).map_err(CliError)?;
    if f.has("json") {
        return serde_json::to_string(&r)
            .map(|s| s + "\n")
            .map_err(|e| CliError(format!("cannot encode JSON: {e}")));
    }
    let mut s = format!(
        "Avellaneda-Stoikov simulation: gamma = {}, {} runs, seed {}\n{:<10} {:>8} {:>12} {:>10} {:>12} {:>10}\n",
        r.gamma, p.runs, p.seed, "strategy", "spread", "profit", "std", "final q", "std q"
    );
    for (name, st) in [("inventory", &r.inventory), ("symmetric", &r.symmetric)] {
        s.push_str(&format!(
            "{:<10} {:>8.3} {:>12.2} {:>10.2} {:>12.3} {:>10.2}\n",
            name, st.spread, st.profit_mean, st.profit_std, st.final_q_mean, st.final_q_std
        ));
    }
    Ok(s)
}
