package dev.umk.fs.tmpfs;

import dev.umk.fs.NewInode;

/** A tmpfs device node, FIFO or socket: attributes only; the VFS gives them behaviour. */
final class TmpfsNode extends TmpfsInode {
    TmpfsNode(TmpfsSuperBlock sb, NewInode attrs) {
        super(sb, attrs);
    }
}
