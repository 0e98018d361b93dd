//! Executable memory for the JIT, and the only place that owns it.
//!
//! One region is reserved up front. Code is handed out in page-granular
//! chunks. W^X: a chunk is writable (read-write) only while it is being
//! filled, then flipped to read-execute; no page is ever writable and
//! executable at once. Pages no chunk holds are inaccessible (reserved,
//! never touched, so they cost no memory), and a chunk's bytes past its
//! code hold trap instructions (`int3` / `udf`), so a stray jump faults
//! instead of running garbage.
//! A cap bounds the total code; when it is reached allocation fails
//! cleanly and the caller keeps interpreting.
//!
//! It must never know what the code it holds does: no Python values, no
//! stencils, no traces; callers hand it bytes and get back an address.

use std::ptr::NonNull;

/// Trap filler for the host architecture.
#[cfg(target_arch = "x86_64")]
const TRAP: &[u8] = &[0xCC]; // int3
#[cfg(target_arch = "aarch64")]
const TRAP: &[u8] = &[0x00, 0x00, 0x00, 0x00]; // udf #0
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const TRAP: &[u8] = &[0x00];

/// Why an allocation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JitMemoryError {
    /// The configured cap on JIT code would be exceeded.
    CapExceeded {
        requested: usize,
        in_use: usize,
        cap: usize,
    },
    /// The region has no free run of pages large enough.
    RegionFull { requested: usize },
    /// The operating system refused a mapping or protection change.
    System(String),
}

impl std::fmt::Display for JitMemoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::CapExceeded {
                requested,
                in_use,
                cap,
            } => {
                write!(
                    f,
                    "JIT code cap exceeded: {requested} bytes requested, {in_use} of {cap} in use"
                )
            }
            Self::RegionFull { requested } => {
                write!(f, "JIT region full: {requested} bytes requested")
            }
            Self::System(e) => write!(f, "JIT memory: {e}"),
        }
    }
}

impl std::error::Error for JitMemoryError {}

/// Accounting, for stats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    /// Bytes in chunks currently allocated (page-rounded).
    pub bytes_in_use: usize,
    pub chunks: usize,
    pub peak_bytes: usize,
    pub total_allocations: usize,
}

/// A reserved region of executable memory, handing out chunks.
pub struct CodeRegion {
    allocation: region::Allocation,
    page_size: usize,
    /// One flag per page: in use by a chunk.
    used: Vec<bool>,
    cap: usize,
    accounting: Accounting,
}

/// A chunk being written: read-write, not executable.
pub struct WritableChunk<'r> {
    region: &'r mut CodeRegion,
    first_page: usize,
    pages: usize,
}

/// A finished chunk: read-execute.
#[derive(Debug)]
pub struct CodeChunk {
    address: NonNull<u8>,
    first_page: usize,
    pages: usize,
    length: usize,
}

impl CodeChunk {
    /// Address of the first byte.
    pub fn address(&self) -> *const u8 {
        self.address.as_ptr()
    }
    /// Bytes requested when the chunk was allocated.
    pub fn len(&self) -> usize {
        self.length
    }
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }
}

impl CodeRegion {
    /// Reserves `size` bytes (rounded to pages) with a cap of `cap` bytes
    /// of code in use at once.
    pub fn new(size: usize, cap: usize) -> Result<CodeRegion, JitMemoryError> {
        let page_size = region::page::size();
        let size = size.max(page_size).div_ceil(page_size) * page_size;
        let allocation = region::alloc(size, region::Protection::NONE)
            .map_err(|e| JitMemoryError::System(e.to_string()))?;
        Ok(CodeRegion {
            allocation,
            page_size,
            used: vec![false; size / page_size],
            cap,
            accounting: Accounting::default(),
        })
    }

    fn base(&mut self) -> *mut u8 {
        self.allocation.as_mut_ptr::<u8>()
    }

    pub fn page_size(&self) -> usize {
        self.page_size
    }

    pub fn accounting(&self) -> Accounting {
        self.accounting
    }

    fn protect(
        &mut self,
        first_page: usize,
        pages: usize,
        protection: region::Protection,
    ) -> Result<(), JitMemoryError> {
        let page_size = self.page_size;
        let address = self.base().wrapping_add(first_page * page_size);
        // SAFETY: the pages lie inside our allocation; no Rust reference
        // to their contents outlives this call.
        unsafe { region::protect(address, pages * page_size, protection) }
            .map_err(|e| JitMemoryError::System(e.to_string()))
    }

