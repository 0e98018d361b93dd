//! User-facing knobs, parsed in one place: `-X name[=value]` options and
//! `COPPERHEAD_*` environment variables. `-X` wins over the environment.

/// Where `-X stats` writes its report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StatsOutput {
    #[default]
    Off,
    /// A table on stderr (`-X stats`).
    Text,
    /// JSON on stderr (`-X stats=json`) or to a file (`-X stats=json:FILE`).
    Json(Option<String>),
}

/// When `-X dis` prints bytecode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Disassembly {
    #[default]
    Off,
    /// Instead of running (`-X dis`).
    Before,
    /// After running, showing the specialized forms (`-X dis=after`).
    After,
}

/// Every option Copperhead understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Collect garbage at every safe point after an allocation
    /// (`-X gc_stress`, `COPPERHEAD_GC_STRESS=1`).
    pub gc_stress: bool,
    pub dis: Disassembly,
    /// Tier 1: specialize adaptive instructions (`-X specialize=off`,
    /// `COPPERHEAD_SPECIALIZE=0` run tier 0 only).
    pub specialize: bool,
    pub stats: StatsOutput,
    /// Directories `import` searches after the script's own and before
    /// the built-in library (`COPPERHEAD_PATH`, `:`-separated, like
    /// `PYTHONPATH`).
    pub module_path: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gc_stress: false,
            dis: Disassembly::Off,
            specialize: true,
            stats: StatsOutput::Off,
            module_path: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError(pub String);

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_flag(name: &str, value: Option<&str>) -> Result<bool, OptionsError> {
    match value {
        None | Some("1") | Some("on") | Some("true") => Ok(true),
        Some("0") | Some("off") | Some("false") => Ok(false),
        Some(other) => Err(OptionsError(format!(
            "-X {name}: invalid value '{other}' (expected on or off)"
        ))),
    }
}

impl Options {
    /// Builds options from the environment, then applies `-X` options.
    pub fn from_sources(
        x_options: &[String],
        environment: impl Fn(&str) -> Option<String>,
    ) -> Result<Options, OptionsError> {
        let mut options = Options::default();
        if let Some(v) = environment("COPPERHEAD_GC_STRESS") {
            options.gc_stress = parse_flag("gc_stress", Some(v.as_str()))?;
        }
        if let Some(v) = environment("COPPERHEAD_SPECIALIZE") {
            options.specialize = parse_flag("specialize", Some(v.as_str()))?;
        }
        if let Some(v) = environment("COPPERHEAD_PATH") {
            options.module_path = v
                .split(':')
                .filter(|entry| !entry.is_empty())
                .map(str::to_string)
                .collect();
        }
        for x in x_options {
            let (name, value) = match x.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (x.as_str(), None),
            };
            match name {
                "gc_stress" => options.gc_stress = parse_flag(name, value)?,
                "specialize" => options.specialize = parse_flag(name, value)?,
                "dis" => {
                    options.dis = match value {
                        None | Some("before") => Disassembly::Before,
                        Some("after") => Disassembly::After,
                        Some(other) => {
                            return Err(OptionsError(format!(
                                "-X dis: invalid value '{other}' (expected before or after)"
                            )));
                        }
                    }
                }
                "stats" => {
                    options.stats = match value {
                        None | Some("text") => StatsOutput::Text,
                        Some("json") => StatsOutput::Json(None),
                        Some(v) if v.starts_with("json:") => {
                            StatsOutput::Json(Some(v["json:".len()..].to_string()))
                        }
                        Some(other) => {
                            return Err(OptionsError(format!(
                                "-X stats: invalid value '{other}' (expected text, json or json:FILE)"
                            )));
                        }
                    }
                }
                _ => return Err(OptionsError(format!("unknown -X option: '{name}'"))),
            }
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_options_override_environment() {
        let env = |k: &str| (k == "COPPERHEAD_GC_STRESS").then(|| "1".to_string());
        let o = Options::from_sources(&[], env).unwrap();
        assert!(o.gc_stress);
        let o = Options::from_sources(&["gc_stress=off".into()], env).unwrap();
        assert!(!o.gc_stress);
    }

    #[test]
    fn specialization_and_stats_knobs() {
        let env = |k: &str| (k == "COPPERHEAD_SPECIALIZE").then(|| "0".to_string());
        assert!(!Options::from_sources(&[], env).unwrap().specialize);
        let o = Options::from_sources(&["stats=json:out.json".into(), "dis=after".into()], |_| {
            None
        })
        .unwrap();
        assert_eq!(o.stats, StatsOutput::Json(Some("out.json".into())));
        assert_eq!(o.dis, Disassembly::After);
        assert!(Options::from_sources(&["stats=xml".into()], |_| None).is_err());
    }

    #[test]
    fn unknown_options_are_errors() {
        let e = Options::from_sources(&["warp_speed".into()], |_| None).unwrap_err();
        assert_eq!(e.0, "unknown -X option: 'warp_speed'");
    }
}
