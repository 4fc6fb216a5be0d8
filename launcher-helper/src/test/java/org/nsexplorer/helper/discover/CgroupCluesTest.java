package org.nsexplorer.helper.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engines' cgroup paths, as /proc/PID/cgroup shows them on real hosts (cgroup v1 lines from
 * this machine's docker; the others in the forms the engines' drivers write, v1 and v2, rootful
 * and rootless). This machine can run docker only: the others are read from these fixtures.
 */
class CgroupCluesTest {
    private static final String ID = "4f1c0a5e9d2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        docker, cgroupfs driver, v1    | 12:memory:/docker/ID\\n1:name=systemd:/docker/ID\\n0::/     | docker         | ID | -
        docker, systemd driver, v2     | 0::/system.slice/docker-ID.scope                           | docker         | ID | -
        docker, rootless               | 0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-ID.scope | docker | ID | -
        podman, systemd, v2            | 0::/machine.slice/libpod-ID.scope/container                | podman         | ID | -
        podman, cgroupfs, v1           | 4:pids:/libpod_parent/libpod-ID\\n1:name=systemd:/libpod_parent/libpod-ID | podman | ID | -
        kubernetes, containerd, systemd| 0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0e1f_22.slice/cri-containerd-ID.scope | kubernetes | ID | -
        kubernetes, cgroupfs           | 0::/kubepods/besteffort/pod8d5c3a1e-0b3e-4a51-9c7d-2f5f0c6e9d11/ID | kubernetes | ID | -
        kubernetes, cri-o              | 0::/kubepods.slice/kubepods-pod9.slice/crio-ID.scope       | kubernetes     | ID | -
        cri-o outside kubernetes       | 0::/machine.slice/crio-ID.scope                            | cri-o          | ID | -
        nerdctl                        | 0::/system.slice/nerdctl-ID.scope                          | containerd     | ID | -
        lxc 4 and later                | 0::/lxc.payload.web1                                       | lxc            | -  | web1
        lxc before 4, v1               | 5:memory:/lxc/web1\\n1:name=systemd:/lxc/web1               | lxc            | -  | web1
        systemd-nspawn                 | 0::/machine.slice/machine-debian\\x2dbox.scope/payload      | systemd-nspawn | -  | debian-box
        another Namespace Explorer     | 4:memory:/nsx-4242-99-3\\n0::/                             | nsx-explorer   | nsx-4242-99-3 | -
        """)
    void theEngineIsReadFromItsCgroupPath(String host, String lines, String engine, String id, String name) {
        Clue clue = CgroupClues.of(lines.replace("\\n", "\n").replace("ID", ID)).orElseThrow();
        assertEquals(engine, clue.maker().label(), host);
        assertEquals(id.equals("-") ? Optional.empty() : Optional.of(id.replace("ID", ID)), clue.id(), host);
        assertEquals(name.equals("-") ? Optional.empty() : Optional.of(name), clue.name(), host);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a host process                   | 12:memory:/\\n1:name=systemd:/init.scope\\n0::/init.scope
        a user's session                 | 0::/user.slice/user-1000.slice/session-3.scope
        podman's conmon                  | 0::/machine.slice/libpod-conmon-ID.scope
        lxc's monitor                    | 0::/lxc.monitor.web1
        an id one digit short            | 12:memory:/docker/4f1c0a5e9d2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c
        an id in capitals                | 0::/system.slice/docker-4F1C0A5E9D2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5.scope
        a machine outside machine.slice  | 0::/system.slice/machine-x.scope
        """)
    void whatNoEngineMadeHasNoClue(String what, String lines) {
        assertEquals(Optional.empty(), CgroupClues.of(lines.replace("\\n", "\n").replace("ID", ID)), what);
    }
}
