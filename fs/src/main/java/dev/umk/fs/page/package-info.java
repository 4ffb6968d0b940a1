/**
 * The page cache: per-file sparse page stores, and the page allocators behind them (heap
 * arrays, or frames of guest physical memory so mm can map file pages directly).
 */
package dev.umk.fs.page;
