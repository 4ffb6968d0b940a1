/**
 * Synthetic filesystems: trees of generated directories, files and symlinks (including
 * magic links), the base procfs and sysfs are built on.
 */
package dev.umk.fs.synth;
