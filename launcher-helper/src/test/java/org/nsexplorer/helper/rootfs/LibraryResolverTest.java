package org.nsexplorer.helper.rootfs;

import org.nsexplorer.helper.elf.ElfFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibraryResolverTest {

    private static final Path LS = Path.of("/bin/ls");

    @Test
    void findsLibcForLsAsAnExistingFileInADefaultDirectory() throws IOException {
        ElfFile ls = ElfFile.read(LS);
        LibraryResolver resolver =
                new LibraryResolver(ls.machine(), LdSoConf.read(Path.of("/etc/ld.so.conf")).dirs());

        List<LibraryResolver.Library> libs = resolver.resolve(List.of(LS), List.of());
        libs.forEach(System.out::println);

        LibraryResolver.Library libc =
                libs.stream().filter(l -> l.soname().equals("libc.so.6")).findFirst().orElseThrow();
        assertTrue(Files.isRegularFile(libc.path()), libc.toString());
        assertTrue(libc.inDefaultDir(), libc.toString());
        Set<String> sonames = new HashSet<>();
        libs.forEach(l -> assertTrue(sonames.add(l.soname()), "listed twice: " + l));
    }

    @Test
    void resolvesTransitivelyButLeavesTheInterpreterOut() throws IOException {
        ElfFile ls = ElfFile.read(LS);
        String interpreter = Path.of(ls.interpreter().orElseThrow()).getFileName().toString();
        List<String> sonames = new LibraryResolver(ls.machine(), List.of())
                .resolve(List.of(LS), List.of(interpreter)).stream().map(LibraryResolver.Library::soname).toList();

        // libc itself needs the interpreter (DT_NEEDED ld-linux...), which ld.so has loaded already.
        assertFalse(sonames.contains(interpreter), sonames.toString());
        for (String direct : ls.needed()) {
            assertTrue(sonames.contains(direct), direct);
        }
        assertTrue(sonames.size() >= ls.needed().size());
        assertEquals(sonames.size(), new HashSet<>(sonames).size());
    }
}
