/**
 * umk's memory manager: the frame allocator over guest physical memory
 * ({@link dev.umk.mm.FrameAllocator}), per-address-space page tables and VMA trees, the
 * mmap/munmap/mprotect/mremap/brk/madvise/mincore/msync system calls, demand paging with
 * fault-around, copy-on-write fork, and the safe user-memory copy every syscall uses
 * ({@link dev.umk.mm.AddressSpace}). See the module README for invariants and lock order.
 */
package dev.umk.mm;