    /// Allocates a chunk of at least `length` bytes, mapped read-write.
    pub fn allocate(&mut self, length: usize) -> Result<WritableChunk<'_>, JitMemoryError> {
        let pages = length.max(1).div_ceil(self.page_size);
        let bytes = pages * self.page_size;
        if self.accounting.bytes_in_use + bytes > self.cap {
            return Err(JitMemoryError::CapExceeded {
                requested: bytes,
                in_use: self.accounting.bytes_in_use,
                cap: self.cap,
            });
        }
        // First fit over the page map.
        let mut run = 0;
        let mut first = None;
        for (i, used) in self.used.iter().enumerate() {
            if *used {
                run = 0;
                continue;
            }
            run += 1;
            if run == pages {
                first = Some(i + 1 - pages);
                break;
            }
        }
        let Some(first_page) = first else {
            return Err(JitMemoryError::RegionFull { requested: bytes });
        };
        self.protect(first_page, pages, region::Protection::READ_WRITE)?;
        let start = self.base().wrapping_add(first_page * self.page_size);
        // SAFETY: the chunk's pages are ours and now read-write.
        unsafe { fill_traps(start, bytes) };
        for used in &mut self.used[first_page..first_page + pages] {
            *used = true;
        }
        self.accounting.bytes_in_use += bytes;
        self.accounting.chunks += 1;
        self.accounting.total_allocations += 1;
        self.accounting.peak_bytes = self.accounting.peak_bytes.max(self.accounting.bytes_in_use);
        Ok(WritableChunk {
            region: self,
            first_page,
            pages,
        })
    }

    /// Returns a chunk's pages: made inaccessible and given back to the
    /// system (the next chunk there is refilled with traps first).
    pub fn free(&mut self, chunk: CodeChunk) -> Result<(), JitMemoryError> {
        self.protect(chunk.first_page, chunk.pages, region::Protection::NONE)?;
        #[cfg(unix)]
        // SAFETY: the pages are ours and unreachable (no chunk holds them);
        // dropping their contents is what a free means.
        unsafe {
            libc::madvise(
                chunk.address.as_ptr().cast(),
                chunk.pages * self.page_size,
                libc::MADV_DONTNEED,
            );
        }
        for used in &mut self.used[chunk.first_page..chunk.first_page + chunk.pages] {
            *used = false;
        }
        self.accounting.bytes_in_use -= chunk.pages * self.page_size;
        self.accounting.chunks -= 1;
        Ok(())
    }
}

impl WritableChunk<'_> {
    /// The writable bytes of this chunk.
    pub fn bytes(&mut self) -> &mut [u8] {
        let page_size = self.region.page_size;
        let start = self.region.base().wrapping_add(self.first_page * page_size);
        // SAFETY: the chunk's pages are inside the region, mapped
        // read-write while this writer exists, and only reachable through
        // this exclusive borrow.
        unsafe { std::slice::from_raw_parts_mut(start, self.pages * page_size) }
    }

    /// Address the bytes will have when executed.
    pub fn address(&mut self) -> *const u8 {
        self.bytes().as_ptr()
    }

    /// Flips the chunk to read-execute and flushes the instruction cache.
    pub fn finish(mut self, length: usize) -> Result<CodeChunk, JitMemoryError> {
        let address = NonNull::new(self.bytes().as_mut_ptr())
            .ok_or(JitMemoryError::System("null chunk".into()))?;
        let total = self.pages * self.region.page_size;
        flush_instruction_cache(address.as_ptr(), total);
        self.region.protect(
            self.first_page,
            self.pages,
            region::Protection::READ_EXECUTE,
        )?;
        Ok(CodeChunk {
            address,
            first_page: self.first_page,
            pages: self.pages,
            length,
        })
    }
}

/// Fills `length` bytes at `start` with trap instructions.
///
/// # Safety
/// `start..start + length` must be writable memory owned by the caller.
unsafe fn fill_traps(start: *mut u8, length: usize) {
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts_mut(start, length) };
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = TRAP[i % TRAP.len()];
    }
}

