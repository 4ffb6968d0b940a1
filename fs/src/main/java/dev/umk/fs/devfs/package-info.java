/**
 * Devices: the character device registry every device node open goes through, the memory
 * devices (null, zero, full, random, urandom) and umk's /dev.
 */
package dev.umk.fs.devfs;
