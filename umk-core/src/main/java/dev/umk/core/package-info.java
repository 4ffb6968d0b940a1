/**
 * umk-core: the Linux x86-64 ABI (syscall numbers, errno, flags, struct layouts), kernel
 * primitives shared by every subsystem, and the hardware-abstraction interfaces the host
 * driver implements ({@link dev.umk.core.hw}).
 */
package dev.umk.core;
