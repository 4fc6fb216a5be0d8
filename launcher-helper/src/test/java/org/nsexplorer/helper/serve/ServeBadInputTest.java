package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.Procs;
import org.nsexplorer.helper.support.ServeSession;

/**
 * `serve` fed what no app would send: every line gets one short typed error naming the
 * field, the helper lives on, its containers keep running, and a launch afterwards works.
 */
class ServeBadInputTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A hostile line, the error kind it must get, and the field that error must name. */
    private record Case(String what, byte[] line, String kind, String field) {
        static Case of(String what, String line, String kind, String field) {
            return new Case(what, line.getBytes(StandardCharsets.UTF_8), kind, field);
        }

        /** Exactly FIELD, or a field that starts with it when FIELD ends with "*". */
        boolean fieldMatches(String got) {
            return field.endsWith("*") ? got.startsWith(field.substring(0, field.length() - 1)) : got.equals(field);
        }
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(a, a.length + raw.length + c.length);
        for (int i = 0; i < raw.length; i++) {
            line[a.length + i] = (byte) raw[i];
        }
        System.arraycopy(c, 0, line, a.length + raw.length, c.length);
        return line;
    }

    private static List<Case> cases() {
        String big = "x".repeat(200_000);
        String manyArgs = "\"a\",".repeat(100_000) + "\"a\"";
        String manyPrograms = "\"sh\",".repeat(10_000) + "\"sh\"";
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        return List.of(
                // the wire: encoding, syntax, shape
                Case.of("not JSON", "this is not json", "protocol", "line"),
                Case.of("not an object: array", "[1,2]", "protocol", "line"),
                Case.of("not an object: null", "null", "protocol", "line"),
                Case.of("not an object: number", "42", "protocol", "line"),
                Case.of("two objects on a line", "{\"type\":\"list\",\"id\":\"a\"}{\"type\":\"list\",\"id\":\"b\"}",
                        "protocol", "line"),
                new Case("a raw NUL byte in a string", bytes("{\"type\":\"list\",\"id\":\"a", new int[] {0}, "b\"}"),
                        "protocol", "id"),
                new Case("invalid UTF-8", bytes("{\"type\":\"list\",\"id\":\"", new int[] {0xff, 0xfe}, "\"}"),
                        "protocol", "line"),
                new Case("an overlong UTF-8 NUL", bytes("{\"type\":\"list\",\"id\":\"", new int[] {0xc0, 0x80}, "\"}"),
                        "protocol", "line"),
                new Case("a UTF-8 encoded surrogate", bytes("{\"type\":\"list\",\"id\":\"",
                        new int[] {0xed, 0xa0, 0x80}, "\"}"), "protocol", "line"),
                Case.of("nesting 100,000 deep", "{\"id\":\"d\",\"spec\":{\"command\":" + deep + "},\"type\":\"launch\"}",
                        "protocol", "spec*"),
                Case.of("no type", "{\"id\":\"a\"}", "protocol", "type"),
                Case.of("a type that is a number", "{\"type\":5,\"id\":\"a\"}", "protocol", "type"),
                Case.of("an unknown type", "{\"type\":\"format-disk\",\"id\":\"a\"}", "protocol", "type"),
                Case.of("a key given twice", "{\"type\":\"list\",\"id\":\"a\",\"id\":\"b\"}", "protocol", "id"),
                // wrong types
                Case.of("signal as text", "{\"type\":\"signal\",\"id\":\"a\",\"container\":\"c1\",\"signal\":\"nine\"}",
                        "protocol", "signal"),
                Case.of("pids as text", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":\"100\",\"command\":"
                        + "[\"/bin/true\"]}}", "protocol", "spec.pids"),
                Case.of("pids as a fraction", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":1.5,\"command\":"
                        + "[\"/bin/true\"]}}", "protocol", "spec.pids"),
                Case.of("hostname as a number", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"hostname\":5,\"command\":"
                        + "[\"/bin/true\"]}}", "protocol", "spec.hostname"),
                Case.of("command as text", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"command\":\"/bin/true\"}}",
                        "protocol", "spec.command"),
                Case.of("terminal as a number", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"terminal\":1,"
                        + "\"command\":[\"/bin/true\"]}}", "protocol", "spec.terminal"),
                Case.of("compareHost as text", "{\"type\":\"snapshot\",\"id\":\"a\",\"compareHost\":\"yes\"}",
                        "protocol", "compareHost"),
                Case.of("id as a number", "{\"type\":\"list\",\"id\":5}", "protocol", "id"),
                Case.of("id as an object", "{\"type\":\"list\",\"id\":{\"a\":1}}", "protocol", "id"),
                Case.of("spec as an array", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":[]}", "protocol", "spec"),
                // huge, overflowing and negative numbers
                Case.of("pids 1e400", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":1e400,\"command\":"
                        + "[\"/bin/true\"]}}", "protocol", "spec.pids"),
                Case.of("pids of 5,000 digits", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":" + "9".repeat(5000)
                        + ",\"command\":[\"/bin/true\"]}}", "protocol", "spec.pids"),
                Case.of("signal beyond long", "{\"type\":\"signal\",\"id\":\"a\",\"container\":\"c1\",\"signal\":"
                        + "99999999999999999999}", "protocol", "signal"),
                Case.of("count beyond int", "{\"type\":\"ping\",\"id\":\"a\",\"to\":\"c1\",\"count\":4294967297}",
                        "protocol", "count"),
                Case.of("rows beyond int", "{\"type\":\"resize\",\"id\":\"a\",\"container\":\"c1\",\"rows\":2147483648,"
                        + "\"cols\":80}", "protocol", "rows"),
                Case.of("snapshot pid beyond long", "{\"type\":\"snapshot\",\"id\":\"a\",\"pid\":18446744073709551616}",
                        "protocol", "pid"),
                Case.of("snapshot pid -5", "{\"type\":\"snapshot\",\"id\":\"a\",\"pid\":-5}", "invalid-request", "pid"),
                Case.of("snapshot pid 0", "{\"type\":\"snapshot\",\"id\":\"a\",\"pid\":0}", "invalid-request", "pid"),
                Case.of("pids -1", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":-1,\"command\":[\"/bin/true\"]}}",
                        "invalid-request", "pids"),
                Case.of("pids at the top of long", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"pids\":"
                        + Long.MAX_VALUE + ",\"command\":[\"/bin/true\"]}}", "invalid-request", "pids"),
                Case.of("mapRoot -1", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"namespaces\":[\"mnt\",\"pid\","
                        + "\"user\"],\"mapRoot\":-1,\"command\":[\"/bin/true\"]}}", "invalid-request", "mapRoot"),
                Case.of("boottime at the bottom of long", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"namespaces\":"
                        + "[\"mnt\",\"pid\",\"time\"],\"boottime\":" + Long.MIN_VALUE + ",\"command\":[\"/bin/true\"]}}",
                        "invalid-request", "boottime"),
                Case.of("a memory size beyond long", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"memory\":"
                        + "\"99999999999999999999999G\",\"command\":[\"/bin/true\"]}}", "invalid-request", "memory"),
                Case.of("cpus 1e999", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"cpus\":\"1e999\",\"command\":"
                        + "[\"/bin/true\"]}}", "invalid-request", "cpus"),
                // sizes, and values too long to echo
                Case.of("an id of 200,000 characters", "{\"type\":\"list\",\"id\":\"" + big + "\"}", "invalid-request",
                        "id"),
                Case.of("a container name of 200,000 characters", "{\"type\":\"stop\",\"id\":\"a\",\"container\":\""
                        + big + "\"}", "invalid-request", "container"),
                Case.of("a hostname of 200,000 characters", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"hostname\":\""
                        + big + "\",\"command\":[\"/bin/true\"]}}", "invalid-request", "hostname"),
                Case.of("a command of 100,000 arguments", "{\"type\":\"launch\",\"id\":\"a\",\"spec\":{\"command\":["
                        + manyArgs + "]}}", "*", "*"),
                Case.of("10,000 programs", "{\"type\":\"rootfsMake\",\"id\":\"a\",\"kind\":\"programs\",\"name\":\"p\","
                        + "\"programs\":[" + manyPrograms + "]}", "invalid-request", "programs"),
                Case.of("an escaped NUL in the id", "{\"type\":\"list\",\"id\":\"a\\u0000b\"}", "invalid-request", "id"),
                Case.of("an escaped NUL in a container name", "{\"type\":\"stop\",\"id\":\"a\",\"container\":\"c\\u0000\"}",
                        "invalid-request", "container"));
    }

    @Test
    void everyHostileLineGetsOneShortTypedErrorNamingTheField() throws Exception {
        List<String> failures = new ArrayList<>();
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            int n = 0;
            for (Case c : cases()) {
                n++;
                List<JsonNode> answers = answersTo(s, c.line(), "sync-" + n);
                if (answers.size() != 1) {
                    failures.add(c.what() + ": " + answers.size() + " answers: " + shorten(answers.toString()));
                    continue;
                }
                JsonNode a = answers.get(0);
                String field = a.path("field").asText("");
                boolean anyCommandField = c.field().equals("*") && (field.equals("command")
                        || field.startsWith("spec.command"));
                if (!a.path("type").asText().equals("error")
                        || !(c.kind().equals("*") || a.path("kind").asText().equals(c.kind()))
                        || !(anyCommandField || (!c.field().equals("*") && c.fieldMatches(field)))) {
                    failures.add(c.what() + ": expected " + c.kind() + " error on field " + c.field() + ", got "
                            + shorten(a.toString()));
                } else if (a.toString().length() > 2000) {
                    failures.add(c.what() + ": the answer is " + a.toString().length() + " characters: it echoes the"
                            + " request instead of naming its field");
                }
            }
            // The helper lives on and still launches.
            assertEquals(7, launchAndAwaitExit(s, "exit 7"));
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " hostile lines not answered as they should be:\n" + String.join("\n", failures));
        }
    }

    /** The answers (messages with an id, or errors) to LINE: sent, then a list whose answer ends them. */
    private static List<JsonNode> answersTo(ServeSession s, byte[] line, String syncId) throws Exception {
        byte[] withNewline = Arrays.copyOf(line, line.length + 1);
        withNewline[line.length] = '\n';
        s.sendBytes(withNewline);
        s.send("{\"type\":\"list\",\"id\":\"" + syncId + "\"}");
        List<JsonNode> answers = new ArrayList<>();
        while (true) {
            JsonNode m = s.await(x -> true, WAIT);
            if (syncId.equals(m.path("id").asText(null))) {
                return answers;
            }
            if (m.has("id") || m.path("type").asText().equals("error")) {
                answers.add(m);
            }
        }
    }

    /** Launches sh -c SCRIPT and returns its exit code. */
    private static int launchAndAwaitExit(ServeSession s, String script) throws Exception {
        s.send("{\"type\":\"launch\",\"id\":\"after\",\"spec\":{\"command\":[\"/bin/sh\",\"-c\",\"" + script
                + "\"]}}");
        String container = s.await(m -> m.path("type").asText().equals("launched") && "after".equals(
                m.path("id").asText()), WAIT).get("container").asText();
        return s.await(m -> m.path("type").asText().equals("exited") && container.equals(
                m.path("container").asText()), WAIT).get("code").asInt();
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " characters)" : s;
    }

    @Test
    void aLineOf300MegabytesIsRefusedWhileTheContainerRunsOn() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);
            JsonNode started = s.launchRunning("r", "{\"command\":[\"/bin/sleep\",\"300\"]}", WAIT);
            long pid = started.get("hostPid").asLong();
            String container = started.get("container").asText();
            // One request line of 300 MiB, streamed in 1 MiB pieces as a pipe delivers it.
            byte[] piece = new byte[1 << 20];
            Arrays.fill(piece, (byte) 'a');
            try {
                s.sendBytes("{\"type\":\"list\",\"id\":\"big\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 300; i++) {
                    s.sendBytes(piece);
                }
                s.sendBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                fail("serve stopped reading in the middle of the long line (it died): " + e);
            }
            JsonNode error = s.await(m -> m.path("type").asText().equals("error"), Duration.ofSeconds(120));
            assertEquals("protocol", error.get("kind").asText(), error.toString());
            assertEquals("line", error.get("field").asText(), error.toString());
            assertTrue(error.get("message").asText().contains("1 MiB"), error.toString());
            assertTrue(Procs.alive(pid), "the container must survive the long line");

            s.send("{\"type\":\"list\",\"id\":\"l\"}");
            JsonNode list = s.await(m -> "l".equals(m.path("id").asText()), WAIT).get("containers");
            assertEquals(1, list.size());
            assertEquals(container, list.get(0).get("container").asText());
            assertEquals("RUNNING", list.get(0).get("state").asText());

            assertEquals(4, launchAndAwaitExit(s, "exit 4"));
        }
    }
}
