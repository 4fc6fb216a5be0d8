package org.nsexplorer.helper.commands;

import java.util.Locale;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * What a recipe asks that `docker run` (Docker 20.10, Debian 12's) cannot do, or always does
 * its own way. The app shows each by its wire name from its messages; the command line prints the words.
 */
public enum DockerDifference {
    HOST_MOUNTS(Word.COMMANDS_DOCKER_HOST_MOUNTS),
    CHROOT(Word.COMMANDS_DOCKER_CHROOT),
    JOIN(Word.COMMANDS_DOCKER_JOIN),
    USER_NAMESPACE(Word.COMMANDS_DOCKER_USER_NAMESPACE),
    TIME(Word.COMMANDS_DOCKER_TIME),
    MOUNTS(Word.COMMANDS_DOCKER_MOUNTS),
    HOSTNAME(Word.COMMANDS_DOCKER_HOSTNAME),
    LOOPBACK(Word.COMMANDS_DOCKER_LOOPBACK),
    VETH_ADDRESSES(Word.COMMANDS_DOCKER_VETH_ADDRESSES),
    BRIDGE_NETWORK(Word.COMMANDS_DOCKER_BRIDGE_NETWORK),
    ROOTFS_COPY(Word.COMMANDS_DOCKER_ROOTFS_COPY),
    LAYERS(Word.COMMANDS_DOCKER_LAYERS),
    KEEP_LAYER(Word.COMMANDS_DOCKER_KEEP_LAYER);

    private final Word word;

    DockerDifference(Word word) {
        this.word = word;
    }

    /** The name on the wire: host-mounts, chroot, join, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String words(Locale locale) {
        return Sentence.of(word).in(locale);
    }
}
