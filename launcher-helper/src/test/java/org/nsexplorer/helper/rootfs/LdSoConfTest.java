package org.nsexplorer.helper.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LdSoConfTest {

    @Test
    void followsIncludeGlobsInSortedOrder(@TempDir Path etc) throws IOException {
        Path main = Files.writeString(etc.resolve("ld.so.conf"), "include ld.so.conf.d/*.conf\n/opt/a # again\n\n");
        Path d = Files.createDirectory(etc.resolve("ld.so.conf.d"));
        Files.writeString(d.resolve("b.conf"), "# comment\n/opt/b\n");
        Files.writeString(d.resolve("a.conf"), "/opt/c\n/opt/a\n");
        Files.writeString(d.resolve("readme.txt"), "/not/included\n");

        LdSoConf conf = LdSoConf.read(main);

        assertEquals(List.of(Path.of("/opt/c"), Path.of("/opt/a"), Path.of("/opt/b")), conf.dirs());
        assertTrue(conf.sources().containsAll(List.of(main, d, d.resolve("a.conf"), d.resolve("b.conf"))));
    }

    @Test
    void endsIncludeCycles(@TempDir Path etc) throws IOException {
        Path main = Files.writeString(etc.resolve("ld.so.conf"), "include ld.so.conf\n/opt/x\n");
        assertEquals(List.of(Path.of("/opt/x")), LdSoConf.read(main).dirs());
    }

    @Test
    void aMissingFileMeansNoDirectories(@TempDir Path etc) throws IOException {
        assertEquals(List.of(), LdSoConf.read(etc.resolve("none.conf")).dirs());
    }
}
