//! `Value`: the 8-byte, `Copy` representation every tier shares.
//!
//! NaN-boxing. A value whose bits are below `0xFFF9 << 48` is an `f64`
//! (NaNs are canonicalized to `0x7FF8…`, so no float lands in the tagged
//! space). Above that, the top 16 bits are a tag:
//!
//! | tag      | meaning                                   |
//! |----------|-------------------------------------------|
//! | `0xFFF9` | small int, 48-bit two's complement payload |
//! | `0xFFFA` | pointer to a [`HeapObject`]                |
//! | `0xFFFB` | a singleton: None, False, True, NULL, ...  |
//!
//! `NULL` is the "no value" marker (unbound local, call-protocol NULL); it
//! never escapes into Python code.

use crate::object::HeapObject;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

// The encoding is public for the JIT's stencils, which test and build
// values inline (`stencil-src`).
/// Where the tag starts.
pub const TAG_SHIFT: u32 = 48;
/// The payload bits under the tag.
pub const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
/// The tag of a small int.
pub const TAG_INT: u64 = 0xFFF9;
/// The tag of a heap object pointer.
pub const TAG_POINTER: u64 = 0xFFFA;
/// The tag of the singletons.
pub const TAG_SPECIAL: u64 = 0xFFFB;
/// Bit patterns at or above this are tagged; below, floats.
pub const FIRST_TAGGED: u64 = TAG_INT << TAG_SHIFT;
/// The one NaN a float value holds.
pub const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// Smallest and largest ints stored inline.
pub const SMALL_INT_MIN: i64 = -(1 << 47);
pub const SMALL_INT_MAX: i64 = (1 << 47) - 1;

const fn special(n: u64) -> Value {
    Value((TAG_SPECIAL << TAG_SHIFT) | n)
}

impl Value {
    pub const NONE: Value = special(0);
    pub const FALSE: Value = special(1);
    pub const TRUE: Value = special(2);
    /// The "no value" marker: unbound locals, the NULL of the call protocol.
    pub const NULL: Value = special(3);
    pub const ELLIPSIS: Value = special(4);
    pub const NOT_IMPLEMENTED: Value = special(5);

    #[inline(always)]
    pub fn bits(self) -> u64 {
        self.0
    }

    #[inline(always)]
    pub fn from_bits(bits: u64) -> Value {
        Value(bits)
    }

    #[inline(always)]
    pub fn float(f: f64) -> Value {
        if f.is_nan() {
            Value(CANONICAL_NAN)
        } else {
            Value(f.to_bits())
        }
    }

    #[inline(always)]
    pub fn is_float(self) -> bool {
        self.0 < FIRST_TAGGED
    }

    #[inline(always)]
    pub fn as_float(self) -> f64 {
        f64::from_bits(self.0)
    }

    /// A small int. The caller guarantees `SMALL_INT_MIN <= i <= SMALL_INT_MAX`.
    #[inline(always)]
    pub fn small_int(i: i64) -> Value {
        debug_assert!((SMALL_INT_MIN..=SMALL_INT_MAX).contains(&i));
        Value((TAG_INT << TAG_SHIFT) | (i as u64 & PAYLOAD_MASK))
    }

    #[inline(always)]
    pub fn fits_small_int(i: i64) -> bool {
        (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&i)
    }

    #[inline(always)]
    pub fn is_small_int(self) -> bool {
        self.0 >> TAG_SHIFT == TAG_INT
    }

    /// Both values are small ints (one test for the common arithmetic case).
    #[inline(always)]
    pub fn both_small_ints(a: Value, b: Value) -> bool {
        (a.0 >> TAG_SHIFT) == TAG_INT && (b.0 >> TAG_SHIFT) == TAG_INT
    }

    #[inline(always)]
    pub fn as_small_int(self) -> i64 {
        ((self.0 << 16) as i64) >> 16
    }

