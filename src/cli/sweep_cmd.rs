//! `spreadlab sweep`: a two-field grid of runs on every core (rayon), as a table, JSON or CSV.

use super::args::Flags;
use super::run_cmd;
use super::CliError;
use rayon::prelude::*;
use serde_json::json;
use spreadlab::engine::sweep::{run_cell, Axis, Metric, SweepSpec};

/// Runs the command and returns what to print.
pub fn run(args: &[String]) -> Result<String, CliError> {
    // The feed/config/params flags are shared with `run`.
    let (own, shared) = split_args(args);
    let f = Flags::parse(&own, &["x", "y", "metric"], &["json", "csv"])?;
    let x = Axis::parse(f.get("x").ok_or("--x field=lo:hi:n is required")?)
        .map_err(|e| CliError(format!("--x: {e}")))?;
    let y = Axis::parse(f.get("y").ok_or("--y field=lo:hi:n is required")?)
        .map_err(|e| CliError(format!("--y: {e}")))?;
    let metric_name = f.get("metric").unwrap_or("total_return_percentage");
    let metric = Metric::from_name(metric_name).ok_or_else(|| {
        let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        CliError(format!(
            "--metric: unknown metric '{metric_name}' ({})",
            names.join(", ")
        ))
    })?;
    let spec = SweepSpec { x, y, metric };
    spec.validate().map_err(|e| CliError(e.to_string()))?;
    let setup = run_cmd::setup(&shared)?;
    let values: Vec<f64> = (0..spec.cells())
        .into_par_iter()
        .map(|i| run_cell(&spec, &setup.settings, &setup.snapshots, i))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError(e.to_string()))?;
    let (xs, ys) = (x.values(), y.values());
    if f.has("json") {
        let grid: Vec<&[f64]> = values.chunks(x.n).collect();
        let v = json!({
            "x": {"field": x.field.key(), "values": xs},
            "y": {"field": y.field.key(), "values": ys},
            "metric": metric.name(),
            "values": grid,
            "steps": setup.snapshots.len(),
            "seed": setup.settings.seed(),
        });
        return Ok(format!("{v}\n"));
    }
    let sep = if f.has("csv") { "," } else { "\t" };
    let mut out = format!("{}\\{}", y.field.key(), x.field.key());
    for v in &xs {
        out.push_str(&format!("{sep}{v}"));
    }
    out.push('\n');
    for (row, yv) in ys.iter().enumerate() {
        out.push_str(&yv.to_string());
        for v in &values[row * x.n..(row + 1) * x.n] {
            out.push_str(&format!("{sep}{v}"));
        }
        out.push('\n');
    }
    Ok(out)
}

/// Separates the sweep's own flags from the `run` flags.
fn split_args(args: &[String]) -> (Vec<String>, Vec<String>) {
    let own_valued = ["--x", "--y", "--metric"];
    let own_bool = ["--json", "--csv"];
    let (mut own, mut shared) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let name = a.split('=').next().unwrap_or(a);
        if own_bool.contains(&a.as_str()) {
            own.push(a.clone());
        } else if own_valued.contains(&name) {
            own.push(a.clone());
            if !a.contains('=') {
                if let Some(v) = it.next() {
                    own.push(v.clone());
                }
            }
        } else {
            shared.push(a.clone());
        }
    }
    (own, shared)
}
