package org.nsexplorer.helper.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads from an ELF64 little-endian program or library: the
 * interpreter and the dynamic section. Read the way ld.so reads it, through the program
 * headers (PT_INTERP, PT_DYNAMIC, PT_LOAD), so files without section headers work too;
 * that is why this is not net.fornwall:jelf, which finds the dynamic section only through
 * section headers and has no DT_RPATH.
 */
public record ElfFile(
        ElfMachine machine,
        Optional<String> interpreter,
        Optional<String> soname,
        List<String> needed,
        Optional<String> rpath,
        Optional<String> runpath) {

    private static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
    private static final int DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10,
            DT_SONAME = 14, DT_RPATH = 15, DT_RUNPATH = 29;
    private static final int MAX_TABLE = 16 << 20;

    public static ElfFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Parser(file, ch).parse();
        }
    }

    private record Load(long vaddr, long offset, long filesz) {}

    private static final class Parser {
        private final Path file;
        private final FileChannel ch;
        private final long size;

        Parser(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.size = ch.size();
        }

        ElfFile parse() throws IOException {
            if (size < 4 || read(0, 4).getInt() != 0x464c457f) {
                throw fail("not an ELF file");
            }
            ByteBuffer ident = read(0, 6);
            if (ident.get(4) != 2) {
                throw fail("ELF class " + ident.get(4) + " (32-bit) is not supported, only ELF64");
            }
            if (ident.get(5) != 1) {
                throw fail("big-endian ELF is not supported");
            }
            ByteBuffer h = read(0, 64);
            int type = Short.toUnsignedInt(h.getShort(16));
            if (type != 2 && type != 3) {
                throw fail("ELF type " + type + " is neither an executable nor a shared object");
            }
            int code = Short.toUnsignedInt(h.getShort(18));
            ElfMachine machine = ElfMachine.fromCode(code).filter(ElfMachine::assemblable)
                    .orElseThrow(() -> fail("unsupported ELF machine " + code + " (only x86_64 and aarch64)"));
            long phoff = h.getLong(32);
            int phentsize = Short.toUnsignedInt(h.getShort(54));
            int phnum = Short.toUnsignedInt(h.getShort(56));
            if (phentsize < 56) {
                throw fail("bad program header size " + phentsize);
            }

            List<Load> loads = new ArrayList<>();
            String interpreter = null;
            long dynOffset = -1, dynSize = 0;
            ByteBuffer ph = read(phoff, (long) phentsize * phnum);
            for (int i = 0; i < phnum; i++) {
                int base = i * phentsize;
                int pType = ph.getInt(base);
                long offset = ph.getLong(base + 8), vaddr = ph.getLong(base + 16), filesz = ph.getLong(base + 32);
                if (pType == PT_LOAD) {
                    loads.add(new Load(vaddr, offset, filesz));
                } else if (pType == PT_INTERP) {
                    interpreter = cString(read(offset, filesz), 0);
                } else if (pType == PT_DYNAMIC) {
                    dynOffset = offset;
                    dynSize = filesz;
                }
            }
            if (dynOffset < 0) { // statically linked
                return new ElfFile(machine, Optional.ofNullable(interpreter), Optional.empty(), List.of(),
                        Optional.empty(), Optional.empty());
            }

            List<Long> neededAt = new ArrayList<>();
            long strtab = -1, strsz = 0, sonameAt = -1, rpathAt = -1, runpathAt = -1;
            ByteBuffer dyn = read(dynOffset, dynSize);
            for (int pos = 0; pos + 16 <= dyn.limit(); pos += 16) {
                long tag = dyn.getLong(pos), val = dyn.getLong(pos + 8);
                if (tag == DT_NULL) {
                    break;
                } else if (tag == DT_NEEDED) {
                    neededAt.add(val);
                } else if (tag == DT_STRTAB) {
                    strtab = val;
                } else if (tag == DT_STRSZ) {
                    strsz = val;
                } else if (tag == DT_SONAME) {
                    sonameAt = val;
                } else if (tag == DT_RPATH) {
                    rpathAt = val;
                } else if (tag == DT_RUNPATH) {
                    runpathAt = val;
                }
            }
            if (strtab < 0) {
                throw fail("dynamic section has no DT_STRTAB");
            }
            ByteBuffer strings = read(fileOffset(loads, strtab), strsz);
            List<String> needed = new ArrayList<>();
            for (long at : neededAt) {
                needed.add(cString(strings, at));
            }
            return new ElfFile(machine, Optional.ofNullable(interpreter), optString(strings, sonameAt),
                    List.copyOf(needed), optString(strings, rpathAt), optString(strings, runpathAt));
        }

        /** DT_STRTAB holds a virtual address; the PT_LOAD segment containing it says where that is in the file. */
        private long fileOffset(List<Load> loads, long vaddr) throws IOException {
            for (Load l : loads) {
                if (Long.compareUnsigned(vaddr, l.vaddr) >= 0 && Long.compareUnsigned(vaddr - l.vaddr, l.filesz) < 0) {
                    return l.offset + (vaddr - l.vaddr);
                }
            }
            throw fail("DT_STRTAB address 0x" + Long.toHexString(vaddr) + " is in no PT_LOAD segment");
        }

        private Optional<String> optString(ByteBuffer strings, long at) throws IOException {
            return at < 0 ? Optional.empty() : Optional.of(cString(strings, at));
        }

        private String cString(ByteBuffer buf, long at) throws IOException {
            if (at < 0 || at >= buf.limit()) {
                throw fail("string offset " + at + " outside its table");
            }
            int end = (int) at;
            while (end < buf.limit() && buf.get(end) != 0) {
                end++;
            }
            if (end == buf.limit()) {
                throw fail("unterminated string at offset " + at);
            }
            byte[] bytes = new byte[end - (int) at];
            buf.get((int) at, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private ByteBuffer read(long offset, long length) throws IOException {
            if (length < 0 || length > MAX_TABLE) {
                throw fail("implausible table size " + length);
            }
            if (offset < 0 || offset > size - length) {
                throw fail("truncated: needs " + length + " bytes at offset " + offset + " but the file has " + size);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw fail("truncated while reading");
                }
            }
            return buf.flip();
        }

        private IOException fail(String why) {
            return new IOException(file + ": " + why);
        }
    }
}
