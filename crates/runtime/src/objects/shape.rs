//! Shapes (hidden classes): the layout of an instance's values array.
//!
//! A shape is an ordered list of attribute names. Instances start at the
//! empty shape; adding an attribute follows (or creates) a transition to
//! the shape with that name appended, so instances that gain the same
//! attributes in the same order share one shape, and an attribute load
//! specialized on (shape, index) is a compare and a load. Names are
//! interned strings, compared by identity.

use std::collections::HashMap;

use crate::value::Value;

/// Index of a shape in the [`ShapeTable`].
pub type ShapeId = u32;

/// The empty shape every instance starts with.
pub const EMPTY_SHAPE: ShapeId = 0;
/// Where instances of built-in subclasses start: one hidden key (the
/// `Ellipsis` singleton, which no attribute name can equal) holding the
/// built-in value at `values[0]`.
pub const BASE_SHAPE: ShapeId = 1;
/// The hidden key of [`BASE_SHAPE`].
pub const BASE_KEY: Value = Value::ELLIPSIS;
/// An instance whose `__dict__` was taken: `values[0]` is that dict.
pub const DICT_MODE: ShapeId = u32::MAX;
/// Past this many attributes an instance switches to a dict.
pub const MAXIMUM_ATTRIBUTES: usize = 64;

struct Shape {
    keys: Vec<Value>,
    transitions: HashMap<u64, ShapeId>,
}

/// Every shape of the process; shapes are never freed (their names are
/// interned strings, which are permanent too).
pub struct ShapeTable {
    shapes: Vec<Shape>,
}

impl Default for ShapeTable {
    fn default() -> ShapeTable {
        ShapeTable::new()
    }
}

impl ShapeTable {
    pub fn new() -> ShapeTable {
        let mut table = ShapeTable {
            shapes: vec![Shape {
                keys: Vec::new(),
                transitions: HashMap::new(),
            }],
        };
        let base = table.with_added(EMPTY_SHAPE, BASE_KEY);
        debug_assert_eq!(base, Some(BASE_SHAPE));
        table
    }

    /// The attribute names of `shape`, in values-array order.
    pub fn keys(&self, shape: ShapeId) -> &[Value] {
        &self.shapes[shape as usize].keys
    }

    /// Where `name` (interned) lives in the values array of `shape`.
    #[inline]
    pub fn index_of(&self, shape: ShapeId, name: Value) -> Option<usize> {
        self.shapes[shape as usize]
            .keys
            .iter()
            .position(|&key| key == name)
    }

    /// The shape after adding `name` to `shape`; `None` when the instance
    /// has too many attributes for a shape and should use a dict.
    pub fn with_added(&mut self, shape: ShapeId, name: Value) -> Option<ShapeId> {
        let from = &self.shapes[shape as usize];
        if let Some(&next) = from.transitions.get(&name.bits()) {
            return Some(next);
        }
        if from.keys.len() >= MAXIMUM_ATTRIBUTES {
            return None;
        }
        let mut keys = from.keys.clone();
        keys.push(name);
        let next = self.shapes.len() as ShapeId;
        self.shapes.push(Shape {
            keys,
            transitions: HashMap::new(),
        });
        self.shapes[shape as usize]
            .transitions
            .insert(name.bits(), next);
        Some(next)
    }

    /// The shape of the first `count` keys of `shape` followed by the rest
    /// without the one at `removed` (after `del obj.attr`).
    pub fn without(&mut self, shape: ShapeId, removed: usize) -> ShapeId {
        let keys: Vec<Value> = self.shapes[shape as usize]
            .keys
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != removed)
            .map(|(_, k)| *k)
            .collect();
        let mut current = EMPTY_SHAPE;
        for key in keys {
            current = self
                .with_added(current, key)
                .expect("a shape with fewer keys fits");
        }
        current
    }

    /// Every name some shape refers to (GC roots).
    pub fn trace(&self, out: &mut Vec<Value>) {
        for shape in &self.shapes {
            out.extend(shape.keys.iter().copied());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_shared_and_ordered() {
        let mut table = ShapeTable::new();
        let (x, y) = (Value::small_int(1), Value::small_int(2));
        let a = table.with_added(EMPTY_SHAPE, x).unwrap();
        let ab = table.with_added(a, y).unwrap();
        assert_eq!(table.with_added(EMPTY_SHAPE, x), Some(a));
        assert_eq!(table.with_added(a, y), Some(ab));
        let b = table.with_added(EMPTY_SHAPE, y).unwrap();
        assert_ne!(b, a);
        assert_eq!(table.index_of(ab, y), Some(1));
        assert_eq!(table.index_of(b, y), Some(0));
        assert_eq!(table.without(ab, 0), b);
    }
}
