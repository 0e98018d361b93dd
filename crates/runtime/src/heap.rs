//! The garbage-collected heap: a non-moving mark-sweep collector with
//! precise roots, allocating objects from its own slabs.
//!
//! Every [`HeapObject`] has the same size, so objects live in fixed-size
//! chunks with a free list (like CPython's obmalloc): allocating is a pop
//! or a bump, freeing is a push, and no object header ever goes through the
//! system allocator. Chunks never move, so object addresses are stable.
//!
//! Allocation never collects by itself: it only *requests* a collection
//! (when the allocation budget is spent, or at every allocation in stress
//! mode). The interpreter honours the request at its next safe point, where
//! every live value is in a frame slot, a global, a constant table or a
//! registered root, and no Rust code holds an unrooted object.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use crate::object::{GeneratorObject, HeapObject, Object, RangeObject};
use crate::value::Value;

/// Tuples up to this length reuse the item buffers of freed tuples.
pub const POOLED_TUPLE_LENGTH: usize = 8;
/// How many buffers each pool keeps at most (the rest go back to the
/// system allocator).
const POOL_CAPACITY: usize = 4096;

/// The payload buffers of freed objects, kept for the next objects of the
/// same kind instead of going back to the system allocator: short-lived
/// tuples (an `enumerate` pair, a returned pair) and generators (a
/// generator expression per call) then cost a pop, not a `malloc` and a
/// `free`, as CPython's free lists make them.
#[derive(Default)]
struct PayloadPools {
    /// Item buffers of freed tuples, by length (index 0 unused).
    tuples: [Vec<Box<[Value]>>; POOLED_TUPLE_LENGTH + 1],
    /// Freed generator objects, their saved-slot buffer emptied but kept.
    /// Boxed on purpose: the box is the allocation being reused.
    #[allow(clippy::vec_box)]
    generators: Vec<Box<std::cell::RefCell<GeneratorObject>>>,
}

impl PayloadPools {
    /// Keeps what `payload` owns for reuse, or drops it.
    fn recycle(&mut self, payload: Object) {
        match payload {
            Object::Tuple(items)
                if (1..=POOLED_TUPLE_LENGTH).contains(&items.len())
                    && self.tuples[items.len()].len() < POOL_CAPACITY =>
            {
                self.tuples[items.len()].push(items);
            }
            Object::Generator(generator) if self.generators.len() < POOL_CAPACITY => {
                {
                    let mut g = generator.borrow_mut();
                    g.slots.clear();
                    g.function = Value::NONE;
                    g.code = Value::NONE;
                    g.globals = Value::NONE;
                    g.name = Value::NONE;
                    g.return_value = Value::NONE;
                }
                self.generators.push(generator);
            }
            other => drop(other),
        }
    }
}

/// Collector states of a slot.
pub const FREE: u8 = 0;
pub const LIVE: u8 = 1;
pub const MARKED: u8 = 2;

const CHUNK_SLOTS: usize = 2048;
const MINIMUM_BUDGET: usize = 2 << 20;
const OBJECT_SIZE: usize = std::mem::size_of::<HeapObject>();

struct Chunk {
    slots: Box<[MaybeUninit<HeapObject>]>,
    /// Slots below this index are initialized (live or free).
    used: usize,
}

pub struct Heap {
    chunks: Vec<Chunk>,
    free: Vec<NonNull<HeapObject>>,
    live_objects: usize,
    bytes_since_collection: usize,
    budget: usize,
    stress: bool,
    /// Set when a collection should run at the next safe point.
    pub collection_requested: bool,
    /// What `gc.isenabled()` reports (`gc.disable()` clears it; collection
    /// still runs, as nothing else would free memory).
    pub automatic: bool,
    pub stats: HeapStats,
    /// Unreachable objects kept alive until the interpreter has run their
    /// finalizers (roots until then).
    pub finalize_queue: Vec<Value>,
    pools: PayloadPools,
}

/// What the collector did over a run (`-X stats` reports it).
#[derive(Default, Clone, Copy, Debug)]
pub struct HeapStats {
    pub collections: u64,
    pub allocations: u64,
    pub freed: u64,
    pub peak_objects: usize,
    /// Bytes charged against the allocation budget: objects and the
    /// payloads they own, when allocated or grown.
    pub bytes_allocated: u64,
    /// The most bytes found live after a collection.
    pub peak_live_bytes: usize,
    /// Time spent collecting, and the longest single collection.
    pub total_pause: std::time::Duration,
    pub longest_pause: std::time::Duration,
}

/// What a free slot holds: a payload with nothing to drop.
fn placeholder() -> Object {
    Object::Range(RangeObject {
        start: 0,
        stop: 0,
        step: 1,
    })
}

