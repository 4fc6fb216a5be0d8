package org.nsexplorer.app.lessons.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.nsexplorer.app.lessons.LessonAction;
import org.nsexplorer.app.lessons.LessonCheck;
import org.nsexplorer.app.lessons.actions.DockerExecAction;
import org.nsexplorer.app.lessons.actions.DockerRunAction;
import org.nsexplorer.app.lessons.actions.ExportRootfsAction;
import org.nsexplorer.app.lessons.actions.HostStartAction;
import org.nsexplorer.app.lessons.actions.KeepLayerAction;
import org.nsexplorer.app.lessons.actions.KillAction;
import org.nsexplorer.app.lessons.actions.LaunchAction;
import org.nsexplorer.app.lessons.actions.MakeRootfsAction;
import org.nsexplorer.app.lessons.actions.NextToAction;
import org.nsexplorer.app.lessons.actions.StopAction;
import org.nsexplorer.app.lessons.actions.TypeAction;
import org.nsexplorer.app.lessons.checks.AddressCheck;
import org.nsexplorer.app.lessons.checks.DockerContainerCheck;
import org.nsexplorer.app.lessons.checks.ExitedCheck;
import org.nsexplorer.app.lessons.checks.HostnameCheck;
import org.nsexplorer.app.lessons.checks.ImageCheck;
import org.nsexplorer.app.lessons.checks.LayerCheck;
import org.nsexplorer.app.lessons.checks.LibrariesCheck;
import org.nsexplorer.app.lessons.checks.MountedCheck;
import org.nsexplorer.app.lessons.checks.NamespaceCheck;
import org.nsexplorer.app.lessons.checks.OomKillCheck;
import org.nsexplorer.app.lessons.checks.OutputCheck;
import org.nsexplorer.app.lessons.checks.PidOneCheck;
import org.nsexplorer.app.lessons.checks.PingCheck;
import org.nsexplorer.app.lessons.checks.ProcessesCheck;
import org.nsexplorer.app.lessons.checks.RootOutsideCheck;
import org.nsexplorer.app.lessons.checks.RootfsProgramCheck;
import org.nsexplorer.app.lessons.checks.StartTimeCheck;
import org.nsexplorer.app.lessons.checks.VethPairCheck;

/** The named actions and checks a lesson file may use (docs/lessons.md describes each). */
public final class Vocabulary {
    public static final Map<String, Parser<? extends LessonAction>> ACTIONS = new LinkedHashMap<>();
    public static final Map<String, Parser<? extends LessonCheck>> CHECKS = new LinkedHashMap<>();

    static {
        ACTIONS.put("launch", LaunchAction::parse);
        ACTIONS.put("type", TypeAction::parse);
        ACTIONS.put("stop", StopAction::parse);
        ACTIONS.put("kill", KillAction::parse);
        ACTIONS.put("make-rootfs", MakeRootfsAction::parse);
        ACTIONS.put("pack", ExportRootfsAction::parse);
        ACTIONS.put("keep-layer", KeepLayerAction::parse);
        ACTIONS.put("host-start", HostStartAction::parse);
        ACTIONS.put("docker-run", DockerRunAction::parse);
        ACTIONS.put("next-to", NextToAction::parse);
        ACTIONS.put("docker-exec", DockerExecAction::parse);

        CHECKS.put("processes", ProcessesCheck::parse);
        CHECKS.put("pid-one", PidOneCheck::parse);
        CHECKS.put("hostname", HostnameCheck::parse);
        CHECKS.put("namespace", NamespaceCheck::parse);
        CHECKS.put("root-outside", RootOutsideCheck::parse);
        CHECKS.put("mounted", MountedCheck::parse);
        CHECKS.put("address", AddressCheck::parse);
        CHECKS.put("veth-pair", VethPairCheck::parse);
        CHECKS.put("ping", PingCheck::parse);
        CHECKS.put("oom-kill", OomKillCheck::parse);
        CHECKS.put("exited", ExitedCheck::parse);
        CHECKS.put("output", OutputCheck::parse);
        CHECKS.put("program", RootfsProgramCheck::parse);
        CHECKS.put("libraries", LibrariesCheck::parse);
        CHECKS.put("image", ImageCheck::parse);
        CHECKS.put("layer", LayerCheck::parse);
        CHECKS.put("start-time", StartTimeCheck::parse);
        CHECKS.put("docker", DockerContainerCheck::parse);
    }

    private Vocabulary() {
    }

    /** One "- name: value" item of a do or check list, read with the parser its name picks. */
    static <T> T item(YamlValue item, Map<String, Parser<? extends T>> known, String kind, Scope scope)
            throws LessonFileException {
        Fields f = item.fields();
        if (f.keys().size() != 1) {
            throw item.error("lesson.error.oneName", kind);
        }
        String name = f.keys().iterator().next();
        Parser<? extends T> parser = known.get(name);
        if (parser == null) {
            throw f.required(name).error("lesson.error.unknown", kind, name, String.join(", ",
                    new TreeSet<>(known.keySet())));
        }
        return parser.parse(f.required(name), scope);
    }
}
