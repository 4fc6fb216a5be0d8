/* The stage's launch parser (nsx_parse_request) on good and hostile launches; the harness is
 * protocol-test.c's. */
#define _GNU_SOURCE
#include "protocol-test.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- launch ---------- */

void test_launch_good(void)
{
    CHECK_STR(LAUNCH(NULL, NULL), NULL);
    CHECK_STR(sp.id, "c1");
    CHECK_INT(sp.clone_flags, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUSER);
    CHECK_STR(sp.rootfs, "/var/lib/nsx/rootfs/debian");
    CHECK_STR(sp.path, "/bin/sh");
    CHECK_INT(sp.argc, 1);
    CHECK_STR(sp.argv[0], "sh");
    CHECK_STR(sp.argv[1], NULL);
    CHECK_INT(sp.envc, 0);
    CHECK_STR(sp.envp[0], NULL);
    CHECK_STR(sp.uid_map, "0 100000 65536");
    CHECK_STR(sp.gid_map, "0 100000 65536");
    CHECK_INT(sp.use_pivot, 1);
    CHECK_INT(sp.stdio_null, 1);
    CHECK_INT(sp.stdio_pty, 0);
    CHECK_INT(sp.keep_caps, 0);
    CHECK_INT(sp.ncgroups, 0);
    CHECK_STR(sp.net_mode, NULL);

    /* "op=launch" is optional and may come anywhere */
    CHECK_STR(LAUNCH("op", "op=launch"), NULL);
    CHECK_STR(LAUNCH("op", NULL), NULL);

    /* many fields at once */
    CHECK_STR(LAUNCH(NULL, "hostname=box", "mount=proc", "mount=dev", "mount=tmp", "mount=sys", "tmpsize=1048576",
                     "cgroup=/sys/fs/cgroup/nsx-1-2-3", "cgroup=/sys/fs/cgroup/memory/nsx-1-2-3", "stdio=pty",
                     "rows=50", "cols=132", "caps=a80425fb", "lo=up", "env=A=1", "env=PATH=/bin", "arg=-c", "arg=",
                     "boottime=-5", "monotonic=7"),
              NULL);
    CHECK_STR(sp.hostname, "box");
    CHECK(sp.mount_proc && sp.mount_dev && sp.mount_tmp && sp.mount_sys);
    CHECK_INT(sp.tmp_size, 1048576);
    CHECK_INT(sp.ncgroups, 2);
    CHECK_STR(sp.cgroups[1], "/sys/fs/cgroup/memory/nsx-1-2-3");
    CHECK_INT(sp.stdio_pty, 1);
    CHECK_INT(sp.stdio_null, 0);
    CHECK_INT(sp.rows, 50);
    CHECK_INT(sp.cols, 132);
    CHECK_INT(sp.keep_caps, 0xa80425fbULL);
    CHECK_INT(sp.lo_up, 1);
    CHECK_INT(sp.envc, 2);
    CHECK_STR(sp.envp[1], "PATH=/bin");
    CHECK_STR(sp.envp[2], NULL);
    CHECK_INT(sp.argc, 3);
    CHECK_STR(sp.argv[2], "");
    CHECK_INT(sp.boottime, -5);
    CHECK_INT(sp.monotonic, 7);

    /* cgroup and time namespaces are made later, not by clone */
    CHECK_STR(LAUNCH("ns", "ns=mnt,pid,user,cgroup,time"), NULL);
    CHECK_INT(sp.clone_flags, CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER);
    CHECK_INT(sp.new_cgroup_ns, 1);
    CHECK_INT(sp.new_time_ns, 1);

    /* stdio */
    CHECK_STR(LAUNCH(NULL, "stdio=inherit"), NULL);
    CHECK_INT(sp.stdio_null, 0);
    CHECK_INT(sp.stdio_pty, 0);
    CHECK_STR(LAUNCH(NULL, "stdio=null"), NULL);
    CHECK_INT(sp.stdio_null, 1);

    /* a repeated key: the last one counts */
    CHECK_STR(LAUNCH(NULL, "id=c2", "id=c3"), NULL);
    CHECK_STR(sp.id, "c3");
    CHECK_STR(LAUNCH(NULL, "rootfs=/srv/other"), NULL);
    CHECK_STR(sp.rootfs, "/srv/other");
    CHECK_STR(LAUNCH(NULL, "root=chroot", "root=pivot"), NULL);
    CHECK_INT(sp.use_pivot, 1);

    /* limits: 63 bytes of id, 64 of hostname, 512 args */
    CHECK_STR(LAUNCH("id", "id=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), NULL);
    CHECK_INT(strlen(sp.id), 63);
    CHECK_STR(LAUNCH(NULL, "hostname=0123456789012345678901234567890123456789012345678901234567890123"), NULL);
}

void test_launch_hostile(void)
{
    /* framing */
    CHECK_STR(LAUNCH_RAW(""), "id");
    CHECK_STR(LAUNCH_RAW("id=c1"), "framing");
    CHECK_STR(LAUNCH_RAW("id=c1\0rootfs=/x"), "framing");
    CHECK_STR(LAUNCH_RAW("id=c1\0\0"), ""); /* an empty string has no key */
    CHECK_STR(LAUNCH(NULL, "garbage"), "garbage");
    CHECK_STR(LAUNCH(NULL, "=value"), "");
    CHECK_STR(LAUNCH(NULL, "unknown=1"), "unknown");
    CHECK_STR(LAUNCH(NULL, "ID=c1"), "ID");
    CHECK_STR(LAUNCH(NULL, "op=destroy"), "op");
    CHECK_STR(LAUNCH(NULL, "op=signal"), "op");

    /* missing fields */
    CHECK_STR(LAUNCH("id", NULL), "id");
    CHECK_STR(LAUNCH("rootfs", NULL), "rootfs");
    CHECK_STR(LAUNCH("path", NULL), "path");
    CHECK_STR(LAUNCH("arg", NULL), "arg");
    CHECK_STR(LAUNCH("uidmap", NULL), "uidmap");
    CHECK_STR(LAUNCH("gidmap", NULL), "uidmap");

    /* ids */
    CHECK_STR(LAUNCH("id", "id=../x"), "id");
    CHECK_STR(LAUNCH("id", "id="), "id");
    CHECK_STR(LAUNCH("id", "id=a b"), "id");
    CHECK_STR(LAUNCH("id", "id=a/b"), "id");
    CHECK_STR(LAUNCH("id", "id=caf\xc3\xa9"), "id");
    CHECK_STR(LAUNCH("id", "id=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"), "id");
    CHECK_STR(LAUNCH(NULL, "id=../../etc"), "id");

    /* paths: absolute, every step a plain name */
    CHECK_STR(LAUNCH("rootfs", "rootfs=var/lib/x"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs="), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/../etc"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/lib/.."), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/./lib"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var//lib"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/lib/"), "rootfs");
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/.../lib"), NULL); /* "..." is a plain name */
    CHECK_STR(LAUNCH("rootfs", "rootfs=/var/..lib"), NULL);
    CHECK_STR(LAUNCH("path", "path=bin/sh"), "path");
    CHECK_STR(LAUNCH("path", "path="), "path");

    /* namespaces */
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,net,pid,user,bogus"), "ns");
    CHECK_STR(LAUNCH("ns", "ns=MNT,user"), "ns");
    CHECK_STR(LAUNCH("ns", "ns=mount"), "ns");
    {
        char longlist[300] = "ns=user";
        while (strlen(longlist) < 270)
            strcat(longlist, ",net");
        CHECK_STR(LAUNCH("ns", longlist), "ns");
    }
    /* without a mount namespace there is nothing to pivot into */
    CHECK_STR(LAUNCH("ns", "ns=uts,ipc,net,pid,user"), "root");
    CHECK_STR(LAUNCH("ns", "ns=none"), "root");
    CHECK_INT(sp.clone_flags, 0);

    /* the host's rule: a container that shares something runs in a user namespace */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid"), NULL);
    CHECK_INT(sp.host_root, 0);
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,pid,net"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,pid"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "root=chroot"), "ns");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net", "hostroot=1"), NULL);
    CHECK_INT(sp.host_root, 1);
    CHECK_STR(LAUNCH(NULL, "hostroot=1"), "hostroot");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net", "hostroot=yes"), "hostroot");
    /* steps=1 asks for the launch's step times (the bench); nothing else is accepted */
    CHECK_STR(LAUNCH(NULL, "path=/bin/true"), NULL);
    CHECK_INT(sp.steps, 0);
    CHECK_STR(LAUNCH(NULL, "steps=1"), NULL);
    CHECK_INT(sp.steps, 1);
    CHECK_STR(LAUNCH(NULL, "steps=0"), "steps");
    CHECK_STR(LAUNCH(NULL, "steps=yes"), "steps");
    /* a joined namespace counts as one of its own */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,pid", "join=net:1234"), NULL);
    CHECK_INT(sp.njoins, 1);
    CHECK_INT(sp.joins[0].type, CLONE_NEWNET);
    CHECK_INT(sp.joins[0].pid, 1234);

    /* root */
    CHECK_STR(LAUNCH(NULL, "root=jail"), "root");
    CHECK_STR(LAUNCH(NULL, "root=chroot"), NULL);
    CHECK_INT(sp.use_pivot, 0);

    /* maps: digits, spaces and newlines */
    CHECK_STR(LAUNCH("uidmap", "uidmap=0 100000 65536\n65536 0 1"), NULL);
    CHECK_STR(LAUNCH("uidmap", "uidmap="), "uidmap");
    CHECK_STR(LAUNCH("uidmap", "uidmap=0 0 1; rm -rf /"), "uidmap");
    CHECK_STR(LAUNCH("gidmap", "gidmap=0 -1 1"), "gidmap");
    CHECK_STR(LAUNCH("gidmap", "gidmap=0\t0\t1"), "gidmap");

    /* numbers */
    CHECK_STR(LAUNCH(NULL, "mount=tmp", "tmpsize=4096"), NULL);
    CHECK_INT(sp.tmp_size, 4096);
    CHECK_STR(LAUNCH(NULL, "mount=tmp", "tmpsize=4095"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=-1"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=99999999999999999999"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=12k"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize="), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "tmpsize=0x1000"), "tmpsize");
    CHECK_STR(LAUNCH(NULL, "boottime=9223372036854775807"), NULL);
    CHECK_INT(sp.boottime, 9223372036854775807LL);
    CHECK_STR(LAUNCH(NULL, "boottime=9223372036854775808"), "boottime");
    CHECK_STR(LAUNCH(NULL, "monotonic=-9223372036854775809"), "monotonic");
    CHECK_STR(LAUNCH(NULL, "monotonic=1e3"), "monotonic");
    CHECK_STR(LAUNCH(NULL, "rows=0"), "rows");
    CHECK_STR(LAUNCH(NULL, "rows=1001"), "rows");
    CHECK_STR(LAUNCH(NULL, "rows=1000"), NULL);
    CHECK_STR(LAUNCH(NULL, "cols=-80"), "cols");
    CHECK_STR(LAUNCH(NULL, "cols=4294967376"), "cols");

    /* capabilities: hex, within the allowed set; the host's own only on purpose */
    CHECK_STR(LAUNCH(NULL, "caps=10000"), "caps");             /* CAP_SYS_MODULE */
    CHECK_STR(LAUNCH(NULL, "caps=8000000000000000"), "caps");  /* bit 63 */
    CHECK_STR(LAUNCH(NULL, "caps=-1"), "caps");
    CHECK_STR(LAUNCH(NULL, "caps=1ffffffffffffffff"), "caps"); /* more than 64 bits */
    CHECK_STR(LAUNCH(NULL, "caps=xyz"), "caps");
    CHECK_STR(LAUNCH(NULL, "caps="), "caps");
    CHECK_STR(LAUNCH(NULL, "caps=200000"), NULL); /* CAP_SYS_ADMIN in its own user namespace */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=200000"), "caps");
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=8000000"), "caps"); /* CAP_MKNOD */
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=200000", "hostroot=1"), NULL);
    CHECK_STR(LAUNCH("ns,uidmap,gidmap", "ns=mnt,uts,ipc,net,pid", "caps=3000"), NULL); /* net admin, raw */

    /* hostname: only with a UTS namespace, at most 64 bytes */
    CHECK_STR(LAUNCH(NULL, "hostname=0123456789012345678901234567890123456789012345678901234567890123x"),
              "hostname");
    CHECK_STR(LAUNCH("ns", "ns=mnt,ipc,net,pid,user", "hostname=box"), "hostname");

    /* mounts: one name a key, and only with a mount namespace */
    CHECK_STR(LAUNCH(NULL, "mount=proc,dev"), "mount");
    CHECK_STR(LAUNCH(NULL, "mount=etc"), "mount");
    CHECK_STR(LAUNCH("ns", "ns=uts,ipc,net,pid,user", "root=chroot", "mount=proc"), "mount");
    CHECK_STR(LAUNCH(NULL, "stdio=file"), "stdio");

    /* cgroups: /sys/fs/cgroup/.../nsx-*, eight at most */
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/user.slice"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/a/../nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1/../../../etc"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/tmp/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroupx/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=sys/fs/cgroup/nsx-1"), "cgroup");
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1", "cgroup=/sys/fs/cgroup/nsx-2", "cgroup=/sys/fs/cgroup/nsx-3",
                     "cgroup=/sys/fs/cgroup/nsx-4", "cgroup=/sys/fs/cgroup/nsx-5", "cgroup=/sys/fs/cgroup/nsx-6",
                     "cgroup=/sys/fs/cgroup/nsx-7", "cgroup=/sys/fs/cgroup/nsx-8"),
              NULL);
    CHECK_INT(sp.ncgroups, 8);
    CHECK_STR(LAUNCH(NULL, "cgroup=/sys/fs/cgroup/nsx-1", "cgroup=/sys/fs/cgroup/nsx-2", "cgroup=/sys/fs/cgroup/nsx-3",
                     "cgroup=/sys/fs/cgroup/nsx-4", "cgroup=/sys/fs/cgroup/nsx-5", "cgroup=/sys/fs/cgroup/nsx-6",
                     "cgroup=/sys/fs/cgroup/nsx-7", "cgroup=/sys/fs/cgroup/nsx-8", "cgroup=/sys/fs/cgroup/nsx-9"),
              "cgroup");

    /* lists: 512 args and envs at most; an env has its '=' */
    {
        static char args[MAX_LIST + 1][24];
        const char *extra[MAX_LIST + 2];
        for (int i = 0; i < MAX_LIST; i++) {
            snprintf(args[i], sizeof args[i], "arg=%d", i);
            extra[i] = args[i];
        }
        extra[MAX_LIST - 1] = NULL; /* with BASE's own arg: 512 */
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.argc, MAX_LIST);
        CHECK_STR(sp.argv[MAX_LIST - 1], "510");
        CHECK_STR(sp.argv[MAX_LIST], NULL);
        extra[MAX_LIST - 1] = args[MAX_LIST - 1];
        extra[MAX_LIST] = NULL;
        CHECK_STR(launch_v(NULL, extra), "arg");
        for (int i = 0; i < MAX_LIST + 1; i++) {
            snprintf(args[i], sizeof args[i], "env=E%d=", i);
            extra[i] = args[i];
        }
        extra[MAX_LIST] = NULL;
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.envc, MAX_LIST);
        extra[MAX_LIST] = args[MAX_LIST];
        extra[MAX_LIST + 1] = NULL;
        CHECK_STR(launch_v(NULL, extra), "env");
    }
    CHECK_STR(LAUNCH(NULL, "env=NOEQUALS"), "env");
}

