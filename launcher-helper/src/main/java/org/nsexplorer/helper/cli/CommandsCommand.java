package org.nsexplorer.helper.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.cgroup.CgroupLayout;
import org.nsexplorer.helper.commands.EquivalentCommands;
import org.nsexplorer.helper.commands.DockerRunLine;
import org.nsexplorer.helper.commands.NspawnCommandLine;
import org.nsexplorer.helper.spec.HostFacts;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.spec.SpecValidator;
import org.nsexplorer.helper.spec.ValidatedSpec;
import org.nsexplorer.helper.words.EnvironmentLocale;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * `./nsx-helper commands [--nspawn] [run options] -- CMD`: the shell commands that build that
 * container by hand; with --nspawn, the systemd-nspawn line instead (with --docker, the docker
 * import and run lines), and as comments what it
 * cannot give. The comments follow LC_ALL, LC_MESSAGES or LANG, as the helper's other words do.
 */
public final class CommandsCommand {
    private CommandsCommand() {
    }

    /** The line, then what it cannot give as shell comments: the whole can be pasted as it is. */
    static String nspawnText(NspawnCommandLine nspawn, Locale locale) {
        StringBuilder out = new StringBuilder(nspawn.line()).append('\n');
        if (!nspawn.missing().isEmpty()) {
            out.append("# ").append(Sentence.of(Word.COMMANDS_NSPAWN_TITLE).in(locale)).append('\n');
            nspawn.missing().forEach(d -> out.append("# - ").append(d.words(locale)).append('\n'));
        }
        return out.toString();
    }

    /** The two lines, then what they cannot give as shell comments. */
    static String dockerText(DockerRunLine docker, Locale locale) {
        StringBuilder out = new StringBuilder(docker.importLine()).append('\n').append(docker.runLine()).append('\n');
        if (!docker.missing().isEmpty()) {
            out.append("# ").append(Sentence.of(Word.COMMANDS_DOCKER_TITLE).in(locale)).append('\n');
            docker.missing().forEach(d -> out.append("# - ").append(d.words(locale)).append('\n'));
        }
        return out.toString();
    }

    public static int run(List<String> args) {
        int end = args.indexOf("--") < 0 ? args.size() : args.indexOf("--");
        boolean nspawn = args.subList(0, end).contains("--nspawn");
        boolean docker = args.subList(0, end).contains("--docker");
        if (nspawn || docker) {
            args = new ArrayList<>(args);
            args.remove(nspawn ? "--nspawn" : "--docker");
        }
        try {
            RunArguments parsed = RunArguments.parse(args);
            SpecValidator validator = new SpecValidator(HostFacts.current(), () -> {
                try {
                    return Helper.defaultRootfs().ensureBuilt();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            validator = validator.limitedBy(CgroupLayout.detect().limitable());
            ValidatedSpec spec = validator.preview(parsed.spec());
            Locale locale = EnvironmentLocale.current();
            System.out.print(nspawn ? nspawnText(NspawnCommandLine.of(spec), locale)
                    : docker ? dockerText(DockerRunLine.of(spec), locale)
                    : EquivalentCommands.script(spec, CgroupLayout.mounts(), locale));
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
