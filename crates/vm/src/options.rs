//! User-facing knobs, defined once: the command line (`python3`'s options
//! and Copperhead's `-X` options), the `COPPERHEAD_*` environment
//! variables that mirror them, the parser that applies CPython's rules to
//! a command line, and the help text. The help is generated from the same
//! tables the parser reads ([`COMMAND_LINE_OPTIONS`], [`X_OPTIONS`],
//! [`ENVIRONMENT_ONLY`]), so it cannot drift from what is accepted.
//!
//! CPython's rules (`Python/getopt.c`, `Modules/main.c`): options come
//! before the program; short options combine (`-uq`) and take their
//! argument attached or as the next word (`-cCODE`, `-c CODE`); `-c` and
//! `-m` end the options, as do the script's name, `-` and `--`; `-h`
//! prints the help at once, `-V` after the whole line parsed. Environment
//! variables apply first and the command line wins; `-E`/`-I` ignore them.

use std::ffi::OsString;

use runtime::ProcessFlags;

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

/// Which tier-2 backend runs hot loops (`-X jit`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JitMode {
    /// No tier 2: loops stay in tier 1 (the default until the JIT lands).
    #[default]
    Off,
    /// Hot loops are recorded as traces, optimized, and run by the uop
    /// interpreter (the reference the JIT must agree with).
    Uops,
    /// As `Uops`, but traces are compiled to machine code by
    /// copy-and-patch and run as such.
    On,
}

/// The default `-X jit_threshold`: backward jumps of one loop before it is
/// recorded (a prime, for the reason the specializer's backoff gives).
pub const DEFAULT_JIT_THRESHOLD: u16 = 1021;

/// Every option Copperhead understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Collect garbage at every safe point after an allocation
    /// (`-X gc_stress`, `COPPERHEAD_GC_STRESS=1`).
    pub gc_stress: bool,
    /// Check the heap at every collection (`-X gc_verify`,
    /// `COPPERHEAD_GC_VERIFY=1`).
    pub gc_verify: bool,
    pub dis: Disassembly,
    /// Tier 1: specialize adaptive instructions (`-X specialize=off`,
    /// `COPPERHEAD_SPECIALIZE=0` run tier 0 only).
    pub specialize: bool,
    pub stats: StatsOutput,
    /// Tier 2 (`-X jit=off|uops`, `COPPERHEAD_JIT`).
    pub jit: JitMode,
    /// Backward jumps before a loop is recorded (`-X jit_threshold=N`,
    /// `COPPERHEAD_JIT_THRESHOLD`).
    pub jit_threshold: u16,
    /// Exits of a trace taken before a side trace is recorded from one
    /// (`-X jit_side_threshold=N`, `COPPERHEAD_JIT_SIDE_THRESHOLD`).
    pub jit_side_threshold: u16,
    /// Optimize traces (`-X jit_opt=off` runs them as recorded).
    pub jit_optimize: bool,
    /// Print tier 2's figures at exit (`-X jit_stats`).
    pub jit_stats: bool,
    /// `-X jit_dump[=FILE]`: each trace before and after optimization, on
    /// stderr (`Some(None)`) or into FILE.
    pub jit_dump: Option<Option<String>>,
    /// `-X gc_stats[=FILE]`: the collector's figures as JSON at exit, on
    /// stderr (`Some(None)`) or into FILE, without `-X stats`'s counting.
    pub gc_stats: Option<Option<String>>,
    /// Directories `import` searches after the script's own and before
    /// the built-in library (`COPPERHEAD_PATH`, `:`-separated, like
    /// `PYTHONPATH`).
    pub module_path: Vec<String>,
    /// The flags a program sees in `sys.flags` (`-O`, `-i`, `-u`, ...).
    pub flags: ProcessFlags,
    /// `-x`: the program's first line is skipped (a non-Unix `#!` line).
    pub skip_first_line: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gc_stress: false,
            gc_verify: false,
            dis: Disassembly::Off,
            specialize: true,
            stats: StatsOutput::Off,
            jit: JitMode::Off,
            jit_threshold: DEFAULT_JIT_THRESHOLD,
            jit_side_threshold: crate::tier2::DEFAULT_SIDE_THRESHOLD,
            jit_optimize: true,
            jit_stats: false,
            jit_dump: None,
            gc_stats: None,
            module_path: Vec::new(),
            flags: ProcessFlags::default(),
            skip_first_line: false,
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

// ---- the tables ------------------------------------------------------------------

