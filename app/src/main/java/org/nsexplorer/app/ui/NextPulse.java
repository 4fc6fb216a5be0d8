package org.nsexplorer.app.ui;

import javafx.scene.Scene;

/** Work that waits for a frame: runs once, at a scene's next pulse that has styled and laid it out. */
public final class NextPulse {
    private NextPulse() {
    }

    /** Call on the FX thread: runs THEN once, right after SCENE's next layout pass. */
    public static void after(Scene scene, Runnable then) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            then.run();
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