void test_launch_network(void)
{
    const char *veth[] = { "net=veth", "hostif=nsx1a", "hostaddr=10.200.0.1/24", "addr=10.200.0.2/24",
                           "gateway=10.200.0.1" };
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3], veth[4]), NULL);
    CHECK_STR(sp.net_mode, "veth");
    CHECK_STR(sp.host_if, "nsx1a");
    CHECK_STR(sp.host_addr, "10.200.0.1/24");
    CHECK_STR(sp.addr, "10.200.0.2/24");
    CHECK_STR(sp.gateway, "10.200.0.1");
    CHECK_STR(sp.bridge, NULL);
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242", "bridgeaddr=10.200.0.1/24"),
              NULL);
    CHECK_STR(sp.bridge, "nsxbr4242");
    CHECK_STR(sp.bridge_addr, "10.200.0.1/24");

    /* modes and what each needs */
    CHECK_STR(LAUNCH(NULL, "net=macvlan"), "net");
    CHECK_STR(LAUNCH(NULL, "net=veth"), "net");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[3], veth[4]), "hostaddr");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3]), "net");
    CHECK_STR(LAUNCH(NULL, veth[0], veth[1], veth[2], veth[3], veth[4], "bridge=nsxbr4242"), "hostaddr");
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242"),
              "bridge");
    CHECK_STR(LAUNCH(NULL, "net=bridge", "hostif=nsx1a", "addr=10.200.0.2/24", "gateway=10.200.0.1",
                     "bridge=nsxbr4242", "bridgeaddr=10.200.0.1/24", "hostaddr=10.200.0.3/24"),
              "bridge");
    /* only this stage's bridge */
    CHECK_STR(LAUNCH(NULL, "bridge=nsxbr4243"), "bridge");
    CHECK_STR(LAUNCH(NULL, "bridge=docker0"), "bridge");
    CHECK_STR(LAUNCH(NULL, "bridge=nsxbr42420"), "bridge");
    /* a network needs a net namespace */
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,pid,user", veth[0], veth[1], veth[2], veth[3], veth[4]), "net");
    CHECK_STR(LAUNCH("ns", "ns=mnt,uts,ipc,pid,user", "lo=up"), "net");
    CHECK_STR(LAUNCH(NULL, "lo=down"), "lo");

    /* interface names: nsx..., 15 bytes of [a-z0-9-] at most */
    CHECK_STR(LAUNCH(NULL, "hostif=eth0"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsxA"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx/../x"), "hostif");
    CHECK_STR(LAUNCH(NULL, "hostif=nsx012345678901"), NULL); /* 15 bytes */
    CHECK_STR(LAUNCH(NULL, "hostif=nsx0123456789012"), "hostif");

    /* IPv4, with a prefix of 8 to 30 where one is due */
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/31"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/7"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/8"), NULL);
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/30"), NULL);
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/24x"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/-24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0.2/99999999999999999999"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=300.1.1.1/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=10.200.0/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=fd00::2/64"), "addr");
    CHECK_STR(LAUNCH(NULL, "addr=/24"), "addr");
    CHECK_STR(LAUNCH(NULL, "hostaddr=10.200.0.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1/24"), "hostaddr");
    CHECK_STR(LAUNCH(NULL, "bridgeaddr=10.200.0.1/2/4"), "bridgeaddr");
    CHECK_STR(LAUNCH(NULL, "gateway=10.200.0.1/24"), "gateway");
    CHECK_STR(LAUNCH(NULL, "gateway=::1"), "gateway");
    CHECK_STR(LAUNCH(NULL, "gateway="), "gateway");
}