/// What a one-letter option does.
#[derive(Clone, Copy)]
pub enum Effect {
    /// `-c cmd`: the program is the argument; ends the options.
    Command,
    /// `-m mod`: the program is a module; ends the options.
    Module,
    /// `-h`, `-?`: print the help and exit.
    Help,
    /// `-V`: print the version and exit (twice: more detail).
    Version,
    /// `-X opt`: one of [`X_OPTIONS`].
    XOption,
    /// `-W arg`: a warning filter, kept in `sys.warnoptions`.
    Warning,
    /// A flag: applied from the command line (`None`) or from its
    /// environment variable (`Some(value)`, never empty).
    Set(fn(&mut Options, Option<&str>)),
}

/// One option of the `python3`-style command line.
pub struct CommandLineOption {
    pub letter: char,
    /// The argument's name in the help, for options that take one.
    pub argument: Option<&'static str>,
    /// The `COPPERHEAD_*` variable with the same effect, if any.
    pub environment: Option<&'static str>,
    pub effect: Effect,
    /// One line for `--help`.
    pub help: &'static str,
}

/// A level option's value from its environment variable: a number, or
/// any other non-empty text meaning 1 (CPython's rule for
/// `PYTHONOPTIMIZE`).
fn level(value: Option<&str>, current: u8) -> u8 {
    match value {
        None => current.saturating_add(1),
        Some(text) => current.max(text.parse().unwrap_or(1)),
    }
}

/// Every one-letter option, in the order `--help` lists them.
pub static COMMAND_LINE_OPTIONS: &[CommandLineOption] = &[
    CommandLineOption {
        letter: 'b',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.flags.bytes_warning = o.flags.bytes_warning.saturating_add(1)),
        help: "accepted for compatibility (sys.flags.bytes_warning); Copperhead has no bytes warnings yet",
    },
    CommandLineOption {
        letter: 'B',
        argument: None,
        environment: Some("COPPERHEAD_DONTWRITEBYTECODE"),
        effect: Effect::Set(|o, _| o.flags.dont_write_bytecode = true),
        help: "accepted for compatibility: Copperhead never writes .pyc files",
    },
    CommandLineOption {
        letter: 'c',
        argument: Some("cmd"),
        environment: None,
        effect: Effect::Command,
        help: "program passed in as string (terminates option list)",
    },
    CommandLineOption {
        letter: 'E',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.flags.ignore_environment = true),
        help: "ignore COPPERHEAD_* environment variables (such as COPPERHEAD_PATH)",
    },
    CommandLineOption {
        letter: 'h',
        argument: None,
        environment: None,
        effect: Effect::Help,
        help: "print this help message and exit (also -? or --help)",
    },
    CommandLineOption {
        letter: '?',
        argument: None,
        environment: None,
        effect: Effect::Help,
        help: "",
    },
    CommandLineOption {
        letter: 'i',
        argument: None,
        environment: Some("COPPERHEAD_INSPECT"),
        effect: Effect::Set(|o, value| {
            o.flags.inspect = true;
            // The option (not the variable) forces the prompt.
            o.flags.interactive |= value.is_none();
        }),
        help: "inspect interactively after running script; forces a prompt even if stdin is not a terminal",
    },
    CommandLineOption {
        letter: 'I',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| {
            o.flags.isolated = true;
            o.flags.ignore_environment = true;
            o.flags.no_user_site = true;
            o.flags.safe_path = true;
        }),
        help: "isolate Copperhead from the user's environment (implies -E, -P and -s)",
    },
    CommandLineOption {
        letter: 'm',
        argument: Some("mod"),
        environment: None,
        effect: Effect::Module,
        help: "run library module as a script (terminates option list)",
    },
    CommandLineOption {
        letter: 'O',
        argument: None,
        environment: Some("COPPERHEAD_OPTIMIZE"),
        effect: Effect::Set(|o, value| o.flags.optimize = level(value, o.flags.optimize)),
        help: "remove assert and __debug__-dependent statements; -OO also discards docstrings",
    },
    CommandLineOption {
        letter: 'P',
        argument: None,
        environment: Some("COPPERHEAD_SAFEPATH"),
        effect: Effect::Set(|o, _| o.flags.safe_path = true),
        help: "don't prepend a potentially unsafe path (the script's directory) to sys.path",
    },
    CommandLineOption {
        letter: 'q',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.flags.quiet = true),
        help: "don't print version and copyright messages on interactive startup",
    },
    CommandLineOption {
        letter: 's',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.flags.no_user_site = true),
        help: "accepted for compatibility: Copperhead has no user site directory",
    },
    CommandLineOption {
        letter: 'S',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.flags.no_site = true),
        help: "accepted for compatibility: Copperhead has no site module to import",
    },
    CommandLineOption {
        letter: 'u',
        argument: None,
        environment: Some("COPPERHEAD_UNBUFFERED"),
        effect: Effect::Set(|o, _| o.flags.unbuffered = true),
        help: "force the stdout and stderr streams to be unbuffered",
    },
    CommandLineOption {
        letter: 'V',
        argument: None,
        environment: None,
        effect: Effect::Version,
        help: "print the version number and exit (also --version); twice: more detail",
    },
    CommandLineOption {
        letter: 'W',
        argument: Some("arg"),
        environment: None,
        effect: Effect::Warning,
        help: "warning control, kept in sys.warnoptions (the warnings module does not apply it yet)",
    },
    CommandLineOption {
        letter: 'x',
        argument: None,
        environment: None,
        effect: Effect::Set(|o, _| o.skip_first_line = true),
        help: "skip first line of source, allowing use of non-Unix forms of #!cmd",
    },
    CommandLineOption {
        letter: 'X',
        argument: Some("opt"),
        environment: None,
        effect: Effect::XOption,
        help: "set a Copperhead option (see -X options below)",
    },
];

