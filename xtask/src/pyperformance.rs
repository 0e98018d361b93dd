//! `cargo xtask pyperformance`: pyperformance's pure-Python benchmarks as a
//! peer suite. Downloads the pinned release from PyPI into `target/`
//! (never committed), runs every benchmark that needs no third-party
//! package with `copperhead` and with `python3` — both through
//! Copperhead's own `pyperf` module (`crates/stdlib/lib/pyperf.py`), so
//! both are measured the same way — and prints, per benchmark, ok/fail
//! (with the first error line), both median times, their ratio, and the
//! geomean over those that pass, with each run's peak memory (RSS) and
//! Copperhead's share of time spent collecting and longest pause (from
//! `-X gc_stats`). The results are also written as JSON.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

/// The pyperformance release the suite is pinned to.
pub const VERSION: &str = "1.14.0";

/// How a run of the suite is configured.
#[derive(Clone, Debug)]
pub struct Settings {
    pub filter: Option<String>,
    pub values: u32,
    pub warmups: u32,
    /// Seconds a value must last at least when loops are calibrated.
    pub min_time: f64,
    /// Per benchmark and interpreter.
    pub timeout: Duration,
    /// Process runs per benchmark and interpreter, alternating between the
    /// two; the fastest run of each counts (this machine's speed drifts
    /// over seconds, and the minimum is what drift did not slow).
    pub rounds: u32,
    pub copperhead: PathBuf,
    pub python: String,
    /// Where the release is downloaded and unpacked.
    pub work_dir: PathBuf,
}

/// One benchmark's outcome.
#[derive(Serialize, Debug, Clone)]
pub struct BenchmarkResult {
    pub name: String,
    pub ok: bool,
    /// The first line of the failure (the exception), when not ok.
    pub error: Option<String>,
    /// Median seconds per loop.
    pub copperhead_seconds: Option<f64>,
    pub python_seconds: Option<f64>,
    /// copperhead / python3 time (below 1: Copperhead is faster).
    pub ratio: Option<f64>,
    /// Peak resident set size of each whole run, in KiB.
    pub copperhead_peak_rss_kib: Option<u64>,
    pub python_peak_rss_kib: Option<u64>,
    /// Copperhead's collector over its whole run (`-X gc_stats`).
    pub gc: Option<GcFigures>,
}

/// What `-X gc_stats` reported for one run.
#[derive(Serialize, Debug, Clone, Copy)]
pub struct GcFigures {
    pub collections: u64,
    /// Total pause over the run time.
    pub share: f64,
    pub longest_pause_ms: f64,
}

impl GcFigures {
    /// Reads the JSON `-X gc_stats=FILE` wrote.
    fn read(path: &Path) -> Option<GcFigures> {
        let text = std::fs::read_to_string(path).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        let run_time = json["run_time_us"].as_f64()?;
        Some(GcFigures {
            collections: json["collections"].as_u64()?,
            share: json["total_pause_us"].as_f64()? / run_time.max(1.0),
            longest_pause_ms: json["longest_pause_us"].as_f64()? / 1000.0,
        })
    }
}

/// One interpreter's run of one benchmark.
struct Measurement {
    median_seconds: f64,
    peak_rss_kib: u64,
    gc: Option<GcFigures>,
}

#[derive(Serialize, Debug)]
pub struct Summary {
    pub pyperformance: String,
    pub python: String,
    pub eligible: usize,
    pub passed: usize,
    pub geomean_ratio: Option<f64>,
    pub skipped_third_party: Vec<String>,
    pub results: Vec<BenchmarkResult>,
}

/// A benchmark from the MANIFEST.
struct Benchmark {
    name: String,
    directory: PathBuf,
    extra_options: Vec<String>,
    third_party: bool,
}

