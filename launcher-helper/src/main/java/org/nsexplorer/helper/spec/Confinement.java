package org.nsexplorer.helper.spec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * What root in a container can do to the host, and the rules that decided it.
 *
 * CONTAINED: root inside is the host's root, but in namespaces and a rootfs of its own and
 * with the capabilities trimmed: nothing of the host is within its reach. CALLER: the
 * container shares something with the host, so it runs in a user namespace where root is the
 * caller's own account outside. HOST_ROOT: asked for explicitly (--host-root) by root or an
 * administrator: root inside keeps the host root's powers, as `sudo unshare` gives them.
 */
public record Confinement(Level level, Set<Reason> reasons) {

    public Confinement {
        reasons = Collections.unmodifiableSet(reasons.isEmpty() ? EnumSet.noneOf(Reason.class)
                : EnumSet.copyOf(reasons));
    }

    public enum Level {
        CONTAINED, CALLER, HOST_ROOT;

        /** The name on the wire: contained, caller, host-root. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Why a container runs in a user namespace mapped to its caller. */
    public enum Reason {
        USER_NAMESPACE_ASKED(Word.CONFINEMENT_REASON_USER_NAMESPACE_ASKED),
        CHROOT(Word.CONFINEMENT_REASON_CHROOT),
        HOST_MOUNTS(Word.CONFINEMENT_REASON_HOST_MOUNTS),
        HOST_PROCESSES(Word.CONFINEMENT_REASON_HOST_PROCESSES),
        HOST_NETWORK(Word.CONFINEMENT_REASON_HOST_NETWORK),
        HOST_IPC(Word.CONFINEMENT_REASON_HOST_IPC),
        ROOTFS_OUTSIDE_STORE(Word.CONFINEMENT_REASON_ROOTFS_OUTSIDE_STORE);

        private final Word words;

        Reason(Word words) {
            this.words = words;
        }

        /** The name on the wire: user-namespace-asked, chroot, host-mounts, ... */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** In English. */
        public String words() {
            return words(Locale.ROOT);
        }

        public String words(Locale locale) {
            return Sentence.of(words).in(locale);
        }
    }

    public static Confinement contained() {
        return new Confinement(Level.CONTAINED, Set.of());
    }

    /** One line for the command line, in LOCALE's words: what root inside is, and why. */
    public String describe(Caller caller, Optional<ValidatedSpec.UserMapping> mapping, Locale locale) {
        Sentence said = switch (level) {
            case CONTAINED -> Sentence.of(Word.CONFINEMENT_CONTAINED);
            case HOST_ROOT -> Sentence.of(Word.CONFINEMENT_HOST_ROOT);
            case CALLER -> Sentence.of(Word.CONFINEMENT_CALLER, mapping.map(m -> m.hostUid() == caller.uid()
                    ? caller.toString() : "uid " + Integer.toUnsignedString(m.hostUid())).orElse(caller.toString()),
                    reasons.stream().map(r -> r.words(locale)).collect(Collectors.joining("; ")));
        };
        return said.in(locale);
    }
}
