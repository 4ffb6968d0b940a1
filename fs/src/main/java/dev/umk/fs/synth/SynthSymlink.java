package dev.umk.fs.synth;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Inode;
import dev.umk.fs.MagicLink;
import dev.umk.fs.NewInode;
import dev.umk.fs.SetAttr;
import dev.umk.fs.VfsPath;
import java.util.function.Supplier;

/** A symlink whose target string is computed on each readlink (e.g. /proc/self). */
public class SynthSymlink extends Inode {
    private final Supplier<String> target;

    SynthSymlink(SynthFs fs, long ino, NewInode attrs, Supplier<String> target) {
        super(fs, ino, attrs);
        this.target = target;
    }

    @Override
    public String readlink() {
        return target.get();
    }

    @Override
    public void setattr(SetAttr a) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** A magic link: readlink shows {@code name}, following jumps to {@code place}. */
    public static SynthSymlink magic(SynthFs fs, long ino, Supplier<String> name, Supplier<VfsPath> place) {
        return new Magic(fs, ino, name, place);
    }

    private static final class Magic extends SynthSymlink implements MagicLink {
        private final Supplier<VfsPath> place;

        Magic(SynthFs fs, long ino, Supplier<String> name, Supplier<VfsPath> place) {
            super(fs, ino, new NewInode(dev.umk.core.abi.FileFlags.S_IFLNK | 0777, 0, 0), name);
            this.place = place;
        }

        @Override
        public VfsPath jump() {
            VfsPath p = place.get();
            if (p == null) throw new ErrnoException(Errno.ENOENT);
            return p;
        }
    }
}
