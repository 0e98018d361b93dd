//! Developer commands for Copperhead.
//!
//! - `cargo xtask bless`: regenerate every expected output under
//!   `tests/programs/` and `benches/programs/` by running CPython, and the
//!   command-line table's `tests/command_line/expected.json`.
//! - `cargo xtask bench [--runs N] [--filter NAME] [--out FILE] [--uops | --jit]`:
//!   time `copperhead` against `python3` (and `pypy3` when installed),
//!   print medians, ratios and the geomean, and write a JSON result file;
//!   `--uops` adds tier 2's uop interpreter (`-X jit=uops`) beside tier 1
//!   and its trace figures per program, `--jit` the JIT (`-X jit=on`) and
//!   its code figures.
//! - `cargo xtask build-stencils [--check]`: compile `stencil-src/` with
//!   Cranelift for every target and write the stencil tables (Rust) and
//!   golden disassembly files under `crates/stencils/`; `--check` fails
//!   when the committed files are stale.
//! - `cargo xtask bench-stencils`: time copy-and-patch of a 197-stencil
//!   trace against Cranelift compiling the same operations.
//! - `cargo xtask pyperformance [--filter NAME] [--values N] [--warmups N]
//!   [--min-time S] [--timeout S] [--out FILE]`: pyperformance's
//!   pure-Python benchmarks under `copperhead` and `python3`
//!   (see [`pyperformance`]).
//! - `cargo xtask unicode-tables`: regenerate the runtime's Unicode
//!   character-class and case-mapping tables from `python3`'s own data
//!   (`crates/runtime/src/unicode/tables.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

mod process;
mod pyperformance;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("bless") => bless(),
                Some("bench") => bench(&args[1..]),
                Some("bench-stencils") => bench_stencils(),
        Some("build-stencils") => build_stencils(args.get(1).map(String::as_str) == Some("--check")),
        Some("unicode-tables") => unicode_tables(),
        Some("pyperformance") => pyperformance::command(&args[1..], &workspace_root()),
        _ => Err(
            "usage: cargo xtask (bless | bench [--runs N] [--filter NAME] [--out FILE] [--uops | --jit] | build-stencils [--check] | pyperformance [--filter NAME] [--values N] [--out FILE] | unicode-tables)"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Every `.py` file below `dir`, sorted.
fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        // A directory with a `main.py` is one multi-file program (an
        // import test): its other files and packages are its modules.
        if d.join("main.py").exists() {
            out.push(d.join("main.py"));
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs CPython on every program and writes `NAME.expected` (stdout) and,
/// for programs that fail, `NAME.expected_error` (exit code and last
/// stderr line).
fn bless() -> Result<(), String> {
    let root = workspace_root();
    let mut count = 0;
    for dir in ["tests/programs", "benches/programs"] {
        for program in python_files(&root.join(dir)) {
            // `# run-under: prlimit --as=N` on the first line: run CPython
            // under that command too (the test harness does the same).
            let text = std::fs::read_to_string(&program).unwrap_or_default();
            let wrapper: Vec<&str> = text
                .lines()
                .next()
                .and_then(|line| line.strip_prefix("# run-under:"))
                .map(|rest| rest.split_whitespace().collect())
                .unwrap_or_default();
            let mut command = match wrapper.split_first() {
                Some((tool, tool_args)) => {
                    let mut c = Command::new(tool);
                    c.args(tool_args).arg("python3");
                    c
                }
                None => Command::new("python3"),
            };
            let output = command
                .arg(&program)
                .current_dir(&root)
                .env("PYTHONHASHSEED", "0")
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run python3: {e}"))?;
            std::fs::write(program.with_extension("expected"), &output.stdout)
                .map_err(|e| e.to_string())?;
            let error_file = program.with_extension("expected_error");
            let code = output.status.code().unwrap_or(-1);
            if code != 0 {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let last = stderr.lines().last().unwrap_or("");
                std::fs::write(&error_file, format!("exit: {code}\n{last}\n"))
                    .map_err(|e| e.to_string())?;
            } else if error_file.exists() {
                std::fs::remove_file(&error_file).map_err(|e| e.to_string())?;
            }
            count += 1;
        }
    }
    println!("blessed {count} programs with {}", python_version());
    // The command-line table (`tests/command_line/`): its test runs every
    // row under python3 and writes the expectations when asked to.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "test",
            "--release",
            "-p",
            "cli",
            "--test",
            "command_line",
            "command_lines",
        ])
        .current_dir(&root)
        .env("COPPERHEAD_BLESS_COMMAND_LINE", "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("blessing tests/command_line/expected.json failed".into());
    }
    println!("blessed tests/command_line/expected.json");
    Ok(())
}