/// Downloads (once) and unpacks the release; returns the benchmarks
/// directory.
pub fn fetch(settings: &Settings) -> Result<PathBuf, String> {
    let unpacked = settings.work_dir.join(format!("pyperformance-{VERSION}"));
    let benchmarks = unpacked.join("pyperformance/data-files/benchmarks");
    if benchmarks.join("MANIFEST").exists() {
        return Ok(benchmarks);
    }
    std::fs::create_dir_all(&settings.work_dir).map_err(|e| e.to_string())?;
    let wheel = settings
        .work_dir
        .join(format!("pyperformance-{VERSION}-py3-none-any.whl"));
    if !wheel.exists() {
        let output = Command::new(&settings.python)
            .args([
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--disable-pip-version-check",
            ])
            .arg(format!("pyperformance=={VERSION}"))
            .arg("-d")
            .arg(&settings.work_dir)
            .output()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if !output.status.success() || !wheel.exists() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().last().unwrap_or("");
            return Err(format!(
                "cannot download pyperformance {VERSION} from PyPI (is it reachable?): {last}"
            ));
        }
    }
    let status = Command::new(&settings.python)
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("cannot unpack the wheel: {e}"))?;
    if !status.success() || !benchmarks.join("MANIFEST").exists() {
        return Err("cannot unpack the pyperformance wheel".into());
    }
    Ok(benchmarks)
}

