package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * get/set/list/removexattr with Linux's namespace rules (xattr_permission): user.* only
 * on regular files and directories and under read/write permission (sticky directories:
 * owner only), trusted.* only with CAP_SYS_ADMIN (invisible otherwise), security.* open,
 * system.* and unknown prefixes unsupported; name and value size limits.
 */
final class XattrOps {
    private static final String USER = "user.";
    private static final String TRUSTED = "trusted.";
    private static final String SECURITY = "security.";

    private final Vfs vfs;

    XattrOps(Vfs vfs) {
        this.vfs = vfs;
    }

    byte[] get(VfsPath p, Credentials cred, String name) {
        checkName(name);
        permission(p.inode(), cred, name, Permission.MAY_READ);
        return p.inode().getxattr(name);
    }

    void set(VfsPath p, Credentials cred, String name, byte[] value, int flags) {
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0) throw new ErrnoException(Errno.EINVAL);
        checkName(name);
        if (value.length > XATTR_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        Vfs.wantWrite(p.mount());
        permission(p.inode(), cred, name, Permission.MAY_WRITE);
        p.inode().setxattr(name, value, flags);
    }

    List<String> list(VfsPath p, Credentials cred) {
        boolean admin = cred.capable(Credentials.CAP_SYS_ADMIN);
        List<String> out = new ArrayList<>();
        for (String n : p.inode().listxattr()) {
            if (!n.startsWith(TRUSTED) || admin) out.add(n);
        }
        return out;
    }

    void remove(VfsPath p, Credentials cred, String name) {
        checkName(name);
        Vfs.wantWrite(p.mount());
        permission(p.inode(), cred, name, Permission.MAY_WRITE);
        p.inode().removexattr(name);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > XATTR_NAME_MAX) throw new ErrnoException(Errno.ERANGE);
        String rest;
        if (name.startsWith(USER)) rest = name.substring(USER.length());
        else if (name.startsWith(TRUSTED)) rest = name.substring(TRUSTED.length());
        else if (name.startsWith(SECURITY)) rest = name.substring(SECURITY.length());
        else throw new ErrnoException(Errno.EOPNOTSUPP);
        if (rest.isEmpty()) throw new ErrnoException(Errno.EINVAL);
    }

    private static void permission(Inode inode, Credentials cred, String name, int mask) {
        boolean write = (mask & Permission.MAY_WRITE) != 0;
        if (name.startsWith(SECURITY)) return;
        if (name.startsWith(TRUSTED)) {
            if (!cred.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(write ? Errno.EPERM : Errno.ENODATA);
            return;
        }
        if (!inode.isRegular() && !inode.isDir()) throw new ErrnoException(write ? Errno.EPERM : Errno.ENODATA);
        if (inode.isDir() && (inode.mode() & S_ISVTX) != 0 && write && !Permission.ownerOrCapable(inode, cred)) {
            throw new ErrnoException(Errno.EPERM);
        }
        Permission.check(inode, cred, mask);
    }
}
