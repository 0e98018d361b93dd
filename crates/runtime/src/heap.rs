//! The garbage-collected heap: a non-moving, generational mark-sweep
//! collector with precise roots, allocating objects from its own slabs.
//!
//! Every [`HeapObject`] has the same size, so objects live in fixed-size
//! chunks with a free list (like CPython's obmalloc): allocating is a pop
//! or a bump, freeing is a push, and no object header ever goes through the
//! system allocator. Chunks never move, so object addresses are stable.
//!
//! **Generations** are a state per object ("sticky mark bits"): a new
//! object is *young*; an object that survives a collection becomes *old*.
//! A **minor** collection marks from the roots and from the cells the write
//! barrier logged ([`crate::barrier`]), stops at old objects, and sweeps
//! only the list of objects allocated since the last collection. A
//! **major** collection marks and sweeps the whole heap; it runs when the
//! old generation has doubled since the last one, at `gc.collect()`, and
//! every fourth collection in stress mode.
//!
//! Allocation never collects by itself: it only *requests* a collection
//! (when the allocation budget is spent, or at every allocation in stress
//! mode). The interpreter honours the request at its next safe point, where
//! every live value is in a frame slot, a global, a constant table or a
//! registered root, and no Rust code holds an unrooted object.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use crate::barrier;
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
    generators: Vec<Box<crate::barrier::GcRefCell<GeneratorObject>>>,
}

impl PayloadPools {
    /// Keeps what `payload` owns for reuse, or drops it in place, leaving
    /// a payload with nothing to drop.
    #[inline]
    fn recycle(&mut self, payload: &mut Object) {
        match payload {
            Object::Tuple(items)
                if (1..=POOLED_TUPLE_LENGTH).contains(&items.len())
                    && self.tuples[items.len()].len() < POOL_CAPACITY =>
            {
                let length = items.len();
                self.tuples[length].push(items.take_items());
            }
            Object::Generator(_) if self.generators.len() < POOL_CAPACITY => {
                let Object::Generator(generator) = std::mem::replace(payload, placeholder()) else {
                    unreachable!("matched a generator")
                };
                generator.make_young();
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
                return;
            }
            _ => {}
        }
        // Assigning drops the old payload where it lies.
        *payload = placeholder();
    }
}

/// Collector states of a slot.
pub const FREE: u8 = 0;
pub const YOUNG: u8 = 1;
pub const OLD: u8 = 2;
/// Set on young and old objects a major collection reached.
pub const MARKED: u8 = 4;

const CHUNK_SLOTS: usize = 2048;
/// Bytes allocated between two collections.
const YOUNG_BUDGET: usize = 2 << 20;
/// The old generation may grow to this before the first major collection,
/// and at least this much between two.
const MINIMUM_MAJOR_BUDGET: usize = 4 << 20;
const OBJECT_SIZE: usize = std::mem::size_of::<HeapObject>();

thread_local! {
    /// (heaps alive on this thread, heaps ever made on it): the write
    /// barrier's log is per thread, so minor collections are only sound for
    /// a heap that has had the thread to itself.
    static HEAPS_ON_THREAD: Cell<(u32, u64)> = const { Cell::new((0, 0)) };
}

struct Chunk {
    slots: Box<[MaybeUninit<HeapObject>]>,
    /// Slots below this index are initialized (live or free).
    used: usize,
}