/// Regenerates `crates/runtime/src/unicode/tables.rs` by running
/// `xtask/src/unicode_tables.py` with `python3`.
fn unicode_tables() -> Result<(), String> {
    let root = workspace_root();
    let script = root.join("xtask/src/unicode_tables.py");
    let output = root.join("crates/runtime/src/unicode/tables.rs");
    let status = Command::new("python3")
        .arg(&script)
        .arg(&output)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !status.success() {
        return Err(format!("{} failed", script.display()));
    }
    println!("wrote {} with {}", output.display(), python_version());
    Ok(())
}

fn python_version() -> String {
    Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "python3".into())
}

#[derive(Serialize)]
struct ProgramResult {
    program: String,
    /// Median wall time per runtime, seconds.
    medians: Vec<(String, f64)>,
    /// Peak resident memory per runtime, KiB.
    peak_rss_kib: Vec<(String, u64)>,
    /// Copperhead's share of run time spent collecting (median run) and
    /// its longest pause in ms over the runs (`-X gc_stats`).
    gc_share: Option<f64>,
    gc_longest_pause_ms: Option<f64>,
    copperhead_over_python3: f64,
    pypy3_over_python3: Option<f64>,
    /// With `--uops` or `--jit`: tier 2's time over tier 1's, and its
    /// `-X stats=json` "jit" figures.
    tier2_over_tier1: Option<f64>,
    tier2: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct BenchReport {
    runs: usize,
    python3: String,
    programs: Vec<ProgramResult>,
    geomean_copperhead_over_python3: f64,
    geomean_pypy3_over_python3: Option<f64>,
    geomean_tier1_speedup_over_tier0: f64,
    startup_median_ms: Vec<(String, f64)>,
}

struct Runtime {
    name: &'static str,
    command: Vec<String>,
}

/// Runs a command once; returns wall time and peak RSS (KiB).
fn measure(command: &[String], program: Option<&Path>) -> Result<(Duration, u64), String> {
    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..]);
    if let Some(p) = program {
        cmd.arg(p);
    }
    let run = process::run(cmd, Duration::from_secs(1800))?;
    if !run.success {
        return Err(format!("{command:?} {program:?} failed: {}", run.stderr));
    }
    Ok((run.elapsed, run.peak_rss_kib))
}

/// The share of a run spent collecting and the longest pause (ms), from
/// a `-X gc_stats=FILE` report.
fn gc_figures(path: &Path) -> Option<(f64, f64)> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let run_time = json["run_time_us"].as_f64()?.max(1.0);
    Some((
        json["total_pause_us"].as_f64()? / run_time,
        json["longest_pause_us"].as_f64()? / 1000.0,
    ))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn geomean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp()
}