impl Heap {
    pub fn new(stress: bool) -> Heap {
        Heap {
            chunks: Vec::new(),
            free: Vec::new(),
            live_objects: 0,
            bytes_since_collection: 0,
            budget: MINIMUM_BUDGET,
            stress,
            collection_requested: false,
            automatic: true,
            stats: HeapStats::default(),
            finalize_queue: Vec::new(),
            pools: PayloadPools::default(),
        }
    }

    /// A tuple item buffer of length `len` from a freed tuple, if one is
    /// pooled (its old items are stale: the caller overwrites them all).
    #[inline]
    pub fn pooled_tuple_buffer(&mut self, len: usize) -> Option<Box<[Value]>> {
        self.pools.tuples.get_mut(len)?.pop()
    }

    /// A freed generator object to reinitialize, if one is pooled.
    #[inline]
    pub fn pooled_generator(&mut self) -> Option<Box<std::cell::RefCell<GeneratorObject>>> {
        self.pools.generators.pop()
    }

    /// Every allocated object that needs a finalizer, in slot order (for
    /// finalization at exit).
    pub fn objects_needing_finalizer(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for chunk in &self.chunks {
            for slot in &chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized.
                let object = unsafe { slot.assume_init_ref() };
                if object.gc_state.get() != FREE && object.needs_finalizer() {
                    out.push(Value::from_object(object as *const HeapObject));
                }
            }
        }
        out
    }

    /// Objects currently allocated (live or not yet collected).
    pub fn object_count(&self) -> usize {
        self.live_objects
    }

    fn fresh_slot(&mut self) -> NonNull<HeapObject> {
        if self.chunks.last().is_none_or(|c| c.used == CHUNK_SLOTS) {
            let slots: Box<[MaybeUninit<HeapObject>]> =
                (0..CHUNK_SLOTS).map(|_| MaybeUninit::uninit()).collect();
            self.chunks.push(Chunk { slots, used: 0 });
        }
        let chunk = self
            .chunks
            .last_mut()
            .unwrap_or_else(|| unreachable!("a chunk was just pushed"));
        let slot = chunk.slots[chunk.used].as_mut_ptr();
        chunk.used += 1;
        NonNull::new(slot).unwrap_or_else(|| unreachable!("slots are never null"))
    }

    pub fn allocate(&mut self, payload: Object) -> Value {
        let slot = self.free.pop().unwrap_or_else(|| self.fresh_slot());
        let object = HeapObject {
            gc_state: Cell::new(LIVE),
            payload,
        };
        let bytes = OBJECT_SIZE + object.extra_bytes();
        self.bytes_since_collection += bytes;
        self.stats.bytes_allocated += bytes as u64;
        // SAFETY: `slot` is either a free slot (its placeholder payload has
        // no destructor, so overwriting it leaks nothing) or a fresh,
        // uninitialized slot of a chunk; both are valid for writes.
        unsafe { slot.as_ptr().write(object) };
        self.live_objects += 1;
        self.stats.allocations += 1;
        if self.stress || self.bytes_since_collection > self.budget {
            self.collection_requested = true;
        }
        Value::from_object(slot.as_ptr())
    }

    /// Charges memory an object acquired after allocation (a list's buffer
    /// growing) against the allocation budget.
    #[inline]
    pub fn charge(&mut self, bytes: usize) {
        self.bytes_since_collection += bytes;
        self.stats.bytes_allocated += bytes as u64;
        if self.bytes_since_collection > self.budget {
            self.collection_requested = true;
        }
    }

    /// Marks everything reachable from `roots` and frees the rest, except
    /// unreachable objects that need a finalizer (suspended generators):
    /// those are kept, with all they reach, and queued on
    /// [`Heap::finalize_queue`] for the interpreter to finalize. Once
    /// finalized they no longer need it and go with the next collection.
    pub fn collect(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        let started = std::time::Instant::now();
        self.collect_unmeasured(roots);
        let pause = started.elapsed();
        self.stats.total_pause += pause;
        self.stats.longest_pause = self.stats.longest_pause.max(pause);
    }

    fn collect_unmeasured(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        let mut worklist: Vec<Value> = roots.filter(|v| v.is_object()).collect();
        worklist.extend(self.finalize_queue.iter().copied());
        Self::mark(&mut worklist);
        let mut resurrected = Vec::new();
        for chunk in &mut self.chunks {
            for slot in &mut chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized.
                let object = unsafe { slot.assume_init_mut() };
                if object.gc_state.get() == LIVE && object.needs_finalizer() {
                    resurrected.push(Value::from_object(object as *mut HeapObject));
                }
            }
        }
        if !resurrected.is_empty() {
            self.finalize_queue.extend(resurrected.iter().copied());
            Self::mark(&mut resurrected);
        }
        self.sweep();
    }

    /// Marks everything reachable from `worklist`.
    fn mark(worklist: &mut Vec<Value>) {
        while let Some(value) = worklist.pop() {
            if let Some(object) = value.object()
                && object.gc_state.get() == LIVE
            {
                object.gc_state.set(MARKED);
                let before = worklist.len();
                object.trace(worklist);
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
    }

    /// Frees every object the last mark did not reach.
    fn sweep(&mut self) {
        self.stats.peak_objects = self.stats.peak_objects.max(self.live_objects);
        let mut live_bytes = 0;
        let mut freed = 0;
        for chunk in &mut self.chunks {
            for slot in &mut chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized.
                let object = unsafe { slot.assume_init_mut() };
                match object.gc_state.get() {
                    MARKED => {
                        object.gc_state.set(LIVE);
                        live_bytes += OBJECT_SIZE + object.extra_bytes();
                    }
                    LIVE => {
                        // Unreachable: pool or drop its payload and recycle
                        // the slot.
                        let payload = std::mem::replace(&mut object.payload, placeholder());
                        self.pools.recycle(payload);
                        object.gc_state.set(FREE);
                        self.free.push(NonNull::from(object));
                        freed += 1;
                    }
                    _ => {}
                }
            }
        }
        self.live_objects -= freed;
        self.stats.collections += 1;
        self.stats.freed += freed as u64;
        self.stats.peak_live_bytes = self.stats.peak_live_bytes.max(live_bytes);
        self.budget = MINIMUM_BUDGET.max(live_bytes);
        self.bytes_since_collection = 0;
        self.collection_requested = false;
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for chunk in &mut self.chunks {
            for slot in &mut chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized; each is
                // dropped once, here, as the heap goes away.
                unsafe { slot.assume_init_drop() };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_slots_are_reused() {
        let mut heap = Heap::new(false);
        let kept = heap.allocate(Object::BigInt(num_bigint::BigInt::from(7)));
        for _ in 0..10 {
            heap.allocate(Object::Tuple(vec![Value::NONE; 3].into_boxed_slice()));
        }
        heap.collect(&mut std::iter::once(kept));
        assert_eq!(heap.object_count(), 1);
        assert_eq!(heap.stats.freed, 10);
        let reused = heap.allocate(Object::Tuple(Box::new([])));
        assert_eq!(heap.object_count(), 2);
        assert_eq!(heap.chunks.len(), 1);
        // The slot came off the free list, not a fresh chunk position.
        assert!(heap.chunks[0].used == 11, "used {}", heap.chunks[0].used);
        let _ = reused;
        assert!(matches!(
            kept.object().map(|o| &o.payload),
            Some(Object::BigInt(_))
        ));
    }

    #[test]
    fn freed_short_tuples_leave_their_buffers_for_the_next() {
        let mut heap = Heap::new(false);
        let tuple = heap.allocate(Object::Tuple(vec![Value::NONE; 2].into_boxed_slice()));
        let address = match tuple.object().map(|o| &o.payload) {
            Some(Object::Tuple(items)) => items.as_ptr(),
            _ => unreachable!("a tuple was allocated"),
        };
        let long = heap.allocate(Object::Tuple(vec![Value::NONE; 20].into_boxed_slice()));
        let _ = long;
        heap.collect(&mut std::iter::empty());
        let reused = heap.pooled_tuple_buffer(2).expect("a pooled pair");
        assert_eq!(reused.as_ptr(), address);
        assert!(heap.pooled_tuple_buffer(2).is_none());
        // Longer tuples are not pooled.
        assert!(heap.pooled_tuple_buffer(20).is_none());
        assert!(heap.pooled_generator().is_none());
    }

    #[test]
    fn collections_are_measured() {
        let mut heap = Heap::new(false);
        for _ in 0..10 {
            heap.allocate(Object::Tuple(vec![Value::NONE; 3].into_boxed_slice()));
        }
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.stats.collections, 1);
        assert_eq!(heap.stats.freed, 10);
        assert!(heap.stats.bytes_allocated >= 10 * OBJECT_SIZE as u64);
        assert!(heap.stats.longest_pause <= heap.stats.total_pause);
    }

    #[test]
    fn objects_are_small() {
        assert!(
            std::mem::size_of::<HeapObject>() <= 56,
            "{}",
            std::mem::size_of::<HeapObject>()
        );
    }
}
