//! A generator of small, terminating Python programs, driven by a stream
//! of choices.
//!
//! One grammar serves three drivers: proptest (a vector of random `u32`s,
//! which it shrinks), the fuzz targets (`arbitrary`'s `Unstructured`), and
//! the CPython differential run (a seeded generator). Each asks
//! [`Choices::choose`] for a number below a bound; a stream that runs dry
//! answers 0, so every stream yields a complete program, and small streams
//! give small programs.
//!
//! Programs define a small class (`Box`: attributes, a method, `__add__`,
//! `__eq__`, `__repr__`) and read, write and rebind its attributes.
//!
//! The programs stay inside what CPython and Copperhead must agree on byte
//! for byte: bounded loops, no `id()`, no sets of strings (CPython
//! randomizes string hashes), no object addresses in output. Errors are
//! welcome: type errors, division by zero, bad indexes and their messages
//! are part of what is compared.
//!
//! It must never know about Copperhead's internals: its output is Python
//! source text, judged only by what CPython and each tier print.

/// A source of decisions.
pub trait Choices {
    /// A number in `0..bound` (`bound > 0`); 0 when the stream is empty.
    fn choose(&mut self, bound: usize) -> usize;
}

/// Choices from a fixed list of numbers (proptest's driver).
pub struct ListChoices<'a> {
    numbers: &'a [u32],
    next: usize,
}

impl<'a> ListChoices<'a> {
    pub fn new(numbers: &'a [u32]) -> ListChoices<'a> {
        ListChoices { numbers, next: 0 }
    }
}

impl Choices for ListChoices<'_> {
    fn choose(&mut self, bound: usize) -> usize {
        let Some(n) = self.numbers.get(self.next) else {
            return 0;
        };
        self.next += 1;
        *n as usize % bound.max(1)
    }
}

/// Choices from a seeded xorshift generator (the differential run's driver).
pub struct SeededChoices(u64);

impl SeededChoices {
    pub fn new(seed: u64) -> SeededChoices {
        SeededChoices(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
}

impl Choices for SeededChoices {
    fn choose(&mut self, bound: usize) -> usize {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x % bound.max(1) as u64) as usize
    }
}

fn pick<'s>(c: &mut dyn Choices, items: &[&'s str]) -> &'s str {
    items[c.choose(items.len())]
}

const INT_LITERALS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "-13",
    "255",
    "10**20",
    "-2**63",
    "2**64 - 1",
    "True",
    "False",
];
const FLOAT_LITERALS: &[&str] = &[
    "0.0",
    "-0.0",
    "1.5",
    "-2.25",
    "0.1",
    "1e300",
    "1e-300",
    "3.0",
    "float('nan')",
    "float('inf')",
    "1000000000000000.25",
];
const STRING_LITERALS: &[&str] = &[
    "''",
    "'a'",
    "'ab'",
    "'Hello World'",
    "'  x y  '",
    "'ΣΑΣ'",
    "'straße'",
    "'1_000'",
    "'%s'",
    "'{}'",
    "'a,b,,c'",
    "'x  y\\nz'",
];
const CONTAINER_LITERALS: &[&str] = &[
    "[]",
    "[1, 2, 3]",
    "[3, 1, 2]",
    "(4, 5)",
    "()",
    "(1,)",
    "{}",
    "{1: 'a', 2: 'b'}",
    "{1, 2, 3}",
    "{0, -161, 7}",
    "set()",
    "range(5)",
    "range(2, 10, 3)",
    "None",
    "[[1], [2, 3]]",
];
const NAMES: &[&str] = &["x", "y", "acc", "i", "b"];

fn literal(c: &mut dyn Choices) -> String {
    match c.choose(4) {
        0 => pick(c, INT_LITERALS),
        1 => pick(c, FLOAT_LITERALS),
        2 => pick(c, STRING_LITERALS),
        _ => pick(c, CONTAINER_LITERALS),
    }
    .to_string()
}