/// `--uops` or `--jit`: tier 2 (`label`) against tier 1, and what tier 2
/// did on each program.
fn print_tier2_table(results: &[ProgramResult], label: &str) {
    println!(
        "\n{:<16} {:>10} {:>14} {:>6} {:>10} {:>14} {:>16}  most frequent end or abort",
        "program",
        format!("{label}/tier1"),
        "traces (side)",
        "abort",
        "uops/trace",
        "guards gone/tr",
        "optimizer us"
    );
    let ratios: Vec<f64> = results.iter().filter_map(|r| r.tier2_over_tier1).collect();
    for r in results {
        let Some(jit) = &r.tier2 else { continue };
        let sum = |key: &str| -> u64 {
            jit[key]
                .as_object()
                .map_or(0, |m| m.values().filter_map(|v| v.as_u64()).sum())
        };
        let completed = sum("traces_completed");
        let aborted = sum("traces_aborted");
        let per_trace = |value: u64| value as f64 / completed.max(1) as f64;
        let guards_gone = [
            "type guards removed",
            "unbound-local checks removed",
            "dict version guards removed",
            "branch guards removed",
        ]
        .iter()
        .filter_map(|k| jit["optimizer"][*k].as_u64())
        .sum::<u64>();
        let mut reasons: Vec<(String, u64)> = ["traces_completed", "traces_aborted"]
            .iter()
            .flat_map(|key| {
                jit[*key]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(reason, n)| (reason.clone(), n.as_u64().unwrap_or(0)))
            })
            .filter(|(reason, _)| reason != "closed loop")
            .collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
        println!(
            "{:<16} {:>10.2} {:>8} ({:>3}) {:>6} {:>10.1} {:>14.1} {:>7.1} / {:>6.1}  {}",
            r.program,
            r.tier2_over_tier1.unwrap_or(0.0),
            completed,
            jit["side_traces"].as_u64().unwrap_or(0),
            aborted,
            per_trace(jit["uops_after_optimization"].as_u64().unwrap_or(0)),
            per_trace(guards_gone),
            jit["optimizer_median_us"].as_f64().unwrap_or(0.0),
            jit["optimizer_max_us"].as_f64().unwrap_or(0.0),
            reasons
                .first()
                .map_or("-".to_string(), |(reason, n)| format!("{reason} ({n})")),
        );
    }
    println!("geomean {label}/tier1: {:.3}", geomean(&ratios));
    if label == "jit" {
        println!(
            "\n{:<16} {:>7} {:>11} {:>10} {:>14} {:>16}",
            "program", "traces", "code bytes", "bytes/uop", "code/bytecode", "compile us"
        );
        for r in results {
            let Some(code) = r.tier2.as_ref().map(|t| &t["jit"]) else {
                continue;
            };
            let number = |key: &str| code[key].as_f64().unwrap_or(0.0);
            println!(
                "{:<16} {:>7} {:>11} {:>10.1} {:>14.1} {:>7.1} / {:>6.1}",
                r.program,
                number("traces_compiled"),
                number("code_bytes"),
                number("code_bytes") / number("uops_compiled").max(1.0),
                number("code_bytes") / number("bytecode_bytes").max(1.0),
                number("compile_median_us"),
                number("compile_max_us"),
            );
        }
    }
}

