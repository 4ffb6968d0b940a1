package dev.umk.fs.hostfs;

import dev.umk.hostdrv.NioHostFiles;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.kernel.Credentials;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.RootFs;
import dev.umk.fs.Vfs;
import dev.umk.fs.page.HeapPageAllocator;
import dev.umk.fs.synth.SynthFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootFsTest {
    private static final Credentials ROOT = Credentials.root();
    @TempDir Path hostRoot;

    @Test
    void defaultRootIsOverlayWithUmksDev() throws IOException {
        Files.createDirectories(hostRoot.resolve("usr/bin"));
        Files.writeString(hostRoot.resolve("usr/bin/tool"), "#!/bin/sh\n");
        RootFs root = RootFs.overlayOnHost(new NioHostFiles(), hostRoot.toString(), FsClock.SYSTEM,
                HeapPageAllocator.INSTANCE, 256L << 20, 1_000_000_000L);
        Vfs vfs = root.vfs();
        FsContext fs = root.initContext();
        ParkingBlocker b = new ParkingBlocker();

        OpenFile nul = vfs.open(fs, ROOT, null, "/dev/null", O_WRONLY, 0, b);
        assertEquals(3, nul.write(ByteBuffer.allocate(3), b));
        nul.put();
        vfs.open(fs, ROOT, null, "/dev/shm/x", O_CREAT | O_WRONLY, 0600, b).put();
        root.mountAt("/proc", new SynthFs("proc", 0x9fa0, FsClock.SYSTEM, 0555), 0);
        vfs.mkdir(fs, ROOT, null, "/tmp", 01777);
        vfs.mount(fs, ROOT, "tmpfs", null, "/tmp", "tmpfs", 0, "size=1m");
        vfs.open(fs, ROOT, null, "/usr/bin/tool", O_WRONLY | O_APPEND, 0, b).put();

        assertEquals("#!/bin/sh\n", Files.readString(hostRoot.resolve("usr/bin/tool")));
        assertFalse(Files.exists(hostRoot.resolve("dev")), "mountpoints are made in the upper layer");
        assertFalse(Files.exists(hostRoot.resolve("proc")));
        assertEquals(5, vfs.mountsTable(fs).size(), vfs.mountsTable(fs).toString());
        assertTrue(vfs.mountsTable(fs).get(0).startsWith("overlay / overlay rw"), vfs.mountsTable(fs).get(0));
    }
}
