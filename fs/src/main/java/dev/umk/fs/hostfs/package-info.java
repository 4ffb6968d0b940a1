/**
 * hostfs: host directories in the guest's tree, through the {@link HostFiles} interface
 * that only hostdrv implements against the real host.
 */
package dev.umk.fs.hostfs;
