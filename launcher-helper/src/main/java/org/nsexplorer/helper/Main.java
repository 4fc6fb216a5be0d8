package org.nsexplorer.helper;

import java.util.Arrays;
import java.util.List;
import org.nsexplorer.helper.cli.BenchCommand;
import org.nsexplorer.helper.cli.CommandLineWords;
import org.nsexplorer.helper.cli.CommandsCommand;
import org.nsexplorer.helper.cli.DiscoverCommand;
import org.nsexplorer.helper.cli.RootfsCommand;
import org.nsexplorer.helper.cli.RunCommand;
import org.nsexplorer.helper.cli.SnapshotCommand;
import org.nsexplorer.helper.serve.ServeCommand;
import org.nsexplorer.helper.words.Word;

/** `nsx-helper COMMAND ...`: the privileged helper's command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(dispatch(Arrays.asList(args)));
    }

    static int dispatch(List<String> args) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            System.out.println(CommandLineWords.of(Word.CLI_HELP));
            return args.isEmpty() ? 2 : 0;
        }
        ParentWatch.install();
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "run":
                return RunCommand.run(rest);
            case "serve":
                return ServeCommand.serve(System.in, System.out);
            case "commands":
                return CommandsCommand.run(rest);
            case "snapshot":
                return SnapshotCommand.run(rest);
            case "discover":
                return DiscoverCommand.run(rest);
            case "bench":
                return BenchCommand.run(rest);
            case "rootfs":
                return RootfsCommand.run(rest);
            default:
                System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_UNKNOWN_COMMAND, args.get(0)));
                return 2;
        }
    }

}
