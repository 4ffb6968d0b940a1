/* Scheduling parameters, capability sets, prctl options and pid-argument edge cases, as
 * root and after dropping privilege. Prints only what a container's root also sees (no
 * realtime policies, no absolute capability masks). Same output natively and under umk. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "errname.h"

#define SCHED_DEADLINE_POLICY 6
#define RESET_ON_FORK 0x40000000
#define NET_RAW 13
#define KILL_CAP 5

struct cap_hdr { uint32_t version; int pid; };
struct cap_data { uint32_t eff, perm, inh; };

static void rc(const char *what, long r) {
    if (r < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
}

static void caps(struct cap_data d[2]) {
    struct cap_hdr h = {0x20080522, 0};
    if (syscall(SYS_capget, &h, d) < 0) printf("capget: %s\n", errname(errno));
}

static void capabilities(void) {
    struct cap_data d[2];
    struct cap_hdr h = {0x20080522, 0};
    caps(d);
    printf("CAP_NET_RAW in pE before: %d\n", !!(d[0].eff & (1u << NET_RAW)));
    d[0].eff &= ~(1u << NET_RAW);
    rc("capset drop CAP_NET_RAW from pE", syscall(SYS_capset, &h, d));
    caps(d);
    printf("CAP_NET_RAW in pE after: %d, in pP: %d\n", !!(d[0].eff & (1u << NET_RAW)),
           !!(d[0].perm & (1u << NET_RAW)));
    d[0].perm &= ~(1u << NET_RAW);
    rc("capset drop CAP_NET_RAW from pP", syscall(SYS_capset, &h, d));
    d[0].eff |= 1u << NET_RAW;
    rc("capset pE beyond pP", syscall(SYS_capset, &h, d));
    caps(d);
    d[0].perm |= 1u << NET_RAW;
    rc("capset raise pP again", syscall(SYS_capset, &h, d));

    rc("PR_CAPBSET_READ CAP_KILL", prctl(PR_CAPBSET_READ, KILL_CAP));
    rc("PR_CAPBSET_DROP CAP_KILL", prctl(PR_CAPBSET_DROP, KILL_CAP));
    rc("PR_CAPBSET_READ CAP_KILL after", prctl(PR_CAPBSET_READ, KILL_CAP));
    rc("PR_CAPBSET_DROP 999", prctl(PR_CAPBSET_DROP, 999));
    rc("PR_CAP_AMBIENT bad op", prctl(PR_CAP_AMBIENT, ULONG_MAX, 0, 0, 0));
    rc("PR_CAP_AMBIENT CLEAR_ALL extra arg", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0));
    rc("PR_CAP_AMBIENT IS_SET bad cap", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, ULONG_MAX, 0, 0));
    rc("PR_CAP_AMBIENT RAISE not inheritable", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, KILL_CAP, 0, 0));

    /* CAP_SETPCAP gone from pE: bounding-set drops and securebits are EPERM. */
    caps(d);
    d[0].eff &= ~(1u << 8);
    rc("capset drop CAP_SETPCAP from pE", syscall(SYS_capset, &h, d));
    rc("PR_CAPBSET_DROP without CAP_SETPCAP", prctl(PR_CAPBSET_DROP, 1));
    rc("PR_SET_SECUREBITS without CAP_SETPCAP", prctl(PR_SET_SECUREBITS, 0));
    caps(d);
    d[0].inh |= 1u << NET_RAW;
    rc("capset raise pI beyond pI|pP without CAP_SETPCAP", syscall(SYS_capset, &h, d));

    /* Leaving uid 0 clears pP and pE; keepcaps keeps pP. */
    rc("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
    rc("setresuid 1000", setresuid(1000, 1000, 1000));
    caps(d);
    printf("after setuid with keepcaps: pE empty %d, CAP_KILL in pP %d\n", d[0].eff == 0 && d[1].eff == 0,
           !!(d[0].perm & (1u << KILL_CAP)));
}

