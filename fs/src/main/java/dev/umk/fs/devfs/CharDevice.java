package dev.umk.fs.devfs;

import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;

/**
 * A character device driver: what opening a device node with its (major, minor) gives.
 * Registered in the {@link DeviceRegistry}; the VFS calls {@link #open} after the usual
 * permission checks on the node.
 */
@FunctionalInterface
public interface CharDevice {
    /**
     * Opens the device for {@code file} (its flags and credentials are set). May throw
     * ErrnoException (ENXIO, EBUSY, EACCES...).
     */
    FileOperations open(OpenFile file);
}
