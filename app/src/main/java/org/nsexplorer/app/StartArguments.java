package org.nsexplorer.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nsexplorer.app.ui.Texts;

/**
 * What the app was started to do, from the arguments ./nsx passes: `--screenshots=DIR`,
 * `bench`, `bench-window` (the bench's window run: quit once ready), `--rehearse=LESSON,...`
 * (none: all) and `--report=FILE`. Anything else is refused,
 * so a mistyped option says so instead of opening the window as if it were not there.
 *
 * @param screenshots where the screenshot tour writes, or null
 * @param rehearse the lessons to rehearse (empty: all), or null when not rehearsing
 * @param report where the rehearsal writes its report, or null
 */
record StartArguments(Path screenshots, boolean bench, boolean benchWindow, List<String> rehearse, Path report) {
    private static final String SCREENSHOTS = "--screenshots=";
    private static final String REHEARSE = "--rehearse=";
    private static final String REPORT = "--report=";

    /** @throws IllegalArgumentException with the line to show the user */
    static StartArguments parse(List<String> args) {
        Path screenshots = null;
        boolean bench = false;
        boolean benchWindow = false;
        List<String> rehearse = null;
        Path report = null;
        for (String arg : args) {
            if (arg.equals("bench")) {
                bench = true;
            } else if (arg.equals("bench-window")) {
                benchWindow = true;
            } else if (arg.startsWith(SCREENSHOTS)) {
                screenshots = Path.of(value(arg, SCREENSHOTS));
            } else if (arg.startsWith(REHEARSE)) {
                rehearse = Arrays.stream(arg.substring(REHEARSE.length()).split(",")).filter(s -> !s.isBlank()).toList();
            } else if (arg.startsWith(REPORT)) {
                report = Path.of(value(arg, REPORT));
            } else {
                throw new IllegalArgumentException(Texts.get("start.unknownArgument", arg, program()));
            }
        }
        return new StartArguments(screenshots, bench, benchWindow, rehearse, report);
    }

    /** The command that started the app, as the messages name it: ./nsx, or nsx-explorer once installed. */
    static String program() {
        return System.getProperty("nsx.program", "./nsx");
    }

    private static String value(String arg, String option) {
        String value = arg.substring(option.length());
        if (value.isEmpty()) {
            throw new IllegalArgumentException(Texts.get("start.emptyValue", option, program()));
        }
        return value;
    }
}
