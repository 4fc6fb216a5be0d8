package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.util.List;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.discover.Discoverer;
import org.nsexplorer.helper.discover.EngineRecords;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.json.JsonOutput;
import org.nsexplorer.helper.snapshot.SeeingRule;
import org.nsexplorer.helper.words.Word;

/** `./nsx-helper discover`: the containers that others made on this host, as JSON. */
public final class DiscoverCommand {
    private DiscoverCommand() {
    }

    public static int run(List<String> args) {
        if (!args.isEmpty()) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_DISCOVER_USAGE));
            return 2;
        }
        try (Engine engine = Helper.openEngine(false)) {
            Discoverer discoverer = new Discoverer(engine, SeeingRule.forThisHelper(), new EngineRecords());
            System.out.println(JsonOutput.pretty(discoverer.discover()));
            return 0;
        } catch (IOException e) {
            System.err.println("nsx-helper: " + CommandLineWords.of(Word.CLI_DISCOVER_FAILED, CommandLineWords.of(e)));
            return 1;
        }
    }
}
