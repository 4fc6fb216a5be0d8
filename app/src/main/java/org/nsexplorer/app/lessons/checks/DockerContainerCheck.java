package org.nsexplorer.app.lessons.checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.nsexplorer.app.containers.FoundContainer;
import org.nsexplorer.app.containers.Namespace;
import org.nsexplorer.app.lessons.CheckResult;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * docker: the helper's discovery finds the Docker container NAME (one docker-run started) by
 * what the kernel and Docker's own files say, with namespaces of its own of the types OWN and
 * the host's of the types HOST.
 */
public record DockerContainerCheck(String name, Set<Namespace> own, Set<Namespace> host) implements LessonCheck {
    public static DockerContainerCheck parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("name", "own", "host"));
        String name = scope.dockerContainer(f.required("name"));
        Set<Namespace> own = types(f, "own");
        Set<Namespace> host = types(f, "host");
        return new DockerContainerCheck(name, own, host);
    }

    private static Set<Namespace> types(Fields f, String key) throws LessonFileException {
        Set<Namespace> types = EnumSet.noneOf(Namespace.class);
        if (f.optional(key).isEmpty()) {
            return types;
        }
        for (YamlValue v : f.required(key).list()) {
            String text = v.text().trim();
            types.add(Namespace.fromProcName(text).orElseThrow(() -> v.error("lesson.error.notOneOf", key, text,
                    List.of(Namespace.values()).stream().map(Namespace::procName).collect(Collectors.joining(", ")))));
        }
        return types;
    }

    @Override
    public String describe() {
        return Texts.get("lesson.check.docker", name, words(own), words(host));
    }

    @Override
    public String view() {
        return "namespaces";
    }

    @Override
    public CompletableFuture<CheckResult> run(LessonContext context) {
        return context.helper().discover().thenApply(answer -> {
            FoundContainer found = FoundContainer.parseList(answer).stream()
                    .filter(c -> c.engine().equals("docker") && c.name().equals(name)).findFirst().orElse(null);
            if (found == null) {
                return CheckResult.of(false, Texts.get("lesson.check.docker.notFound", name));
            }
            Set<Namespace> ownTypes = found.notTheHosts();
            List<Namespace> wrong = new ArrayList<>();
            own.stream().filter(t -> !ownTypes.contains(t)).forEach(wrong::add);
            host.stream().filter(ownTypes::contains).forEach(wrong::add);
            return CheckResult.of(wrong.isEmpty(), Texts.get(wrong.isEmpty() ? "lesson.check.docker.why"
                    : "lesson.check.docker.whyNot", name, found.hostPid(), words(ownTypes), words(wrong)));
        });
    }

    private static String words(Collection<Namespace> types) {
        return types.isEmpty() ? "-" : types.stream().map(Namespace::procName).collect(Collectors.joining(", "));
    }
}
