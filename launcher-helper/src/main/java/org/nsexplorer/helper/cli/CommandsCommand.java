package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.util.List;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.commands.EquivalentCommands;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SpecValidator;

/** `./nsx-helper commands [run options] -- CMD`: the shell commands that build that container by hand. */
public final class CommandsCommand {
    private CommandsCommand() {
    }

    public static int run(List<String> args) {
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
            System.out.print(EquivalentCommands.script(validator.preview(parsed.spec()), CgroupLayout.mounts()));
            return 0;
        } catch (InvalidRequestException e) {
            System.err.println("nsx-helper: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + e.getMessage());
            return 1;
        }
    }
}
