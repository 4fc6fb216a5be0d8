package org.nsexplorer.helper.store;

import java.util.regex.Pattern;
import org.nsexplorer.helper.spec.InvalidRequestException;
import org.nsexplorer.helper.words.Word;

/** Names of stored root filesystems and layers: one path step, nothing a shell or a path could misread. */
public final class StoreNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private StoreNames() {
    }

    public static String check(String field, String name) throws InvalidRequestException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException(field, Word.ROOTFS_NAME_UNUSABLE,
                    name == null ? "" : name.replaceAll("\\p{Cntrl}", "?"));
        }
        return name;
    }
}
