package org.nsexplorer.helper.discover;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nsexplorer.helper.json.JsonInput;
import org.nsexplorer.helper.snapshot.ProcEntry;

/**
 * The names and images that engines keep on disk, read as files (never by asking a daemon):
 * <ul>
 * <li>docker: DATA-ROOT/containers/ID/config.v2.json ("Name", "Config.Image"), DATA-ROOT
 *     being /var/lib/docker or a running dockerd's --data-root;</li>
 * <li>Kubernetes under containerd, and nerdctl: the task's OCI bundle,
 *     /run/containerd/io.containerd.runtime.v2.task/NAMESPACE/ID/config.json (its annotations);</li>
 * <li>Kubernetes under CRI-O: /run/containers/storage/overlay-containers/ID/userdata/config.json;</li>
 * <li>podman: its conmon's "-n NAME".</li>
 * </ul>
 * A root-owned record is read only for a container whose cgroup path root alone could make
 * (not under a user's delegated user@UID.service): a user can name a cgroup of their own
 * docker-ID.scope, and must not learn another container's name by doing so.
 */
public class EngineRecords {
    /** Larger than any such record; a bigger file is no record of theirs. */
    private static final long MAX_BYTES = 4L << 20;
    private static final Path CONTAINERD_TASKS = Path.of("/run/containerd/io.containerd.runtime.v2.task");
    private static final Path CRIO_CONTAINERS = Path.of("/run/containers/storage/overlay-containers");
    private final Path root;

    /** Found on the host's own paths. */
    public EngineRecords() {
        this(Path.of("/"));
    }

    /** @param root where the host's / is (a fixture's directory in tests) */
    public EngineRecords(Path root) {
        this.root = root;
    }

    /** A name and an image, each where found. */
    public record Record(Optional<String> name, Optional<String> image) {
        static final Record NONE = new Record(Optional.empty(), Optional.empty());
    }

    /**
     * The record of the container CLUE names, taken only when the record itself names PID as
     * the container's first process (docker's State.Pid, containerd's init.pid, CRI-O's pidfile,
     * the conmon that is PID's parent): a process that only claims an id (a cgroup a user named
     * docker-ID.scope, a parent calling itself a shim) gets nobody's name.
     *
     * @param cgroup the /proc/PID/cgroup text the clue came from, or "" when it came from the parent
     * @param processes the host's processes (dockerd's data root, podman's conmon)
     * @param pid the container's first process, as the host numbers it
     */
    public Record lookUp(Clue clue, String cgroup, Collection<ProcEntry> processes, long pid) {
        if (clue.id().isEmpty()) {
            return Record.NONE;
        }
        String id = clue.id().get();
        boolean rootsOwn = !cgroup.isEmpty() && !cgroup.contains("/user@");
        try {
            return switch (clue.maker()) {
                case DOCKER -> rootsOwn ? docker(id, processes, pid) : Record.NONE;
                case PODMAN -> new Record(conmonName(id, processes, pid), Optional.empty());
                case KUBERNETES, CONTAINERD -> rootsOwn ? containerd(id, pid) : Record.NONE;
                case CRI_O -> rootsOwn ? crio(id, pid) : Record.NONE;
                default -> Record.NONE;
            };
        } catch (IOException | RuntimeException e) {
            return Record.NONE; // unreadable or not what an engine writes: the container is listed without it
        }
    }

    private Record docker(String id, Collection<ProcEntry> processes, long pid) throws IOException {
        for (Path dataRoot : dockerDataRoots(processes)) {
            Optional<Map<?, ?>> config = json(dataRoot.resolve("containers").resolve(id).resolve("config.v2.json"));
            if (config.isPresent() && object(config.get(), "State").map(st -> st.get("Pid"))
                    .filter(p -> p instanceof Number n && n.longValue() == pid).isPresent()) {
                Optional<String> name = text(config.get(), "Name").map(n -> n.startsWith("/") ? n.substring(1) : n);
                Optional<String> image = object(config.get(), "Config").flatMap(c -> text(c, "Image"));
                return new Record(name, image);
            }
        }
        return Record.NONE;
    }

