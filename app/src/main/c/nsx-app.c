/*
 * libnsx-app.so: the few system calls the app makes that Java has no API for (see
 * org.nsexplorer.app.LinuxCalls). A JNI library of our own: it loads in about a millisecond,
 * where JNA took 0.1 to 0.3 s of every start, before the window could begin.
 */
#include <jni.h>

#include <errno.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

/* prctl(OPTION, ARG2, 0, 0, 0): its result, or -errno. */
JNIEXPORT jint JNICALL Java_org_nsexplorer_app_LinuxCalls_prctl(JNIEnv *env, jclass cls, jint option, jlong arg2)
{
    (void)env;
    (void)cls;
    int r = prctl(option, (unsigned long)arg2, 0UL, 0UL, 0UL);
    return r < 0 ? -errno : r;
}

/* waitpid(PID, WNOHANG): the PID reaped, 0 while it runs, or -errno. */
JNIEXPORT jint JNICALL Java_org_nsexplorer_app_LinuxCalls_waitpidNoHang(JNIEnv *env, jclass cls, jint pid)
{
    (void)env;
    (void)cls;
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    return r < 0 ? -errno : r;
}
