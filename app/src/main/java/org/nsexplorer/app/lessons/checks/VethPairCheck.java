package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * veth-pair: the container's interface and one of the host's are up in the same IPv4 subnet:
 * the two ends of a veth pair. The walkthrough's 10.0.0.1/10.0.0.2 when that subnet was free,
 * the next free one the helper chose otherwise; the why says which.
 */
public record VethPairCheck(String in) implements LessonCheck {
    public static VethPairCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        return new VethPairCheck(scope.container(value));
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.vethPair", in);
    }

    @Override
    public String view() {
        return "netmap";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.snapshot(in).thenCombine(context.hostSnapshot(), (inside, host) -> {
            for (JsonNode i : inside.path("interfaces")) {
                JsonNode a = ipv4(i);
                if (a == null || i.path("name").asText().equals("lo") || !i.path("up").asBoolean()) {
                    continue;
                }
                int prefix = a.path("prefixLength").asInt();
                long subnet = subnet(a.path("address").asText(), prefix);
                for (JsonNode h : host.path("interfaces")) {
                    JsonNode b = ipv4(h);
                    if (b != null && h.path("up").asBoolean() && subnet(b.path("address").asText(), prefix) == subnet) {
                        String where = Texts.get("lesson.check.vethPair.why", in, i.path("name").asText(),
                                a.path("address").asText() + "/" + prefix, h.path("name").asText(),
                                b.path("address").asText());
                        boolean walkthrough = a.path("address").asText().startsWith("10.0.0.");
                        return CheckResult.of(true, walkthrough ? where
                                : where + " " + Texts.get("lesson.check.vethPair.otherSubnet"));
                    }
                }
            }
            return CheckResult.of(false, Texts.get("lesson.check.vethPair.none", in));
        });
    }

    private static JsonNode ipv4(JsonNode iface) {
        for (JsonNode a : iface.path("addresses")) {
            if (a.path("family").asText().equals("ipv4")) {
                return a;
            }
        }
        return null;
    }

    private static long subnet(String dotted, int prefix) {
        long value = 0;
        for (String part : dotted.split("\\.")) {
            value = value << 8 | Long.parseLong(part);
        }
        long mask = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        return value & mask;
    }
}
