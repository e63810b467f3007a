//! Integration tests of the `spreadlab` command line.

use std::process::Command;

fn spreadlab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spreadlab"))
        .args(args)
        .output()
        .expect("run spreadlab");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = spreadlab(args);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("one JSON object")
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spreadlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn run_json_has_the_seed_keys_and_every_kpi() {
    let v = json(&["run", "--json", "--steps", "2000"]);
    for key in [
        "initial_capital",
        "final_value",
        "total_return_percentage",
        "total_trades",
        "win_rate",
        "max_drawdown",
        "sharpe",
        "volatility",
        "fill_rate",
        "capital_utilisation",
        "turnover",
        "market_share",
        "round_trips",
        "average_return_per_round_trip",
        "config",
        "fill_model",
        "spread_pnl",
        "inventory_pnl",
        "fees_paid",
        "forced_exits",
        "inventory_std",
        "final_inventory",
        "quotes_clamped",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["initial_capital"], 10000.0);
    assert_eq!(v["fill_model"], "flow");
    assert_eq!(v["steps"], 2000);
}

#[test]
fn presets_sets_and_config_files_layer_in_order() {
    let v = json(&["run", "--json", "--steps", "100", "--preset", "aggressive"]);
    assert_eq!(v["config"]["total_capital"], 20000.0);
    assert_eq!(v["config"]["spread_percentage"], 0.002);
    let file = temp_file(
        "cfg.json",
        r#"{"spread_percentage": 0.003, "total_capital": 7000}"#,
    );
    let v = json(&[
        "run",
        "--json",
        "--steps",
        "100",
        "--preset",
        "aggressive",
        "--config",
        file.to_str().unwrap(),
        "--set",
        "spread_percentage=0.004",
    ]);
    assert_eq!(v["config"]["total_capital"], 7000.0);
    assert_eq!(v["config"]["spread_percentage"], 0.004);
    assert_eq!(v["config"]["order_size_percentage"], 0.02);
}

#[test]
fn seed_backtest_over_a_csv_matches_the_seeds_algorithm() {
    let closes = [100.0, 101.5, 99.25, 102.0, 98.0, 100.5];
    let mut csv = String::from("timestamp,price\n");
    for (i, c) in closes.iter().enumerate() {
        csv.push_str(&format!("{},{}\n", 1_704_067_200 + 60 * i, c));
    }
    let path = temp_file("closes.csv", &csv);
    let v = json(&[
        "run",
        "--json",
        "--fill",
        "seed-backtest",
        "--data",
        path.to_str().unwrap(),
    ]);
    // An independent re-implementation of the seed's loop.
    let (cap, s, osp) = (10_000.0f64, 0.001f64, 0.01f64);
    let (mut base, mut quote, mut trades) = (0.0f64, cap, 0u64);
    for p in closes {
        let spread = p * s;
        let (buy, sell, size) = (p - spread / 2.0, p + spread / 2.0, cap * osp / p);
        if quote >= buy * size {
            quote -= buy * size;
            base += size;
            trades += 1;
        }
        if base >= size {
            quote += sell * size;
            base -= size;
            trades += 1;
        }
    }
    let final_value = base * closes[5] + quote;
    assert_eq!(v["final_value"].as_f64().unwrap(), final_value);
    assert_eq!(v["total_trades"].as_u64().unwrap(), trades);
    assert_eq!(
        v["total_return_percentage"].as_f64().unwrap(),
        (final_value - cap) / cap * 100.0
    );
}

