package org.nsexplorer.app.lessons.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/** address: an interface that is up carries ADDRESS, in the container IN or on the host (in: host). */
public record AddressCheck(String in, String address) implements LessonCheck {
    public static AddressCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("in", "address"));
        String in = f.required("in").text().trim();
        String address = f.required("address").text().trim();
        if (!address.matches("[0-9a-fA-F.:]{2,45}")) {
            throw f.required("address").error("lesson.error.badAddress", address);
        }
        return new AddressCheck(in.equals("host") ? "host" : scope.container(f.required("in")), address);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.address", where(), address);
    }

    private String where() {
        return in.equals("host") ? Texts.get("lesson.host") : in;
    }

    @Override
    public String view() {
        return "network";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        CompletableFuture<JsonNode> seen = in.equals("host") ? context.hostSnapshot() : context.snapshot(in);
        return seen.thenApply(s -> {
            List<String> up = new ArrayList<>();
            String carrier = null;
            for (JsonNode i : s.path("interfaces")) {
                for (JsonNode a : i.path("addresses")) {
                    if (i.path("up").asBoolean()) {
                        up.add(i.path("name").asText() + " " + a.path("address").asText());
                    }
                    if (i.path("up").asBoolean() && a.path("address").asText().equals(address)) {
                        carrier = i.path("name").asText();
                    }
                }
            }
            return carrier != null ? CheckResult.of(true, Texts.get("lesson.check.address.found", where(), carrier,
                    address)) : CheckResult.of(false, Texts.get("lesson.check.address.missing", where(), address,
                    up.isEmpty() ? Texts.get("lesson.none") : String.join(", ", up)));
        });
    }
}
