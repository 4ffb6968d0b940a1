/** timerfd_create(2): timers that notify through a file descriptor, on the kernel's timer executor. */
package dev.umk.fs.timerfd;
