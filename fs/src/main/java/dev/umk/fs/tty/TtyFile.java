package dev.umk.fs.tty;

import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * The file operations of one open of a tty (Linux's tty_fops with its tty_file_private):
 * which tty, and which hangup generation it was opened in. After a hangup the open is
 * dead as Linux's hung_up_tty_fops make it: reads return end of file, writes fail with
 * EIO, ioctls with EIO (ENOTTY for TIOCSPGRP), poll reports everything.
 */
public final class TtyFile implements FileOperations {
    private final Tty tty;
    private final int generation;

    TtyFile(Tty tty, int generation) {
        this.tty = tty;
        this.generation = generation;
    }

    public Tty tty() {
        return tty;
    }

    /** True once the tty was hung up after this open. */
    public boolean hungUp() {
        return tty.hungUp(generation);
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        tty.read(this, dst, f.isNonBlocking(), blocker);
        return 0;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        tty.write(this, src, f.isNonBlocking(), blocker);
        return 0;
    }

    @Override
    public int poll(OpenFile f) {
        return tty.poll(this);
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return tty.waitQueue();
    }

    @Override
    public long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
        return TtyIoctl.ioctl(this, f, cmd, arg, mem);
    }

    @Override
    public void release(OpenFile f) {
        tty.release(this);
    }
}