const BINARY_OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "<", "<=", "==", "!=", ">", "and", "or", "&", "|", "^", "<<",
    ">>", "in", "not in",
];
const FORMAT_SPECS: &[&str] = &[
    "", "5", "<6", ">8", "^7", "+", ",", "_", ".2f", "010.3f", "e", ".3g", "%", "x", "#o", "b",
    "08,", "=+9", "*^9", ".1", "z.1f",
];
const STRING_METHODS: &[&str] = &[
    "upper()",
    "lower()",
    "title()",
    "swapcase()",
    "casefold()",
    "strip()",
    "split()",
    "split(',')",
    "find('a')",
    "count('a')",
    "replace('a', 'b')",
    "startswith('a')",
    "isdigit()",
    "isalpha()",
    "zfill(5)",
    "center(9, '*')",
    "splitlines()",
    "partition(' ')",
    "join(['1', '2'])",
    "isdecimal()",
    "rfind('', 2)",
    "expandtabs(4)",
];
/// Calls whose result prints the same in both runtimes (no iterator
/// objects, whose repr holds an address; no string hashes or string sets).
const SEQUENCE_CALLS: &[&str] = &[
    "len", "sorted", "list", "tuple", "sum", "min", "max", "any", "all", "str", "repr", "bool",
    "abs", "int", "float", "ascii", "round",
];

/// An expression nested at most `depth` more levels.
pub fn expression(c: &mut dyn Choices, depth: u32) -> String {
    if depth == 0 {
        return if c.choose(3) == 0 {
            pick(c, NAMES).to_string()
        } else {
            literal(c)
        };
    }
    let d = depth - 1;
    match c.choose(16) {
        0 | 1 => literal(c),
        2 => pick(c, NAMES).to_string(),
        3..=5 => {
            let op = pick(c, BINARY_OPERATORS);
            format!("({} {op} {})", expression(c, d), expression(c, d))
        }
        6 => format!(
            "({} if {} else {})",
            expression(c, d),
            expression(c, d),
            expression(c, d)
        ),
        7 => format!("{}({})", pick(c, SEQUENCE_CALLS), expression(c, d)),
        8 => {
            let method = pick(c, STRING_METHODS);
            format!("str({}).{method}", expression(c, d))
        }
        9 => format!("format({}, '{}')", expression(c, d), pick(c, FORMAT_SPECS)),
        10 => format!("f\"{{{}!r:>{}}}\"", expression(c, d), c.choose(12)),
        11 => format!("{}[{}]", expression(c, d), expression(c, d)),
        12 => format!(
            "{}[{}:{}:{}]",
            expression(c, d),
            expression(c, 0),
            expression(c, 0),
            pick(c, &["1", "-1", "2", "None"])
        ),
        13 => match c.choose(6) {
            0 => format!("Box({})", expression(c, d)),
            1 => "b.v".to_string(),
            2 => "b.get()".to_string(),
            3 => format!("(b + {})", expression(c, d)),
            4 => "b.scale".to_string(),
            _ => format!("f({}, {})", expression(c, d), expression(c, d)),
        },
        14 => format!(
            "[{} for i in range({}) if {}]",
            expression(c, d),
            c.choose(6),
            expression(c, d)
        ),
        _ => format!("list(g({}))", c.choose(5)),
    }
}

