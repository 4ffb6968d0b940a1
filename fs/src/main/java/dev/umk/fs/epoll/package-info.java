/**
 * I/O readiness: the poll/select engine over an fd table ({@link dev.umk.fs.epoll.Poll},
 * {@link dev.umk.fs.epoll.Select}, both sleeping in a {@link dev.umk.fs.epoll.PollWait}) and
 * epoll instances ({@link dev.umk.fs.epoll.EventPoll}). See README.md in this directory.
 */
package dev.umk.fs.epoll;
