package org.nsexplorer.helper.snapshot;

import java.util.List;

/** SysV IPC objects of one IPC namespace, from its /proc/sysvipc files. */
public record IpcObjects(List<Shm> sharedMemory, List<Sem> semaphores, List<Msg> messageQueues) {

    /** /proc/sysvipc/shm: key shmid perms size cpid lpid nattch uid gid cuid cgid ... */
    public record Shm(long key, long id, String perms, long size, long creatorPid, long attached, long uid) {
        static Shm of(List<String> f) {
            return new Shm(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), f.get(2), Long.parseLong(f.get(3)),
                    Long.parseLong(f.get(4)), Long.parseLong(f.get(6)), Long.parseLong(f.get(7)));
        }
    }

    /** /proc/sysvipc/sem: key semid perms nsems uid gid ... */
    public record Sem(long key, long id, String perms, long count, long uid) {
        static Sem of(List<String> f) {
            return new Sem(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), f.get(2), Long.parseLong(f.get(3)),
                    Long.parseLong(f.get(4)));
        }
    }

    /** /proc/sysvipc/msg: key msqid perms cbytes qnum lspid lrpid uid ... */
    public record Msg(long key, long id, String perms, long bytes, long messages, long uid) {
        static Msg of(List<String> f) {
            return new Msg(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), f.get(2), Long.parseLong(f.get(3)),
                    Long.parseLong(f.get(4)), Long.parseLong(f.get(7)));
        }
    }
}