/// A statement at indentation `indent`, nested at most `depth` more.
fn statement(c: &mut dyn Choices, indent: usize, depth: u32, out: &mut String) {
    let pad = "    ".repeat(indent);
    let e = |c: &mut dyn Choices| expression(c, 2);
    let choice = if depth == 0 {
        c.choose(6)
    } else {
        c.choose(11)
    };
    match choice {
        0 => out.push_str(&format!("{pad}acc = {}\n", e(c))),
        1 => out.push_str(&format!("{pad}x = {}\n", e(c))),
        2 => out.push_str(&format!("{pad}print({}, {})\n", e(c), e(c))),
        3 => {
            let op = pick(c, &["+=", "-=", "*=", "|=", "//=", "%=", "**="]);
            let rhs = if op == "**=" {
                pick(c, &["2", "0", "-1", "0.5"]).to_string()
            } else {
                e(c)
            };
            out.push_str(&format!("{pad}y {op} {rhs}\n"));
            // Repeated squaring in nested loops would grow `y` past any
            // memory: keep ints below 2**100 (the wide and big int ranges
            // are still passed through).
            out.push_str(&format!(
                "{pad}if type(y) is int and not -2**100 < y < 2**100:\n{pad}    y %= 1000003\n"
            ));
        }
        4 => out.push_str(&format!("{pad}d[{}] = {}\n", expression(c, 1), e(c))),
        5 => match c.choose(5) {
            0 => out.push_str(&format!("{pad}b.v = {}\n", e(c))),
            1 => out.push_str(&format!("{pad}b.extra = {}\n", e(c))),
            2 => out.push_str(&format!("{pad}Box.scale = {}\n", e(c))),
            3 => out.push_str(&format!("{pad}b = Box({})\n", e(c))),
            _ => out.push_str(&format!("{pad}items.append({})\n", e(c))),
        },
        6 => {
            out.push_str(&format!("{pad}if {}:\n", e(c)));
            statement(c, indent + 1, depth - 1, out);
            out.push_str(&format!("{pad}else:\n"));
            statement(c, indent + 1, depth - 1, out);
        }
        7 => {
            out.push_str(&format!("{pad}for i in range({}):\n", c.choose(8)));
            statement(c, indent + 1, depth - 1, out);
            if c.choose(3) == 0 {
                out.push_str(&format!("{pad}    if {}:\n{pad}        break\n", e(c)));
            }
        }
        8 => {
            out.push_str(&format!("{pad}try:\n"));
            statement(c, indent + 1, depth - 1, out);
            out.push_str(&format!(
                "{pad}except (TypeError, ValueError, ZeroDivisionError, IndexError, KeyError, OverflowError, AttributeError) as error:\n"
            ));
            out.push_str(&format!(
                "{pad}    print('caught', type(error).__name__, error)\n"
            ));
            if c.choose(2) == 0 {
                out.push_str(&format!("{pad}finally:\n{pad}    acc = {}\n", e(c)));
            }
        }
        9 => {
            out.push_str(&format!(
                "{pad}while n < {}:\n{pad}    n += 1\n",
                c.choose(6)
            ));
            statement(c, indent + 1, depth - 1, out);
        }
        _ => {
            out.push_str(&format!("{pad}with_total = 0\n"));
            out.push_str(&format!("{pad}for value in g({}):\n", c.choose(6)));
            out.push_str(&format!("{pad}    with_total = with_total + value\n"));
            out.push_str(&format!("{pad}print('gen', with_total)\n"));
        }
    }
}

/// A complete program: a function, a generator, some state, statements,
/// and a final print of the state.
pub fn program(c: &mut dyn Choices) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "def f(a, b):\n    return ({}) if a else (b, {})\n",
        expression(c, 2),
        expression(c, 1)
    ));
    out.push_str(&format!(
        "def g(n):\n    for k in range(n):\n        yield {}\n",
        pick(c, &["k", "k * k", "-k", "k // 2", "k % 3"])
    ));
    out.push_str(&format!(
        "class Box:\n    scale = {}\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n    def __add__(self, other):\n        return Box(self.v + (other.v if isinstance(other, Box) else other))\n    def __eq__(self, other):\n        return isinstance(other, Box) and self.v == other.v\n    def __repr__(self):\n        return f'Box({{self.v!r}})'\n",
        pick(c, INT_LITERALS)
    ));
    out.push_str(&format!(
        "x = {}\ny = {}\nacc = {}\ni = 0\nn = 0\nd = {{}}\nitems = []\nb = Box({})\n",
        literal(c),
        literal(c),
        literal(c),
        literal(c)
    ));
    for _ in 0..1 + c.choose(6) {
        statement(c, 0, 2, &mut out);
    }
    out.push_str("print(acc, x, y, d, items, b)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_stream_gives_a_complete_program() {
        let source = program(&mut ListChoices::new(&[]));
        assert!(source.contains("def f(a, b):"));
        assert!(source.ends_with("print(acc, x, y, d, items, b)\n"));
        assert!(source.contains("class Box:"));
    }

    #[test]
    fn seeds_give_different_programs() {
        let a = program(&mut SeededChoices::new(1));
        let b = program(&mut SeededChoices::new(2));
        assert_ne!(a, b);
    }
}
