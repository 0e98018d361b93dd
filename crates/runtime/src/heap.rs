//! The garbage-collected heap: a non-moving mark-sweep collector with
//! precise roots.
//!
//! Allocation never collects by itself: it only *requests* a collection
//! (when the allocation budget is spent, or at every allocation in stress
//! mode). The interpreter honours the request at its next safe point, where
//! every live value is in a frame slot, a global, a constant table or a
//! registered root, and no Rust code holds an unrooted object.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::object::{HeapObject, Object};
use crate::value::Value;

pub struct Heap {
    objects: Vec<NonNull<HeapObject>>,
    bytes_since_collection: usize,
    live_bytes_after_collection: usize,
    budget: usize,
    stress: bool,
    /// Set when a collection should run at the next safe point.
    pub collection_requested: bool,
    pub stats: HeapStats,
}

#[derive(Default, Clone, Copy, Debug)]
pub struct HeapStats {
    pub collections: u64,
    pub allocations: u64,
    pub freed: u64,
    pub peak_objects: usize,
}

const MINIMUM_BUDGET: usize = 8 << 20;
const OBJECT_SIZE: usize = std::mem::size_of::<HeapObject>();

impl Heap {
    pub fn new(stress: bool) -> Heap {
        Heap {
            objects: Vec::with_capacity(1024),
            bytes_since_collection: 0,
            live_bytes_after_collection: 0,
            budget: MINIMUM_BUDGET,
            stress,
            collection_requested: false,
            stats: HeapStats::default(),
        }
    }

    pub fn is_stress(&self) -> bool {
        self.stress
    }

    pub fn object_count(&self) -> usize {
        self.objects.len()
    }

    pub fn allocate(&mut self, payload: Object) -> Value {
        let object = Box::new(HeapObject {
            marked: Cell::new(false),
            payload,
        });
        self.bytes_since_collection += OBJECT_SIZE + object.extra_bytes();
        let pointer = NonNull::from(Box::leak(object));
        self.objects.push(pointer);
        self.stats.allocations += 1;
        if self.stress || self.bytes_since_collection > self.budget {
            self.collection_requested = true;
        }
        Value::from_object(pointer.as_ptr())
    }

    /// Marks everything reachable from `roots` and frees the rest.
    pub fn collect(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        let mut worklist: Vec<Value> = roots.filter(|v| v.is_object()).collect();
        while let Some(value) = worklist.pop() {
            if let Some(object) = value.object()
                && !object.marked.get()
            {
                object.marked.set(true);
                let before = worklist.len();
                object.trace(&mut worklist);
                // Drop immediates early so the worklist stays small.
                let mut i = before;
                while i < worklist.len() {
                    if worklist[i].is_object() {
                        i += 1;
                    } else {
                        worklist.swap_remove(i);
                    }
                }
            }
        }
        self.stats.peak_objects = self.stats.peak_objects.max(self.objects.len());
        let mut live_bytes = 0;
        let mut freed = 0;
        self.objects.retain(|pointer| {
            // SAFETY: every pointer in `objects` came from `Box::leak` in
            // `allocate` and is freed only here, after which it is removed.
            let object = unsafe { pointer.as_ref() };
            if object.marked.get() {
                object.marked.set(false);
                live_bytes += OBJECT_SIZE + object.extra_bytes();
                true
            } else {
                freed += 1;
                // SAFETY: the object is unreachable from every root (it was
                // not marked), so no value refers to it any more; the pointer
                // came from `Box::leak` and is dropped exactly once.
                drop(unsafe { Box::from_raw(pointer.as_ptr()) });
                false
            }
        });
        self.stats.collections += 1;
        self.stats.freed += freed;
        self.live_bytes_after_collection = live_bytes;
        self.budget = MINIMUM_BUDGET.max(live_bytes);
        self.bytes_since_collection = 0;
        self.collection_requested = false;
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for pointer in self.objects.drain(..) {
            // SAFETY: the heap is going away with every object in it; each
            // pointer came from `Box::leak` and is freed once.
            drop(unsafe { Box::from_raw(pointer.as_ptr()) });
        }
    }
}
