package org.nsexplorer.app.ui;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the teacher set, kept for the next start: zoom, theme, language, recent rootfs
 * directories, in a properties file under ~/.config (XDG_CONFIG_HOME). Not java.util.prefs:
 * its XML store cost the start about 0.1 s, before the window could begin.
 */
public final class Settings {
    private final Path file;
    private final Properties values = new Properties();

    /** The user's settings; -Dnsx.settings=FILE keeps another set (the tests use their own). */
    public Settings() {
        this(file());
        Path old = Path.of(System.getProperty("user.home"), ".java", ".userPrefs", "org", "nsexplorer", "app",
                "prefs.xml");
        if (values.isEmpty() && System.getProperty("nsx.settings") == null && Files.isRegularFile(old)) {
            takeOver(Preferences.userRoot().node("org/nsexplorer/app"));
        }
    }

    Settings(Path file) {
        this.file = file;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // None yet, or unreadable: the defaults, and the first change writes a fresh file.
            values.clear();
        }
    }

    /**
     * Earlier versions kept the settings with java.util.prefs: taken over once, at the first
     * start without a settings file, so an upgrade keeps the teacher's zoom, theme and language.
     */
    void takeOver(Preferences prefs) {
        try {
            for (String key : prefs.keys()) {
                values.setProperty(key, prefs.get(key, ""));
            }
            if (!values.isEmpty()) {
                store();
            }
        } catch (BackingStoreException | RuntimeException e) {
            values.clear(); // the defaults, as before any choice
        }
    }

    /** Where the settings are kept. */
    public static Path file() {
        String asked = System.getProperty("nsx.settings");
        if (asked != null) {
            return Path.of(asked);
        }
        String config = System.getenv("XDG_CONFIG_HOME");
        Path base = config != null && config.startsWith("/") ? Path.of(config)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("nsx-explorer").resolve("settings.properties");
    }

    public double zoom() {
        try {
            return Math.max(1.0, Math.min(2.5, Double.parseDouble(values.getProperty("zoom", "1.0"))));
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    public void setZoom(double zoom) {
        put("zoom", Double.toString(zoom));
    }

    public boolean dark() {
        return Boolean.parseBoolean(values.getProperty("dark", "false"));
    }

    public void setDark(boolean dark) {
        put("dark", Boolean.toString(dark));
    }

    /** The language the teacher chose, or null before any choice (the system's then). */
    public Language language() {
        return Language.ofTag(values.getProperty("language", ""));
    }

    public void setLanguage(Language language) {
        put("language", language.tag());
    }

    public List<String> recentRootfs() {
        String joined = values.getProperty("recentRootfs", "");
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    public void setRecentRootfs(List<String> dirs) {
        put("recentRootfs", String.join("\n", dirs));
    }

    /**
     * Kept at once, whole (a new file moved over the old), so that a crash leaves the old
     * settings or the new, never half. A settings file that cannot be written costs only the
     * setting: the app goes on.
     */
    private synchronized void put(String key, String value) {
        values.setProperty(key, value);
        store();
    }

    private void store() {
        try {
            Files.createDirectories(file.getParent());
            Path fresh = file.resolveSibling(file.getFileName() + ".new");
            try (Writer out = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
                values.store(out, null);
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println(Texts.get("settings.notKept", file, e.getMessage()));
        }
    }
}
