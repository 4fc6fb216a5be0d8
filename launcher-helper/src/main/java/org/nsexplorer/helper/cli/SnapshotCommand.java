package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.util.List;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.json.JsonOutput;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.snapshot.Snapshotter;
import org.nsexplorer.helper.words.Word;

/** `./nsx-helper snapshot --pid PID [--compare-host] | --host`: what a process sees, as JSON. */
public final class SnapshotCommand {
    private SnapshotCommand() {
    }

    public static int run(List<String> args) {
        boolean host = args.equals(List.of("--host"));
        boolean compare = args.size() == 3 && args.get(2).equals("--compare-host");
        long pid = -1;
        if (!host) {
            if ((args.size() != 2 && !compare) || !args.get(0).equals("--pid") || !args.get(1).matches("\\d{1,10}")) {
                System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_SNAPSHOT_USAGE));
                return 2;
            }
            pid = Long.parseLong(args.get(1));
        }
        try (Engine engine = Helper.openEngine(false)) {
            Snapshotter snapshotter = new Snapshotter(engine);
            Object answer = host ? snapshotter.host() : compare
                    ? snapshotter.compareWithHost(pid) : snapshotter.of(pid);
            System.out.println(JsonOutput.pretty(answer));
            return 0;
        } catch (Snapshotter.NoSuchProcessException | SeeingRule.NotYoursException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(e));
            return 2;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_SNAPSHOT_FAILED, CommandLineWords.of(e)));
            return 1;
        }
    }
}
