//! `cargo xtask pyperformance`: pyperformance's pure-Python benchmarks as a
//! peer suite. Downloads the pinned release from PyPI into `target/`
//! (never committed), runs every benchmark that needs no third-party
//! package with `copperhead` and with `python3` — both through
//! Copperhead's own `pyperf` module (`crates/stdlib/lib/pyperf.py`), so
//! both are measured the same way — and prints, per benchmark, ok/fail
//! (with the first error line), both median times, their ratio, and the
//! geomean over those that pass. The results are also written as JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// Runs a command with a time limit; (exit status ok, stderr).
fn run_with_timeout(mut command: Command, timeout: Duration) -> (bool, String) {
    let Ok(mut child) = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return (false, "cannot start the interpreter".into());
    };
    let start = Instant::now();
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = std::io::Read::read_to_string(s, &mut text);
        }
        text
    });
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let text = reader.join().unwrap_or_default();
                return (status.success(), text);
            }
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                return (false, format!("timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return (false, e.to_string()),
        }
    }
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

/// Runs one benchmark under one interpreter; the median or the error.
fn measure(
    settings: &Settings,
    benchmark: &Benchmark,
    interpreter: &[String],
    shim: &Path,
    label: &str,
) -> Result<f64, String> {
    let output = settings
        .work_dir
        .join(format!("results/{}.{label}.json", benchmark.name));
    let _ = std::fs::create_dir_all(output.parent().unwrap_or(Path::new(".")));
    let _ = std::fs::remove_file(&output);
    let mut command = Command::new(&interpreter[0]);
    command
        .args(&interpreter[1..])
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
    let (ok, stderr) = run_with_timeout(command, settings.timeout);
    if !ok {
        return Err(first_error_line(&stderr));
    }
    median_from(&output).ok_or_else(|| "no timing written".to_string())
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
        let ours = measure(settings, benchmark, &copperhead, &shim, "copperhead");
        let theirs = measure(settings, benchmark, &python, &shim, "python3");
        let result = match (ours, theirs) {
            (Ok(c), Ok(p)) => BenchmarkResult {
                name: benchmark.name.clone(),
                ok: true,
                error: None,
                copperhead_seconds: Some(c),
                python_seconds: Some(p),
                ratio: Some(c / p),
            },
            (Err(e), theirs) => BenchmarkResult {
                name: benchmark.name.clone(),
                ok: false,
                error: Some(e),
                copperhead_seconds: None,
                python_seconds: theirs.ok(),
                ratio: None,
            },
            (Ok(c), Err(e)) => BenchmarkResult {
                name: benchmark.name.clone(),
                ok: false,
                error: Some(format!("python3 failed: {e}")),
                copperhead_seconds: Some(c),
                python_seconds: None,
                ratio: None,
            },
        };
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
    let mut line = format!(
        "{:<28} {:<5} {:>11} {:>11} {:>7}",
        result.name,
        status,
        seconds(result.copperhead_seconds),
        seconds(result.python_seconds),
        ratio
    );
    if let Some(error) = &result.error {
        line.push_str("  ");
        line.push_str(error);
    }
    line
}

/// `cargo xtask pyperformance [--filter NAME] [--values N] [--warmups N]
/// [--min-time S] [--timeout S] [--out FILE]`.
pub fn command(args: &[String], root: &Path) -> Result<(), String> {
    let mut settings = Settings {
        filter: None,
        values: 3,
        warmups: 1,
        min_time: 0.1,
        timeout: Duration::from_secs(600),
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
        "{:<28} {:<5} {:>11} {:>11} {:>7}",
        "benchmark", "", "copperhead", "python3", "ratio"
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
