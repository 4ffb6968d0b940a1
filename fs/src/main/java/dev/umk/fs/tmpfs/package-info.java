/**
 * tmpfs: a filesystem whose files live only in memory (the page cache), with hard links,
 * all rename flags, sparse files, xattrs and size/inode limits.
 */
package dev.umk.fs.tmpfs;
