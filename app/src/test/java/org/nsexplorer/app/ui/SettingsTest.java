package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teacher's settings survive a restart, a damaged file and a settings directory that cannot be written. */
class SettingsTest {

    @Test
    void whatIsSetIsThereAtTheNextStart(@TempDir Path dir) {
        Path file = dir.resolve("config").resolve("settings.properties");
        Settings first = new Settings(file);
        assertEquals(1.0, first.zoom());
        assertFalse(first.dark());
        assertNull(first.language(), "no choice yet: the system's language");
        assertEquals(List.of(), first.recentRootfs());
        first.setZoom(1.75);
        first.setDark(true);
        first.setLanguage(Language.SPANISH);
        first.setRecentRootfs(List.of("/srv/rootfs/debian", "/home/ana/mi rootfs=ñ"));

        Settings next = new Settings(file);
        assertEquals(1.75, next.zoom());
        assertTrue(next.dark());
        assertEquals(Language.SPANISH, next.language());
        assertEquals(List.of("/srv/rootfs/debian", "/home/ana/mi rootfs=ñ"), next.recentRootfs());
        assertFalse(Files.exists(file.resolveSibling("settings.properties.new")), "the new file was moved in place");
    }

    @Test
    void aDamagedFileGivesTheDefaultsAndAZoomOutOfRangeIsBounded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "zoom=lots\ndark=maybe\nlanguage=xx\n");
        Settings damaged = new Settings(file);
        assertEquals(1.0, damaged.zoom());
        assertFalse(damaged.dark());
        assertNull(damaged.language());
        Files.writeString(file, "zoom=9\n");
        assertEquals(2.5, new Settings(file).zoom());
        Files.write(file, new byte[] {'z', '=', '\\', 'u', '1'}); // a broken escape: Properties refuses the file
        assertEquals(1.0, new Settings(file).zoom());
    }

    @Test
    void aSettingThatCannotBeWrittenCostsOnlyTheSetting(@TempDir Path dir) throws Exception {
        Path notADirectory = dir.resolve("plain-file");
        Files.writeString(notADirectory, "");
        Settings settings = new Settings(notADirectory.resolve("settings.properties"));
        settings.setZoom(2.0); // said on stderr; the app goes on
        assertEquals(2.0, settings.zoom(), "kept for this run");
    }

    @Test
    void theSettingsOfAnEarlierVersionAreTakenOver(@TempDir Path dir) throws Exception {
        Preferences old = Preferences.userRoot().node("org/nsexplorer/app-tests-earlier");
        try {
            old.putDouble("zoom", 1.5);
            old.put("language", "pt-BR");
            old.flush();
            Path file = dir.resolve("settings.properties");
            new Settings(file).takeOver(old);
            Settings next = new Settings(file);
            assertEquals(1.5, next.zoom());
            assertEquals(Language.BRAZILIAN_PORTUGUESE, next.language());
        } finally {
            old.removeNode();
        }
    }
}
