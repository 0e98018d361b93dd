//! Tier 1 end to end: tiers agree on generated programs, deopts happen
//! on type-unstable programs, and the stats see the specialized forms.

mod common;

use std::path::Path;

use proptest::prelude::*;

fn stats_for(program: &str, extra: &[&str]) -> serde_json::Value {
    let file = std::env::temp_dir().join(format!(
        "copperhead-stats-{}-{}.json",
        std::process::id(),
        Path::new(program)
            .file_stem()
            .map_or("c".into(), |s| s.to_string_lossy().to_string())
    ));
    let option = format!("stats=json:{}", file.display());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copperhead"))
        .args(["-X", &option])
        .args(extra)
        .arg(program)
        .current_dir(root)
        .output()
        .expect("run copperhead");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&file).expect("stats file");
    let _ = std::fs::remove_file(&file);
    serde_json::from_str(&text).expect("stats JSON")
}

fn family_counter(stats: &serde_json::Value, family: &str, counter: &str) -> u64 {
    stats["families"][family][counter].as_u64().unwrap_or(0)
}

#[test]
fn type_unstable_programs_deoptimize() {
    for (program, family) in [
        (
            "tests/programs/specialization/unstable_loop_variable.py",
            "BINARY_OP",
        ),
        (
            "tests/programs/specialization/unstable_global.py",
            "LOAD_GLOBAL",
        ),
        (
            "tests/programs/specialization/unstable_container.py",
            "BINARY_SUBSCR",
        ),
        ("tests/programs/specialization/unstable_calls.py", "CALL"),
    ] {
        let stats = stats_for(program, &[]);
        assert!(
            family_counter(&stats, family, "deopts") >= 1,
            "{program}: no {family} deopt in {stats}"
        );
        assert!(
            family_counter(&stats, family, "misses") >= 1,
            "{program}: no {family} miss"
        );
    }
}

fn executed(stats: &serde_json::Value, opcode: &str) -> u64 {
    stats["most_executed"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|entry| entry[0].as_str() == Some(opcode))
        .and_then(|entry| entry[1].as_u64())
        .unwrap_or(0)
}

/// On a hot object-oriented loop the attribute and `__init__` forms are
/// what runs: more than 99% of each family's executions hit.
#[test]
fn a_hot_object_loop_runs_the_attribute_and_init_forms() {
    let stats = stats_for("tests/programs/specialization/oo_hot_loop.py", &[]);
    for family in ["LOAD_ATTR", "STORE_ATTR", "CALL"] {
        let hits = family_counter(&stats, family, "hits");
        let misses = family_counter(&stats, family, "misses");
        assert!(
            hits > 10_000 && misses * 100 < hits,
            "{family}: {hits} hits, {misses} misses in {stats}"
        );
    }
    for opcode in [
        "LOAD_ATTR_INSTANCE_VALUE",
        "LOAD_ATTR_METHOD",
        "STORE_ATTR_INSTANCE_VALUE",
        "CALL_ALLOC_AND_ENTER_INIT",
    ] {
        assert!(
            executed(&stats, opcode) >= 200,
            "{opcode} hardly ran: {stats}"
        );
    }
}

/// A class changed inside a hot loop: the specialized loads miss,
/// deoptimize, and specialize again on the new class version.
#[test]
fn a_class_mutation_deoptimizes_and_respecializes() {
    let stats = stats_for("tests/programs/specialization/oo_class_mutation.py", &[]);
    assert!(
        family_counter(&stats, "LOAD_ATTR", "deopts") >= 1,
        "{stats}"
    );
    assert!(
        family_counter(&stats, "LOAD_ATTR", "misses") >= 1,
        "{stats}"
    );
    // Respecialized after each change: more successes than the loop has
    // attribute loads.
    assert!(
        family_counter(&stats, "LOAD_ATTR", "successes") >= 6,
        "{stats}"
    );
    let hits = family_counter(&stats, "LOAD_ATTR", "hits");
    assert!(hits > 8_000, "{stats}");
}

