package org.nsexplorer.app.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.scene.image.Image;

/**
 * The app's icon at the sizes a window manager picks from (the build renders them from
 * icons/nsx-explorer.svg). Loaded whole before the window opens (a few small PNGs): the window
 * hands the icons to the window manager as it opens, and one still loading would be left out.
 * Owned windows (dialogs, the lesson chooser) show their owner's.
 */
public final class WindowIcons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private WindowIcons() {
    }

    /**
     * All of them, decoded on a thread of their own while the FX thread builds the window (17-47 ms
     * of its start on a 2-core VM): join() before show().
     */
    public static CompletableFuture<List<Image>> loadAhead() {
        return CompletableFuture.supplyAsync(WindowIcons::all, task -> {
            Thread loader = new Thread(task, "nsx-icons");
            loader.setDaemon(true);
            loader.start();
        });
    }

    public static List<Image> all() {
        return Arrays.stream(SIZES).mapToObj(WindowIcons::ofSize).toList();
    }

    private static Image ofSize(int size) {
        String url = Objects.requireNonNull(WindowIcons.class.getResource("/org/nsexplorer/app/icons/" + size + ".png"),
                "the build renders the icons (icons/render): " + size + ".png is missing").toExternalForm();
        return new Image(url);
    }
}
