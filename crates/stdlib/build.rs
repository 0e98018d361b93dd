//! Embeds every `.py` file under `lib/` in the crate: writes
//! `$OUT_DIR/library.rs`, a table of (path relative to `lib/`, source,
//! compiled code) built with `include_str!`/`include_bytes!`, so the list
//! of library files is the directory itself and never retyped. Each file
//! is compiled here with the same frontend the binary has and serialized
//! (`bytecode::serial`): importing a library module then skips parsing
//! and compiling. A library file that does not compile fails the build.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable lib directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let lib = manifest.join("lib");
    println!("cargo:rerun-if-changed={}", lib.display());
    let mut files = Vec::new();
    collect(&lib, &mut files);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("out dir"));
    let mut table = String::from(
        "/// (path relative to `lib/`, source, serialized code) of every library file.\n\
         pub static FILES: &[(&str, &str, &[u8])] = &[\n",
    );
    for (index, file) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&lib)
            .expect("file under lib")
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(file).expect("readable library file");
        let filename = format!("<stdlib>/{relative}");
        let code = match frontend::compile(&source, &filename) {
            Ok(code) => code,
            Err(error) => panic!("{filename}, line {}: {}", error.line, error.message),
        };
        let compiled = out_dir.join(format!("library-{index}.code"));
        std::fs::write(&compiled, bytecode::serial::to_bytes(&code)).expect("writable OUT_DIR");
        table.push_str(&format!(
            "    ({relative:?}, include_str!({:?}), include_bytes!({:?})),\n",
            file.display().to_string(),
            compiled.display().to_string()
        ));
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("library.rs"), table).expect("writable OUT_DIR");
}
