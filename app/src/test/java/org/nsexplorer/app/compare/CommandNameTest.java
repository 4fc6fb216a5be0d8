package org.nsexplorer.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandNameTest {

    @Test
    void aProgramIsItsBaseNameWithItsShortArguments() {
        assertEquals("sh", CommandName.shorten("/bin/sh"));
        assertEquals("sleep 100", CommandName.shorten("/usr/bin/sleep 100"));
        assertEquals("tail -f /dev/null", CommandName.shorten("tail -f /dev/null"));
        assertEquals("bash /dev/fd/3", CommandName.shorten("bash /dev/fd/3"));
    }

    @Test
    void longArgumentsLoseTheirDirectoriesThenTheWordsThatDoNotFit() {
        String stage = "/work/main/launcher-helper/target/nsx-stage --inherit-stdio 31602 --overlays "
                + "/var/lib/nsx-explorer/overlay/nsx-31602-1700000000-";
        String shortened = CommandName.shorten(stage);
        assertEquals("nsx-stage --inherit-stdio 31602 …", shortened);
        assertTrue(shortened.length() <= "nsx-stage ".length() + CommandName.MAX_ARGUMENTS, shortened);
        assertEquals("sh xvfb-run -a app", CommandName.shorten("/bin/sh /usr/bin/xvfb-run -a /opt/x/app"));
        assertEquals("java …", CommandName.shorten("/usr/lib/jvm/bin/java -Dnsx.settings=a-very-long-settings-node-name"));
    }

    @Test
    void aProcessWithoutACommandLineIsItsCommInBrackets() {
        assertEquals("[kthreadd]", CommandName.full("", "kthreadd"));
        assertEquals("[kthreadd]", CommandName.shorten(CommandName.full("", "kthreadd")));
        assertEquals("sleep 9", CommandName.full("sleep 9", "sleep"));
    }
}
