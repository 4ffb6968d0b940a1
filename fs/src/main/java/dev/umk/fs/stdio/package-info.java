/**
 * The host's standard streams as guest files: what init's fds 0, 1 and 2 are when umk's
 * own terminal driver does not serve them.
 */
package dev.umk.fs.stdio;
