package org.nsexplorer.app.ui;

import org.nsexplorer.app.containers.Namespace;

/** Stable ids of interactive nodes, for tests and screenshots. */
public final class Ids {
    public static final String LAUNCH = "launch";
    public static final String STOP = "stop";
    public static final String STATUS = "status";
    public static final String HOSTNAME_FIELD = "hostname-field";
    public static final String NAME_FIELD = "name-field";
    public static final String SELECTOR = "container-selector";
    public static final String RENAME = "rename";
    public static final String CONTAINER_SETTINGS = "container-settings";
    public static final String ROOTFS_TOGGLE = "rootfs-toggle";
    public static final String ROOTFS_PAGE = "rootfs-page";
    public static final String COMMAND_FIELD = "command-field";
    public static final String ROOTFS = "rootfs";
    public static final String THEME = "theme";
    public static final String LANGUAGE = "language";
    public static final String RECIPE_TOGGLE = "recipe-toggle";
    public static final String TERMINAL_SCREEN = "terminal-screen";
    /** "Open a shell in web", under the hint of a container others made. */
    public static final String TERMINAL_ENTER = "terminal-enter";
    public static final String TERMINAL = "terminal";
    public static final String TERMINAL_TOGGLE = "terminal-toggle";
    public static final String MEMORY_FIELD = "memory-field";
    public static final String CPUS_FIELD = "cpus-field";
    public static final String PIDS_FIELD = "pids-field";
    public static final String HOST_HOSTNAME = "host-hostname";
    public static final String CONTAINER_HOSTNAME = "container-hostname";
    public static final String HOST_PROCESSES = "host-processes";
    public static final String CONTAINER_PROCESSES = "container-processes";
    public static final String PROCESS_STOP = "process-stop";
    public static final String PROCESS_KILL = "process-kill";
    public static final String PROCESS_CHOSEN = "process-chosen";
    public static final String NS_MAP = "ns-map";
    /** The map's toggle that shows the namespaces' inode numbers. */
    public static final String NS_MAP_IDS = "ns-map-ids";
    /** The map's choice of another container to put next to the selected one. */
    public static final String NS_MAP_NEXT_TO = "ns-map-next-to";
    public static final String EVENTS = "events";
    public static final String TABS = "tabs";
    public static final String COMMANDS = "commands";
    public static final String COPY_COMMANDS = "copy-commands";
    public static final String NSPAWN_LINE = "nspawn-line";
    public static final String COPY_NSPAWN = "copy-nspawn";
    public static final String NSPAWN_MISSING = "nspawn-missing";
    public static final String DOCKER_LINES = "docker-lines";
    public static final String COPY_DOCKER = "copy-docker";
    public static final String DOCKER_MISSING = "docker-missing";
    public static final String NETWORK_MODE = "network-mode";
    public static final String JOIN_WITH = "join-with";
    public static final String OVERLAY_TOGGLE = "overlay-toggle";
    public static final String LAYER_CHOICE = "layer-choice";
    public static final String NETWORK_DIAGRAM = "network-diagram";
    public static final String CHANGES = "changes";
    public static final String KEEP_LAYER_NAME = "keep-layer-name";
    public static final String KEEP_LAYER = "keep-layer";
    public static final String ROOTFS_LIST = "rootfs-list";
    public static final String ROOTFS_PROGRESS = "rootfs-progress";
    public static final String CONFINEMENT = "confinement";
    public static final String RECIPE_CONFINEMENT = "recipe-confinement";
    public static final String HOST_ROOT_TOGGLE = "host-root-toggle";
    public static final String LESSONS = "lessons";
    public static final String LESSON_PANEL = "lesson-panel";
    public static final String LESSON_LIST = "lesson-list";
    public static final String LESSON_OPEN_FILE = "lesson-open-file";
    public static final String LESSON_BACK = "lesson-back";
    public static final String LESSON_NEXT = "lesson-next";
    public static final String LESSON_DO = "lesson-do";
    public static final String LESSON_CHECK = "lesson-check";
    public static final String LESSON_END = "lesson-end";
    public static final String LESSON_STEP = "lesson-step";
    public static final String LESSON_RESULTS = "lesson-results";

    private Ids() {
    }

    /** The Differences only switch of one view ("processes", "mounts", "network"): "differences-mounts". */
    public static String differencesToggle(String view) {
        return "differences-" + view;
    }

    /** The switch of one namespace type: "ns-pid". */
    public static String namespaceToggle(Namespace type) {
        return "ns-" + type.procName();
    }

    /** The language menu's item for LANGUAGE: "language-es". */
    public static String language(Language language) {
        return "language-" + language.tag();
    }
}