void test_launch_joins_and_layers(void)
{
    const char *const own = "ns,uidmap,gidmap";
    const char *const ns = "ns=mnt,user";
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=ipc:101", "join=uts:102",
                     "join=pid:103"),
              NULL);
    CHECK_INT(sp.njoins, 4);
    CHECK_INT(sp.joins[3].type, CLONE_NEWPID);
    CHECK_INT(sp.joins[3].pid, 103);
    /* the same namespace twice; a fifth */
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=net:101"), "join");
    CHECK_STR(LAUNCH(own, ns, "uidmap=0 1 1", "gidmap=0 1 1", "join=net:100", "join=ipc:101", "join=uts:102",
                     "join=pid:103", "join=net:104"),
              "join");
    /* joinable ones only, real PIDs, not PID 1 */
    CHECK_STR(LAUNCH(NULL, "join=mnt:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=user:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=bogus:100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:1"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:0"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:-100"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:2147483648"), "join");
    CHECK_STR(LAUNCH(NULL, "join=net:0x64"), "join");
    /* not a namespace the container makes too */
    CHECK_STR(LAUNCH(NULL, "join=net:100"), "join");

    /* overlay: all three or none, with a mount namespace */
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1", "lower=/s/l0", "upper=/s/o/upper", "work=/s/o/work"), NULL);
    CHECK_INT(sp.nlowers, 2);
    CHECK_STR(sp.lowers[0], "/s/l1");
    CHECK_STR(sp.upper, "/s/o/upper");
    CHECK_STR(sp.work, "/s/o/work");
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1"), "upper");
    CHECK_STR(LAUNCH(NULL, "upper=/s/o/upper", "work=/s/o/work"), "upper");
    CHECK_STR(LAUNCH(NULL, "lower=/s/l1", "upper=/s/o/upper"), "upper");
    CHECK_STR(LAUNCH(NULL, "lower=s/l1"), "lower");
    CHECK_STR(LAUNCH(NULL, "lower=/s/../l1"), "lower");
    CHECK_STR(LAUNCH(NULL, "upper=/s/o/upper/.."), "upper");
    CHECK_STR(LAUNCH(NULL, "work=/s/./work"), "work");
    {
        const char *extra[MAX_LAYERS + 4];
        for (int i = 0; i <= MAX_LAYERS; i++)
            extra[i] = "lower=/s/l";
        extra[MAX_LAYERS] = "upper=/s/o/upper";
        extra[MAX_LAYERS + 1] = "work=/s/o/work";
        extra[MAX_LAYERS + 2] = NULL;
        CHECK_STR(launch_v(NULL, extra), NULL);
        CHECK_INT(sp.nlowers, MAX_LAYERS);
        extra[MAX_LAYERS] = "lower=/s/l";
        extra[MAX_LAYERS + 1] = NULL;
        CHECK_STR(launch_v(NULL, extra), "lower");
    }
}

/* ---------- the small requests ---------- */

/* enter=PID: a shell in another's namespaces has nothing of its own but cgroups, terminal and command. */
void test_launch_enter(void)
{
#define MINE "ns,rootfs,uidmap,gidmap"
    const char *mine = MINE;
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "cgroup=/sys/fs/cgroup/nsx-1-2-3", "stdio=pty", "caps=a80425fb"),
              NULL);
    CHECK_INT(sp.enter_pid, 4242);
    CHECK_INT(sp.enter_uid, -1);
    CHECK_INT(sp.enter_start, 100);
    CHECK_INT(sp.clone_flags, 0);
    CHECK_INT(sp.use_pivot, 0);
    CHECK_STR(sp.rootfs, NULL);
    CHECK_STR(sp.argv[0], "sh");
    CHECK_STR(sp.argv[1], NULL);
    /* another caller: the owner of the user namespace it enters */
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "enteruid=1000"), NULL);
    CHECK_INT(sp.enter_uid, 1000);
    /* the host root's powers: never for another caller */
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "hostroot=1"), NULL);
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "enteruid=1000", "hostroot=1"), "enteruid");
    /* no PID 1, no other PID than a whole one in range */
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=1"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=0"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=-5"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=2147483648"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=12x"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "enteruid=-1"), "enteruid");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "enteruid=4294967295"), "enteruid");
    /* the start time names the process the broker checked: always there, never negative */
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242"), "enterstart");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=-1"), "enterstart");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=x"), "enterstart");
    CHECK_STR(LAUNCH(mine, "ns=none", "enterstart=100"), "enter");
    /* an owner alone is no shell */
    CHECK_STR(LAUNCH(mine, "ns=none", "enteruid=1000"), "enter");
    /* nothing of a container's own beside it */
    CHECK_STR(LAUNCH("uidmap,gidmap", "enter=4242", "enterstart=100"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "rootfs=/srv/rootfs"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "hostname=x"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "mount=proc"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "join=net:100"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "lo=up"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "uidmap=0 1 1", "gidmap=0 1 1"), "enter");
    CHECK_STR(LAUNCH(mine, "ns=none", "enter=4242", "enterstart=100", "boottime=5"), "enter");
    CHECK_STR(LAUNCH(MINE ",path", "ns=none", "enter=4242", "enterstart=100"), "path");
    CHECK_STR(LAUNCH(MINE ",arg", "ns=none", "enter=4242", "enterstart=100"), "arg");
}
#undef MINE