#[test]
fn trades_csv_has_the_seed_header() {
    let dir = std::env::temp_dir().join(format!("spreadlab-cli-t-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("trades.csv");
    let (code, _, err) = spreadlab(&["run", "--steps", "3000", "--trades", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with(
        "timestamp,event_type,price,amount,base_inventory,quote_inventory,total_value,fee,equity\n"
    ));
    assert!(text.lines().count() > 1);
}

#[test]
fn every_error_is_one_line_and_exit_code_2() {
    let bad_json = temp_file("bad.json", "{not json");
    let bad_csv = temp_file("bad.csv", "timestamp,price\n1,abc\n");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["run", "--bogus"], "unknown flag --bogus"),
        (vec!["run", "--steps"], "--steps needs a value"),
        (vec!["run", "--steps", "ten"], "--steps: steps = \"ten\""),
        (vec!["run", "--preset", "yolo"], "unknown preset 'yolo'"),
        (vec!["run", "--set", "nope=1"], "unknown setting \"nope\""),
        (
            vec!["run", "--set", "spread_percentage=0.5"],
            "spread_percentage = 0.5",
        ),
        (
            vec!["run", "--fill", "magic"],
            "fill = \"magic\" is not allowed",
        ),
        (
            vec!["run", "--data", "/nonexistent/x.csv"],
            "cannot read \"/nonexistent/x.csv\"",
        ),
        (
            vec!["run", "--config", bad_json.to_str().unwrap()],
            "not valid JSON",
        ),
        (
            vec!["run", "--data", bad_csv.to_str().unwrap()],
            "line 2, column price",
        ),
        (vec!["run", "--maker-fee", "0.5"], "maker_fee = 0.5"),
        (vec!["run", "--volatility", "NaN"], "--volatility"),
        (vec!["frobnicate"], "unknown command 'frobnicate'"),
        (vec!["avellaneda-stoikov"], "--gamma is required"),
        (vec!["avellaneda-stoikov", "--gamma", "-1"], "gamma = -1"),
    ];
    for (args, needle) in cases {
        let (code, out, err) = spreadlab(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed to stdout: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("spreadlab: error: "), "{err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in {err}"
        );
    }
}

#[test]
fn help_exits_zero() {
    let (code, out, _) = spreadlab(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("spreadlab run"));
}

#[test]
fn avellaneda_stoikov_json_and_determinism() {
    let args = [
        "avellaneda-stoikov",
        "--gamma",
        "0.1",
        "--runs",
        "50",
        "--json",
    ];
    let a = json(&args);
    for s in ["inventory", "symmetric"] {
        for k in [
            "spread",
            "profit_mean",
            "profit_std",
            "final_q_mean",
            "final_q_std",
        ] {
            assert!(a[s][k].is_number(), "{s}.{k} in {a}");
        }
    }
    assert_eq!(a["gamma"], 0.1);
    assert_eq!(a, json(&args));
}

#[test]
fn runs_are_deterministic_per_seed() {
    let a = json(&[
        "run",
        "--json",
        "--steps",
        "3000",
        "--seed",
        "9",
        "--fill",
        "intensity",
    ]);
    let b = json(&[
        "run",
        "--json",
        "--steps",
        "3000",
        "--seed",
        "9",
        "--fill",
        "intensity",
    ]);
    let c = json(&[
        "run",
        "--json",
        "--steps",
        "3000",
        "--seed",
        "10",
        "--fill",
        "intensity",
    ]);
    assert_eq!(a, b);
    assert_ne!(a["final_value"], c["final_value"]);
}

#[test]
fn sweep_json_grid_and_csv() {
    let v = json(&[
        "sweep",
        "--x",
        "spread_percentage=0.0005:0.004:4",
        "--y",
        "order_size_percentage=0.005:0.02:3",
        "--metric",
        "total_trades",
        "--json",
        "--steps",
        "3000",
    ]);
    assert_eq!(v["x"]["values"].as_array().unwrap().len(), 4);
    assert_eq!(v["y"]["field"], "order_size_percentage");
    let grid = v["values"].as_array().unwrap();
    assert_eq!(grid.len(), 3);
    assert_eq!(grid[0].as_array().unwrap().len(), 4);
    // Each cell equals a single `run` with that config.
    let one = json(&[
        "run",
        "--json",
        "--steps",
        "3000",
        "--set",
        "spread_percentage=0.004",
        "--set",
        "order_size_percentage=0.02",
    ]);
    assert_eq!(grid[2][3].as_f64(), one["total_trades"].as_f64());
    let (code, out, _) = spreadlab(&[
        "sweep",
        "--x=spread_percentage=0.001:0.002:2",
        "--y=rebalance_threshold=0.1:0.5:2",
        "--csv",
        "--steps",
        "500",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("rebalance_threshold\\spread_percentage,0.001,0.002\n"),
        "{out}"
    );
    let (code, _, err) = spreadlab(&[
        "sweep",
        "--x",
        "spread_percentage=0.001:0.002:2",
        "--y",
        "order_size_percentage=1:2:2",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("outside the allowed range"), "{err}");
}

/// Walks the settings table through the CLI: every row's example value, given as
/// `--set key=value` and as `--key value`, comes back in the JSON's `settings`; every
/// row's out-of-range value is refused with one line naming the key.
#[test]
fn every_setting_round_trips_through_the_cli() {
    use spreadlab::engine::settings::{Kind, TABLE};
    for row in TABLE.iter() {
        let example = row.example();
        let set = format!("{}={example}", row.key);
        let flag = format!("--{}", row.flag());
        let mut as_flag = vec!["run", "--json", "--steps", "50"];
        as_flag.push(&flag);
        if !matches!(row.kind, Kind::Flag) {
            as_flag.push(&example);
        }
        let by_set = ["run", "--json", "--steps", "50", "--set", &set];
        let runs: Vec<&[&str]> = if matches!(row.kind, Kind::Flag) && example == "0" {
            vec![&by_set[..]]
        } else {
            vec![&by_set[..], &as_flag[..]]
        };
        for args in runs {
            let v = json(args);
            let got = &v["settings"][row.key];
            let text = match got {
                serde_json::Value::String(t) => t.clone(),
                serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                other => other.to_string(),
            };
            assert_eq!(
                row.parse(&text).unwrap(),
                row.parse(&example).unwrap(),
                "{}: {args:?}",
                row.key
            );
        }
        let bad = format!("{}={}", row.key, row.counterexample());
        let (code, out, err) = spreadlab(&["run", "--steps", "50", "--set", &bad]);
        assert_eq!(code, 2, "{}: {err}", row.key);
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("--set: {} ", row.key)),
            "{}: {err}",
            row.key
        );
    }
}

#[test]
fn sharpe_is_annualised_from_the_files_timestamps_or_per_step_without_them() {
    // The same 400 daily closes, once with dates (weekdays only) and once without times.
    let mut dated = String::from("date,close\n");
    let mut bare = String::from("close\n");
    let mut day = 0;
    let mut price = 100.0f64;
    for i in 0..400 {
        while day % 7 >= 5 {
            day += 1; // 2024-01-01 was a Monday: skip Saturdays and Sundays.
        }
        price *= 1.0 + 0.01 * ((i * 7919 % 13) as f64 - 6.0) / 6.0;
        dated.push_str(&format!("{},{price:.4}\n", 1_704_067_200 + 86_400 * day));
        bare.push_str(&format!("{price:.4}\n"));
        day += 1;
    }
    let dated = temp_file("dated.csv", &dated);
    let bare = temp_file("bare.csv", &bare);
    let run = |path: &std::path::Path, extra: &[&str]| {
        // `cross` fills do not depend on the step length, so both files trade the same.
        let mut args = vec![
            "run",
            "--json",
            "--fill",
            "cross",
            "--data",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        json(&args)
    };
    let per_step = run(&bare, &[]);
    assert_eq!(per_step["time_basis"], "per-step");
    let calendar = run(&dated, &[]);
    assert_eq!(calendar["time_basis"], "year365");
    let trading = run(&dated, &["--year-basis", "252"]);
    assert_eq!(trading["time_basis"], "year252");
    assert_eq!(per_step["total_trades"], calendar["total_trades"]);
    let vol = |v: &serde_json::Value| v["volatility"].as_f64().unwrap();
    // Weekday bars: about 261 steps per calendar year, exactly 252 per trading year.
    let cal_ratio = vol(&calendar) / vol(&per_step);
    assert!((cal_ratio * cal_ratio - 261.0).abs() < 3.0, "{cal_ratio}");
    let trading_ratio = vol(&trading) / vol(&per_step);
    assert!(
        (trading_ratio * trading_ratio - 252.0).abs() < 1e-6,
        "{trading_ratio}"
    );
}

#[test]
fn hostile_files_are_refused_short_and_quirky_ones_are_read() {
    // A device of unknown size is read up to the limit, then refused.
    if std::path::Path::new("/dev/zero").exists() {
        for flag in ["--data", "--config"] {
            let (code, _, err) = spreadlab(&["run", flag, "/dev/zero"]);
            assert_eq!(code, 2);
            assert!(err.contains("larger than 1024 MiB"), "{err}");
        }
    }
    // UTF-16 with a BOM, as spreadsheets save "Unicode text".
    let text = "timestamp,price\n1704067200,100\n1704067260,101\n1704067320,100.5\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let dir = std::env::temp_dir().join(format!("spreadlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p16 = dir.join("utf16.csv");
    std::fs::write(&p16, utf16).unwrap();
    let v = json(&["run", "--json", "--data", p16.to_str().unwrap()]);
    assert_eq!(v["steps"], 3);
    let bad = dir.join("latin1.csv");
    std::fs::write(&bad, b"timestamp,price\n1,caf\xe9\n").unwrap();
    let (code, _, err) = spreadlab(&["run", "--data", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not UTF-8"), "{err}");
    // Yahoo's null rows are skipped, with a warning on stderr and in the JSON.
    let yahoo = temp_file(
        "yahoo.csv",
        "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.5,10\n2024-01-03,null,null,null,null,null,null\n2024-01-05,1.5,2,1,1.7,1.7,12\n2024-01-04,1.6,2,1,1.8,1.8,12\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_spreadlab"))
        .args(["run", "--json", "--data", yahoo.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: 1 rows with null prices skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: rows were not in time order"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"].as_array().unwrap().len(), 2, "{v}");
    // Impossible dates and unusable prices name line and column.
    let feb31 = temp_file("feb31.csv", "date,price\n2024-02-28,1\n2024-02-31,2\n");
    let (_, _, err) = spreadlab(&["run", "--data", feb31.to_str().unwrap()]);
    assert!(err.contains("line 3, column date"), "{err}");
    let huge = temp_file("huge.csv", "timestamp,price\n1,100\n2,9e307\n");
    let (_, _, err) = spreadlab(&["run", "--data", huge.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column price") && err.contains("[1e-12, 1e12]"),
        "{err}"
    );
    // --every thins a file.
    let v = json(&[
        "run",
        "--json",
        "--every",
        "2",
        "--data",
        yahoo.to_str().unwrap(),
    ]);
    assert_eq!(v["steps"], 2);
}

#[test]
fn kpi_only_runs_stream_past_the_charted_step_limit() {
    let n = "2000500";
    let v = json(&["run", "--json", "--fill", "cross", "--steps", n]);
    assert_eq!(v["steps"].to_string(), n);
    let (code, _, err) = spreadlab(&["run", "--steps", n, "--trades", "/dev/null"]);
    assert_eq!(code, 2);
    assert!(err.contains("at most 2000000"), "{err}");
}

/// A KPI-only run over a file of prices is simulated while the file is read: the same
/// KPIs as the run that keeps a trade log, for files whose guessed tick holds and not.
#[test]
fn kpi_runs_made_while_reading_equal_runs_that_keep_the_trade_log() {
    for (name, every) in [("regular.csv", 60), ("irregular.csv", 7)] {
        let mut csv = String::from("timestamp,close\n");
        let mut t = 1_704_067_200u64;
        for i in 0..60_000u64 {
            t += if i < 20_000 { 60 } else { every };
            csv.push_str(&format!("{t},{}.{:02}\n", 300 + i % 11, (i * 7919) % 100));
        }
        let path = temp_file(name, &csv);
        let data = path.to_str().unwrap();
        for flags in [
            &["--fill", "seed-backtest"][..],
            &["--fill", "intensity", "--strategy", "avellaneda-stoikov"],
            &["--fill", "cross", "--steps", "40000"],
        ] {
            let mut args = vec!["run", "--json", "--data", data];
            args.extend(flags);
            let while_reading = json(&args);
            args.extend(["--trades", "/dev/null"]);
            assert_eq!(json(&args), while_reading, "{name} {flags:?}");
        }
    }
}

#[test]
fn a_sweep_estimates_its_duration_and_long_ones_need_yes() {
    let (code, out, err) = spreadlab(&[
        "sweep",
        "--x",
        "spread_percentage=0.001:0.004:3",
        "--y",
        "order_size_percentage=0.005:0.02:2",
        "--steps",
        "2000",
        "--csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("sweep: 6 cells of 2000 steps, about "),
        "{err}"
    );
    assert_eq!(out.lines().count(), 3);
    let (_, _, quiet) = spreadlab(&[
        "sweep",
        "--quiet",
        "--x",
        "spread_percentage=0.001:0.004:3",
        "--y",
        "order_size_percentage=0.005:0.02:2",
        "--steps",
        "2000",
    ]);
    assert_eq!(quiet, "");
    // 40 000 cells of 500 000 steps: hours, refused without --yes, before any cell but the first.
    let (code, _, err) = spreadlab(&[
        "sweep",
        "--x",
        "spread_percentage=0.0005:0.01:200",
        "--y",
        "order_size_percentage=0.002:0.05:200",
        "--steps",
        "500000",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --yes to run it"), "{err}");
}

#[test]
fn exchange_files_replay_with_trade_fills_and_merge_by_time() {
    let mut book = String::from(
        "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n",
    );
    let mut trades = String::from("id,price,qty,quote_qty,time,is_buyer_maker\n");
    for i in 0..200u64 {
        let bid = 100.0 + ((i / 10) % 5) as f64 * 0.01;
        let t = 1_723_100_000_000 + i * 1000;
        book.push_str(&format!("{i},{bid:.2},3,{:.2},3,{t},{t}\n", bid + 0.01));
        // A seller hits the bid, then a buyer lifts the ask, each for 2.
        trades.push_str(&format!("{},{bid:.2},2,0,{},true\n", 2 * i + 1, t + 400));
        trades.push_str(&format!(
            "{},{:.2},2,0,{},false\n",
            2 * i + 2,
            bid + 0.01,
            t + 600
        ));
    }
    let book = temp_file("book.csv", &book);
    let trades = temp_file("trades.csv", &trades);
    let v = json(&[
        "run",
        "--json",
        "--data",
        book.to_str().unwrap(),
        "--data",
        trades.to_str().unwrap(),
        "--strategy",
        "symmetric",
        "--k",
        "100",
        "--min-profit-threshold",
        "0",
    ]);
    assert_eq!(v["fill_model"], "trades");
    assert_eq!(v["settings"]["tick_size"], 0.01);
    assert_eq!(v["steps"], 200);
    let queue = v["fills_at_queue"].as_u64().unwrap();
    assert!(queue > 0, "{v}");
    // Trades alone: a book is synthesised from them, with a warning.
    let v = json(&["run", "--json", "--data", trades.to_str().unwrap()]);
    assert!(
        v["warnings"]
            .to_string()
            .contains("synthesised from trades"),
        "{v}"
    );
    // Sweeps do not pretend to use trade prints.
    let (code, _, err) = spreadlab(&[
        "sweep",
        "--x",
        "spread_percentage=0.001:0.002:2",
        "--y",
        "order_size_percentage=0.01:0.02:2",
        "--data",
        trades.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("trade prints"), "{err}");
}
