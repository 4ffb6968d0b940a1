package dev.umk.fs.tmpfs;

import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.XattrMap;
import java.util.List;

/** What every tmpfs inode has besides attributes: in-memory xattrs and inode accounting. */
abstract class TmpfsInode extends Inode {
    private final XattrMap xattrs = new XattrMap();

    TmpfsInode(TmpfsSuperBlock sb, NewInode attrs) {
        super(sb, sb.nextIno(), attrs);
    }

    TmpfsSuperBlock tsb() {
        return (TmpfsSuperBlock) sb();
    }

    synchronized void addLink(int delta) {
        nlink += delta;
    }

    synchronized void setNlink(int n) {
        nlink = n;
    }

    @Override
    protected void evict() {
        tsb().unchargeInode();
    }

    @Override
    public byte[] getxattr(String name) {
        return xattrs.get(name);
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) {
        xattrs.set(name, value, flags);
        touchChanged();
    }

    @Override
    public List<String> listxattr() {
        return xattrs.list();
    }

    @Override
    public void removexattr(String name) {
        xattrs.remove(name);
        touchChanged();
    }
}
