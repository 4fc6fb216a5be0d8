package org.nsexplorer.app.rootfs;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.nsexplorer.app.ui.Texts;

/**
 * For a rootfs built from host programs: each program and the libraries found for it, laid
 * out as `ldd` prints them (the walkthrough copies exactly these). Every line wraps instead of
 * being cut, in the root font, so it stays readable when the projector zoom grows it. Hidden
 * for any other tree.
 */
final class ProgramLibrariesView extends VBox {
    private final Label title = new Label();

    ProgramLibrariesView() {
        getStyleClass().add("rootfs-programs");
        setId("rootfs-programs-view");
        title.getStyleClass().add("section");
        title.setWrapText(true);
        show(null);
    }

    /** Shows STORED's programs, or hides when it has none (a layer, an imported rootfs, nothing chosen). */
    void show(Stored stored) {
        boolean shown = stored != null && !stored.programs().isEmpty();
        setVisible(shown);
        setManaged(shown);
        getChildren().clear();
        if (!shown) {
            return;
        }
        title.setText(Texts.get("rootfs.programs.title", stored.name()));
        getChildren().addAll(wrapped(title), line("rootfs-programs-explain", Texts.get("rootfs.programs.explain")));
        for (ProgramLibraries p : stored.programs()) {
            VBox program = new VBox(line("rootfs-program", Texts.get("rootfs.programs.program", p.name(), p.path())),
                    line("rootfs-program-from", Texts.get("rootfs.programs.from", p.hostPath())));
            program.getStyleClass().add("rootfs-program-card");
            if (p.isStatic()) {
                program.getChildren().add(line("rootfs-library", Texts.get("rootfs.programs.static")));
            }
            for (ProgramLibraries.Library l : p.libraries()) {
                program.getChildren().add(line("rootfs-library", Texts.get("rootfs.programs.library", l.soname(),
                        l.path())));
                if (l.movedInRootfs()) {
                    program.getChildren().add(line("rootfs-library-note",
                            Texts.get("rootfs.programs.moved", l.rootfsPath())));
                }
            }
            if (!p.loader().isEmpty()) {
                program.getChildren().addAll(line("rootfs-library", Texts.get("rootfs.programs.loader", p.loader())),
                        line("rootfs-library-note", Texts.get("rootfs.programs.loaderExplain")));
            }
            getChildren().add(program);
        }
    }

    private static Label line(String styleClass, String text) {
        Label label = wrapped(new Label(text));
        label.getStyleClass().add(styleClass);
        return label;
    }

    /** Wraps at the width it gets and takes the height that needs: never an ellipsis. */
    private static Label wrapped(Label label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }
}