/// Makes freshly written code visible to instruction fetch.
#[allow(unused_variables)]
fn flush_instruction_cache(start: *const u8, length: usize) {
    #[cfg(target_arch = "aarch64")]
    {
        let line = 64usize;
        let begin = start as usize & !(line - 1);
        let end = start as usize + length;
        let mut address = begin;
        while address < end {
            // SAFETY: cache maintenance on addresses of our own mapping.
            unsafe { std::arch::asm!("dc cvau, {0}", in(reg) address) };
            address += line;
        }
        // SAFETY: barriers and cache maintenance have no memory effects
        // beyond making the written code visible.
        unsafe { std::arch::asm!("dsb ish") };
        address = begin;
        while address < end {
            // SAFETY: as above.
            unsafe { std::arch::asm!("ic ivau, {0}", in(reg) address) };
            address += line;
        }
        // SAFETY: as above.
        unsafe { std::arch::asm!("dsb ish", "isb") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Permissions of the mapping containing `address`, from /proc/self/maps.
    fn permissions_of(address: usize) -> Option<String> {
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        for line in maps.lines() {
            let mut parts = line.split_whitespace();
            let range = parts.next()?;
            let perms = parts.next()?;
            let (start, end) = range.split_once('-')?;
            let (start, end) = (
                usize::from_str_radix(start, 16).ok()?,
                usize::from_str_radix(end, 16).ok()?,
            );
            if (start..end).contains(&address) {
                return Some(perms.to_string());
            }
        }
        None
    }

    fn no_writable_executable_page() -> bool {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
        maps.lines().all(|l| {
            let perms = l.split_whitespace().nth(1).unwrap_or("");
            !(perms.contains('w') && perms.contains('x'))
        })
    }

    #[test]
    fn pages_are_never_writable_and_executable() {
        let mut region = CodeRegion::new(1 << 20, 1 << 20).unwrap();
        assert!(no_writable_executable_page());
        let mut chunk = region.allocate(100).unwrap();
        let address = chunk.address() as usize;
        assert_eq!(
            permissions_of(address).as_deref().map(|p| &p[..3]),
            Some("rw-")
        );
        assert!(no_writable_executable_page());
        chunk.bytes()[0] = TRAP[0];
        let chunk = chunk.finish(100).unwrap();
        assert_eq!(
            permissions_of(address).as_deref().map(|p| &p[..3]),
            Some("r-x")
        );
        assert!(no_writable_executable_page());
        region.free(chunk).unwrap();
        assert!(no_writable_executable_page());
    }

    #[test]
    fn the_cap_is_enforced() {
        let mut region = CodeRegion::new(1 << 20, 8192).unwrap();
        let page = region.page_size();
        let first = region.allocate(page).unwrap().finish(page).unwrap();
        let second = region.allocate(page);
        if page * 2 <= 8192 {
            let second = second.unwrap().finish(page).unwrap();
            assert!(matches!(
                region.allocate(1),
                Err(JitMemoryError::CapExceeded { .. })
            ));
            region.free(second).unwrap();
        } else {
            assert!(matches!(second, Err(JitMemoryError::CapExceeded { .. })));
        }
        region.free(first).unwrap();
        assert!(region.allocate(1).is_ok(), "freeing makes room again");
    }

    #[test]
    fn freed_memory_is_inaccessible_and_reused_full_of_traps() {
        let mut region = CodeRegion::new(1 << 20, 1 << 20).unwrap();
        let mut chunk = region.allocate(64).unwrap();
        chunk.bytes()[..4].copy_from_slice(&[1, 2, 3, 4]);
        let chunk = chunk.finish(64).unwrap();
        let address = chunk.address();
        region.free(chunk).unwrap();
        assert_eq!(
            permissions_of(address as usize).as_deref().map(|p| &p[..3]),
            Some("---")
        );
        let mut again = region.allocate(64).unwrap();
        assert_eq!(again.address(), address, "first fit reuses the freed pages");
        assert!(again.bytes().chunks(TRAP.len()).all(|c| c == TRAP));
        let accounting = region.accounting();
        assert_eq!(accounting.chunks, 1);
        assert_eq!(accounting.total_allocations, 2);
    }

    #[test]
    fn accounting_tracks_peak() {
        let mut region = CodeRegion::new(1 << 20, 1 << 20).unwrap();
        let page = region.page_size();
        let a = region.allocate(page * 3).unwrap().finish(page * 3).unwrap();
        let b = region.allocate(1).unwrap().finish(1).unwrap();
        assert_eq!(region.accounting().bytes_in_use, page * 4);
        region.free(a).unwrap();
        region.free(b).unwrap();
        assert_eq!(region.accounting().bytes_in_use, 0);
        assert_eq!(region.accounting().peak_bytes, page * 4);
    }
}
