/** Anonymous-inode files (anon_inodefs): the home of eventfd, epoll and timerfd files. */
package dev.umk.fs.anon;
