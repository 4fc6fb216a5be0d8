package org.nsexplorer.helper.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.nsexplorer.helper.words.Sentence;

/**
 * Everything a launch would find wrong with a rootfs, all at once rather than the first:
 * the directory itself, a mount point that is a symlink (leading out or not), the command
 * missing, not executable, built for another CPU, or a script without its interpreter.
 * The same rules as the validator, which applies them before every launch.
 */
public final class RootfsCheck {
    private RootfsCheck() {
    }

    /** @return what is wrong, each a sentence that says what to do; empty when the rootfs is fine */
    public static List<Sentence> problems(Path rootfs, String command) {
        List<Sentence> problems = new ArrayList<>();
        Path real;
        try {
            real = RootfsInspection.checkRootfs(rootfs);
        } catch (InvalidRequestException e) {
            problems.add(e.sentence());
            return problems;
        }
        for (MountKind kind : EnumSet.allOf(MountKind.class)) {
            try {
                RootfsInspection.checkMountPoints(List.of(real), Set.of(kind));
            } catch (InvalidRequestException e) {
                problems.add(e.sentence());
            }
        }
        try {
            RootfsInspection.resolveCommand(List.of(real), command);
        } catch (InvalidRequestException e) {
            problems.add(e.sentence());
        }
        return problems;
    }
}