fn bench(args: &[String]) -> Result<(), String> {
    let mut runs = 5;
    let mut filter = None;
    let root = workspace_root();
    let mut out = root.join("bench-results/latest.json");
    let mut extra_x = Vec::new();
    // `--uops` or `--jit`: the `-X jit` mode run beside tier 1.
    let mut tier2_mode: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--runs" => {
                runs = args
                    .get(i + 1)
                    .and_then(|v| v.parse().ok())
                    .ok_or("--runs takes a number")?;
                i += 1;
            }
            "--filter" => {
                filter = args.get(i + 1).cloned();
                i += 1;
            }
            "--out" => {
                out = PathBuf::from(args.get(i + 1).ok_or("--out takes a path")?);
                i += 1;
            }
            "-X" => {
                extra_x.push(args.get(i + 1).ok_or("-X takes an option")?.clone());
                i += 1;
            }
            "--uops" => tier2_mode = Some("uops"),
            "--jit" => tier2_mode = Some("on"),
            other => return Err(format!("unknown bench option {other}")),
        }
        i += 1;
    }
    let status = Command::new("cargo")
        .args(["build", "--release", "-p", "cli"])
        .current_dir(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build failed".into());
    }
    let mut copperhead = vec![root.join("target/release/copperhead").display().to_string()];
    for x in &extra_x {
        copperhead.push("-X".into());
        copperhead.push(x.clone());
    }
    let mut tier0 = copperhead.clone();
    tier0.extend(["-X".to_string(), "specialize=off".to_string()]);
    let mut runtimes = vec![
        Runtime {
            name: "copperhead",
            command: copperhead,
        },
        Runtime {
            name: "python3",
            command: vec!["python3".into()],
        },
        Runtime {
            name: "copperhead-tier0",
            command: tier0,
        },
    ];
    let has_pypy = Command::new("pypy3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_pypy {
        runtimes.push(Runtime {
            name: "pypy3",
            command: vec!["pypy3".into()],
        });
    }
    let uops = tier2_mode.is_some();
    let label = if tier2_mode == Some("on") {
        "jit"
    } else {
        "uops"
    };
    let uops_command = {
        let mut command = runtimes[0].command.clone();
        command.extend([
            "-X".to_string(),
            format!("jit={}", tier2_mode.unwrap_or("uops")),
        ]);
        command
    };
    if uops {
        runtimes.push(Runtime {
            name: if label == "jit" {
                "copperhead-jit"
            } else {
                "copperhead-uops"
            },
            command: uops_command.clone(),
        });
    }
    let programs: Vec<PathBuf> = python_files(&root.join("benches/programs"))
        .into_iter()
        .filter(|p| {
            filter
                .as_ref()
                .is_none_or(|f| p.to_string_lossy().contains(f.as_str()))
        })
        .collect();
    println!(
        "{:<16} {:>11} {:>11} {:>11} {:>10} {:>8} {:>13} {:>8}",
        "program", "copperhead", "python3", "tier0", "pypy3", "ch/py", "tier0/tier1", "pypy/py"
    );
    let mut results = Vec::new();
    let mut tier_speedups = Vec::new();
    for program in &programs {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); runtimes.len()];
        let mut rss = vec![0u64; runtimes.len()];
        let mut gc_shares = Vec::new();
        let mut gc_longest_pause: Option<f64> = None;
        let gc_file = root.join("target/bench-gc-stats.json");
        // Alternate runtimes within each round so drift hits all equally.
        for _ in 0..runs {
            for (k, runtime) in runtimes.iter().enumerate() {
                let mut command = runtime.command.clone();
                if runtime.name == "copperhead" {
                    let _ = std::fs::remove_file(&gc_file);
                    command.push(format!("-Xgc_stats={}", gc_file.display()));
                }
                let (elapsed, peak) = measure(&command, Some(program))?;
                times[k].push(elapsed.as_secs_f64());
                rss[k] = rss[k].max(peak);
                if runtime.name == "copperhead"
                    && let Some((share, pause)) = gc_figures(&gc_file)
                {
                    gc_shares.push(share);
                    gc_longest_pause = Some(gc_longest_pause.unwrap_or(0.0).max(pause));
                }
            }
        }
        let gc_share = (!gc_shares.is_empty()).then(|| median(gc_shares));
        let medians: Vec<f64> = times.into_iter().map(median).collect();
        let ratio = medians[0] / medians[1];
        let tier_speedup = medians[2] / medians[0];
        tier_speedups.push(tier_speedup);
        let pypy_ratio = has_pypy.then(|| medians[3] / medians[1]);
        let uops_ratio = uops.then(|| medians[runtimes.len() - 1] / medians[0]);
        let tier2 = if uops {
            let stats_file = root.join("target/bench-jit-stats.json");
            let mut command = uops_command.clone();
            command.push(format!("-Xstats=json:{}", stats_file.display()));
            measure(&command, Some(program))?;
            std::fs::read_to_string(&stats_file)
                .ok()
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                .map(|json| json["jit"].clone())
        } else {
            None
        };
        let name = program
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        println!(
            "{:<16} {:>10.3}s {:>10.3}s {:>10.3}s {:>10} {:>8.2} {:>13.2} {:>8}",
            name,
            medians[0],
            medians[1],
            medians[2],
            if has_pypy {
                format!("{:.3}s", medians[3])
            } else {
                "-".into()
            },
            ratio,
            tier_speedup,
            pypy_ratio.map_or("-".into(), |r| format!("{r:.2}"))
        );
        results.push(ProgramResult {
            program: name,
            medians: runtimes
                .iter()
                .map(|r| r.name.to_string())
                .zip(medians.iter().copied())
                .collect(),
            peak_rss_kib: runtimes
                .iter()
                .map(|r| r.name.to_string())
                .zip(rss.iter().copied())
                .collect(),
            copperhead_over_python3: ratio,
            pypy3_over_python3: pypy_ratio,
            tier2_over_tier1: uops_ratio,
            tier2,
            gc_share,
            gc_longest_pause_ms: gc_longest_pause,
        });
    }
    let geo = geomean(
        &results
            .iter()
            .map(|r| r.copperhead_over_python3)
            .collect::<Vec<_>>(),
    );
    let geo_pypy = has_pypy.then(|| {
        geomean(
            &results
                .iter()
                .filter_map(|r| r.pypy3_over_python3)
                .collect::<Vec<_>>(),
        )
    });
    let geo_tiers = geomean(&tier_speedups);
    println!("geomean copperhead/python3: {geo:.3}");
    println!("geomean tier 1 speed-up over tier 0: {geo_tiers:.3}");
    if let Some(g) = geo_pypy {
        println!("geomean pypy3/python3: {g:.3}");
    }
    if uops {
        print_tier2_table(&results, label);
        let versus_python: Vec<f64> = results
            .iter()
            .filter_map(|r| Some(r.tier2_over_tier1? * r.copperhead_over_python3))
            .collect();
        println!("geomean {label}/python3: {:.3}", geomean(&versus_python));
    }
    println!("\npeak RSS (KiB), and copperhead's share of time collecting and longest pause:");
    for r in &results {
        let parts: Vec<String> = r
            .peak_rss_kib
            .iter()
            .map(|(n, k)| format!("{n} {k}"))
            .collect();
        let gc = match (r.gc_share, r.gc_longest_pause_ms) {
            (Some(share), Some(pause)) => format!("gc {:.1}% pause {pause:.2} ms", share * 100.0),
            _ => "gc -".to_string(),
        };
        println!("  {:<16} {}  {gc}", r.program, parts.join("  "));
    }
    // Start-up: `-c pass`.
    let mut startup = Vec::new();
    for runtime in &runtimes {
        let mut samples = Vec::new();
        for _ in 0..(runs * 4).max(10) {
            let mut command = runtime.command.clone();
            command.extend(["-c".to_string(), "pass".to_string()]);
            samples.push(measure(&command, None)?.0.as_secs_f64() * 1000.0);
        }
        let m = median(samples);
        println!("startup {:<12} {m:.2} ms", runtime.name);
        startup.push((runtime.name.to_string(), m));
    }
    let report = BenchReport {
        runs,
        python3: python_version(),
        programs: results,
        geomean_copperhead_over_python3: geo,
        geomean_pypy3_over_python3: geo_pypy,
        geomean_tier1_speedup_over_tier0: geo_tiers,
        startup_median_ms: startup,
    };
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&out, json).map_err(|e| e.to_string())?;
    println!("wrote {}", out.display());
    Ok(())
}

