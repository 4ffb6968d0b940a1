/**
 * Advisory file locks, independent of any filesystem: POSIX record locks (fcntl F_SETLK,
 * owned by an fd table), open file description locks (F_OFD_SETLK, owned by an open file)
 * and BSD flock locks (owned by an open file), with blocking and deadlock detection.
 */
package dev.umk.fs.lock;