    /** Where dockerd keeps its containers: each running root dockerd's --data-root (or -g), and the default. */
    private List<Path> dockerDataRoots(Collection<ProcEntry> processes) {
        Set<String> roots = new LinkedHashSet<>();
        for (ProcEntry p : processes) {
            if (p.comm().equals("dockerd") && p.hostUid() == 0) {
                List<String> args = List.of(p.cmdline().split(" "));
                ParentClues.value(args, "--data-root").or(() -> ParentClues.value(args, "-g"))
                        .filter(r -> r.startsWith("/")).ifPresent(roots::add);
            }
        }
        roots.add("/var/lib/docker");
        List<Path> paths = new ArrayList<>();
        roots.forEach(r -> paths.add(onHost(r)));
        return paths;
    }

    private Record containerd(String id, long pid) throws IOException {
        Path tasks = onHost(CONTAINERD_TASKS.toString());
        if (!Files.isDirectory(tasks, LinkOption.NOFOLLOW_LINKS)) {
            return Record.NONE;
        }
        try (var namespaces = Files.list(tasks)) {
            for (Path ns : namespaces.toList()) {
                if (!pidFile(ns.resolve(id).resolve("init.pid"), pid)) {
                    continue;
                }
                Optional<Map<?, ?>> annotations = json(ns.resolve(id).resolve("config.json"))
                        .flatMap(c -> object(c, "annotations"));
                if (annotations.isPresent()) {
                    Map<?, ?> a = annotations.get();
                    Optional<String> container = text(a, "io.kubernetes.cri.container-name");
                    Optional<String> pod = text(a, "io.kubernetes.cri.sandbox-name");
                    Optional<String> name = container.isPresent() ? container.map(c -> pod.map(p -> p + "/")
                            .orElse("") + c) : pod.or(() -> text(a, "nerdctl/name"));
                    return new Record(name, text(a, "io.kubernetes.cri.image-name"));
                }
            }
        }
        return Record.NONE;
    }

    private Record crio(String id, long pid) throws IOException {
        Path userdata = onHost(CRIO_CONTAINERS.toString()).resolve(id).resolve("userdata");
        if (!pidFile(userdata.resolve("pidfile"), pid)) {
            return Record.NONE;
        }
        Optional<Map<?, ?>> annotations = json(userdata.resolve("config.json")).flatMap(c -> object(c, "annotations"));
        if (annotations.isEmpty()) {
            return Record.NONE;
        }
        Map<?, ?> a = annotations.get();
        Optional<String> container = text(a, "io.kubernetes.container.name");
        Optional<String> pod = text(a, "io.kubernetes.pod.name");
        return new Record(container.map(c -> pod.map(p -> p + "/").orElse("") + c),
                text(a, "io.kubernetes.cri-o.ImageName"));
    }

    /** The "-n NAME" of the conmon that watches container ID ("-c ID") and is PID's parent. */
    private static Optional<String> conmonName(String id, Collection<ProcEntry> processes, long pid) {
        long parent = processes.stream().filter(p -> p.hostPid() == pid).mapToLong(ProcEntry::hostPpid).findFirst()
                .orElse(-1);
        for (ProcEntry p : processes) {
            if (p.comm().equals("conmon") && p.hostPid() == parent) {
                List<String> args = List.of(p.cmdline().split(" "));
                if (ParentClues.value(args, "-c").filter(id::equals).isPresent()) {
                    return ParentClues.value(args, "-n");
                }
            }
        }
        return Optional.empty();
    }

    /** Whether FILE, a small regular file, holds PID (as init.pid and pidfile do). */
    private static boolean pidFile(Path file, long pid) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 32) {
            return false;
        }
        return Files.readString(file).strip().equals(Long.toString(pid));
    }

    private Path onHost(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** The JSON object in FILE, a regular file (no link followed at its last step), or empty. */
    private static Optional<Map<?, ?>> json(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        }
        return JsonInput.parse(bytes) instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }

    private static Optional<Map<?, ?>> object(Map<?, ?> json, String field) {
        return json.get(field) instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }

    /** A field's text, made fit to show. */
    private static Optional<String> text(Map<?, ?> json, String field) {
        return json.get(field) instanceof String s ? Optional.ofNullable(Printable.of(s)) : Optional.empty();
    }
}