pub struct Heap {
    chunks: Vec<Chunk>,
    free: Vec<NonNull<HeapObject>>,
    /// Every object allocated since the last collection (the young
    /// generation): what a minor collection sweeps.
    young: Vec<NonNull<HeapObject>>,
    live_objects: usize,
    bytes_since_collection: usize,
    /// Bytes of the old generation: what the last major collection found
    /// live plus what minor collections promoted since.
    old_bytes: usize,
    /// A major collection runs once `old_bytes` passes this.
    major_threshold: usize,
    /// Minor collections are allowed: this heap has been alone on its
    /// thread since it was made (see [`HEAPS_ON_THREAD`]).
    generational: bool,
    serial: u64,
    stress: bool,
    /// `-X gc_verify`: check the heap's invariants at every collection.
    pub verify: bool,
    /// The next collection must be major (`gc.collect()`).
    pub major_requested: bool,
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
    pub minor_collections: u64,
    pub major_collections: u64,
    /// Objects that survived a minor collection and became old.
    pub promoted: u64,
    pub allocations: u64,
    pub freed: u64,
    pub peak_objects: usize,
    /// Bytes charged against the allocation budget: objects and the
    /// payloads they own, when allocated or grown.
    pub bytes_allocated: u64,
    /// The most bytes found live after a collection (after a minor one:
    /// the old generation, which may hold garbage not yet found).
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
        let (alive, made) = HEAPS_ON_THREAD.get();
        HEAPS_ON_THREAD.set((alive + 1, made + 1));
        if alive == 0 {
            // Whatever a dropped heap left in the log is gone with it.
            barrier::forget_remembered();
        }
        Heap {
            chunks: Vec::new(),
            free: Vec::new(),
            young: Vec::new(),
            live_objects: 0,
            bytes_since_collection: 0,
            old_bytes: 0,
            major_threshold: MINIMUM_MAJOR_BUDGET,
            generational: alive == 0,
            serial: made + 1,
            stress,
            verify: false,
            major_requested: false,
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
    pub fn pooled_generator(&mut self) -> Option<Box<crate::barrier::GcRefCell<GeneratorObject>>> {
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
            gc_state: Cell::new(YOUNG),
            payload,
        };
        let bytes = OBJECT_SIZE + object.extra_bytes();
        self.bytes_since_collection += bytes;
        self.stats.bytes_allocated += bytes as u64;
        // SAFETY: `slot` is either a free slot (its placeholder payload has
        // no destructor, so overwriting it leaks nothing) or a fresh,
        // uninitialized slot of a chunk; both are valid for writes.
        unsafe { slot.as_ptr().write(object) };
        self.young.push(slot);
        self.live_objects += 1;
        self.stats.allocations += 1;
        if self.stress || self.bytes_since_collection > YOUNG_BUDGET {
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
        if self.bytes_since_collection > YOUNG_BUDGET {
            self.collection_requested = true;
        }
    }

    /// Collects garbage: marks everything reachable from `roots` and frees
    /// the rest, except unreachable objects that need a finalizer
    /// (suspended generators): those are kept, with all they reach, and
    /// queued on [`Heap::finalize_queue`] for the interpreter to finalize.
    /// Once finalized they no longer need it and go with the next
    /// collection. Minor unless a major collection is due.
    pub fn collect(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        let started = std::time::Instant::now();
        if self.generational && HEAPS_ON_THREAD.get().1 != self.serial {
            // Another heap was made on this thread: the log is shared.
            self.generational = false;
        }
        let major = !self.generational
            || self.major_requested
            || self.old_bytes > self.major_threshold
            || (self.stress && self.stats.collections % 4 == 3);
        if major {
            self.collect_major(roots);
        } else {
            self.collect_minor(roots);
        }
        self.stats.collections += 1;
        self.stats.peak_live_bytes = self.stats.peak_live_bytes.max(self.old_bytes);
        self.bytes_since_collection = 0;
        self.collection_requested = false;
        let pause = started.elapsed();
        self.stats.total_pause += pause;
        self.stats.longest_pause = self.stats.longest_pause.max(pause);
    }

    /// Marks the young objects reachable from the roots and the logged
    /// cells, promotes them, and frees the other young objects.
    fn collect_minor(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        let mut worklist: Vec<Value> = roots.filter(|v| v.is_object()).collect();
        worklist.extend(self.finalize_queue.iter().copied());
        barrier::drain_remembered(&mut worklist);
        Self::mark::<false>(&mut worklist);
        let mut resurrected = Vec::new();
        for &slot in &self.young {
            // SAFETY: the young list holds allocated slots only.
            let object = unsafe { slot.as_ref() };
            if object.gc_state.get() == YOUNG && object.needs_finalizer() {
                resurrected.push(Value::from_object(slot.as_ptr()));
            }
        }
        if !resurrected.is_empty() {
            self.finalize_queue.extend(resurrected.iter().copied());
            Self::mark::<false>(&mut resurrected);
        }
        if self.verify {
            self.verify_references(|state| state == OLD, |state| state == YOUNG, "minor");
        }
        self.stats.peak_objects = self.stats.peak_objects.max(self.live_objects);
        let mut freed = 0;
        let mut promoted_bytes = 0;
        // Taken out (and put back, keeping its capacity) so freeing can
        // borrow the heap.
        let mut young = std::mem::take(&mut self.young);
        for &slot in &young {
            // SAFETY: the young list holds allocated slots only, and each
            // appears once (a freed slot leaves the list here).
            let object = unsafe { &mut *slot.as_ptr() };
            if object.gc_state.get() == YOUNG {
                self.free_object(object);
                freed += 1;
            } else {
                promoted_bytes += OBJECT_SIZE + object.extra_bytes();
                self.stats.promoted += 1;
            }
        }
        young.clear();
        self.young = young;
        self.old_bytes += promoted_bytes;
        self.live_objects -= freed;
        self.stats.freed += freed as u64;
        self.stats.minor_collections += 1;
    }

    /// Marks and sweeps the whole heap.
    fn collect_major(&mut self, roots: &mut dyn Iterator<Item = Value>) {
        // Marking reaches (and unlogs) every live cell again.
        barrier::forget_remembered();
        self.major_requested = false;
        let mut worklist: Vec<Value> = roots.filter(|v| v.is_object()).collect();
        worklist.extend(self.finalize_queue.iter().copied());
        Self::mark::<true>(&mut worklist);
        let mut resurrected = Vec::new();
        self.for_each_object(|object| {
            if object.gc_state.get() & MARKED == 0 && object.needs_finalizer() {
                resurrected.push(Value::from_object(object as *const HeapObject));
            }
        });
        if !resurrected.is_empty() {
            self.finalize_queue.extend(resurrected.iter().copied());
            Self::mark::<true>(&mut resurrected);
        }
        if self.verify {
            self.verify_references(
                |state| state & MARKED != 0,
                |state| state & MARKED == 0,
                "major",
            );
        }
        self.sweep_all();
        self.stats.major_collections += 1;
    }

    /// Calls `f` on every allocated object (live or not yet collected).
    fn for_each_object(&self, mut f: impl FnMut(&HeapObject)) {
        for chunk in &self.chunks {
            for slot in &chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized.
                let object = unsafe { slot.assume_init_ref() };
                if object.gc_state.get() != FREE {
                    f(object);
                }
            }
        }
    }

