//! `spreadlab sweep`: a two-field grid of runs on every core (rayon), as a table, JSON or CSV.

use super::args::Flags;
use super::progress;
use super::run_cmd;
use super::CliError;
use rayon::prelude::*;
use serde_json::json;
use spreadlab::engine::sweep::{run_cell, Axis, Metric, SweepSpec};
use std::time::Instant;

/// Runs the command and returns what to print.
pub fn run(args: &[String]) -> Result<String, CliError> {
    // The feed/config/params flags are shared with `run`.
    let (own, shared) = split_args(args);
    let f = Flags::parse(
        &own,
        &["x", "y", "metric"],
        &["json", "csv", "yes", "quiet"],
    )?;
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
    if !setup.trades.is_empty() {
        return Err(CliError(
            "sweeps replay quotes only, not trade prints: use spreadlab run for a trades file"
                .into(),
        ));
    }
    let cells = spec.cells();
    let cell = |i: usize| run_cell(&spec, &setup.settings, &setup.snapshots, i);
    let err = |e: spreadlab::engine::sweep::SweepError| CliError(e.to_string());
    // Calibrate on the first cell, then estimate the rest across the threads.
    let started = Instant::now();
    let first = cell(0).map_err(err)?;
    let per_cell = started.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads().max(1);
    let estimate = per_cell * (cells - 1) as f64 / threads.min(cells) as f64;
    let quiet = f.has("quiet");
    if !quiet {
        eprintln!(
            "sweep: {cells} cells of {} steps, about {} on {threads} threads (one cell took {})",
            setup.snapshots.len(),
            progress::human(estimate),
            progress::human(per_cell)
        );
    }
    progress::confirm("the sweep", estimate, f.has("yes"))?;
    let pb = progress::bar(cells as u64, "cells", quiet);
    pb.inc(1);
    let rest: Vec<f64> = (1..cells)
        .into_par_iter()
        .map(|i| {
            let v = cell(i);
            pb.inc(1);
            v
        })
        .collect::<Result<_, _>>()
        .map_err(err)?;
    pb.finish_and_clear();
    let values: Vec<f64> = std::iter::once(first).chain(rest).collect();
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
    let own_bool = ["--json", "--csv", "--yes", "--quiet"];
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
