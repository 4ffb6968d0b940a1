package dev.umk.hostdrv;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;

/**
 * Host I/O failures as Linux errnos. java.nio reports the host errno as an exception type
 * for a few errors and as the strerror text (the "reason") for the rest, so the text is
 * mapped back through glibc's messages.
 */
final class HostErrors {
    private static final Map<String, Errno> BY_MESSAGE = new HashMap<>();

    static {
        for (Errno e : Errno.values()) BY_MESSAGE.putIfAbsent(e.description(), e);
        // glibc's strerror texts where they differ from the kernel's comments.
        put("Operation not permitted", Errno.EPERM);
        put("No such file or directory", Errno.ENOENT);
        put("Input/output error", Errno.EIO);
        put("Bad file descriptor", Errno.EBADF);
        put("Resource temporarily unavailable", Errno.EAGAIN);
        put("Cannot allocate memory", Errno.ENOMEM);
        put("Permission denied", Errno.EACCES);
        put("Device or resource busy", Errno.EBUSY);
        put("File exists", Errno.EEXIST);
        put("Invalid cross-device link", Errno.EXDEV);
        put("No such device", Errno.ENODEV);
        put("Not a directory", Errno.ENOTDIR);
        put("Is a directory", Errno.EISDIR);
        put("Invalid argument", Errno.EINVAL);
        put("Too many open files", Errno.EMFILE);
        put("Text file busy", Errno.ETXTBSY);
        put("File too large", Errno.EFBIG);
        put("No space left on device", Errno.ENOSPC);
        put("Read-only file system", Errno.EROFS);
        put("Too many links", Errno.EMLINK);
        put("File name too long", Errno.ENAMETOOLONG);
        put("Directory not empty", Errno.ENOTEMPTY);
        put("Too many levels of symbolic links", Errno.ELOOP);
        put("No data available", Errno.ENODATA);
        put("Operation not supported", Errno.EOPNOTSUPP);
        put("Disk quota exceeded", Errno.EDQUOT);
        put("No such device or address", Errno.ENXIO);
        put("Numerical result out of range", Errno.ERANGE);
        put("Argument list too long", Errno.E2BIG);
    }

    private static void put(String msg, Errno e) {
        BY_MESSAGE.put(msg, e);
    }

    private HostErrors() {}

    static ErrnoException map(IOException e) {
        return new ErrnoException(errno(e), e.getMessage());
    }

    static Errno errno(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.ENOENT;
        if (e instanceof FileAlreadyExistsException) return Errno.EEXIST;
        if (e instanceof DirectoryNotEmptyException) return Errno.ENOTEMPTY;
        if (e instanceof NotDirectoryException) return Errno.ENOTDIR;
        if (e instanceof NotLinkException) return Errno.EINVAL;
        if (e instanceof FileSystemLoopException) return Errno.ELOOP;
        if (e instanceof AtomicMoveNotSupportedException) return Errno.EXDEV;
        if (e instanceof ClosedChannelException) return Errno.EBADF;
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason();
            if (reason != null) {
                Errno m = BY_MESSAGE.get(reason);
                if (m != null) return m;
            }
            if (e instanceof AccessDeniedException) return Errno.EACCES;
        }
        return Errno.EIO;
    }
}
