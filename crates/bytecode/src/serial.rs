//! Code objects as bytes (like CPython's `marshal`): the standard library
//! is compiled at build time and embedded in this form, so importing a
//! library module does not parse and compile its source every run.
//!
//! The format is private to one build of Copperhead (the build script and
//! the binary come from the same sources); it starts with [`MAGIC`], and a
//! reader given anything else returns `None` (the caller then compiles the
//! source). Integers are LEB128, strings length-prefixed UTF-8.

use std::rc::Rc;

use num_bigint::{BigInt, Sign};

use crate::{CodeObject, Constant, ExceptionTableEntry, Instruction, Opcode, QualifiedName};

/// The first bytes of every serialized code object; changes whenever the
/// format or the instruction set does (the opcode count is part of it).
pub const MAGIC: [u8; 4] = [b'C', b'H', 1, Opcode::ALL.len() as u8];

/// `code` as bytes, [`MAGIC`] first.
pub fn to_bytes(code: &CodeObject) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    write_code(&mut out, code);
    out
}

/// The code object `bytes` hold, or `None` when they are not this build's
/// format.
pub fn from_bytes(bytes: &[u8]) -> Option<CodeObject> {
    let rest = bytes.strip_prefix(&MAGIC[..])?;
    let mut reader = Reader { bytes: rest, at: 0 };
    let code = reader.code()?;
    (reader.at == rest.len()).then_some(code)
}

fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_str(out: &mut Vec<u8>, text: &str) {
    write_u64(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn write_strs(out: &mut Vec<u8>, items: &[Rc<str>]) {
    write_u64(out, items.len() as u64);
    for item in items {
        write_str(out, item);
    }
}

fn write_qualname(out: &mut Vec<u8>, name: &QualifiedName) {
    match &name.parent {
        Some(parent) => {
            out.push(1);
            write_qualname(out, parent);
        }
        None => out.push(0),
    }
    write_str(out, &name.name);
    out.push(name.is_class as u8);
}

fn write_constant(out: &mut Vec<u8>, constant: &Constant) {
    match constant {
        Constant::None => out.push(0),
        Constant::Bool(b) => out.push(if *b { 2 } else { 1 }),
        Constant::Int(i) => {
            out.push(3);
            let (sign, magnitude) = i.to_bytes_le();
            out.push(match sign {
                Sign::Minus => 0,
                Sign::NoSign => 1,
                Sign::Plus => 2,
            });
            write_u64(out, magnitude.len() as u64);
            out.extend_from_slice(&magnitude);
        }
        Constant::Float(f) => {
            out.push(4);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Constant::Str(s) => {
            out.push(5);
            write_str(out, s);
        }
        Constant::Bytes(b) => {
            out.push(6);
            write_u64(out, b.len() as u64);
            out.extend_from_slice(b);
        }
        Constant::Tuple(items) | Constant::FrozenSet(items) => {
            out.push(if matches!(constant, Constant::Tuple(_)) {
                7
            } else {
                8
            });
            write_u64(out, items.len() as u64);
            for item in items.iter() {
                write_constant(out, item);
            }
        }
        Constant::Ellipsis => out.push(9),
        Constant::Code(code) => {
            out.push(10);
            write_code(out, code);
        }
    }
}

fn write_code(out: &mut Vec<u8>, code: &CodeObject) {
    write_str(out, &code.name);
    match &code.docstring {
        Some(doc) => {
            out.push(1);
            write_str(out, doc);
        }
        None => out.push(0),
    }
    write_qualname(out, &code.qualname);
    write_str(out, &code.filename);
    for value in [
        code.first_line,
        code.arg_count,
        code.positional_only_count,
        code.keyword_only_count,
        code.flags,
        code.stack_size,
    ] {
        write_u64(out, value as u64);
    }
    write_strs(out, &code.varnames);
    write_strs(out, &code.cellvars);
    write_u64(out, code.cell_parameters.len() as u64);
    for parameter in &code.cell_parameters {
        // 0 for none, index + 1 otherwise.
        write_u64(out, parameter.map_or(0, |p| p as u64 + 1));
    }
    write_strs(out, &code.freevars);
    write_strs(out, &code.names);
    write_u64(out, code.constants.len() as u64);
    for constant in &code.constants {
        write_constant(out, constant);
    }
    write_u64(out, code.instructions.len() as u64);
    for (instruction, line) in code.instructions.iter().zip(&code.lines) {
        out.push(instruction.opcode as u8);
        write_u64(out, instruction.arg as u64);
        write_u64(out, *line as u64);
    }
    write_u64(out, code.exception_table.len() as u64);
    for entry in &code.exception_table {
        for value in [entry.start, entry.end, entry.target, entry.depth] {
            write_u64(out, value as u64);
        }
        out.push(entry.push_lasti as u8);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn u64(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = self.byte()?;
            if shift >= 64 {
                return None;
            }
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    fn length(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // No length can exceed what is left to read.
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn raw(&mut self, n: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn str(&mut self) -> Option<Rc<str>> {
        let n = self.length()?;
        let text = std::str::from_utf8(self.raw(n)?).ok()?;
        Some(text.into())
    }

    fn strs(&mut self) -> Option<Vec<Rc<str>>> {
        let n = self.length()?;
        (0..n).map(|_| self.str()).collect()
    }

    fn qualname(&mut self) -> Option<Rc<QualifiedName>> {
        let parent = match self.byte()? {
            0 => None,
            1 => Some(self.qualname()?),
            _ => return None,
        };
        let name = self.str()?;
        let is_class = self.byte()? == 1;
        Some(Rc::new(QualifiedName {
            parent,
            name,
            is_class,
        }))
    }

    fn constants(&mut self) -> Option<Vec<Constant>> {
        let n = self.length()?;
        (0..n).map(|_| self.constant()).collect()
    }

    fn constant(&mut self) -> Option<Constant> {
        Some(match self.byte()? {
            0 => Constant::None,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => {
                let sign = match self.byte()? {
                    0 => Sign::Minus,
                    1 => Sign::NoSign,
                    2 => Sign::Plus,
                    _ => return None,
                };
                let n = self.length()?;
                Constant::Int(BigInt::from_bytes_le(sign, self.raw(n)?))
            }
            4 => {
                let bits: [u8; 8] = self.raw(8)?.try_into().ok()?;
                Constant::Float(f64::from_bits(u64::from_le_bytes(bits)))
            }
            5 => Constant::Str(self.str()?),
            6 => {
                let n = self.length()?;
                Constant::Bytes(self.raw(n)?.into())
            }
            7 => Constant::Tuple(self.constants()?.into()),
            8 => Constant::FrozenSet(self.constants()?.into()),
            9 => Constant::Ellipsis,
            10 => Constant::Code(Rc::new(self.code()?)),
            _ => return None,
        })
    }

    fn code(&mut self) -> Option<CodeObject> {
        let name = self.str()?;
        let docstring = match self.byte()? {
            0 => None,
            1 => Some(self.str()?),
            _ => return None,
        };
        let qualname = self.qualname()?;
        let filename = self.str()?;
        let first_line = self.u32()?;
        let arg_count = self.u32()?;
        let positional_only_count = self.u32()?;
        let keyword_only_count = self.u32()?;
        let flags = self.u32()?;
        let stack_size = self.u32()?;
        let varnames = self.strs()?;
        let cellvars = self.strs()?;
        let n = self.length()?;
        let cell_parameters = (0..n)
            .map(|_| self.u32().map(|p| p.checked_sub(1)))
            .collect::<Option<Vec<_>>>()?;
        let freevars = self.strs()?;
        let names = self.strs()?;
        let constants = self.constants()?;
        let n = self.length()?;
        let mut instructions = Vec::with_capacity(n);
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let opcode = *Opcode::ALL.get(self.byte()? as usize)?;
            let arg = self.u32()?;
            instructions.push(Instruction::new(opcode, arg));
            lines.push(self.u32()?);
        }
        let n = self.length()?;
        let mut exception_table = Vec::with_capacity(n);
        for _ in 0..n {
            let start = self.u32()?;
            let end = self.u32()?;
            let target = self.u32()?;
            let depth = self.u32()?;
            let push_lasti = self.byte()? == 1;
            exception_table.push(ExceptionTableEntry {
                start,
                end,
                target,
                depth,
                push_lasti,
            });
        }
        Some(CodeObject {
            name,
            docstring,
            qualname,
            filename,
            first_line,
            arg_count,
            positional_only_count,
            keyword_only_count,
            flags,
            varnames,
            cellvars,
            cell_parameters,
            freevars,
            names,
            constants,
            instructions,
            lines,
            exception_table,
            stack_size,
        })
    }
}
