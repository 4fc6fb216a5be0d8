package org.nsexplorer.app.containers;

import org.nsexplorer.app.ui.Texts;

/**
 * For a container others made, the commands that look into it as the views do (lsns,
 * nsenter), and Docker's own where Docker made it: no recipe of this app built it, so there
 * are no commands that build it, only the ones a class can use to see it at home.
 */
public final class FoundCommands {
    private FoundCommands() {
    }

    public static String script(FoundContainer c) {
        String pid = Long.toString(c.hostPid());
        StringBuilder s = new StringBuilder();
        s.append("# ").append(Texts.get("commands.found.header", c.label(), c.engineWords(), pid)).append('\n');
        s.append("# ").append(Texts.get("commands.found.lsns")).append('\n');
        s.append("sudo lsns -p ").append(pid).append("\n\n");
        s.append("# ").append(Texts.get("commands.found.inside")).append('\n');
        s.append("sudo nsenter -t ").append(pid).append(" -u hostname\n");
        s.append("sudo nsenter -t ").append(pid).append(" -m -p ps -ef\n");
        s.append("sudo nsenter -t ").append(pid).append(" -n ip addr\n\n");
        s.append("# ").append(Texts.get("commands.found.shell")).append('\n');
        s.append("sudo nsenter -t ").append(pid).append(" --all /bin/sh\n");
        if (c.engine().equals("docker") && c.name().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) { // docker's own rule: no quoting needed
            s.append("\n# ").append(Texts.get("commands.found.docker")).append('\n');
            s.append("docker inspect ").append(c.name()).append('\n');
            s.append("docker exec -it ").append(c.name()).append(" sh\n");
        }
        return s.toString();
    }
}