/// One `-X name[=value]` option.
pub struct XOption {
    pub name: &'static str,
    /// The value's syntax in the help (`[=on|off]`).
    pub value: &'static str,
    /// The `COPPERHEAD_*` variable with the same effect, if any.
    pub environment: Option<&'static str>,
    /// Applies the option; the value is `None` for a bare `-X name`.
    pub apply: fn(&mut Options, Option<&str>) -> Result<(), OptionsError>,
    /// One line for `--help`.
    pub help: &'static str,
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

/// A count from 1 to 65535 (`-X jit_threshold=N`).
fn parse_count(name: &str, value: Option<&str>) -> Result<u16, OptionsError> {
    match value.map(str::parse::<u16>) {
        Some(Ok(n)) if n > 0 => Ok(n),
        _ => Err(OptionsError(format!(
            "-X {name}: invalid value '{}' (expected a count from 1 to 65535)",
            value.unwrap_or("")
        ))),
    }
}

/// Every `-X` option, in the order `--help` lists them.
pub static X_OPTIONS: &[XOption] = &[
    XOption {
        name: "dis",
        value: "[=before|after]",
        environment: None,
        apply: |o, value| {
            o.dis = match value {
                None | Some("before") => Disassembly::Before,
                Some("after") => Disassembly::After,
                Some(other) => {
                    return Err(OptionsError(format!(
                        "-X dis: invalid value '{other}' (expected before or after)"
                    )));
                }
            };
            Ok(())
        },
        help: "print the bytecode instead of running; =after: run, then print it as specialized (stderr)",
    },
    XOption {
        name: "gc_stress",
        value: "[=on|off]",
        environment: Some("COPPERHEAD_GC_STRESS"),
        apply: |o, value| {
            o.gc_stress = parse_flag("gc_stress", value)?;
            Ok(())
        },
        help: "collect garbage at every safe point after an allocation, every fourth collection major (finds missing GC roots and write barriers)",
    },
    XOption {
        name: "gc_verify",
        value: "[=on|off]",
        environment: Some("COPPERHEAD_GC_VERIFY"),
        apply: |o, value| {
            o.gc_verify = parse_flag("gc_verify", value)?;
            Ok(())
        },
        help: "check at every collection that nothing surviving refers to an object being freed (slow; pair with gc_stress)",
    },
    XOption {
        name: "specialize",
        value: "[=on|off]",
        environment: Some("COPPERHEAD_SPECIALIZE"),
        apply: |o, value| {
            o.specialize = parse_flag("specialize", value)?;
            Ok(())
        },
        help: "tier 1, the specializing interpreter (on by default); off runs tier 0 only",
    },
    XOption {
        name: "stats",
        value: "[=text|json|json:FILE]",
        environment: None,
        apply: |o, value| {
            o.stats = match value {
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
            };
            Ok(())
        },
        help: "print specialization statistics at exit (stderr, or JSON into FILE)",
    },
    XOption {
        name: "jit",
        value: "[=off|on|uops]",
        environment: Some("COPPERHEAD_JIT"),
        apply: |o, value| {
            o.jit = match value {
                Some("off") | Some("0") => JitMode::Off,
                Some("uops") => JitMode::Uops,
                None | Some("on") | Some("1") => JitMode::On,
                Some(other) => {
                    return Err(OptionsError(format!(
                        "-X jit: invalid value '{other}' (expected off, on or uops)"
                    )));
                }
            };
            Ok(())
        },
        help: "tier 2: on records hot loops as traces, optimizes them and runs them as machine code (copy-and-patch); uops runs the same traces in the uop interpreter; off (the default) stays in tier 1",
    },
    XOption {
        name: "jit_threshold",
        value: "=N",
        environment: Some("COPPERHEAD_JIT_THRESHOLD"),
        apply: |o, value| {
            o.jit_threshold = parse_count("jit_threshold", value)?;
            Ok(())
        },
        help: "backward jumps of a loop before tier 2 records it",
    },
    XOption {
        name: "jit_side_threshold",
        value: "=N",
        environment: Some("COPPERHEAD_JIT_SIDE_THRESHOLD"),
        apply: |o, value| {
            o.jit_side_threshold = parse_count("jit_side_threshold", value)?;
            Ok(())
        },
        help: "exits of a trace taken before tier 2 records a side trace from one",
    },
    XOption {
        name: "jit_opt",
        value: "[=on|off]",
        environment: Some("COPPERHEAD_JIT_OPT"),
        apply: |o, value| {
            o.jit_optimize = parse_flag("jit_opt", value)?;
            Ok(())
        },
        help: "optimize tier-2 traces (on by default); off runs them as recorded, for differential tests",
    },
    XOption {
        name: "jit_stats",
        value: "[=on|off]",
        environment: None,
        apply: |o, value| {
            o.jit_stats = parse_flag("jit_stats", value)?;
            Ok(())
        },
        help: "print tier 2's figures at exit (stderr; inside -X stats=json as \"jit\")",
    },
    XOption {
        name: "jit_dump",
        value: "[=FILE]",
        environment: None,
        apply: |o, value| {
            o.jit_dump = Some(value.map(str::to_string));
            Ok(())
        },
        help: "print each tier-2 trace before and after optimization, with the optimizer's facts (stderr, or into FILE)",
    },
    XOption {
        name: "gc_stats",
        value: "[=FILE]",
        environment: None,
        apply: |o, value| {
            o.gc_stats = Some(value.map(str::to_string));
            Ok(())
        },
        help: "print the garbage collector's figures as JSON at exit (stderr, or into FILE)",
    },
];

/// A variable with no command-line spelling.
pub struct EnvironmentVariable {
    pub name: &'static str,
    pub apply: fn(&mut Options, &str),
    pub help: &'static str,
}

/// Environment variables with no option of their own.
pub static ENVIRONMENT_ONLY: &[EnvironmentVariable] = &[EnvironmentVariable {
    name: "COPPERHEAD_PATH",
    apply: |o, value| {
        o.module_path = value
            .split(':')
            .filter(|entry| !entry.is_empty())
            .map(str::to_string)
            .collect();
    },
    help: "':'-separated directories searched by import after the script's own (like PYTHONPATH)",
}];

/// Long options: `--name` and what it does.
static LONG_OPTIONS: &[(&str, LongOption, &str)] = &[
    (
        "--help",
        LongOption::Help(HelpTopic::All),
        "print this help message and exit",
    ),
    (
        "--help-xoptions",
        LongOption::Help(HelpTopic::XOptions),
        "print help about -X options and exit",
    ),
    (
        "--help-env",
        LongOption::Help(HelpTopic::Environment),
        "print help about COPPERHEAD_* environment variables and exit",
    ),
    (
        "--help-all",
        LongOption::Help(HelpTopic::All),
        "print complete help information and exit",
    ),
    (
        "--version",
        LongOption::Version,
        "print the version number and exit",
    ),
];

#[derive(Clone, Copy)]
enum LongOption {
    Help(HelpTopic),
    Version,
}

// ---- parsing ----------------------------------------------------------------------

/// Which help text to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    All,
    XOptions,
    Environment,
}

