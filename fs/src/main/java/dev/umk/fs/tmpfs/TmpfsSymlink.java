package dev.umk.fs.tmpfs;

import dev.umk.fs.NewInode;

/** A tmpfs symlink: its target string, whose length is the inode's size. */
final class TmpfsSymlink extends TmpfsInode {
    private final String target;

    TmpfsSymlink(TmpfsSuperBlock sb, NewInode attrs, String target) {
        super(sb, attrs);
        this.target = target;
        this.size = target.length();
    }

    @Override
    public String readlink() {
        return target;
    }
}
