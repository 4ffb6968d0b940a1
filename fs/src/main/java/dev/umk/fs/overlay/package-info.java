/**
 * overlayfs: a writable tmpfs upper over a read-only lower, with copy-up, whiteouts,
 * opaque directories and merged listings; umk's default root.
 */
package dev.umk.fs.overlay;