/// Where the program comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// `-c cmd`.
    Command(OsString),
    /// `-m mod`.
    Module(String),
    /// A script path (or a directory or zip holding `__main__.py`).
    File(OsString),
    /// `-`: read from standard input.
    Stdin,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run `program` (none: standard input, interactively on a terminal)
    /// with `arguments` as `sys.argv[1:]`.
    Run {
        program: Option<Program>,
        arguments: Vec<OsString>,
    },
    Help(HelpTopic),
    /// `-V` (1) or `-VV` (2).
    Version(u8),
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    pub options: Options,
    pub action: Action,
}

/// A command line CPython would refuse, worded as CPython words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandLineError {
    /// `Argument expected for the -c option`.
    ArgumentExpected(char),
    /// `Unknown option: -Z`.
    UnknownShort(char),
    /// `unknown option --bogus`.
    UnknownLong(String),
    /// A bad `-X` option or environment value.
    Invalid(OptionsError),
}

impl CommandLineError {
    /// True when CPython follows the message with its usage line and a
    /// pointer to `-h`.
    pub fn shows_usage(&self) -> bool {
        !matches!(self, CommandLineError::Invalid(_))
    }
}

impl std::fmt::Display for CommandLineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandLineError::ArgumentExpected(letter) => {
                write!(f, "Argument expected for the -{letter} option")
            }
            CommandLineError::UnknownShort(letter) => write!(f, "Unknown option: -{letter}"),
            CommandLineError::UnknownLong(option) => write!(f, "unknown option {option}"),
            CommandLineError::Invalid(error) => write!(f, "{error}"),
        }
    }
}

