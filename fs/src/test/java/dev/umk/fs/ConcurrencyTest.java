package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads changing one tree at once: no deadlock, and the link counts still add up. */
class ConcurrencyTest extends FsTestKit {
    private static final String[] DIRS = {"/a", "/b", "/a/x", "/b/y"};

    @Test
    @Timeout(20)
    void parallelNamespaceChangesKeepTheTreeConsistent() throws Exception {
        for (String d : DIRS) mkdir(d, 0777);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            jobs.add(pool.submit(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 3000; i++) {
                    String d1 = DIRS[r.nextInt(DIRS.length)], d2 = DIRS[r.nextInt(DIRS.length)];
                    String n1 = d1 + "/n" + r.nextInt(6), n2 = d2 + "/n" + r.nextInt(6);
                    try {
                        switch (r.nextInt(7)) {
                            case 0 -> mkdir(n1, 0755);
                            case 1 -> open(n1, O_CREAT | O_WRONLY, 0644).put();
                            case 2 -> vfs.rename(fs, ROOT, null, n1, null, n2, 0);
                            case 3 -> vfs.unlink(fs, ROOT, null, n1);
                            case 4 -> vfs.rmdir(fs, ROOT, null, n1);
                            case 5 -> vfs.link(fs, ROOT, null, n1, null, n2, 0);
                            default -> {
                                OpenFile f = open(n1, O_RDWR | O_APPEND, 0);
                                f.write(ByteBuffer.allocate(10), blocker);
                                f.put();
                            }
                        }
                    } catch (ErrnoException expected) {
                        // Most random operations fail (ENOENT, EEXIST, ENOTEMPTY, EINVAL...); that is fine.
                    }
                }
            }));
        }
        for (Future<?> j : jobs) j.get(20, TimeUnit.SECONDS);
        pool.shutdown();
        checkLinkCounts("/");
    }

    /** Every directory's link count is 2 plus its subdirectories, and every listed name resolves. */
    private void checkLinkCounts(String dir) {
        OpenFile d = open(dir, O_RDONLY | O_DIRECTORY, 0);
        List<String> names = new ArrayList<>();
        d.iterate((n, ino, type, next) -> {
            if (!n.equals(".") && !n.equals("..")) names.add(n);
            return true;
        });
        d.put();
        int subdirs = 0;
        for (String n : names) {
            String p = dir.equals("/") ? "/" + n : dir + "/" + n;
            dev.umk.core.abi.Stat st = lstat(p);
            if (isDir(st.mode)) {
                subdirs++;
                checkLinkCounts(p);
            }
        }
        assertEquals(2 + subdirs, stat(dir).nlink, dir);
    }
}
