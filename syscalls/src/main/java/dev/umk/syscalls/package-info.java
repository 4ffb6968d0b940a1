/**
 * The syscall table and its handlers, one class per family (xv6's syscall.c, gVisor's
 * sys_*.go): handlers decode registers and guest memory, call a subsystem, encode the
 * result, and fail with an errno-carrying exception. See the module README for the map
 * from syscall to class.
 */
package dev.umk.syscalls;
