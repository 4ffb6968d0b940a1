/**
 * umk's VFS: superblocks, inodes, dentries, the mount tree, path resolution, open file
 * descriptions and fd tables, and the {@link dev.umk.fs.Vfs} facade the file syscalls
 * call. Filesystems live in subpackages (tmpfs, devfs, pipe, hostfs, overlay, synth);
 * file data lives in the page cache (page). See fs/README.md for the design and lock order.
 */
package dev.umk.fs;
