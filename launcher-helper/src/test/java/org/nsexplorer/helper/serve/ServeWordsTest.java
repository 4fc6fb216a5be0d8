package org.nsexplorer.helper.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsexplorer.helper.support.ServeSession;
import org.nsexplorer.helper.words.Words;

/**
 * Each refusal says its English "message", and its "code" and "args": the app words it in
 * the teacher's language from those. The message is exactly the code's English sentence.
 */
class ServeWordsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void refusalsCarryTheirCodeAndTheValuesTheyShow() throws Exception {
        try (ServeSession s = new ServeSession()) {
            s.awaitType("hello", WAIT);

            s.send("{\"type\":\"launch\",\"id\":\"h\",\"spec\":{\"hostname\":\"no_way\",\"command\":[\"sh\"]}}");
            assertWorded(s.awaitType("error", WAIT), "recipe.hostname.invalid", "no_way");

            s.send("{\"type\":\"launch\",\"id\":\"m\",\"spec\":{\"memory\":\"64T\",\"command\":[\"sh\"]}}");
            JsonNode memory = s.awaitType("error", WAIT);
            // Each value as the sentence shows it: a size in the helper's units.
            assertWorded(memory, "recipe.memory.moreThanRam", "64 TiB", memory.path("args").get(1).asText());
            assertTrue(memory.path("args").get(1).asText().endsWith("iB"), memory.toString());

            s.send("{\"type\":\"stop\",\"id\":\"x\",\"container\":\"c999\"}");
            assertWorded(s.awaitType("error", WAIT), "container.notRunningNamed", "c999");

            s.send("{\"type\":\"signal\",\"id\":\"y\",\"container\":\"c998\",\"signal\":9}");
            assertWorded(s.awaitType("error", WAIT), "container.notRunningNamed", "c998");

            // Refused by the parser, before any handler.
            s.send("{\"type\":\"list\",\"id\":\"u\",\"colour\":\"red\"}");
            assertWorded(s.awaitType("error", WAIT), "request.unknownField", "colour");

            s.send("{\"type\":\"launch\",\"id\":\"l\",\"spec\":{\"hostname\":\"" + "a".repeat(300)
                    + "\",\"command\":[\"sh\"]}}");
            JsonNode tooLong = s.awaitType("error", WAIT);
            assertWorded(tooLong, "request.tooLong", "hostname", "300", "255");
            assertFalse(tooLong.toString().contains("a".repeat(100)), "the value itself is never echoed");

            // A check's problems: each in English, and in words.
            s.send("{\"type\":\"rootfsCheck\",\"id\":\"c\",\"rootfs\":\"/nonexistent/rootfs\"}");
            JsonNode check = s.awaitType("rootfsCheck", WAIT);
            assertEquals(1, check.path("problems").size(), check.toString());
            JsonNode problem = check.path("problemWords").get(0);
            assertWorded(problem, "recipe.rootfs.missing", "/nonexistent/rootfs");
            assertEquals(problem.path("message").asText(), check.path("problems").get(0).asText());
        }
    }

    /** CODE and ARGS, and the message is the English sentence they make. */
    private static void assertWorded(JsonNode answer, String code, String... args) {
        assertEquals(code, answer.path("code").asText(), answer.toString());
        List<String> given = new ArrayList<>();
        answer.path("args").forEach(a -> {
            assertTrue(a.isTextual(), answer.toString());
            given.add(a.asText());
        });
        assertEquals(List.of(args), given, answer.toString());
        assertEquals(Words.english(code, (Object[]) args), answer.path("message").asText());
    }
}
