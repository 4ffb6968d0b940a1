/**
 * sysfs: the fixed part of /sys that programs read to learn the machine's shape
 * (devices/system/cpu), built from the pseudo-filesystem classes of {@link dev.umk.fs.proc}.
 */
package dev.umk.fs.sysfs;
