/** eventfd(2): a counter file for event notification between threads, processes and the kernel. */
package dev.umk.fs.eventfd;