    /// Marks everything reachable from `roots`: every object on a major
    /// collection, only young ones (promoting them) on a minor one. An
    /// object is marked when it is first found, so each is traced once and
    /// the worklist holds only objects still to trace.
    fn mark<const MAJOR: bool>(roots: &mut Vec<Value>) {
        /// Marks `object` unless it is already marked (or, on a minor
        /// collection, old); true when it was.
        #[inline(always)]
        fn claim<const MAJOR: bool>(object: &HeapObject) -> bool {
            let state = object.gc_state.get();
            if MAJOR {
                if state & MARKED != 0 || state == FREE {
                    return false;
                }
                object.gc_state.set(state | MARKED);
            } else {
                if state != YOUNG {
                    return false;
                }
                object.gc_state.set(OLD);
            }
            true
        }
        let mut pending: Vec<&HeapObject> = roots
            .drain(..)
            .filter_map(|v| v.object())
            .filter(|o| claim::<MAJOR>(o))
            .collect();
        while let Some(object) = pending.pop() {
            object.trace(roots);
            for value in roots.drain(..) {
                if let Some(target) = value.object()
                    && claim::<MAJOR>(target)
                {
                    pending.push(target);
                }
            }
        }
    }

    /// Pools or drops the payload of an unreachable object and recycles
    /// its slot.
    #[inline]
    fn free_object(&mut self, object: &mut HeapObject) {
        self.pools.recycle(&mut object.payload);
        object.gc_state.set(FREE);
        self.free.push(NonNull::from(object));
    }

