package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory extended attributes of one inode (Linux's simple_xattrs): name to value, with
 * the XATTR_CREATE / XATTR_REPLACE rules and ENODATA for missing names. Namespace and
 * permission rules are the VFS's; this only stores.
 */
public final class XattrMap {
    // Guarded by this.
    private final Map<String, byte[]> values = new LinkedHashMap<>();

    public synchronized byte[] get(String name) {
        byte[] v = values.get(name);
        if (v == null) throw new ErrnoException(Errno.ENODATA);
        return v.clone();
    }

    public synchronized void set(String name, byte[] value, int flags) {
        boolean exists = values.containsKey(name);
        if ((flags & XATTR_CREATE) != 0 && exists) throw new ErrnoException(Errno.EEXIST);
        if ((flags & XATTR_REPLACE) != 0 && !exists) throw new ErrnoException(Errno.ENODATA);
        values.put(name, value.clone());
    }

    public synchronized List<String> list() {
        return new ArrayList<>(values.keySet());
    }

    public synchronized void remove(String name) {
        if (values.remove(name) == null) throw new ErrnoException(Errno.ENODATA);
    }

    public synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy of every attribute (for overlay copy-up). */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }
}