static void prctl_options(void) {
    rc("PR_SET_PDEATHSIG ULONG_MAX", prctl(PR_SET_PDEATHSIG, ULONG_MAX));
    rc("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2));
    rc("PR_GET_NO_NEW_PRIVS with arg", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
    rc("PR_SET_THP_DISABLE extra arg", prctl(PR_SET_THP_DISABLE, 0, 1, 0, 0));
    rc("PR_GET_THP_DISABLE with arg", prctl(PR_GET_THP_DISABLE, 1, 1, 0, 0));
    rc("PR_SET_TIMING timestamp", prctl(PR_SET_TIMING, 1, 0, 0, 0));
    rc("PR_GET_TIMERSLACK default", prctl(PR_GET_TIMERSLACK));
    rc("PR_SET_TIMERSLACK 70000", prctl(PR_SET_TIMERSLACK, 70000));
    rc("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK));
    pid_t pid = fork();
    if (pid == 0) {
        rc("child PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK));
        prctl(PR_SET_TIMERSLACK, 5);
        rc("child PR_SET_TIMERSLACK 0", prctl(PR_SET_TIMERSLACK, 0));
        rc("child timerslack reset to its default", prctl(PR_GET_TIMERSLACK));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    rc("PR_SET_TIMERSLACK 0", prctl(PR_SET_TIMERSLACK, 0));
    rc("PR_GET_TIMERSLACK after reset", prctl(PR_GET_TIMERSLACK));
    int tsc = 0;
    rc("PR_SET_TSC 3", prctl(PR_SET_TSC, 3));
    rc("PR_SET_TSC ENABLE", prctl(PR_SET_TSC, PR_TSC_ENABLE));
    rc("PR_GET_TSC", prctl(PR_GET_TSC, &tsc));
    printf("tsc mode %d\n", tsc);
}

struct sched_attr_v1 {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

static void scheduling(void) {
    struct sched_param p = {0};
    rc("sched_get_priority_max(SCHED_DEADLINE)", sched_get_priority_max(SCHED_DEADLINE_POLICY));
    rc("sched_get_priority_min(SCHED_DEADLINE)", sched_get_priority_min(SCHED_DEADLINE_POLICY));
    rc("sched_getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
    rc("sched_getparam NULL, no such pid", syscall(SYS_sched_getparam, INT_MAX - 1, NULL));
    rc("sched_setparam NULL", syscall(SYS_sched_setparam, 0, NULL));
    rc("sched_setscheduler NULL", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
    struct sched_attr_v1 a = {sizeof a, SCHED_DEADLINE_POLICY, 0, 0, 0, 100, 1000, 2000, 0, 0};
    rc("sched_setattr deadline runtime < 1024", syscall(SYS_sched_setattr, 0, &a, 0));
    a.runtime = 20000000;
    a.deadline = 10000000;
    rc("sched_setattr deadline runtime > deadline", syscall(SYS_sched_setattr, 0, &a, 0));

    rc("sched_setscheduler OTHER|RESET_ON_FORK", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER | RESET_ON_FORK, &p));
    rc("sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
    rc("setpriority -5", setpriority(PRIO_PROCESS, 0, -5));
    pid_t pid = fork();
    if (pid == 0) {
        rc("child sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
        rc("child getpriority (20 - nice)", syscall(SYS_getpriority, PRIO_PROCESS, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    rc("sched_setscheduler OTHER", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &p));
    rc("setpriority 0", setpriority(PRIO_PROCESS, 0, 0));

    rc("getpriority PRIO_PROCESS -1", getpriority(PRIO_PROCESS, -1));
    rc("getpriority PRIO_PGRP -1", getpriority(PRIO_PGRP, -1));
    rc("setpriority PRIO_PROCESS -1", setpriority(PRIO_PROCESS, -1, 0));
    rc("getpriority bad which", getpriority(7, 0));

    pid_t parent = getpid();
    pid = fork();
    if (pid == 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(0, &set);
        rc("seteuid 65534", seteuid(65534));
        rc("unprivileged sched_setparam(parent)", syscall(SYS_sched_setparam, parent, &p));
        rc("unprivileged sched_setscheduler(parent)", syscall(SYS_sched_setscheduler, parent, SCHED_OTHER, &p));
        rc("unprivileged sched_setaffinity(parent)", sched_setaffinity(parent, sizeof set, &set));
        rc("unprivileged sched_setparam(self)", syscall(SYS_sched_setparam, 0, &p));
        rc("setuid 65534", setuid(65534));
        rc("unprivileged setpriority(parent)", setpriority(PRIO_PROCESS, parent, 5));
        rc("unprivileged setpriority(self, -2)", setpriority(PRIO_PROCESS, 0, -2));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

static pthread_barrier_t barrier;
static volatile pid_t thread_tid;
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig) { (void) sig; got_usr1++; }

static void *thread_main(void *arg) {
    (void) arg;
    thread_tid = syscall(SYS_gettid);
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    return NULL;
}

static void pid_arguments(void) {
    pthread_t th;
    signal(SIGUSR1, on_usr1);
    pthread_barrier_init(&barrier, NULL, 2);
    pthread_create(&th, NULL, thread_main, NULL);
    pthread_barrier_wait(&barrier);
    pid_t me = getpid();
    rc("tgkill tgid -1", syscall(SYS_tgkill, -1, me, SIGUSR1));
    rc("tgkill tid -1", syscall(SYS_tgkill, me, -1, SIGUSR1));
    rc("tgkill a thread id as tgid", syscall(SYS_tgkill, thread_tid, me, SIGUSR1));
    rc("tgkill thread, signal 0", syscall(SYS_tgkill, me, thread_tid, 0));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = SI_QUEUE;
    si.si_pid = me;
    si.si_uid = getuid();
    rc("rt_sigqueueinfo to a non-leader thread id", syscall(SYS_rt_sigqueueinfo, thread_tid, SIGUSR1, &si));
    pthread_barrier_wait(&barrier);
    pthread_join(th, NULL);
    printf("SIGUSR1 handled: %d\n", got_usr1 > 0);
    /* Not checked: queueing to the exited thread's id, which the host may have given to
     * another process by now (a stray SIGUSR1 kills it). */
}

int main(void) {
    if (geteuid() != 0) {
        printf("needs root\n");
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    scheduling();
    pid_arguments();
    prctl_options();
    pid_t pid = fork();
    if (pid == 0) {
        capabilities();
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("caps child status %d\n", WEXITSTATUS(st));
    return 0;
}
