/* CPU-time timers: ITIMER_VIRTUAL and ITIMER_PROF (one-shot, periodic, getitimer counting
 * down, nothing while asleep, cleared in a fork child, kept across execve), RLIMIT_CPU
 * (SIGXCPU at the soft limit, SIGKILL at the hard one), the CPU clocks (process, thread,
 * another thread's via pthread_getcpuclockid) advancing while code runs without syscalls,
 * timer_create on CLOCK_PROCESS_CPUTIME_ID, and the errors. Prints only facts that hold on
 * any Linux machine, even a loaded one: Linux's itimers and RLIMIT_CPU count tick-sampled
 * user/system time, which may run ahead of or behind CLOCK_PROCESS_CPUTIME_ID, so timing
 * checks are loose. About 2.5 s of CPU time in all. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "errname.h"

static volatile sig_atomic_t vt_count, vt_code, prof_count, xcpu_count, ptimer_count, ptimer_code;
static volatile double vt_at_ms, prof_at_ms, xcpu_at_ms;
static volatile unsigned long sink;

static double clock_ms(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void) {
    return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

/* About a tenth of a millisecond of pure computation, no system call. */
static void spin(long n) {
    for (long i = 0; i < n; i++) sink += i;
}

/* Burns CPU time until *flag becomes nonzero or max_ms of process CPU time went by. */
static void burn(volatile sig_atomic_t *flag, double max_ms) {
    double end = cpu_ms() + max_ms;
    while ((flag == NULL || !*flag) && cpu_ms() < end) spin(100000);
}

static void on_vtalrm(int sig, siginfo_t *si, void *uc) {
    (void) sig, (void) uc;
    vt_count++;
    vt_code = si->si_code;
    vt_at_ms = cpu_ms();
}

static void on_prof(int sig) {
    (void) sig;
    if (prof_count++ == 0) prof_at_ms = cpu_ms();
}

static void on_xcpu(int sig) {
    (void) sig;
    xcpu_count++;
    xcpu_at_ms = cpu_ms();
}

static void on_ptimer(int sig, siginfo_t *si, void *uc) {
    (void) sig, (void) uc;
    ptimer_count++;
    ptimer_code = si->si_code;
}

static void handle(int sig, void (*h)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(sig, &sa, NULL);
}

static void handle_info(int sig, void (*h)(int, siginfo_t *, void *)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void set_timer(int which, long value_us, long interval_us) {
    struct itimerval v = {{interval_us / 1000000, interval_us % 1000000}, {value_us / 1000000, value_us % 1000000}};
    setitimer(which, &v, NULL);
}

static long usec(struct timeval tv) {
    return tv.tv_sec * 1000000L + tv.tv_usec;
}

static int armed(int which) {
    struct itimerval v;
    getitimer(which, &v);
    return usec(v.it_value) > 0;
}

static void virtual_one_shot(void) {
    handle_info(SIGVTALRM, on_vtalrm);
    double start = cpu_ms();
    set_timer(ITIMER_VIRTUAL, 50000, 0);
    burn(&vt_count, 2000);
    burn(NULL, 100); /* a one-shot timer must not come back */
    printf("virtual one-shot: fired once %d, si_code SI_KERNEL %d, within 250 ms of CPU %d, disarmed %d\n",
           vt_count == 1, vt_code == SI_KERNEL, vt_at_ms - start < 250, !armed(ITIMER_VIRTUAL));
}

static void prof_periodic(void) {
    handle(SIGPROF, on_prof);
    double start = cpu_ms();
    set_timer(ITIMER_PROF, 10000, 10000);
    burn(NULL, 120);
    set_timer(ITIMER_PROF, 0, 0);
    double used = cpu_ms() - start;
    printf("prof 10 ms periodic over >= 100 ms of CPU: %d, ticks >= 5 %d, ticks <= 40 %d\n",
           used >= 100, prof_count >= 5, prof_count <= 40);
    printf("prof first tick before 50 ms of CPU: %d\n", prof_at_ms - start < 50);
}

static void getitimer_counts_down(void) {
    set_timer(ITIMER_VIRTUAL, 1000000, 250000);
    burn(NULL, 20);
    struct itimerval cur, old;
    getitimer(ITIMER_VIRTUAL, &cur);
    printf("getitimer mid-way: 0 < value < set %d, interval kept %d\n",
           usec(cur.it_value) > 0 && usec(cur.it_value) < 1000000, usec(cur.it_interval) == 250000);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_VIRTUAL, &off, &old);
    printf("setitimer old value: 0 < value <= getitimer's %d, interval %ld\n",
           usec(old.it_value) > 0 && usec(old.it_value) <= usec(cur.it_value), usec(old.it_interval));
    getitimer(ITIMER_VIRTUAL, &cur);
    printf("disarmed: value %ld interval %ld\n", usec(cur.it_value), usec(cur.it_interval));
}

