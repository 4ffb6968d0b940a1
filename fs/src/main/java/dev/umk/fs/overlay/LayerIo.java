package dev.umk.fs.overlay;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.kernel.Credentials;
import dev.umk.fs.Blocker;
import dev.umk.fs.Dentry;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.OpenFile;
import dev.umk.fs.VfsPath;
import java.nio.ByteBuffer;

/** Opening layer files from inside overlay: for copy-up, and as the real file behind an overlay open. */
final class LayerIo {
    private LayerIo() {}

    /** An open file description on a layer inode, reachable only by overlay. */
    static OpenFile open(Mount layer, Inode inode, int flags, Credentials cred) {
        OpenFile f = new OpenFile(new VfsPath(layer, Dentry.anonymous("overlay-layer", inode)), flags, cred);
        try {
            f.setOps(inode.open(f));
        } catch (RuntimeException e) {
            f.put();
            throw e;
        }
        return f;
    }

    /** Copies a regular file's data, leaving all-zero pages as holes. */
    static void copyData(OverlaySuperBlock osb, Inode from, Inode to) {
        OpenFile in = open(osb.lowerMount, from, O_RDONLY, Credentials.root());
        OpenFile out = open(osb.upperMount, to, O_WRONLY, Credentials.root());
        try {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long pos = 0;
            while (true) {
                buf.clear();
                in.ops().read(in, buf, pos, Blocker.NONBLOCKING);
                if (buf.position() == 0) break;
                buf.flip();
                for (int off = 0; off < buf.limit(); off += 4096) {
                    int len = Math.min(4096, buf.limit() - off);
                    if (!zero(buf, off, len)) out.ops().write(out, buf.duplicate().position(off).limit(off + len), pos + off, Blocker.NONBLOCKING);
                }
                pos += buf.limit();
            }
            if (to.size() != pos) {
                dev.umk.fs.SetAttr a = new dev.umk.fs.SetAttr();
                a.valid = dev.umk.fs.SetAttr.SIZE;
                a.size = pos;
                to.setattr(a);
            }
        } finally {
            in.put();
            out.put();
        }
    }

    private static boolean zero(ByteBuffer b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b.get(i) != 0) return false;
        return true;
    }
}