    #[inline(always)]
    pub fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }

    #[inline(always)]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }

    #[inline(always)]
    pub fn is_none(self) -> bool {
        self == Value::NONE
    }

    #[inline(always)]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }

    #[inline(always)]
    pub fn is_object(self) -> bool {
        self.0 >> TAG_SHIFT == TAG_POINTER
    }

    #[inline(always)]
    pub(crate) fn from_object(pointer: *const HeapObject) -> Value {
        let address = pointer as u64;
        debug_assert!(address & !PAYLOAD_MASK == 0, "heap pointer above 48 bits");
        Value((TAG_POINTER << TAG_SHIFT) | address)
    }

    #[inline(always)]
    pub(crate) fn object_pointer(self) -> *mut HeapObject {
        (self.0 & PAYLOAD_MASK) as *mut HeapObject
    }

    /// An instance of a user class, or an exception (whose class may be
    /// user-defined), or a tuple holding one: operands for which a binary
    /// operation or an index must take the protocol path.
    #[inline(always)]
    pub fn is_user_object_candidate(self) -> bool {
        match self.object().map(|o| &o.payload) {
            Some(crate::object::Object::Instance(_) | crate::object::Object::Exception(_)) => true,
            Some(crate::object::Object::Tuple(items)) => tuple_holds_user_object(items),
            _ => false,
        }
    }

    /// May hashing or comparing this value (`==`, ordering) run Python
    /// code? As [`Value::is_user_object_candidate`], except for an
    /// instance that compares as the built-in value it carries (a
    /// namedtuple of ints, see
    /// [`crate::objects::class::compares_as_builtin`]): dict and set keys
    /// and container comparisons treat that as its built-in value.
    #[inline(always)]
    pub fn may_compare_by_python(self) -> bool {
        match self.object().map(|o| &o.payload) {
            Some(crate::object::Object::Instance(instance)) => {
                instance_compares_by_python(instance)
            }
            Some(crate::object::Object::Exception(_)) => true,
            Some(crate::object::Object::Tuple(items)) => tuple_compares_by_python(items),
            _ => false,
        }
    }

    /// The heap object this value points to.
    #[inline(always)]
    pub fn object(self) -> Option<&'static HeapObject> {
        if self.is_object() {
            // SAFETY: pointer values are only made by `Heap::allocate`, pointing
            // at slab slots that are never unmapped. The collector frees only
            // objects unreachable from the roots, and runs only at interpreter
            // safe points where no Rust code holds a reference obtained here, so
            // the pointee is alive for every use.
            Some(unsafe { &*self.object_pointer() })
        } else {
            None
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_float() {
            write!(f, "Float({})", self.as_float())
        } else if self.is_small_int() {
            write!(f, "Int({})", self.as_small_int())
        } else if self.is_object() {
            write!(f, "Object({:#x})", self.0 & PAYLOAD_MASK)
        } else {
            match *self {
                Value::NONE => write!(f, "None"),
                Value::TRUE => write!(f, "True"),
                Value::FALSE => write!(f, "False"),
                Value::NULL => write!(f, "NULL"),
                Value::ELLIPSIS => write!(f, "Ellipsis"),
                _ => write!(f, "NotImplemented"),
            }
        }
    }
}

/// Does a tuple hold (at any depth of tuples) a possible user object? Out
/// of line: the common keys (ints, strs) never get here.
#[inline(never)]
fn tuple_holds_user_object(items: &[Value]) -> bool {
    items.iter().any(|item| item.is_user_object_candidate())
}

/// [`Value::may_compare_by_python`] for an instance: not for one that
/// compares as the built-in value it carries when that value holds no
/// such object itself. Out of line, like the tuple cases.
#[inline(never)]
fn instance_compares_by_python(instance: &crate::object::InstanceObject) -> bool {
    match crate::objects::class::class_data(instance.class) {
        Some(data) if crate::objects::class::compares_as_builtin(data) => {
            crate::objects::instance::base_value(instance)
                .is_none_or(|base| base.may_compare_by_python())
        }
        _ => true,
    }
}

/// [`Value::may_compare_by_python`] for a tuple's items.
#[inline(never)]
fn tuple_compares_by_python(items: &[Value]) -> bool {
    items.iter().any(|item| item.may_compare_by_python())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 8);
    }

    #[test]
    fn small_ints_round_trip() {
        for i in [0, 1, -1, 42, SMALL_INT_MIN, SMALL_INT_MAX, -123456789] {
            let v = Value::small_int(i);
            assert!(v.is_small_int() && !v.is_float() && !v.is_object());
            assert_eq!(v.as_small_int(), i);
        }
    }

    #[test]
    fn floats_round_trip_and_nan_is_canonical() {
        for f in [
            0.0,
            -0.0,
            1.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -1e308,
        ] {
            let v = Value::float(f);
            assert!(v.is_float());
            assert_eq!(v.as_float().to_bits(), f.to_bits());
        }
        let nan = Value::float(-f64::NAN);
        assert!(nan.is_float() && nan.as_float().is_nan());
    }

    #[test]
    fn singletons_are_distinct() {
        let all = [
            Value::NONE,
            Value::TRUE,
            Value::FALSE,
            Value::NULL,
            Value::ELLIPSIS,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(!a.is_float() && !a.is_small_int() && !a.is_object());
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