/// The values of a TOML array `key = [...]` (one level, strings only).
fn toml_strings(text: &str, key: &str) -> Vec<String> {
    let Some(start) = text
        .lines()
        .position(|l| l.trim_start().starts_with(&format!("{key} =")))
    else {
        return Vec::new();
    };
    let rest: String = text.lines().skip(start).collect::<Vec<_>>().join("\n");
    let Some(open) = rest.find('[') else {
        return Vec::new();
    };
    let Some(close) = rest[open..].find(']') else {
        return Vec::new();
    };
    rest[open + 1..open + close]
        .split(',')
        .map(|s| s.trim().trim_matches('"').trim_matches('\'').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn manifest(benchmarks: &Path) -> Result<Vec<Benchmark>, String> {
    let text = std::fs::read_to_string(benchmarks.join("MANIFEST")).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut in_benchmarks = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_benchmarks = line == "[benchmarks]";
            continue;
        }
        if !in_benchmarks || line.is_empty() || line.starts_with('#') || line.starts_with("name") {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(name), Some(metafile)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (directory, metafile) = match metafile.strip_prefix("<local:") {
            Some(base) => {
                let base = base.trim_end_matches('>');
                let directory = benchmarks.join(format!("bm_{base}"));
                let metafile = directory.join(format!("bm_{name}.toml"));
                (directory, metafile)
            }
            None => {
                let directory = benchmarks.join(format!("bm_{name}"));
                let metafile = directory.join("pyproject.toml");
                (directory, metafile)
            }
        };
        let meta = std::fs::read_to_string(&metafile).unwrap_or_default();
        let project = std::fs::read_to_string(directory.join("pyproject.toml")).unwrap_or_default();
        let mut dependencies = toml_strings(&meta, "dependencies");
        dependencies.extend(toml_strings(&project, "dependencies"));
        let third_party = directory.join("requirements.txt").exists()
            || dependencies.iter().any(|d| d != "pyperf");
        out.push(Benchmark {
            name: name.to_string(),
            directory,
            extra_options: toml_strings(&meta, "extra_opts"),
            third_party,
        });
    }
    Ok(out)
}

/// The median seconds per loop in a `pyperf -o` JSON file.
fn median_from(path: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let mut values: Vec<f64> = json["benchmarks"]
        .as_array()?
        .iter()
        .flat_map(|b| b["values"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_f64())
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    Some(values[values.len() / 2])
}

/// The line that names a failure: the last non-empty stderr line.
fn first_error_line(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("failed without a message")
        .to_string()
}

/// Runs one benchmark `settings.rounds` times under each interpreter,
/// alternating; for each, the run with the lowest median (or the first
/// error: a failing benchmark is not run again).
fn measure_rounds(
    settings: &Settings,
    benchmark: &Benchmark,
    copperhead: &[String],
    python: &[String],
    shim: &Path,
) -> (Result<Measurement, String>, Result<Measurement, String>) {
    let fastest =
        |best: Result<Measurement, String>, next: Result<Measurement, String>| match (best, next) {
            (Ok(best), Ok(next)) if next.median_seconds < best.median_seconds => Ok(next),
            (best, _) => best,
        };
    let mut ours = measure(settings, benchmark, copperhead, shim, "copperhead");
    let mut theirs = measure(settings, benchmark, python, shim, "python3");
    for _ in 1..settings.rounds {
        if ours.is_err() || theirs.is_err() {
            break;
        }
        ours = fastest(
            ours,
            measure(settings, benchmark, copperhead, shim, "copperhead"),
        );
        theirs = fastest(
            theirs,
            measure(settings, benchmark, python, shim, "python3"),
        );
    }
    (ours, theirs)
}

/// Runs one benchmark under one interpreter (Copperhead also reports its
/// collector's figures); the median and peak memory, or the error.
fn measure(
    settings: &Settings,
    benchmark: &Benchmark,
    interpreter: &[String],
    shim: &Path,
    label: &str,
) -> Result<Measurement, String> {
    let results = settings.work_dir.join("results");
    let output = results.join(format!("{}.{label}.json", benchmark.name));
    let gc_output = results.join(format!("{}.{label}.gc.json", benchmark.name));
    let _ = std::fs::create_dir_all(&results);
    let _ = std::fs::remove_file(&output);
    let _ = std::fs::remove_file(&gc_output);
    let mut command = Command::new(&interpreter[0]);
    command.args(&interpreter[1..]);
    if label == "copperhead" {
        command.arg(format!("-Xgc_stats={}", gc_output.display()));
    }
    command
        .arg(benchmark.directory.join("run_benchmark.py"))
        .args(&benchmark.extra_options)
        .arg("--values")
        .arg(settings.values.to_string())
        .arg("--warmups")
        .arg(settings.warmups.to_string())
        .arg("--min-time")
        .arg(settings.min_time.to_string())
        .arg("--quiet")
        .arg("-o")
        .arg(&output)
        .current_dir(&benchmark.directory)
        .env("PYTHONPATH", shim)
        .env("PYTHONHASHSEED", "0");
    let run = crate::process::run(command, settings.timeout)?;
    if run.timed_out {
        return Err(format!("timed out after {} s", settings.timeout.as_secs()));
    }
    if !run.success {
        return Err(first_error_line(&run.stderr));
    }
    Ok(Measurement {
        median_seconds: median_from(&output).ok_or("no timing written")?,
        peak_rss_kib: run.peak_rss_kib,
        gc: GcFigures::read(&gc_output),
    })
}

/// Runs the suite; `report` is called after each benchmark.
pub fn run(
    settings: &Settings,
    mut report: impl FnMut(&BenchmarkResult),
) -> Result<Summary, String> {
    let benchmarks_dir = fetch(settings)?;
    let all = manifest(&benchmarks_dir)?;
    // CPython runs the same pyperf module as Copperhead.
    let shim = settings.work_dir.join("pyperf-shim");
    std::fs::create_dir_all(&shim).map_err(|e| e.to_string())?;
    let pyperf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/stdlib/lib/pyperf.py");
    std::fs::copy(&pyperf, shim.join("pyperf.py")).map_err(|e| e.to_string())?;
    let copperhead = vec![settings.copperhead.display().to_string()];
    let python = vec![settings.python.clone()];
    let mut results = Vec::new();
    let mut skipped = Vec::new();
    for benchmark in &all {
        if let Some(filter) = &settings.filter
            && !benchmark.name.contains(filter.as_str())
        {
            continue;
        }
        if benchmark.third_party {
            skipped.push(benchmark.name.clone());
            continue;
        }
        let (ours, theirs) = measure_rounds(settings, benchmark, &copperhead, &python, &shim);
        let mut result = BenchmarkResult {
            name: benchmark.name.clone(),
            ok: false,
            error: None,
            copperhead_seconds: None,
            python_seconds: None,
            ratio: None,
            copperhead_peak_rss_kib: None,
            python_peak_rss_kib: None,
            gc: None,
        };
        if let Ok(c) = &ours {
            result.copperhead_seconds = Some(c.median_seconds);
            result.copperhead_peak_rss_kib = Some(c.peak_rss_kib);
            result.gc = c.gc;
        }
        if let Ok(p) = &theirs {
            result.python_seconds = Some(p.median_seconds);
            result.python_peak_rss_kib = Some(p.peak_rss_kib);
        }
        match (&ours, &theirs) {
            (Ok(c), Ok(p)) => {
                result.ok = true;
                result.ratio = Some(c.median_seconds / p.median_seconds);
            }
            (Err(e), _) => result.error = Some(e.clone()),
            (Ok(_), Err(e)) => result.error = Some(format!("python3 failed: {e}")),
        }
        report(&result);
        results.push(result);
    }
    let ratios: Vec<f64> = results.iter().filter_map(|r| r.ratio).collect();
    let geomean_ratio = (!ratios.is_empty())
        .then(|| (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp());
    let version = Command::new(&settings.python)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    Ok(Summary {
        pyperformance: VERSION.to_string(),
        python: version,
        eligible: results.len(),
        passed: results.iter().filter(|r| r.ok).count(),
        geomean_ratio,
        skipped_third_party: skipped,
        results,
    })
}

fn seconds(value: Option<f64>) -> String {
    match value {
        None => "-".to_string(),
        Some(s) if s >= 1.0 => format!("{s:.2} s"),
        Some(s) if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        Some(s) => format!("{:.1} us", s * 1e6),
    }
}

/// One line of the table.
pub fn format_result(result: &BenchmarkResult) -> String {
    let status = if result.ok { "ok" } else { "FAIL" };
    let ratio = result.ratio.map_or("-".to_string(), |r| format!("{r:.2}"));
    let megabytes =
        |kib: Option<u64>| kib.map_or("-".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
    let (share, pause) = result.gc.map_or(("-".to_string(), "-".to_string()), |gc| {
        (
            format!("{:.1}%", gc.share * 100.0),
            format!("{:.2}", gc.longest_pause_ms),
        )
    });
    let mut line = format!(
        "{:<28} {:<5} {:>11} {:>11} {:>7} {:>8} {:>8} {:>7} {:>9}",
        result.name,
        status,
        seconds(result.copperhead_seconds),
        seconds(result.python_seconds),
        ratio,
        megabytes(result.copperhead_peak_rss_kib),
        megabytes(result.python_peak_rss_kib),
        share,
        pause,
    );
    if let Some(error) = &result.error {
        line.push_str("  ");
        line.push_str(error);
    }
    line
}

/// `cargo xtask pyperformance [--filter NAME] [--values N] [--warmups N]
/// [--min-time S] [--timeout S] [--rounds N] [--out FILE]`.
pub fn command(args: &[String], root: &Path) -> Result<(), String> {
    let mut settings = Settings {
        filter: None,
        values: 3,
        warmups: 1,
        min_time: 0.1,
        timeout: Duration::from_secs(600),
        rounds: 1,
        copperhead: root.join("target/release/copperhead"),
        python: "python3".into(),
        work_dir: root.join("target/pyperformance"),
    };
    let mut out = root.join("target/pyperformance/results.json");
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned();
        match args[i].as_str() {
            "--filter" => settings.filter = value,
            "--values" => {
                settings.values = value
                    .and_then(|v| v.parse().ok())
                    .ok_or("--values takes a number")?
            }
            "--warmups" => {
                settings.warmups = value
                    .and_then(|v| v.parse().ok())
                    .ok_or("--warmups takes a number")?
            }
            "--min-time" => {
                settings.min_time = value
                    .and_then(|v| v.parse().ok())
                    .ok_or("--min-time takes seconds")?
            }
            "--timeout" => {
                let secs: u64 = value
                    .and_then(|v| v.parse().ok())
                    .ok_or("--timeout takes seconds")?;
                settings.timeout = Duration::from_secs(secs);
            }
            "--rounds" => {
                settings.rounds = value
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n >= 1)
                    .ok_or("--rounds takes a number, at least 1")?
            }
            "--out" => out = PathBuf::from(value.ok_or("--out takes a path")?),
            other => return Err(format!("unknown pyperformance option {other}")),
        }
        i += 2;
    }
    let status = Command::new("cargo")
        .args(["build", "--release", "-p", "cli"])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build failed".into());
    }
    println!(
        "{:<28} {:<5} {:>11} {:>11} {:>7} {:>8} {:>8} {:>7} {:>9}",
        "benchmark", "", "copperhead", "python3", "ratio", "ch MB", "py MB", "gc", "pause ms"
    );
    let summary = run(&settings, |r| println!("{}", format_result(r)))?;
    println!(
        "\npassed {} of {} pure-Python benchmarks (pyperformance {VERSION}, {}); geomean copperhead/python3: {}",
        summary.passed,
        summary.eligible,
        summary.python,
        summary
            .geomean_ratio
            .map_or("-".to_string(), |g| format!("{g:.3}"))
    );
    println!(
        "not run (third-party packages): {}",
        summary.skipped_third_party.join(", ")
    );
    if let Some(parent) = out.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let json = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
    std::fs::write(&out, json).map_err(|e| e.to_string())?;
    println!("wrote {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_arrays_are_read() {
        let text = "[project]\ndependencies = [\n    \"pyperf\",\n    \"Chameleon\",\n]\n";
        assert_eq!(
            toml_strings(text, "dependencies"),
            vec!["pyperf", "Chameleon"]
        );
        assert_eq!(
            toml_strings("extra_opts = [\"subparsers\"]", "extra_opts"),
            vec!["subparsers"]
        );
        assert!(toml_strings("name = \"x\"", "dependencies").is_empty());
    }

    /// `cargo xtask pyperformance` end to end on one benchmark: download,
    /// run under both interpreters, a ratio. When PyPI cannot be reached
    /// the test is skipped, saying so on the process's stderr (written
    /// directly, so the test harness does not swallow it even when the
    /// test passes).
    #[test]
    fn one_benchmark_runs_end_to_end() {
        use std::io::Write;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let copperhead = root.join("target/release/copperhead");
        assert!(
            copperhead.exists(),
            "build the interpreter first (cargo build --release -p cli)"
        );
        let settings = Settings {
            filter: Some("nqueens".into()),
            values: 1,
            warmups: 0,
            min_time: 0.0,
            timeout: Duration::from_secs(300),
            // Two alternating rounds: the fastest of each is kept.
            rounds: 2,
            copperhead,
            python: "python3".into(),
            work_dir: root.join("target/pyperformance"),
        };
        if let Err(error) = fetch(&settings) {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED one_benchmark_runs_end_to_end: pyperformance could not be downloaded: {error}"
            );
            return;
        }
        let summary = match run(&settings, |_| {}) {
            Ok(summary) => summary,
            Err(error) => panic!("{error}"),
        };
        let result = summary
            .results
            .iter()
            .find(|r| r.name == "nqueens")
            .expect("nqueens is in the suite");
        assert!(result.ok, "nqueens failed: {:?}", result.error);
        assert!(result.ratio.is_some_and(|r| r > 0.0));
    }
}
