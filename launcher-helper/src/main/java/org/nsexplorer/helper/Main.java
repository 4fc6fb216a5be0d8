package org.nsexplorer.helper;

import java.util.Arrays;
import java.util.List;
import org.nsexplorer.helper.cli.BenchCommand;
import org.nsexplorer.helper.cli.CommandsCommand;
import org.nsexplorer.helper.cli.RootfsCommand;
import org.nsexplorer.helper.cli.RunCommand;
import org.nsexplorer.helper.cli.SnapshotCommand;
import org.nsexplorer.helper.serve.ServeCommand;

/** `nsx-helper COMMAND ...`: the privileged helper's command line. */
public final class Main {
    static final String USAGE = """
            usage: ./nsx-helper COMMAND [ARGS]
              run [options] -- CMD [ARG...]   run CMD in a new container, in the foreground
                --rootfs DIR          root filesystem (default: the built-in one)
                --ns LIST             namespaces: mnt,uts,ipc,net,pid,user,cgroup,time or none
                                      (default: mnt,uts,ipc,net,pid)
                --hostname NAME       the container's hostname (needs uts)
                --memory SIZE         memory limit: 64M, 1G, ... (default: a quarter of the RAM;
                                      /tmp holds half of it, 256M at most)
                --cpus N              CPU limit as a share of one CPU: 0.5 = half
                --pids N              at most N processes (default: 1024)
                --mounts LIST         proc,sys,tmp,dev or none (default: proc,dev,tmp)
                --root-switch HOW     pivot (default) or chroot (the tutorial's leaky way)
                --map-root UID        with user: container root is UID on the host (only root may
                                      give another uid than the caller's own)
                --host-root           root inside keeps the host root's powers, as sudo unshare
                                      gives them (root, or an administrator polkit allows)
                --boottime S, --monotonic S   with time: clock offsets in seconds
                --pid-file FILE       write the container's host PID there once it runs
                --net MODE            host (no net namespace), isolated (only lo, down),
                                      veth (a veth pair to the host, 10.0.0.1 <-> 10.0.0.2
                                      when free) or bridge (a bridge shared by such containers)
                --join PID:LIST       share the net, ipc, uts or pid namespaces of the container
                                      whose process PID is (as a pod does): --join 4242:net,ipc
                --overlay             the rootfs is a read-only base; writes go to an upper layer
                --layer NAME          stack the stored layer NAME on the base (repeatable, top first)
                --keep-upper NAME     keep the upper as the layer NAME when the container ends
              commands [options] -- CMD   the shell commands that build that container by hand
                --nspawn              the systemd-nspawn line instead, and what it cannot do the same way
              snapshot --pid PID     what process PID sees, as JSON (--host: the host)
              serve                  typed JSON messages on stdin/stdout, for the app
              rootfs default         print the built-in rootfs' path, building it if needed
              rootfs list|import|build|busybox|debootstrap|export|check|remove
                                     root filesystems and layers (./nsx-helper rootfs for details)
              bench                  measure launch speed against util-linux unshare
              bench fuzz [--requests N] [--seed S]
                                     10,000 generated and mutated requests to one serve: every one
                                     answered, no crash, the host unchanged, a launch still works
              bench soak [--sequential N] [--concurrent M]
                                     1,000 launches one after another, then 50 at once: failures,
                                     launch p50/p99, the broker's fds, threads and RSS start to end
            exit status of run: CMD's status, 128+N if signal N killed it, 137 after an OOM kill,
            2 for a refused request, 125 when the set-up failed.""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(dispatch(Arrays.asList(args)));
    }

    static int dispatch(List<String> args) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            System.out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        ParentWatch.install();
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "run":
                return RunCommand.run(rest);
            case "serve":
                return ServeCommand.serve(System.in, System.out);
            case "commands":
                return CommandsCommand.run(rest);
            case "snapshot":
                return SnapshotCommand.run(rest);
            case "bench":
                return BenchCommand.run(rest);
            case "rootfs":
                return RootfsCommand.run(rest);
            default:
                System.err.println("nsx-helper: unknown command '" + args.get(0) + "': see ./nsx-helper --help");
                return 2;
        }
    }

}
