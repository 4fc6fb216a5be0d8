package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.util.List;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.commands.EquivalentCommands;
import org.nsexplorer.helper.commands.NspawnCommandLine;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.ValidatedSpec;

/**
 * `./nsx-helper commands [--nspawn] [run options] -- CMD`: the shell commands that build that
 * container by hand; with --nspawn, the systemd-nspawn line instead, and as comments what it
 * cannot give.
 */
public final class CommandsCommand {
    private CommandsCommand() {
    }

    /** The line, then what it cannot give as shell comments: the whole can be pasted as it is. */
    static String nspawnText(NspawnCommandLine nspawn) {
        StringBuilder out = new StringBuilder(nspawn.line()).append('\n');
        if (!nspawn.missing().isEmpty()) {
            out.append("# What systemd-nspawn cannot do the same way:\n");
            nspawn.missing().forEach(d -> out.append("# - ").append(d.words()).append('\n'));
        }
        return out.toString();
    }

    public static int run(List<String> args) {
        int end = args.indexOf("--") < 0 ? args.size() : args.indexOf("--");
        boolean nspawn = args.subList(0, end).contains("--nspawn");
        if (nspawn) {
            args = new java.util.ArrayList<>(args);
            args.remove("--nspawn");
        }
        try {
            RunArguments parsed = RunArguments.parse(args);
            SpecValidator validator = new SpecValidator(HostFacts.current(), () -> {
                try {
                    return Helper.defaultRootfs().ensureBuilt();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            validator = validator.limitedBy(CgroupLayout.detect().limitable());
            ValidatedSpec spec = validator.preview(parsed.spec());
            System.out.print(nspawn ? nspawnText(NspawnCommandLine.of(spec))
                    : EquivalentCommands.script(spec, CgroupLayout.mounts()));
            return 0;
        } catch (InvalidRequestException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return 2;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return 1;
        }
    }
}
