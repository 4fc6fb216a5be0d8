package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.HelperPaths;
import org.nsexplorer.helper.rootfs.Debootstrap;
import org.nsexplorer.helper.rootfs.ProgramLibraries;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.RootfsCheck;
import org.nsexplorer.helper.store.Progress;
import org.nsexplorer.helper.store.RootfsManager;
import org.nsexplorer.helper.store.UserFiles;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/** `./nsx-helper rootfs ...`: make, check, pack and remove root filesystems. Exit 2 for a refused request. */
public final class RootfsCommand {
    private RootfsCommand() {
    }

    /** A command line this command does not take: said, and followed by the usage. */
    private static final class UsageException extends InvalidRequestException {
        private static final long serialVersionUID = 1L;

        UsageException(Word word, Object... args) {
            super("command", Sentence.of(word, args));
        }
    }

    public static int run(List<String> args) {
        if (args.isEmpty()) {
            System.err.println(CommandLineWords.of(Word.CLI_ROOTFS_USAGE));
            return 2;
        }
        HostFacts host = HostFacts.current();
        RootfsManager manager = new RootfsManager(HelperPaths.stateDir(),
                new UserFiles(host.invokingUid(), host.invokingGid()));
        TerminalProgress progress = new TerminalProgress();
        CountDownLatch finished = new CountDownLatch(1);
        Thread cancelOnInterrupt = new Thread(() -> {
            progress.cancel();
            try {
                finished.await(30, TimeUnit.SECONDS); // the work directory is removed before we go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsx-rootfs-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            return dispatch(manager, args, progress);
        } catch (UsageException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e) + "\n" + CommandLineWords.of(Word.CLI_ROOTFS_USAGE));
            return 2;
        } catch (InvalidRequestException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return 2;
        } catch (CancellationException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.ROOTFS_CANCELLED));
            return 130;
        } catch (IOException | RuntimeException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return 1;
        } finally {
            finished.countDown();
        }
    }

    private static int dispatch(RootfsManager manager, List<String> args, Progress progress)
            throws IOException, InvalidRequestException {
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        RootfsManager.Made made;
        switch (verb) {
            case "default" -> {
                System.out.println(Helper.defaultRootfs().ensureBuilt());
                return 0;
            }
            case "list" -> {
                for (String name : manager.rootfs().names()) {
                    System.out.println("rootfs\t" + name + "\t" + manager.rootfs().dir().resolve(name));
                    manager.programRecords().read(name).ifPresent(RootfsCommand::printLibraries);
                }
                for (String name : manager.layers().names()) {
                    System.out.println("layer\t" + name + "\t" + manager.layers().dir().resolve(name));
                }
                return 0;
            }
            case "import" -> made = manager.importArchive(Path.of(arg(rest, 0, "FILE")), arg(rest, 1, "NAME"),
                    progress);
            case "build" -> made = manager.fromHostPrograms(arg(rest, 0, "NAME"), rest.subList(1, rest.size()));
            case "busybox" -> made = manager.busybox(arg(rest, 0, "NAME"));
            case "debootstrap" -> {
                String suite = option(rest, "--suite", Debootstrap.defaultSuite());
                String mirror = option(rest, "--mirror", Debootstrap.defaultMirror());
                made = manager.debootstrap(arg(rest, 0, "NAME"), suite, mirror, progress);
            }
            case "export" -> {
                long entries = manager.export(arg(rest, 0, "NAME"), Path.of(arg(rest, 1, "FILE")), progress);
                System.out.println(CommandLineWords.of(Word.CLI_ROOTFS_EXPORTED, entries,
                        Path.of(rest.get(1)).toAbsolutePath()));
                return 0;
            }
            case "check" -> {
                return check(manager, rest);
            }
            case "remove" -> {
                manager.remove(arg(rest, 0, "NAME"));
                return 0;
            }
            default -> throw new UsageException(Word.CLI_ROOTFS_UNKNOWN_COMMAND, verb);
        }
        System.out.println(made.path());
        System.err.println("nsx-helper: rootfs " + made.name() + ": " + made.summary());
        return 0;
    }

    /** Under a rootfs built from host programs, each program and then its libraries as `ldd` prints them. */
    private static void printLibraries(List<ProgramLibraries> programs) {
        for (ProgramLibraries p : programs) {
            System.out.println("\tprogram\t" + p.name() + "\t" + p.path() + "\t(from " + p.hostPath() + ")");
            if (p.isStatic()) {
                System.out.println("\t\tstatically linked: no libraries");
            }
            for (ProgramLibraries.Library l : p.libraries()) {
                String inside = l.rootfsPath().equals(l.path()) ? "" : "\t(in the rootfs: " + l.rootfsPath() + ")";
                System.out.println("\t\t" + l.soname() + " => " + l.path() + inside);
            }
            p.loader().ifPresent(loader -> System.out.println("\t\t" + loader + "\t(the loader)"));
        }
    }

    private static int check(RootfsManager manager, List<String> rest) throws InvalidRequestException {
        String given = arg(rest, 0, "DIR|NAME");
        Path dir = given.contains("/") ? Path.of(given) : manager.rootfs().find(given).orElse(Path.of(given));
        String command = rest.size() > 1 ? rest.get(1) : "/bin/sh";
        List<Sentence> problems = RootfsCheck.problems(dir, command);
        if (problems.isEmpty()) {
            System.out.println(CommandLineWords.of(Word.CLI_ROOTFS_READY, dir, command));
            return 0;
        }
        problems.forEach(p -> System.out.println(CommandLineWords.of(Word.CLI_ROOTFS_PROBLEM, CommandLineWords.of(p))));
        return 1;
    }

    private static String arg(List<String> args, int index, String name) throws InvalidRequestException {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--")) {
                i++; // the option's value
            } else {
                positional.add(args.get(i));
            }
        }
        if (index >= positional.size()) {
            throw new UsageException(Word.CLI_ROOTFS_MISSING, name);
        }
        return positional.get(index);
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : fallback;
    }

    /** Progress as a line on stderr each time it moves by 5%, and a flag set by Ctrl-C. */
    private static final class TerminalProgress implements Progress {
        private volatile boolean cancelled;
        private int lastShown = -1;

        void cancel() {
            cancelled = true;
        }

        @Override
        public void report(double fraction, String step) {
            int percent = fraction < 0 ? -1 : (int) Math.round(fraction * 100);
            if (percent >= 0 && percent / 5 != lastShown / 5) {
                lastShown = percent;
                System.err.printf("[%3d%%] %s%n", percent, step.replaceAll("\\p{Cntrl}", "?"));
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
