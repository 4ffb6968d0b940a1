/** Advisory locks: flock(2), POSIX record locks and OFD locks, with blocking and deadlock detection. */
package dev.umk.fs.lock;
