package org.nsexplorer.app.ui;

import java.util.Arrays;
import java.util.List;
import java.util.prefs.Preferences;

/** What the teacher set, kept for the next start: zoom, theme, language, recent rootfs directories. */
public final class Settings {
    private final Preferences prefs;

    /** The user's settings; -Dnsx.settings=NAME keeps another set (the tests use their own). */
    public Settings() {
        this.prefs = Preferences.userRoot().node(System.getProperty("nsx.settings", "org/nsexplorer/app"));
    }

    public double zoom() {
        return Math.max(1.0, Math.min(2.5, prefs.getDouble("zoom", 1.0)));
    }

    public void setZoom(double zoom) {
        prefs.putDouble("zoom", zoom);
    }

    public boolean dark() {
        return prefs.getBoolean("dark", false);
    }

    public void setDark(boolean dark) {
        prefs.putBoolean("dark", dark);
    }

    /** The language the teacher chose, or null before any choice (the system's then). */
    public Language language() {
        return Language.ofTag(prefs.get("language", ""));
    }

    public void setLanguage(Language language) {
        prefs.put("language", language.tag());
    }

    public List<String> recentRootfs() {
        String joined = prefs.get("recentRootfs", "");
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    public void setRecentRootfs(List<String> dirs) {
        prefs.put("recentRootfs", String.join("\n", dirs));
    }
}
