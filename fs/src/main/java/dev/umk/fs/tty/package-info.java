/**
 * Terminals: the N_TTY line discipline ({@link dev.umk.fs.tty.LineDiscipline}), the tty
 * device with its termios, window size, session and job control ({@link dev.umk.fs.tty.Tty}),
 * its file operations and ioctls, the console tty on the host terminal
 * ({@link dev.umk.fs.tty.ConsoleTty}), /dev/tty, and Unix98 ptys with the devpts filesystem
 * ({@link dev.umk.fs.tty.DevPts}). See README.md in this directory.
 */
package dev.umk.fs.tty;