fn text_of(argument: &OsString) -> String {
    argument.to_string_lossy().into_owned()
}

/// Parses `arguments` (without the program name) by CPython's rules,
/// reading `COPPERHEAD_*` variables through `environment` unless `-E` or
/// `-I` is given.
pub fn parse_command_line(
    arguments: &[OsString],
    environment: impl Fn(&str) -> Option<String>,
) -> Result<CommandLine, CommandLineError> {
    let mut command_line_effects: Vec<fn(&mut Options, Option<&str>)> = Vec::new();
    let mut x_options: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut version = 0u8;
    let mut program = None;
    let mut index = 0;
    'words: while index < arguments.len() {
        let word = &arguments[index];
        let bytes = word.as_encoded_bytes();
        if bytes == b"--" {
            index += 1;
            if let Some(script) = arguments.get(index) {
                program = Some(if script == "-" {
                    Program::Stdin
                } else {
                    Program::File(script.clone())
                });
                index += 1;
            }
            break;
        }
        if bytes == b"-" {
            program = Some(Program::Stdin);
            index += 1;
            break;
        }
        if bytes.first() != Some(&b'-') {
            program = Some(Program::File(word.clone()));
            index += 1;
            break;
        }
        if bytes.starts_with(b"--") {
            let text = text_of(word);
            match LONG_OPTIONS.iter().find(|(name, _, _)| *name == text) {
                Some((_, LongOption::Help(topic), _)) => {
                    return Ok(CommandLine {
                        options: Options::default(),
                        action: Action::Help(*topic),
                    });
                }
                Some((_, LongOption::Version, _)) => version = version.saturating_add(1),
                None => return Err(CommandLineError::UnknownLong(text)),
            }
            index += 1;
            continue;
        }
        let text = text_of(word);
        for (at, letter) in text[1..].char_indices() {
            let Some(option) = COMMAND_LINE_OPTIONS.iter().find(|o| o.letter == letter) else {
                return Err(CommandLineError::UnknownShort(letter));
            };
            if option.argument.is_some() {
                // The rest of this word, else the next word.
                let start = 1 + at + letter.len_utf8();
                let value = if start < bytes.len() {
                    split_os(word, start)
                } else {
                    index += 1;
                    match arguments.get(index) {
                        Some(next) => next.clone(),
                        None => return Err(CommandLineError::ArgumentExpected(letter)),
                    }
                };
                match option.effect {
                    Effect::Command => {
                        program = Some(Program::Command(value));
                        index += 1;
                        break 'words;
                    }
                    Effect::Module => {
                        program = Some(Program::Module(text_of(&value)));
                        index += 1;
                        break 'words;
                    }
                    Effect::Warning => warnings.push(text_of(&value)),
                    _ => x_options.push(text_of(&value)),
                }
                break;
            }
            match option.effect {
                Effect::Help => {
                    return Ok(CommandLine {
                        options: Options::default(),
                        action: Action::Help(HelpTopic::All),
                    });
                }
                Effect::Version => version = version.saturating_add(1),
                Effect::Set(apply) => command_line_effects.push(apply),
                _ => {}
            }
        }
        index += 1;
    }
    let mut options = Options::default();
    for apply in &command_line_effects {
        apply(&mut options, None);
    }
    if !options.flags.ignore_environment {
        let mut from_environment = Options::default();
        apply_environment(&mut from_environment, &environment)?;
        // The environment first, then the command line again on top.
        options = from_environment;
        for apply in &command_line_effects {
            apply(&mut options, None);
        }
    }
    for x in &x_options {
        apply_x_option(&mut options, x)?;
    }
    options.flags.warn_options = warnings;
    if version > 0 {
        return Ok(CommandLine {
            options,
            action: Action::Version(version),
        });
    }
    Ok(CommandLine {
        options,
        action: Action::Run {
            program,
            arguments: arguments[index.min(arguments.len())..].to_vec(),
        },
    })
}

