package org.nsexplorer.app.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** debootstrap's steps, as the helper reports them, in sentences; other jobs' steps as they are. */
class ProgressWordsTest {
    private static String of(String json) throws Exception {
        return ProgressWords.of(new ObjectMapper().readTree(json));
    }

    @Test
    void eachPhaseOfDebootstrapIsASentence() throws Exception {
        assertEquals("Downloading the list of Debian packages",
                of("{\"step\":\"downloading Packages\",\"phase\":\"index\",\"item\":\"\",\"number\":0}"));
        assertEquals("Downloading package 3: libc6",
                of("{\"step\":\"downloading libc6\",\"phase\":\"download\",\"item\":\"libc6\",\"number\":3}"));
        assertEquals("Unpacking package 12 of 106: libc6",
                of("{\"step\":\"unpacking libc6\",\"phase\":\"unpack\",\"item\":\"libc6\",\"number\":12,\"total\":106}"));
        assertEquals("Configuring package 5 of 106: dpkg",
                of("{\"step\":\"configuring dpkg\",\"phase\":\"configure\",\"item\":\"dpkg\",\"number\":5,\"total\":106}"));
        // debootstrap configures a few packages twice: never "108 of 106".
        assertEquals("Configuring libc-bin",
                of("{\"phase\":\"configure\",\"item\":\"libc-bin\",\"number\":108,\"total\":106}"));
        assertEquals("Configuring the packages: their set-up scripts run…",
                of("{\"phase\":\"configure\",\"item\":\"\",\"number\":0,\"total\":106}"));
        assertEquals("The signature is valid (key 4D64FEC1): the packages can be trusted",
                of("{\"phase\":\"signature-valid\",\"item\":\"4D64FEC1\"}"));
    }

    @Test
    void aStepWithoutAPhaseIsShownAsTheHelperSaidIt() throws Exception {
        assertEquals("usr/bin/ls", of("{\"fraction\":0.5,\"step\":\"usr/bin/ls\"}"));
        assertEquals("Chosen extractor for .deb packages: dpkg-deb",
                of("{\"phase\":\"other\",\"item\":\"Chosen extractor for .deb packages: dpkg-deb\","
                        + "\"step\":\"Chosen extractor for .deb packages: dpkg-deb\"}"));
    }
}
