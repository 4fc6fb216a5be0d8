package org.nsexplorer.app.lessons.actions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nsexplorer.app.helper.HelperClient.RootfsSource;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonContext;
import org.nsexplorer.app.lessons.format.Fields;
import org.nsexplorer.app.lessons.format.LessonFileException;
import org.nsexplorer.app.lessons.format.Scope;
import org.nsexplorer.app.lessons.format.YamlValue;
import org.nsexplorer.app.ui.Texts;

/**
 * make-rootfs: a stored root filesystem NAME, as the Root filesystems tab makes it (busybox,
 * debootstrap, or chosen host programs and their libraries). A rootfs already stored under
 * that name is used as it is, unless REBUILD, so a teacher can prepare it before class.
 */
public record MakeRootfsAction(String kind, String name, List<String> programs, String suite, boolean rebuild)
        implements LessonAction {
    public static MakeRootfsAction parse(YamlValue value, Scope scope) throws LessonFileException {
        Fields f = value.fields();
        f.allowOnly(Set.of("kind", "name", "programs", "suite", "rebuild"));
        String kind = f.required("kind").text().trim();
        if (!List.of("busybox", "debootstrap", "programs").contains(kind)) {
            throw f.required("kind").error("lesson.error.notOneOf", "kind", kind, "busybox, debootstrap, programs");
        }
        String name = f.required("name").text().trim();
        if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw f.required("name").error("lesson.error.badName", name);
        }
        List<String> programs = f.optional("programs").isPresent() ? f.required("programs").texts() : List.of();
        if (kind.equals("programs") && programs.isEmpty()) {
            throw f.self().error("lesson.error.missing", "make-rootfs", "programs");
        }
        boolean rebuild = f.optional("rebuild").isPresent() && f.required("rebuild").yesNo();
        return new MakeRootfsAction(kind, name, programs, f.text("suite").orElse(null), rebuild);
    }

    @Override
    public String describe() {
        return Texts.get("lesson.action.makeRootfs." + kind, name, String.join(" ", programs));
    }

    @Override
    public CompletableFuture<String> run(LessonContext context) {
        return StoredRootfs.list(context).thenCompose(list -> {
            boolean stored = false;
            for (var item : list.path("rootfs")) {
                stored |= item.path("name").asText().equals(name);
            }
            if (stored && !rebuild) {
                context.showRootfs(name);
                return CompletableFuture.completedFuture(Texts.get("lesson.action.makeRootfs.stored", name));
            }
            if (!kind.equals("programs") && !list.path(kind).asBoolean(true)) {
                // Said before class by a rehearsal: what this machine lacks, and how to get it.
                throw new CompletionException(new IllegalStateException(Texts.get(
                        "lesson.error.install", kind, kind.equals("busybox") ? "busybox-static" : "debootstrap")));
            }
            CompletableFuture<?> removed = stored
                    ? context.helper().rootfsRemove(name)
                    : CompletableFuture.completedFuture(null);
            return removed.thenCompose(done -> {
                RootfsSource from = switch (kind) {
                    case "busybox" -> RootfsSource.busybox();
                    case "debootstrap" -> RootfsSource.debootstrap(suite);
                    default -> RootfsSource.programs(programs);
                };
                context.made(name);
                return context.helper().rootfsMake(name, from, progress -> { }).answer().thenApply(made -> {
                    context.showRootfs(name);
                    return made.path("summary").asText("");
                });
            });
        });
    }
}