#[test]
fn a_summing_loop_runs_binary_op_add_int() {
    let source = "t = 0\nfor i in range(10000):\n    t = t + i\nprint(t)\n";
    let file = std::env::temp_dir().join(format!("copperhead-sum-{}.py", std::process::id()));
    std::fs::write(&file, source).unwrap();
    let stats = stats_for(&file.display().to_string(), &[]);
    let _ = std::fs::remove_file(&file);
    let executed: Vec<(String, u64)> = stats["most_executed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or("").to_string(),
                pair[1].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let add_int = executed
        .iter()
        .find(|(name, _)| name == "BINARY_OP_ADD_INT")
        .map_or(0, |(_, n)| *n);
    assert!(
        add_int > 9_900,
        "BINARY_OP_ADD_INT ran {add_int} times: {executed:?}"
    );
    assert!(family_counter(&stats, "BINARY_OP", "hits") > 9_900);
    assert!(family_counter(&stats, "FOR_ITER", "hits") > 9_900);
    assert_eq!(family_counter(&stats, "BINARY_OP", "deopts"), 0);
}

#[test]
fn the_collector_runs_inside_a_drained_generator_and_is_reported() {
    // The whole program runs inside `list(generator)`: the collector must
    // still run (it could not before the drain rooted its items).
    let stats = stats_for("tests/programs/specialization/drained_generator.py", &[]);
    let gc = &stats["gc"];
    assert!(gc["collections"].as_u64().unwrap() >= 2, "{gc}");
    assert!(gc["objects_freed"].as_u64().unwrap() > 0, "{gc}");
    assert!(gc["bytes_allocated"].as_u64().unwrap() > gc["peak_live_bytes"].as_u64().unwrap());
    assert!(gc["longest_pause_us"].as_u64().unwrap() <= gc["total_pause_us"].as_u64().unwrap());
}

#[test]
fn mixed_int_and_float_arithmetic_runs_the_float_forms() {
    let stats = stats_for("tests/programs/specialization/mixed_int_float.py", &[]);
    assert!(
        executed(&stats, "BINARY_OP_MULTIPLY_FLOAT") > 900,
        "{stats}"
    );
    assert!(executed(&stats, "BINARY_OP_ADD_FLOAT") > 900, "{stats}");
}

#[test]
fn the_collector_runs_inside_sum_any_sorted_and_join_of_generators() {
    // Every step of the program is inside a built-in consuming a
    // generator: 27 MB of strings are made, and collections must free
    // them as they go.
    let stats = stats_for("tests/programs/specialization/generator_consumers.py", &[]);
    let gc = &stats["gc"];
    assert!(gc["collections"].as_u64().unwrap() >= 8, "{gc}");
    assert!(
        gc["peak_live_bytes"].as_u64().unwrap() < 8 << 20,
        "the drained strings stayed alive: {gc}"
    );
}

#[test]
fn wide_int_arithmetic_and_small_int_bit_operations_run_their_forms() {
    let stats = stats_for(
        "tests/programs/specialization/wide_and_bitwise_ints.py",
        &[],
    );
    assert!(executed(&stats, "BINARY_OP_WIDE_INT") > 10_000, "{stats}");
    assert!(executed(&stats, "BINARY_OP_BITWISE_INT") > 5_000, "{stats}");
}

#[test]
fn zip_reversed_dict_views_and_str_run_the_builtin_iterator_form() {
    let stats = stats_for("tests/programs/specialization/builtin_iterators.py", &[]);
    assert!(executed(&stats, "FOR_ITER_BUILTIN") > 1000, "{stats}");
    assert_eq!(family_counter(&stats, "FOR_ITER", "misses"), 0, "{stats}");
}

#[test]
fn enumerate_over_a_list_runs_its_form_and_unpacks_the_pair() {
    let stats = stats_for("tests/programs/specialization/enumerate_list.py", &[]);
    assert!(executed(&stats, "FOR_ITER_ENUMERATE") > 900, "{stats}");
    // The loop pushes the pair's two items itself and skips the
    // unpacking: no tuple is made, so no UNPACK_SEQUENCE form runs.
    for form in ["UNPACK_SEQUENCE", "UNPACK_SEQUENCE_TWO_TUPLE"] {
        assert!(executed(&stats, form) < 5, "{form}: {stats}");
    }
}

#[test]
fn zip_dict_items_and_enumerate_loops_unpack_without_a_tuple() {
    let stats = stats_for("tests/programs/specialization/zip_and_items_pairs.py", &[]);
    assert!(executed(&stats, "FOR_ITER_BUILTIN") > 850, "{stats}");
    for form in ["UNPACK_SEQUENCE", "UNPACK_SEQUENCE_TWO_TUPLE"] {
        assert!(executed(&stats, form) < 10, "{form}: {stats}");
    }
}

#[test]
fn specialization_off_runs_no_specialized_form() {
    let stats = stats_for("benches/programs/fib.py", &["-X", "specialize=off"]);
    let executed = stats["most_executed"].as_array().unwrap();
    for pair in executed {
        let name = pair[0].as_str().unwrap_or("");
        assert!(
            !name.contains("_INT") && !name.contains("_MODULE") && !name.contains("EXACT"),
            "{name} ran at tier 0"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every tier prints the same for generated programs (errors included).
    #[test]
    fn tiers_agree_on_generated_programs(source in common::program()) {
        let reference = common::run(&source, common::TIERS[0].1);
        for (name, options) in &common::TIERS[1..] {
            let result = common::run(&source, options);
            prop_assert_eq!(&result, &reference, "{} differs on:\n{}", name, source);
        }
    }
}

/// A base-class method run on instances of several subclasses (one
/// attribute layout): the instance-value loads stay specialized instead
/// of deoptimizing on the changing class.
#[test]
fn polymorphic_receivers_with_one_shape_keep_the_instance_value_form() {
    let stats = stats_for(
        "tests/programs/specialization/polymorphic_plain_classes.py",
        &[],
    );
    // `self.size` and `self.scale` in `area`: 2 loads x 4 shapes x 3000.
    assert!(
        executed(&stats, "LOAD_ATTR_INSTANCE_VALUE") > 23_000,
        "{stats}"
    );
}

/// `array.array` item reads and stores in a hot loop call the class's
/// native `__getitem__`/`__setitem__` directly.
#[test]
fn array_items_run_the_native_item_method_forms() {
    let stats = stats_for("tests/programs/specialization/array_items.py", &[]);
    assert!(
        executed(&stats, "BINARY_SUBSCR_NATIVE_METHOD") > 8_000,
        "{stats}"
    );
    assert!(
        executed(&stats, "STORE_SUBSCR_NATIVE_METHOD") > 5_000,
        "{stats}"
    );
}

/// `obj[key]` with a Python `__getitem__` enters it as a frame
/// (`BINARY_SUBSCR_GETITEM`), including from a generator expression.
#[test]
fn python_getitem_runs_the_frame_entering_form() {
    let stats = stats_for("tests/programs/specialization/python_getitem.py", &[]);
    assert!(executed(&stats, "BINARY_SUBSCR_GETITEM") > 1_000, "{stats}");
}

/// `d[key]` on a `dict` subclass that keeps dict's `__getitem__`
/// (`defaultdict`) runs the dict-subclass form; a missing key still
/// reaches `__missing__`, without giving the form up.
#[test]
fn dict_subclass_items_run_their_form() {
    let stats = stats_for("tests/programs/specialization/dict_subclass_items.py", &[]);
    assert!(
        executed(&stats, "BINARY_SUBSCR_DICT_SUBCLASS") > 8_000,
        "{stats}"
    );
}

/// `x in list/tuple/str` of built-in scalars runs the sequence form.
#[test]
fn contains_on_sequences_of_scalars_runs_its_form() {
    let stats = stats_for("tests/programs/specialization/contains_sequence.py", &[]);
    assert!(executed(&stats, "CONTAINS_OP_SEQUENCE") > 1_000, "{stats}");
}

/// `Class.classmethod(...)` pushes the function and the class, and a
/// built-in method of a built-in subclass's instance gets the value the
/// instance carries: neither allocates a bound method.
#[test]
fn classmethods_and_built_in_methods_of_subclasses_run_their_forms() {
    let stats = stats_for(
        "tests/programs/specialization/class_and_base_methods.py",
        &[],
    );
    assert!(executed(&stats, "LOAD_ATTR_CLASS_METHOD") > 500, "{stats}");
    assert!(
        executed(&stats, "LOAD_ATTR_METHOD_OF_BASE") > 800,
        "{stats}"
    );
}

#[test]
fn equality_of_instances_without_comparison_methods_runs_the_identity_form() {
    let stats = stats_for("tests/programs/classes/identity_comparisons.py", &[]);
    assert!(executed(&stats, "COMPARE_OP_IDENTITY") > 250, "{stats}");
}
