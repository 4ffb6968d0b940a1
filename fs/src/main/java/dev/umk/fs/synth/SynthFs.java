package dev.umk.fs.synth;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Stat.StatFs;
import dev.umk.fs.FsClock;
import dev.umk.fs.NewInode;
import dev.umk.fs.SuperBlock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A synthetic filesystem (the base for procfs and sysfs): a tree of {@link SynthDir},
 * {@link SynthFile} and {@link SynthSymlink} nodes whose contents are generated when
 * opened. Build it by adding nodes to {@link #rootDir()}; directories whose entries change
 * (one per process) get a {@link SynthDir.Entries} provider. Nothing here can be created,
 * removed or renamed by the guest.
 */
public class SynthFs extends SuperBlock {
    private final Map<String, Long> stableInos = new ConcurrentHashMap<>();
    private final String source;

    public SynthFs(String type, long magic, FsClock clock, int rootMode) {
        super(type, magic, clock);
        this.source = type;
        setRoot(new SynthDir(this, new NewInode(S_IFDIR | (rootMode & 07777), 0, 0), null));
    }

    public SynthDir rootDir() {
        return (SynthDir) root().inode();
    }

    /** The same inode number every time for {@code key} (so a regenerated /proc/PID dir keeps its number). */
    public long stableIno(String key) {
        return stableInos.computeIfAbsent(key, k -> nextIno());
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public StatFs statfs() {
        return baseStatfs(4096);
    }
}
