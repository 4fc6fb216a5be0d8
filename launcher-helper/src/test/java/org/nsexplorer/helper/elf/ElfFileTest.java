package org.nsexplorer.helper.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.rootfs.LibraryResolver;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {

    private static final Path LS = Path.of("/bin/ls");

    @TempDir
    Path tmp;

    @Test
    void readsNeededLibrariesAndInterpreterOfLs() throws IOException {
        ElfFile ls = ElfFile.read(LS);
        assertTrue(ls.needed().contains("libc.so.6"), ls.needed().toString());
        String interpreter = ls.interpreter().orElseThrow();
        assertTrue(interpreter.startsWith("/lib") && interpreter.contains("ld-linux"), interpreter);
        assertTrue(Files.isRegularFile(Path.of(interpreter)), interpreter);
        assertTrue(ls.soname().isEmpty());
    }

    @Test
    void readsSonameOfALibrary() throws IOException {
        ElfFile ls = ElfFile.read(LS);
        Path libc = new LibraryResolver(ls.machine(), List.of()).resolve(List.of(LS), List.of()).stream()
                .filter(l -> l.soname().equals("libc.so.6")).findFirst().orElseThrow().path();
        ElfFile elf = ElfFile.read(libc);
        assertEquals("libc.so.6", elf.soname().orElseThrow());
        assertEquals(ls.machine(), elf.machine());
    }

    @Test
    void needsNoSectionHeaders() throws IOException {
        // ld.so reads only program headers; a file without section headers still runs.
        byte[] bytes = Files.readAllBytes(LS);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(40, 0).putShort(60, (short) 0).putShort(62, (short) 0); // e_shoff, e_shnum, e_shstrndx
        Path stripped = Files.write(tmp.resolve("ls-without-sections"), bytes);
        assertEquals(ElfFile.read(LS), ElfFile.read(stripped));
    }

    @Test
    void rejectsNonElfNamingTheFile() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "just text\n");
        IOException e = assertThrows(IOException.class, () -> ElfFile.read(text));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("not an ELF file"),
                e.getMessage());

        Path empty = Files.createFile(tmp.resolve("empty"));
        e = assertThrows(IOException.class, () -> ElfFile.read(empty));
        assertTrue(e.getMessage().contains("not an ELF file"), e.getMessage());
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        byte[] ls = Files.readAllBytes(LS);
        for (int length : new int[] {40, 3000}) { // inside the ELF header; inside the program headers' data
            Path cut = Files.write(tmp.resolve("ls-" + length), Arrays.copyOf(ls, length));
            IOException e = assertThrows(IOException.class, () -> ElfFile.read(cut));
            System.out.println("truncated to " + length + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void rejects32BitElf() throws IOException {
        byte[] header = Arrays.copyOf(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1}, 52);
        Path elf32 = Files.write(tmp.resolve("elf32"), header);
        IOException e = assertThrows(IOException.class, () -> ElfFile.read(elf32));
        assertTrue(e.getMessage().contains(elf32.toString()) && e.getMessage().contains("32-bit"), e.getMessage());
    }
}