static void sleeping_gets_nothing(void) {
    vt_count = 0;
    set_timer(ITIMER_VIRTUAL, 50000, 0);
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);
    struct itimerval cur;
    getitimer(ITIMER_VIRTUAL, &cur);
    printf("asleep 200 ms: no SIGVTALRM %d, still armed with > 40 ms %d\n", vt_count == 0,
           usec(cur.it_value) > 40000);
    set_timer(ITIMER_VIRTUAL, 0, 0);
}

static void fork_clears_exec_keeps(const char *self) {
    set_timer(ITIMER_VIRTUAL, 10000000, 0);
    set_timer(ITIMER_PROF, 10000000, 1000000);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        struct itimerval v, pr;
        getitimer(ITIMER_VIRTUAL, &v);
        getitimer(ITIMER_PROF, &pr);
        printf("fork child: virtual cleared %d, prof cleared %d\n",
               usec(v.it_value) == 0 && usec(v.it_interval) == 0,
               usec(pr.it_value) == 0 && usec(pr.it_interval) == 0);
        fflush(stdout);
        execl(self, self, "after-exec", (char *) NULL);
        _exit(99);
    }
    int st;
    waitpid(p, &st, 0);
    printf("parent still armed: virtual %d, prof %d\n", armed(ITIMER_VIRTUAL), armed(ITIMER_PROF));
    fflush(stdout);
    p = fork();
    if (p == 0) {
        /* This child arms its own timers, then execs: they survive execve. */
        set_timer(ITIMER_VIRTUAL, 10000000, 0);
        set_timer(ITIMER_PROF, 10000000, 1000000);
        execl(self, self, "after-exec", (char *) NULL);
        _exit(99);
    }
    waitpid(p, &st, 0);
    set_timer(ITIMER_VIRTUAL, 0, 0);
    set_timer(ITIMER_PROF, 0, 0);
}

static int after_exec(void) {
    struct itimerval pr;
    getitimer(ITIMER_PROF, &pr);
    printf("after execve: virtual armed %d, prof armed %d, prof interval %ld\n", armed(ITIMER_VIRTUAL),
           armed(ITIMER_PROF), usec(pr.it_interval));
    return 0;
}

static void rlimit_cpu(void) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        handle(SIGXCPU, on_xcpu);
        struct rlimit rl = {1, RLIM_INFINITY};
        setrlimit(RLIMIT_CPU, &rl);
        burn(&xcpu_count, 3000);
        struct rlimit now;
        getrlimit(RLIMIT_CPU, &now);
        printf("RLIMIT_CPU soft 1 s: SIGXCPU %d, after >= 0.5 s of CPU %d, soft limit now %ld\n",
               xcpu_count == 1, xcpu_at_ms >= 500, (long) now.rlim_cur);
        exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("soft-limit child exited 0: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        handle(SIGXCPU, on_xcpu);
        struct rlimit rl = {1, 1};
        setrlimit(RLIMIT_CPU, &rl);
        burn(NULL, 3000);
        _exit(0);
    }
    waitpid(p, &st, 0);
    printf("hard limit 1 s: killed by SIGKILL %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static volatile int spinner_stop;

static void *spinner(void *arg) {
    (void) arg;
    while (!spinner_stop) spin(1000);
    return NULL;
}

static void cpu_clocks(void) {
    double a = cpu_ms();
    spin(20 * 1000 * 1000);
    double b = cpu_ms();
    printf("process CPU clock advances over a loop without syscalls: %d\n", b > a);
    double ta = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    spin(20 * 1000 * 1000);
    printf("thread CPU clock advances: %d\n", clock_ms(CLOCK_THREAD_CPUTIME_ID) > ta);

    /* Another thread that never makes a system call: its clock and the process's advance
     * while this one sleeps. */
    pthread_t th;
    pthread_create(&th, NULL, spinner, NULL);
    clockid_t tc;
    printf("pthread_getcpuclockid: %s\n", errname(pthread_getcpuclockid(th, &tc)));
    struct timespec ts = {0, 30 * 1000 * 1000};
    nanosleep(&ts, NULL);
    double s1 = clock_ms(tc), p1 = cpu_ms();
    nanosleep(&ts, NULL);
    double s2 = clock_ms(tc), p2 = cpu_ms();
    spinner_stop = 1;
    pthread_join(th, NULL);
    printf("spinning thread's clock advances while we sleep: %d, process clock too: %d\n",
           s2 - s1 > 1, p2 - p1 > 1);

    clockid_t pc;
    printf("clock_getcpuclockid(self): %s\n", errname(clock_getcpuclockid(getpid(), &pc)));
    printf("its clock reads the process's time: %d\n", clock_ms(pc) > 0);
    printf("clock_getcpuclockid(no such pid): %s\n", errname(clock_getcpuclockid(0x7fffff, &pc)));
    struct timespec res;
    int r = clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res);
    printf("clock_getres(CLOCK_PROCESS_CPUTIME_ID): %d %ld\n", r, res.tv_nsec);
}