// ---- stencils ---------------------------------------------------------------

/// The short name used for a target's generated files.
fn target_file_stem(triple: &str) -> &str {
    triple.split('-').next().unwrap_or(triple)
}

/// Renders one target's table as Rust source.
fn render_table(triple: &str, stencils: &[stencil_src::CompiledStencil]) -> String {
    use std::fmt::Write;
    let mut code = Vec::new();
    let mut records = String::new();
    let mut holes = String::new();
    let mut hole_count = 0;
    for s in stencils {
        let offset = code.len();
        code.extend_from_slice(&s.bytes);
        let start = hole_count;
        for h in &s.holes {
            let _ = writeln!(
                holes,
                "    Hole {{\n        offset: {},\n        kind: RelocationKind::{:?},\n        value: HoleValue::{:?},\n        addend: {},\n    }},",
                h.offset, h.kind, h.value, h.addend
            );
            hole_count += 1;
        }
        let _ = writeln!(
            records,
            "    StencilRecord {{\n        name: {:?},\n        offset: {offset},\n        length: {},\n        trimmed_length: {},\n        alignment: {},\n        holes_start: {start},\n        holes_end: {hole_count},\n    }},",
            s.name,
            s.bytes.len(),
            s.trimmed_length,
            s.alignment
        );
    }
    let mut bytes = String::new();
    for chunk in code.chunks(12) {
        let line: Vec<String> = chunk.iter().map(|b| format!("0x{b:02x}")).collect();
        let _ = writeln!(bytes, "    {},", line.join(", "));
    }
    format!(
        "// @generated by `cargo xtask build-stencils`: do not edit.\n\
         //! Stencil table for `{triple}`.\n\n\
         use crate::table::{{Hole, HoleValue, RelocationKind, StencilRecord, StencilTable}};\n\n\
         static CODE: [u8; {}] = [\n{bytes}];\n\n\
         static STENCILS: [StencilRecord; {}] = [\n{records}];\n\n\
         static HOLES: [Hole; {hole_count}] = [\n{holes}];\n\n\
         /// The `{triple}` table.\n\
         pub static TABLE: StencilTable = StencilTable {{\n    target: {triple:?},\n    code: &CODE,\n    stencils: &STENCILS,\n    holes: &HOLES,\n}};\n",
        code.len(),
        stencils.len(),
    )
}

