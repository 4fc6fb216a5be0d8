package org.nsexplorer.helper.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.HelperCli;
import org.nsexplorer.helper.support.ServeSession;

/**
 * The equivalent commands in the person's language: only the comments change, never a command.
 * The app asks with "language"; ./nsx-helper commands follows LC_ALL, LC_MESSAGES or LANG.
 */
class CommandsLanguageTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Every step and the bridge's comments: limits, an overlay and a bridge. */
    private static final String SPEC = "{\"hostname\":\"web\",\"memory\":\"64M\",\"pids\":20,"
            + "\"network\":\"bridge\",\"overlay\":{},\"command\":[\"/bin/sh\",\"-c\",\"echo # not a comment\"]}";

    /**
     * The lines a shell runs: comment lines and comments at the end of a line left out (a line
     * that ends in a quoted word, the command's, has none: its " # " is inside the quotes).
     */
    private static List<String> commandLines(String script) {
        List<String> lines = new ArrayList<>();
        for (String line : script.split("\n", -1)) {
            if (!line.startsWith("#")) {
                lines.add(line.endsWith("'") ? line : line.replaceFirst(" # .*$", ""));
            }
        }
        return lines;
    }

    private static JsonNode commands(ServeSession s, String id, String language) throws Exception {
        s.send("{\"type\":\"commands\",\"id\":\"" + id + "\"" + (language == null ? "" : ",\"language\":\"" + language
                + "\"") + ",\"spec\":" + SPEC + "}");
        return s.await(m -> id.equals(m.path("id").asText()), WAIT);
    }

    @Test
    void theSpanishScriptHasSpanishCommentsAndTheSameCommands() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            String english = commands(s, "en0", null).path("script").asText();
            String alsoEnglish = commands(s, "en1", "en").path("script").asText();
            String spanish = commands(s, "es", "es").path("script").asText();
            String portuguese = commands(s, "pt", "pt-BR").path("script").asText();
            assertEquals(english, alsoEnglish, "en is the default");
            assertTrue(english.contains("\n# 1. A cgroup holds the limits;"), english);
            assertTrue(spanish.contains("\n# 1. Un cgroup contiene los límites; esta shell entra en él"), spanish);
            assertTrue(spanish.contains("sleep 0.2 # hasta que unshare haya creado los espacios de nombres\n"), spanish);
            assertTrue(spanish.contains("\n# 2. Copia en escritura:"), spanish);
            assertTrue(portuguese.contains("\n# 1. Um cgroup guarda os limites;"), portuguese);
            assertFalse(spanish.contains("holds the limits") || spanish.contains("both ends"), spanish);
            List<String> commands = commandLines(english);
            assertTrue(commands.size() > 30, english); // the script's commands, not an error
            assertTrue(commands.stream().anyMatch(l -> l.contains("echo # not a comment")), english);
            assertEquals(commands, commandLines(spanish));
            assertEquals(commands, commandLines(portuguese));
            assertFalse(english.equals(spanish));
        }
    }

    @Test
    void aLanguageTheHelperDoesNotSpeakIsRefusedWithItsCode() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            for (String language : List.of("fr", "pt_BR", "es-ES", "EN", "")) {
                JsonNode refused = commands(s, "x", language);
                assertEquals("error", refused.path("type").asText(), refused.toString());
                assertEquals("invalid-request", refused.path("kind").asText(), refused.toString());
                assertEquals("language", refused.path("field").asText(), refused.toString());
                assertEquals("request.language.unknown", refused.path("code").asText(), refused.toString());
                assertEquals(List.of(language), List.of(refused.path("args").get(0).asText()), refused.toString());
            }
            JsonNode tooLong = commands(s, "y", "es".repeat(9));
            assertEquals("request.tooLong", tooLong.path("code").asText(), tooLong.toString());
            assertEquals("language", tooLong.path("field").asText(), tooLong.toString());
            // still answering
            assertTrue(commands(s, "z", "es").path("script").asText().startsWith("# El mismo contenedor a mano"));
        }
    }

    /**
     * LANG alone names the language; LC_ALL and LC_MESSAGES, which come first, are left unset.
     * stdout is UTF-8 as ./nsx-helper makes it (LC_ALL=C.UTF-8 there): this host may have no
     * es_ES.UTF-8 locale, and Java 17 would then print a question mark for each accent.
     */
    private static HelperCli.Result cli(String lang, String... args) throws Exception {
        ProcessBuilder b = HelperCli.builder(List.of(args));
        b.command().add(1, "-Dsun.stdout.encoding=UTF-8");
        b.environment().remove("LC_ALL");
        b.environment().remove("LC_MESSAGES");
        b.environment().putAll(Map.of("LANG", lang));
        HelperCli.Result r = HelperCli.run(b);
        assertEquals(0, r.exit(), r.stderr());
        return r;
    }

    @Test
    void theCommandLineSpeaksLang() throws Exception {
        String[] args = {"commands", "--net", "veth", "--memory", "64M", "--", "/bin/sh"};
        String english = cli("C.UTF-8", args).stdout();
        String spanish = cli("es_ES.UTF-8", args).stdout();
        assertTrue(english.startsWith("# The same container by hand (run as root)."), english);
        assertTrue(spanish.startsWith("# El mismo contenedor a mano (ejecútalo como root)."), spanish);
        assertTrue(spanish.contains(" # borra los dos extremos a la vez\n"), spanish);
        assertEquals(commandLines(english), commandLines(spanish));

        String nspawn = cli("pt_BR.UTF-8", "commands", "--nspawn", "--ns", "mnt", "--root-switch", "chroot", "--",
                "/bin/sh").stdout();
        List<String> lines = List.of(nspawn.split("\n"));
        assertTrue(lines.get(0).startsWith("systemd-nspawn -D "), nspawn);
        assertEquals("# O que o systemd-nspawn não consegue fazer do mesmo jeito:", lines.get(1));
        assertTrue(lines.contains("# - modo chroot: o nspawn sempre troca a raiz por completo e não tem modo chroot,"
                + " então o / do host nunca fica ao alcance"), nspawn);
    }
}