static void posix_cpu_timer(void) {
    handle_info(SIGRTMIN, on_ptimer);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    timer_t id;
    printf("timer_create(CLOCK_PROCESS_CPUTIME_ID): %d\n", timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &id));
    struct itimerspec its = {{0, 0}, {0, 20 * 1000 * 1000}};
    timer_settime(id, 0, &its, NULL);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    printf("CPU timer quiet while asleep: %d\n", ptimer_count == 0);
    burn(&ptimer_count, 2000);
    printf("CPU timer fires on CPU time: %d, si_code SI_TIMER %d\n", ptimer_count == 1, ptimer_code == SI_TIMER);
    timer_delete(id);
}

/* Prints a call's result and errno, read after the call. */
#define SHOW(what, call) do { errno = 0; int r_ = (call); printf("%s: %d %s\n", what, r_, errname(errno)); } while (0)

static void errors(void) {
    struct itimerval v = {{0, 0}, {0, 0}};
    SHOW("setitimer(5)", setitimer(5, &v, NULL));
    SHOW("getitimer(-1)", getitimer(-1, &v));
    SHOW("setitimer(ITIMER_VIRTUAL, bad pointer)", setitimer(ITIMER_VIRTUAL, (struct itimerval *) 1, NULL));
    SHOW("setitimer(ITIMER_PROF, &v, bad old pointer)", setitimer(ITIMER_PROF, &v, (struct itimerval *) 1));
    SHOW("getitimer(ITIMER_PROF, bad pointer)", getitimer(ITIMER_PROF, (struct itimerval *) 1));
    struct itimerval bad = {{0, 0}, {0, 1000000}};
    SHOW("setitimer(tv_usec 1000000)", setitimer(ITIMER_PROF, &bad, NULL));
    struct timespec ts;
    /* MAKE_THREAD_CPUCLOCK(0, CPUCLOCK_VIRT) = (~0 << 3) | 4 | 1: this thread's user time. */
    SHOW("clock_gettime(own thread's VIRT clock, -3)", clock_gettime(-3, &ts));
    /* (~100 << 3) | 3: a dynamic clock on fd 100, which is not open. */
    SHOW("clock_gettime(CLOCKFD of a closed fd)", clock_gettime(-805, &ts));
    /* MAKE_THREAD_CPUCLOCK(0x7fffff, CPUCLOCK_SCHED): above any pid_max. */
    SHOW("clock_gettime(thread clock of no such tid)", clock_gettime(-67108858, &ts));
    SHOW("clock_gettime(CPU clock with which 3, -1)", clock_gettime(-1, &ts));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) return after_exec();
    setvbuf(stdout, NULL, _IOLBF, 0);
    virtual_one_shot();
    prof_periodic();
    getitimer_counts_down();
    sleeping_gets_nothing();
    fork_clears_exec_keeps(argv[0]);
    rlimit_cpu();
    cpu_clocks();
    posix_cpu_timer();
    errors();
    return 0;
}