/// The bytes of `word` from `start` on, as an `OsString` (an argument
/// attached to its option letter, `-cCODE`).
fn split_os(word: &OsString, start: usize) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(&word.as_encoded_bytes()[start..]).to_os_string()
}

fn apply_environment(
    options: &mut Options,
    environment: &impl Fn(&str) -> Option<String>,
) -> Result<(), CommandLineError> {
    let set = |name: &str| environment(name).filter(|value| !value.is_empty());
    for option in COMMAND_LINE_OPTIONS {
        if let (Some(name), Effect::Set(apply)) = (option.environment, option.effect)
            && let Some(value) = set(name)
        {
            apply(options, Some(&value));
        }
    }
    for option in X_OPTIONS {
        if let Some(name) = option.environment
            && let Some(value) = set(name)
        {
            (option.apply)(options, Some(&value)).map_err(CommandLineError::Invalid)?;
        }
    }
    for variable in ENVIRONMENT_ONLY {
        if let Some(value) = set(variable.name) {
            (variable.apply)(options, &value);
        }
    }
    Ok(())
}

fn apply_x_option(options: &mut Options, x: &str) -> Result<(), CommandLineError> {
    let (name, value) = match x.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (x, None),
    };
    match X_OPTIONS.iter().find(|option| option.name == name) {
        Some(option) => (option.apply)(options, value).map_err(CommandLineError::Invalid),
        None => Err(CommandLineError::Invalid(OptionsError(format!(
            "unknown -X option: '{name}' (copperhead --help-xoptions lists them)"
        )))),
    }
}

impl Options {
    /// Builds options from the environment, then applies `-X` options
    /// (the command line's other options aside).
    pub fn from_sources(
        x_options: &[String],
        environment: impl Fn(&str) -> Option<String>,
    ) -> Result<Options, OptionsError> {
        let mut options = Options::default();
        let unwrap = |error: CommandLineError| match error {
            CommandLineError::Invalid(error) => error,
            other => OptionsError(other.to_string()),
        };
        apply_environment(&mut options, &environment).map_err(unwrap)?;
        for x in x_options {
            apply_x_option(&mut options, x).map_err(unwrap)?;
        }
        Ok(options)
    }
}

// ---- help -------------------------------------------------------------------------

/// The usage line, naming the program as it was invoked.
pub fn usage(program_name: &str) -> String {
    format!("usage: {program_name} [option] ... [-c cmd | -m mod | file | -] [arg] ...")
}

fn push_line(out: &mut String, left: &str, width: usize, help: &str, also: Option<String>) {
    out.push_str(&format!("{left:<width$}: {help}"));
    if let Some(also) = also {
        out.push_str(&format!("; also {also}"));
    }
    out.push('\n');
}

