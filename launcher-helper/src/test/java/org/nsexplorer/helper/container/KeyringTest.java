package org.nsexplorer.helper.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli.Result;
import org.nsexplorer.helper.support.PerlRootfs;

/**
 * The kernel keyring is not namespaced: a container must not reach the keys of the session
 * and user keyrings the helper runs with (here: this test's, which the helper inherits).
 */
class KeyringTest {
    private static final int KEY_SPEC_SESSION_KEYRING = -3;
    private static final int KEY_SPEC_USER_KEYRING = -4;
    private static PerlRootfs perl;

    @BeforeAll
    static void buildPerlRootfs() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the probe uses x86-64 call numbers");
        perl = PerlRootfs.build("t-keyring-perl");
    }

    @AfterAll
    static void removePerlRootfs() throws Exception {
        if (perl != null) {
            perl.close();
        }
    }

    /** Runs perl on the host (as this test: its keyrings are the helper's); returns its output. */
    private static String hostPerl(String script) throws Exception {
        Process p = new ProcessBuilder("perl", "-e", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(true, p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** add_key("user", DESCRIPTION, SECRET) into KEYRING; the key's id. */
    private static long addKey(String description, String secret, int keyring) throws Exception {
        return Long.parseLong(hostPerl("my ($t, $d, $s) = ('user', '" + description + "', '" + secret + "');"
                + " my $id = syscall(248, $t, $d, $s, length($s), " + keyring + "); die \"add_key: $!\" if $id == -1;"
                + " print $id;"));
    }

    /** Inside: finds each key by its description in the session and user keyrings, and reads it by id too. */
    private static String readerScript(String sessionKey, long sessionId, String userKey, long userId) {
        return "my $t = 'user';"
                + " sub search { my ($ring, $d) = @_; my $id = syscall(250, 10, $ring, $t, $d, 0);"
                + "   print $id == -1 ? \"search \" . ($! + 0) . \"\\n\" : \"found $id\\n\"; read_key($id) if $id != -1; }"
                + " sub read_key { my ($id) = @_; my $buf = \"\\0\" x 256; my $n = syscall(250, 11, $id, $buf, 256);"
                + "   print $n == -1 ? \"read \" . ($! + 0) . \"\\n\" : 'read ' . substr($buf, 0, $n) . \"\\n\"; }"
                + " my ($s, $u) = ('" + sessionKey + "', '" + userKey + "');"
                + " search(" + KEY_SPEC_SESSION_KEYRING + ", $s); search(" + KEY_SPEC_USER_KEYRING + ", $u);"
                + " read_key(" + sessionId + "); read_key(" + userId + ");";
    }

    @Test
    void aContainerCannotReadTheKeysOfTheHelpersSessionAndUserKeyrings() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String secret = "nsx-secret-" + tag;
        String sessionKey = "nsx-test-session-" + tag;
        String userKey = "nsx-test-user-" + tag;
        long sessionId = addKey(sessionKey, secret, KEY_SPEC_SESSION_KEYRING);
        long userId = addKey(userKey, secret, KEY_SPEC_USER_KEYRING);
        try {
            for (List<String> options : List.of(List.<String>of(), List.of("--ns", "mnt,uts,ipc,net,pid,user"))) {
                Result r = perl.runPerl(options, readerScript(sessionKey, sessionId, userKey, userId));
                assertEquals(0, r.exit(), r.stderr());
                assertFalse(r.stdout().contains(secret), options + ": the container read the host's key: "
                        + r.stdout());
                // keyctl is refused outright (EPERM), as in Docker: not even the search gets an answer.
                assertEquals(List.of("search 1", "search 1", "read 1", "read 1"), r.lines(), options.toString());
            }
        } finally {
            hostPerl("syscall(250, 21, " + sessionId + "); syscall(250, 21, " + userId + ");"); // KEYCTL_INVALIDATE
        }
    }
}