/// Renders the golden text: each stencil's size, holes and disassembly.
fn render_golden(triple: &str, stencils: &[stencil_src::CompiledStencil]) -> String {
    use std::fmt::Write;
    let mut out = format!("# Stencils for {triple} (generated by `cargo xtask build-stencils`)\n");
    for s in stencils {
        let _ = writeln!(
            out,
            "\n## {} ({} bytes, {} without trailing jump, align {})",
            s.name,
            s.bytes.len(),
            s.trimmed_length,
            s.alignment
        );
        for h in &s.holes {
            let _ = writeln!(
                out,
                "hole @{:#06x} {:?} {} addend {}",
                h.offset,
                h.kind,
                h.value.symbol(),
                h.addend
            );
        }
        let hex: Vec<String> = s.bytes.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(out, "bytes {}", hex.join(" "));
        out.push_str(&s.disassembly);
    }
    out
}

fn build_stencils(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let mut stale = Vec::new();
    for triple in stencil_src::TARGETS {
        let stencils = stencil_src::compile_all(triple)?;
        let stem = target_file_stem(triple);
        let files = [
            (
                root.join(format!("crates/stencils/src/generated/{stem}.rs")),
                render_table(triple, &stencils),
            ),
            (
                root.join(format!("crates/stencils/golden/{stem}.txt")),
                render_golden(triple, &stencils),
            ),
        ];
        for (path, contents) in files {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current == contents {
                continue;
            }
            if check {
                stale.push(path.display().to_string());
            } else {
                std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
        let droppable = stencils
            .iter()
            .filter(|s| s.trimmed_length < s.bytes.len() as u32)
            .count();
        let total: usize = stencils.iter().map(|s| s.bytes.len()).sum();
        println!(
            "{triple}: {} stencils, {total} bytes ({:.1} per stencil), {droppable} can drop their trailing jump",
            stencils.len(),
            total as f64 / stencils.len() as f64
        );
    }
    if !stale.is_empty() {
        return Err(format!(
            "stencil tables are stale; run `cargo xtask build-stencils`:\n  {}",
            stale.join("\n  ")
        ));
    }
    Ok(())
}

/// Times copy-and-patch of a 197-stencil chain (layout, copy and patch
/// into a buffer: no `mprotect`) against Cranelift compiling an equivalent
/// function, side by side in one run.
fn bench_stencils() -> Result<(), String> {
    use stencil_src::equivalent::{Operation, compile_with_cranelift};
    use stencils::loader::{Layout, TraceInstruction, assemble, layout, layout_into};
    let table = stencils::host_table().ok_or("no stencil table for this machine")?;
    let find = |name: &str| table.find(name).ok_or(format!("no stencil {name}"));
    // Each checked addition of the Cranelift function is the four uops a
    // trace has for `t = a + b` on guarded ints.
    let (load_const, load, add, store, leave) = (
        find("_LOAD_CONST")?,
        find("_LOAD_FAST_UNCHECKED")?,
        find("_BINARY_OP_ADD_INT")?,
        find("_STORE_FAST")?,
        find("_EXIT_TRACE")?,
    );
    let mut trace = vec![
        TraceInstruction::new(load_const).operands(0, 0, 0),
        TraceInstruction::new(store).oparg(0),
        TraceInstruction::new(load_const).operands(1, 2, 0),
        TraceInstruction::new(store).oparg(1),
    ];
    let mut operations = vec![
        Operation::LoadConstant {
            target: 0,
            value: 0,
        },
        Operation::LoadConstant {
            target: 1,
            value: 1,
        },
    ];
    while trace.len() < 196 {
        let index = trace.len() as u64;
        trace.extend([
            TraceInstruction::new(load).oparg(0),
            TraceInstruction::new(load).oparg(1),
            TraceInstruction::new(add)
                .operands(0, index + 2, 0)
                .exit_payload(index + 2),
            TraceInstruction::new(store).oparg(0),
        ]);
        operations.push(Operation::AddChecked {
            target: 0,
            a: 0,
            b: 1,
        });
    }
    trace.push(TraceInstruction::new(leave).operands(0, trace.len() as u64, 0));
    operations.push(Operation::Return { slot: 0 });

    // Time layout + copy + patch, reusing buffers as a JIT would.
    let time_copy_and_patch = |trace: &[TraceInstruction]| -> Result<(f64, Layout), String> {
        let plan = layout(table, trace).map_err(|e| e.to_string())?;
        let mut buffer = vec![0u8; plan.size];
        let mut reused = Layout::new();
        let mut samples = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            for _ in 0..50 {
                layout_into(table, trace, &mut reused).map_err(|e| e.to_string())?;
                assemble(
                    table,
                    trace,
                    &reused,
                    &[0x7100_0000_0000; 256],
                    0x7000_0000_0000,
                    &mut buffer,
                )
                .map_err(|e| e.to_string())?;
            }
            samples.push(start.elapsed().as_secs_f64() * 1e6 / 50.0);
        }
        Ok((median(samples), plan))
    };
    let (patch, plan) = time_copy_and_patch(&trace)?;
    // The same length of chain with no side exits (no exit stubs).
    let mut plain = vec![TraceInstruction::new(load).oparg(0); 196];
    plain.push(TraceInstruction::new(leave));
    let (plain_patch, plain_plan) = time_copy_and_patch(&plain)?;
    let isa = stencil_src::stencil_isa(table.target)?;
    let mut cranelift_samples = Vec::new();
    let mut cranelift_size = 0;
    for _ in 0..30 {
        let start = Instant::now();
        cranelift_size = compile_with_cranelift(&isa, &operations)?;
        cranelift_samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    let cranelift = median(cranelift_samples);
    println!(
        "trace: {} instructions + {} exit stubs, {} bytes after layout ({} trailing jumps dropped)",
        trace.len(),
        plan.exit_stubs(),
        plan.size,
        plan.dropped_jumps
    );
    println!("copy-and-patch (layout + copy + patch, no mprotect): median {patch:.2} us");
    println!(
        "  the same 197-stencil chain without side exits ({} bytes): median {plain_patch:.2} us",
        plain_plan.size
    );
    println!(
        "Cranelift compiling the same operations:           median {cranelift:.1} us ({cranelift_size} bytes)"
    );
    println!("copy-and-patch is {:.0}x faster", cranelift / patch);
    Ok(())
}
