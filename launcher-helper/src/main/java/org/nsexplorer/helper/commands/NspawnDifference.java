package org.nsexplorer.helper.commands;

import java.util.Locale;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * What a recipe asks that systemd-nspawn (systemd 252) cannot do, or always does its own way.
 * The app shows each by its wire name from its messages; the command line prints the words.
 */
public enum NspawnDifference {
    HOST_MOUNTS(Word.COMMANDS_NSPAWN_HOST_MOUNTS),
    CHROOT(Word.COMMANDS_NSPAWN_CHROOT),
    HOST_PROCESSES(Word.COMMANDS_NSPAWN_HOST_PROCESSES),
    HOST_UTS(Word.COMMANDS_NSPAWN_HOST_UTS),
    HOST_IPC(Word.COMMANDS_NSPAWN_HOST_IPC),
    JOIN(Word.COMMANDS_NSPAWN_JOIN),
    CGROUP(Word.COMMANDS_NSPAWN_CGROUP),
    TIME(Word.COMMANDS_NSPAWN_TIME),
    MOUNTS(Word.COMMANDS_NSPAWN_MOUNTS),
    ROOTFS_WRITES(Word.COMMANDS_NSPAWN_ROOTFS_WRITES),
    HOSTNAME(Word.COMMANDS_NSPAWN_HOSTNAME),
    GROUP_ID(Word.COMMANDS_NSPAWN_GROUP_ID),
    LOOPBACK(Word.COMMANDS_NSPAWN_LOOPBACK),
    VETH_ADDRESSES(Word.COMMANDS_NSPAWN_VETH_ADDRESSES),
    BRIDGE_ON_HOST(Word.COMMANDS_NSPAWN_BRIDGE_ON_HOST),
    OVERLAY(Word.COMMANDS_NSPAWN_OVERLAY),
    LAYERS(Word.COMMANDS_NSPAWN_LAYERS),
    KEEP_LAYER(Word.COMMANDS_NSPAWN_KEEP_LAYER);

    private final Word word;

    NspawnDifference(Word word) {
        this.word = word;
    }

    /** The name on the wire: host-mounts, chroot, host-processes, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The words in English. */
    public String words() {
        return words(Locale.ROOT);
    }

    public String words(Locale locale) {
        return Sentence.of(word).in(locale);
    }
}