/// The help text for `topic`, generated from the option tables.
pub fn help_text(program_name: &str, topic: HelpTopic) -> String {
    let mut out = String::new();
    if topic == HelpTopic::All {
        out.push_str(&usage(program_name));
        out.push_str("\nOptions (and corresponding environment variables):\n");
        for option in COMMAND_LINE_OPTIONS.iter().filter(|o| !o.help.is_empty()) {
            let left = match option.argument {
                Some(argument) => format!("-{} {argument}", option.letter),
                None => format!("-{}", option.letter),
            };
            let also = option.environment.map(|name| format!("{name}=x"));
            push_line(&mut out, &left, 7, option.help, also);
        }
        for (name, _, help) in LONG_OPTIONS.iter().skip(1) {
            push_line(&mut out, name, 16, help, None);
        }
        out.push_str("\nArguments:\n");
        out.push_str("file   : program read from script file\n");
        out.push_str("-      : program read from stdin (default; interactive mode if a tty)\n");
        out.push_str("arg ...: arguments passed to program in sys.argv[1:]\n\n");
    }
    if matches!(topic, HelpTopic::All | HelpTopic::XOptions) {
        out.push_str("-X options (and corresponding environment variables; on/off also as 1/0):\n");
        let width = X_OPTIONS
            .iter()
            .map(|o| o.name.len() + o.value.len() + 3)
            .max()
            .unwrap_or(0);
        for option in X_OPTIONS {
            let left = format!("-X {}{}", option.name, option.value);
            let also = option.environment.map(str::to_string);
            push_line(&mut out, &left, width, option.help, also);
        }
    }
    if matches!(topic, HelpTopic::All | HelpTopic::Environment) {
        if topic == HelpTopic::All {
            out.push('\n');
        }
        out.push_str("Environment variables (ignored under -E and -I):\n");
        let mut rows: Vec<(String, String)> = Vec::new();
        for option in COMMAND_LINE_OPTIONS {
            if let Some(name) = option.environment {
                rows.push((name.to_string(), format!("same as -{}", option.letter)));
            }
        }
        for option in X_OPTIONS {
            if let Some(name) = option.environment {
                rows.push((
                    name.to_string(),
                    format!("same as -X {}{}", option.name, option.value),
                ));
            }
        }
        for variable in ENVIRONMENT_ONLY {
            rows.push((variable.name.to_string(), variable.help.to_string()));
        }
        let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        for (name, help) in rows {
            push_line(&mut out, &name, width, &help, None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn parse(line: &str) -> Result<CommandLine, CommandLineError> {
        parse_command_line(&words(line), |_| None)
    }

    fn run_of(line: &str) -> (Option<Program>, Vec<OsString>) {
        match parse(line).unwrap().action {
            Action::Run { program, arguments } => (program, arguments),
            other => panic!("{line}: {other:?}"),
        }
    }

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
    fn tier_2_knobs() {
        let env = |k: &str| match k {
            "COPPERHEAD_JIT" => Some("uops".to_string()),
            "COPPERHEAD_JIT_THRESHOLD" => Some("7".to_string()),
            _ => None,
        };
        let o = Options::from_sources(&[], env).unwrap();
        assert_eq!((o.jit, o.jit_threshold), (JitMode::Uops, 7));
        let o = Options::from_sources(
            &[
                "jit=off".into(),
                "jit_side_threshold=3".into(),
                "jit_opt=off".into(),
                "jit_stats".into(),
                "jit_dump=t.txt".into(),
            ],
            env,
        )
        .unwrap();
        assert_eq!(o.jit, JitMode::Off);
        assert_eq!(o.jit_side_threshold, 3);
        assert!(!o.jit_optimize && o.jit_stats);
        assert_eq!(o.jit_dump, Some(Some("t.txt".into())));
        for bad in [
            "jit=fast",
            "jit_threshold=0",
            "jit_threshold=x",
            "jit_side_threshold=70000",
        ] {
            assert!(
                Options::from_sources(&[bad.into()], |_| None).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn unknown_x_options_are_errors() {
        let e = Options::from_sources(&["warp_speed".into()], |_| None).unwrap_err();
        assert!(e.0.starts_with("unknown -X option: 'warp_speed'"), "{e}");
    }

    #[test]
    fn options_end_at_the_program() {
        let (program, arguments) = run_of("-u script.py -O -c x");
        assert_eq!(program, Some(Program::File("script.py".into())));
        assert_eq!(arguments, words("-O -c x"));
        let (program, arguments) = run_of("-c print(1) -h");
        assert_eq!(program, Some(Program::Command("print(1)".into())));
        assert_eq!(arguments, words("-h"));
        let (program, arguments) = run_of("-m json.tool --help");
        assert_eq!(program, Some(Program::Module("json.tool".into())));
        assert_eq!(arguments, words("--help"));
        let (program, arguments) = run_of("-- -c x");
        assert_eq!(program, Some(Program::File("-c".into())));
        assert_eq!(arguments, words("x"));
        let (program, arguments) = run_of("-q - a");
        assert_eq!(program, Some(Program::Stdin));
        assert_eq!(arguments, words("a"));
        assert_eq!(run_of("-q").0, None);
    }

    #[test]
    fn short_options_combine_and_take_attached_arguments() {
        let line = parse("-uqOO -cprint(3)").unwrap();
        assert!(line.options.flags.unbuffered && line.options.flags.quiet);
        assert_eq!(line.options.flags.optimize, 2);
        assert!(
            matches!(line.action, Action::Run { program: Some(Program::Command(c)), .. } if c == "print(3)")
        );
        let line = parse("-Xgc_stress -Werror -W ignore -c x").unwrap();
        assert!(line.options.gc_stress);
        assert_eq!(line.options.flags.warn_options, ["error", "ignore"]);
        // The letters after an argument-taking option are its argument.
        let line = parse("-quc x").unwrap();
        assert!(
            matches!(line.action, Action::Run { program: Some(Program::Command(c)), .. } if c == "x")
        );
    }

    #[test]
    fn errors_are_worded_as_cpython_words_them() {
        assert_eq!(
            parse("-c").unwrap_err().to_string(),
            "Argument expected for the -c option"
        );
        assert_eq!(
            parse("-q -X").unwrap_err().to_string(),
            "Argument expected for the -X option"
        );
        assert_eq!(parse("-Z").unwrap_err().to_string(), "Unknown option: -Z");
        assert_eq!(parse("-uZ").unwrap_err().to_string(), "Unknown option: -Z");
        assert_eq!(
            parse("--bogus").unwrap_err().to_string(),
            "unknown option --bogus"
        );
        assert!(!parse("-X warp").unwrap_err().shows_usage());
    }

    #[test]
    fn help_is_immediate_and_version_waits_for_the_whole_line() {
        assert_eq!(parse("-h -Z").unwrap().action, Action::Help(HelpTopic::All));
        assert_eq!(
            parse("-V -Z").unwrap_err(),
            CommandLineError::UnknownShort('Z')
        );
        assert_eq!(parse("-VV").unwrap().action, Action::Version(2));
        assert_eq!(parse("--version -c x").unwrap().action, Action::Version(1));
    }

    #[test]
    fn environment_applies_unless_ignored() {
        let env = |k: &str| match k {
            "COPPERHEAD_OPTIMIZE" => Some("2".to_string()),
            "COPPERHEAD_UNBUFFERED" => Some(String::new()),
            "COPPERHEAD_PATH" => Some("/a::/b".to_string()),
            _ => None,
        };
        let line = parse_command_line(&words("-c x"), env).unwrap();
        assert_eq!(line.options.flags.optimize, 2);
        assert!(!line.options.flags.unbuffered, "an empty variable is unset");
        assert_eq!(line.options.module_path, ["/a", "/b"]);
        let line = parse_command_line(&words("-E -c x"), env).unwrap();
        assert_eq!(line.options.flags.optimize, 0);
        assert!(line.options.module_path.is_empty());
        let line = parse_command_line(&words("-I -c x"), env).unwrap();
        assert!(line.options.flags.safe_path && line.options.flags.isolated);
        assert!(line.options.module_path.is_empty());
    }

    #[test]
    fn the_command_line_page_names_every_option() {
        let page = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/command-line.md"),
        )
        .expect("docs/command-line.md");
        for option in COMMAND_LINE_OPTIONS {
            assert!(
                page.contains(&format!("`-{}", option.letter)),
                "-{}",
                option.letter
            );
            if let Some(name) = option.environment {
                assert!(page.contains(name), "{name}");
            }
        }
        for option in X_OPTIONS {
            assert!(
                page.contains(&format!("`-X {}", option.name)),
                "-X {}",
                option.name
            );
            if let Some(name) = option.environment {
                assert!(page.contains(name), "{name}");
            }
        }
        for variable in ENVIRONMENT_ONLY {
            assert!(page.contains(variable.name), "{}", variable.name);
        }
        for (name, _, _) in LONG_OPTIONS {
            assert!(page.contains(name), "{name}");
        }
    }

    #[test]
    fn help_lists_every_option_from_the_tables() {
        let help = help_text("copperhead", HelpTopic::All);
        for option in COMMAND_LINE_OPTIONS.iter().filter(|o| !o.help.is_empty()) {
            assert!(
                help.contains(&format!("\n-{}", option.letter)),
                "-{}",
                option.letter
            );
        }
        for option in X_OPTIONS {
            assert!(
                help.contains(&format!("-X {}", option.name)),
                "{}",
                option.name
            );
        }
        for variable in ENVIRONMENT_ONLY {
            assert!(help.contains(variable.name));
        }
        for (name, _, _) in LONG_OPTIONS {
            assert!(help.contains(name), "{name}");
        }
    }
}
