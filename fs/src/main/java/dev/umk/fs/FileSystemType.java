package dev.umk.fs;

/**
 * A kind of filesystem mount(2) can create by name ("tmpfs", "proc"...). Registered with
 * the {@link Vfs}; {@link #mount} parses the type's option string.
 */
public interface FileSystemType {
    String name();

    /** True when the source argument names a block device (ext4), false for virtual filesystems. */
    default boolean requiresDevice() {
        return false;
    }

    /**
     * Creates a superblock.
     *
     * @param source mount(2)'s source argument
     * @param flags MS_* flags (MS_RDONLY applies to the superblock)
     * @param data the comma-separated option string, possibly empty
     */
    SuperBlock mount(String source, long flags, String data);
}
