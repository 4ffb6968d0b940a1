/** Pipes and FIFOs: the ring buffer with Linux's blocking, atomicity and EOF/EPIPE rules. */
package dev.umk.fs.pipe;
