/**
 * hostdrv: the only code that calls the host. So far: host file access for hostfs
 * ({@link dev.umk.hostdrv.NioHostFiles}).
 */
package dev.umk.hostdrv;
