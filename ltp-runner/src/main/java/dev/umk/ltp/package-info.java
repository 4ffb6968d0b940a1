/**
 * Runs an LTP install's runtest files under umk (not built yet): parallelism, timeouts,
 * progress, and JUnit XML / JSON / markdown reports.
 */
package dev.umk.ltp;
