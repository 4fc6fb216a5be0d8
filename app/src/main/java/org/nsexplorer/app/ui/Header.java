package org.nsexplorer.app.ui;

import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import org.nsexplorer.app.containers.Selection;

/**
 * The window's header: Launch and Stop (for the selected container), then Lessons, the root
 * filesystems manager, the recipe column, the language and the theme.
 */
final class Header extends HBox {
    private final Label title = new Label(Texts.get("app.title"));
    private final Button launch = new Button(Texts.get("button.launch"));
    private final Button stop = new Button(Texts.get("button.stop"));
    private final Button lessons = new Button(Texts.get("button.lessons"));
    private final ToggleButton rootfsToggle = new ToggleButton(Texts.get("button.rootfs"));
    private final ToggleButton recipeToggle = new ToggleButton(Texts.get("button.recipe"));
    private final Button language = new Button();
    private final Button theme = new Button(Texts.get("button.theme"));
    private final Region spacer = new Region();
    private final String recipeWords = recipeToggle.getText();
    private final String shortRecipeWords = recipeWords.contains(" ")
            ? recipeWords.substring(0, recipeWords.indexOf(' ')) : recipeWords;
    private Font wholeRecipeExtraFont;
    private double wholeRecipeExtraPx;
    private Consumer<Language> onLanguage = chosen -> { };

    Header(Selection selection) {
        title.getStyleClass().add("title");
        launch.setId(Ids.LAUNCH);
        launch.getStyleClass().add("launch");
        launch.setDisable(true);
        stop.setId(Ids.STOP);
        stop.getStyleClass().add("stop");
        // Stop is for the container shown, while it lives, when this app launched it (not docker's, not lxc's).
        stop.disableProperty().bind(Bindings.createBooleanBinding(() -> selection.get() == null
                || !selection.get().isOurs() || selection.stateProperty().get() == null
                || !selection.stateProperty().get().isLive(), selection.selectedProperty(), selection.stateProperty()));
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (Control fixed : new Control[] {title, launch, stop}) {
            fixed.setMinWidth(Region.USE_PREF_SIZE); // never "..." on a projector
        }
        theme.setId(Ids.THEME);
        theme.setTooltip(new Tooltip(Texts.get("button.theme.tip")));
        theme.setMinWidth(Region.USE_PREF_SIZE);
        recipeToggle.setId(Ids.RECIPE_TOGGLE);
        recipeToggle.setSelected(true);
        recipeToggle.setTooltip(new Tooltip(Texts.get("button.recipe.tip")));
        recipeToggle.setMinWidth(Region.USE_PREF_SIZE);
        lessons.setId(Ids.LESSONS);
        lessons.getStyleClass().add("lessons-button");
        lessons.setMinWidth(Region.USE_PREF_SIZE);
        lessons.setTooltip(new Tooltip(Texts.get("button.lessons.tip")));
        languageMenu();
        rootfsToggle.setId(Ids.ROOTFS_TOGGLE);
        rootfsToggle.setMinWidth(Region.USE_PREF_SIZE);
        rootfsToggle.setTooltip(new Tooltip(Texts.get("button.rootfs.tip")));
        getChildren().setAll(title, launch, stop, spacer, lessons, rootfsToggle, recipeToggle, language, theme);
        getStyleClass().add("header");
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                        recipeToggle::fire);
            }
        });
    }

    /**
     * On a narrow projector (1024 px at 125 %) the title gives way, never a button: the class
     * needs Launch, Stop and Lessons, and the window's own title bar names the app. Then the
     * recipe button says only "☰" (its tooltip names it): the teacher's, not the class's.
     * WIDTH is the window's, not the header's: a BorderPane lays its rows out no narrower than
     * its own minimum, which a too-wide header raises, and the views then run past the window
     * too. The window calls this as it lays out, after the pulse's CSS, so a zoom's new fonts are
     * the ones measured; it changes the header only when what fits changes.
     */
    void fitTo(double width) {
        if (width <= 0) {
            return;
        }
        double titleNeeds = title.prefWidth(-1) + getSpacing();
        double everything = needs() + (title.isManaged() ? 0 : titleNeeds)
                + (recipeWords.equals(recipeToggle.getText()) ? 0 : wholeRecipeExtra());
        boolean showTitle = width >= everything;
        boolean wholeRecipe = width >= everything - titleNeeds;
        if (title.isManaged() != showTitle) {
            title.setManaged(showTitle);
            title.setVisible(showTitle);
        }
        String recipe = wholeRecipe ? recipeWords : shortRecipeWords;
        if (!recipe.equals(recipeToggle.getText())) {
            recipeToggle.setText(recipe);
        }
    }

    /** How much wider the recipe button's whole words are than "☰", in its font (measured once per font). */
    private double wholeRecipeExtra() {
        Font font = recipeToggle.getFont();
        if (!font.equals(wholeRecipeExtraFont)) {
            wholeRecipeExtraFont = font;
            wholeRecipeExtraPx = TextWidth.of(recipeWords, font) - TextWidth.of(shortRecipeWords, font);
        }
        return wholeRecipeExtraPx;
    }

    /** The width the shown nodes ask for, the spacer aside. */
    private double needs() {
        double needed = snappedLeftInset() + snappedRightInset();
        int shown = 0;
        for (Node n : getChildren()) {
            if (n.isManaged() && n != spacer) {
                needed += n.prefWidth(-1);
                shown++;
            }
        }
        return needed + getSpacing() * shown;
    }

    /**
     * The language button: the language in use as its code ("ES"), each language named in
     * itself in its menu; choosing one runs the action set by setOnLanguage.
     */
    private void languageMenu() {
        language.setId(Ids.LANGUAGE);
        language.setText(Texts.language().tag().substring(0, 2).toUpperCase(Locale.ROOT));
        language.setTooltip(new Tooltip(Texts.get("button.language.tip")));
        language.setMinWidth(Region.USE_PREF_SIZE);
        // A button and its menu rather than a MenuButton: no arrow, the narrowest in a full header.
        ContextMenu menu = new ContextMenu();
        ToggleGroup group = new ToggleGroup();
        for (Language l : Language.values()) {
            RadioMenuItem item = new RadioMenuItem(l.nativeName());
            item.setId(Ids.language(l));
            item.setToggleGroup(group);
            item.setSelected(l == Texts.language());
            item.setOnAction(e -> onLanguage.accept(l));
            menu.getItems().add(item);
        }
        language.setOnAction(e -> menu.show(language, Side.BOTTOM, 0, 0));
    }

    void setOnLanguage(Consumer<Language> action) {
        onLanguage = action;
    }

    Button launch() {
        return launch;
    }

    Button stop() {
        return stop;
    }

    Button lessons() {
        return lessons;
    }

    Button theme() {
        return theme;
    }

    Button language() {
        return language;
    }

    ToggleButton recipeToggle() {
        return recipeToggle;
    }

    ToggleButton rootfsToggle() {
        return rootfsToggle;
    }
}
