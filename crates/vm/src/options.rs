//! User-facing knobs, parsed in one place: `-X name[=value]` options and
//! `COPPERHEAD_*` environment variables. `-X` wins over the environment.

/// Every option Copperhead understands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Collect garbage at every safe point after an allocation
    /// (`-X gc_stress`, `COPPERHEAD_GC_STRESS=1`).
    pub gc_stress: bool,
    /// Print the module's bytecode instead of running it (`-X dis`).
    pub dis: bool,
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
        for x in x_options {
            let (name, value) = match x.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (x.as_str(), None),
            };
            match name {
                "gc_stress" => options.gc_stress = parse_flag(name, value)?,
                "dis" => options.dis = parse_flag(name, value)?,
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
    fn unknown_options_are_errors() {
        let e = Options::from_sources(&["warp_speed".into()], |_| None).unwrap_err();
        assert_eq!(e.0, "unknown -X option: 'warp_speed'");
    }
}
