package org.nsexplorer.app.rootfs;

import com.fasterxml.jackson.databind.JsonNode;
import org.nsexplorer.app.ui.Texts;

/**
 * A rootfs job's "progress" in a sentence a class understands. debootstrap's steps come with
 * their phase, the package and its place ("unpack", "libc6", 12 of 106); other jobs (import,
 * export) say only their step, shown as it is.
 */
public final class ProgressWords {
    private ProgressWords() {
    }

    public static String of(JsonNode progress) {
        String phase = progress.path("phase").asText("");
        String item = progress.path("item").asText("");
        int number = progress.path("number").asInt(0);
        int total = progress.path("total").asInt(0);
        return switch (phase) {
            case "release", "signature-check", "index", "resolving", "lookup", "core", "done" ->
                    Texts.get("rootfs.step." + phase);
            case "signature-valid" -> Texts.get("rootfs.step.signature-valid", item);
            case "download" -> Texts.get("rootfs.step.download", item, number);
            case "extract" -> Texts.get("rootfs.step.extract", item, number);
            case "unpack", "configure" -> item.isEmpty() ? Texts.get("rootfs.step." + phase + ".start")
                    // debootstrap configures a few packages twice: past the total, no "of".
                    : number > 0 && number <= total ? Texts.get("rootfs.step." + phase, item, number, total)
                            : Texts.get("rootfs.step." + phase + ".uncounted", item);
            default -> progress.path("step").asText("");
        };
    }
}