    /// Frees every object the last major mark did not reach; the others
    /// are old from now on.
    fn sweep_all(&mut self) {
        self.stats.peak_objects = self.stats.peak_objects.max(self.live_objects);
        let mut live_bytes = 0;
        let mut freed = 0;
        let mut dead = Vec::new();
        for chunk in &mut self.chunks {
            for slot in &mut chunk.slots[..chunk.used] {
                // SAFETY: slots below `used` are initialized.
                let object = unsafe { slot.assume_init_mut() };
                let state = object.gc_state.get();
                if state & MARKED != 0 {
                    object.gc_state.set(OLD);
                    live_bytes += OBJECT_SIZE + object.extra_bytes();
                } else if state != FREE {
                    dead.push(NonNull::from(object));
                }
            }
        }
        for slot in dead {
            // SAFETY: an allocated slot of this heap, listed once.
            self.free_object(unsafe { &mut *slot.as_ptr() });
            freed += 1;
        }
        self.young.clear();
        self.live_objects -= freed;
        self.stats.freed += freed as u64;
        self.old_bytes = live_bytes;
        self.major_threshold = MINIMUM_MAJOR_BUDGET.max(2 * live_bytes);
    }

    /// `-X gc_verify`: panics if an object that stays refers to one about
    /// to be freed (a missed write barrier, or a root the collector was not
    /// given), or to a freed slot. `stays` and `doomed` classify collector
    /// states; run after marking, before the sweep.
    fn verify_references(&self, stays: fn(u8) -> bool, doomed: fn(u8) -> bool, collection: &str) {
        let mut references = Vec::new();
        self.for_each_object(|object| {
            if !stays(object.gc_state.get()) {
                return;
            }
            references.clear();
            // Tracing a surviving object again changes nothing: its cells
            // are already old and unlogged.
            object.trace(&mut references);
            for target in references.iter().filter_map(|v| v.object()) {
                let state = target.gc_state.get();
                if state == FREE || doomed(state) {
                    panic!(
                        "gc_verify: after a {collection} mark, a surviving {} refers to {} {}",
                        object.payload.kind_name(),
                        if state == FREE {
                            "a freed"
                        } else {
                            "an unmarked"
                        },
                        target.payload.kind_name(),
                    );
                }
            }
        });
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        let (alive, made) = HEAPS_ON_THREAD.get();
        HEAPS_ON_THREAD.set((alive.saturating_sub(1), made));
        // The logged cells are about to be freed.
        barrier::forget_remembered();
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
    use crate::objects::tuple::TupleObject;

    #[test]
    fn freed_slots_are_reused() {
        let mut heap = Heap::new(false);
        let kept = heap.allocate(Object::BigInt(num_bigint::BigInt::from(7)));
        for _ in 0..10 {
            heap.allocate(Object::Tuple(TupleObject::new(
                vec![Value::NONE; 3].into_boxed_slice(),
            )));
        }
        heap.collect(&mut std::iter::once(kept));
        assert_eq!(heap.object_count(), 1);
        assert_eq!(heap.stats.freed, 10);
        let reused = heap.allocate(Object::Tuple(TupleObject::new(Box::new([]))));
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
        let tuple = heap.allocate(Object::Tuple(TupleObject::new(
            vec![Value::NONE; 2].into_boxed_slice(),
        )));
        let address = match tuple.object().map(|o| &o.payload) {
            Some(Object::Tuple(items)) => items.as_ptr(),
            _ => unreachable!("a tuple was allocated"),
        };
        let long = heap.allocate(Object::Tuple(TupleObject::new(
            vec![Value::NONE; 20].into_boxed_slice(),
        )));
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
            heap.allocate(Object::Tuple(TupleObject::new(
                vec![Value::NONE; 3].into_boxed_slice(),
            )));
        }
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.stats.collections, 1);
        assert_eq!(heap.stats.freed, 10);
        assert!(heap.stats.bytes_allocated >= 10 * OBJECT_SIZE as u64);
        assert!(heap.stats.longest_pause <= heap.stats.total_pause);
    }

    fn list(heap: &mut Heap, items: Vec<Value>) -> Value {
        heap.allocate(Object::List(crate::barrier::GcRefCell::new(items)))
    }

    fn list_items(list: Value) -> &'static crate::barrier::GcRefCell<Vec<Value>> {
        match list.object().map(|o| &o.payload) {
            Some(Object::List(items)) => items,
            _ => unreachable!("a list was allocated"),
        }
    }

    fn state(value: Value) -> u8 {
        value.object().map_or(FREE, |o| o.gc_state.get())
    }

    #[test]
    fn a_minor_collection_frees_young_garbage_and_promotes_survivors() {
        let mut heap = Heap::new(false);
        heap.verify = true;
        let kept = list(&mut heap, Vec::new());
        for _ in 0..10 {
            list(&mut heap, Vec::new());
        }
        heap.collect(&mut std::iter::once(kept));
        assert_eq!(heap.stats.minor_collections, 1);
        assert_eq!(heap.stats.freed, 10);
        assert_eq!(state(kept), OLD);
        // Old garbage stays until a major collection.
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.stats.minor_collections, 2);
        assert_eq!(heap.object_count(), 1);
        heap.major_requested = true;
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.stats.major_collections, 1);
        assert_eq!(heap.object_count(), 0);
    }

    #[test]
    fn a_young_object_stored_into_an_old_one_survives_a_minor_collection() {
        let mut heap = Heap::new(false);
        heap.verify = true;
        let old = list(&mut heap, Vec::new());
        heap.collect(&mut std::iter::once(old));
        let young = list(&mut heap, vec![Value::small_int(7)]);
        list_items(old).borrow_mut().push(young);
        heap.collect(&mut std::iter::once(old));
        assert_eq!(heap.stats.minor_collections, 2);
        assert_eq!(state(young), OLD);
        assert_eq!(list_items(young).borrow()[0], Value::small_int(7));
        assert_eq!(crate::barrier::remembered_count(), 0);
    }

    #[test]
    fn cycles_between_young_and_old_objects_go_with_a_major_collection() {
        let mut heap = Heap::new(false);
        heap.verify = true;
        let old = list(&mut heap, Vec::new());
        heap.collect(&mut std::iter::once(old));
        let young = list(&mut heap, vec![old]);
        list_items(old).borrow_mut().push(young);
        // Unreachable, but the old half was written to: the minor
        // collection keeps the young half (floating garbage) ...
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.object_count(), 2);
        assert_eq!(state(young), OLD);
        // ... and a major collection frees both.
        heap.major_requested = true;
        heap.collect(&mut std::iter::empty());
        assert_eq!(heap.object_count(), 0);
    }

    #[test]
    fn a_heap_sharing_its_thread_collects_only_with_major_collections() {
        let mut first = Heap::new(false);
        let mut second = Heap::new(false);
        first.collect(&mut std::iter::empty());
        second.collect(&mut std::iter::empty());
        assert_eq!(first.stats.major_collections, 1);
        assert_eq!(second.stats.major_collections, 1);
        drop(first);
        drop(second);
        let mut alone = Heap::new(false);
        alone.collect(&mut std::iter::empty());
        assert_eq!(alone.stats.minor_collections, 1);
    }

    #[test]
    fn stress_mode_alternates_minor_and_major_collections() {
        let mut heap = Heap::new(true);
        for _ in 0..8 {
            list(&mut heap, Vec::new());
            assert!(heap.collection_requested);
            heap.collect(&mut std::iter::empty());
        }
        assert_eq!(heap.stats.minor_collections, 6);
        assert_eq!(heap.stats.major_collections, 2);
    }

    #[test]
    #[should_panic(expected = "gc_verify")]
    fn the_verifier_catches_a_store_that_skipped_the_barrier() {
        let mut heap = Heap::new(false);
        heap.verify = true;
        let old = list(&mut heap, Vec::new());
        heap.collect(&mut std::iter::once(old));
        let young = list(&mut heap, Vec::new());
        let mut items = list_items(old).borrow_mut();
        items.push(young);
        drop(items);
        // Forget the log, as a store without the barrier would have left it.
        crate::barrier::forget_remembered();
        heap.collect(&mut std::iter::once(old));
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
