/* POSIX timers and interval timers: timer_create with SIGEV_SIGNAL and SIGEV_NONE, periodic
 * expiry counted by a handler, timer_gettime, disarm, delete, alarm + pause; the raw
 * syscalls' argument rules, overrun saturation, and the time left after an interrupted
 * sleep. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "errname.h"

static volatile sig_atomic_t ticks, alarms, value_ok;
static timer_t tid;

static void on_tick(int sig, siginfo_t *si, void *uc) {
    (void) uc;
    ticks++;
    if (sig == SIGRTMIN && si->si_code == SI_TIMER && si->si_value.sival_int == 77) value_ok = 1;
}

static void on_alarm(int sig) {
    (void) sig;
    alarms++;
}

static long ms_since(const struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void raw_rc(const char *what, long r) {
    if (r < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
}

/* The kernel's view of the timer calls, without the C library's SIGEV_THREAD emulation. */
static void raw_timer_rules(void) {
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_signo = SIGUSR2;
    int id = -1;
    raw_rc("raw timer_create SIGEV_THREAD", syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id));
    struct itimerspec its = {{0, 0}, {5, 0}}, old;
    raw_rc("timer_settime NULL new", syscall(SYS_timer_settime, id, 0, NULL, &old));
    raw_rc("timer_settime bad timer id", syscall(SYS_timer_settime, -1, 0, &its, &old));
    raw_rc("timer_settime bad new pointer", syscall(SYS_timer_settime, id, 0, (void *) 8, &old));
    raw_rc("timer_settime bad old pointer", syscall(SYS_timer_settime, id, 0, &its, (void *) 8));
    its.it_value.tv_nsec = -1;
    raw_rc("timer_settime negative tv_nsec", syscall(SYS_timer_settime, id, 0, &its, NULL));
    syscall(SYS_timer_delete, id);

    /* First expiry about 3e9 intervals ago, signal blocked: the overrun count saturates. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    timer_t t;
    timer_create(CLOCK_REALTIME, &sev, &t);
    struct itimerspec past;
    clock_gettime(CLOCK_REALTIME, &past.it_value);
    past.it_value.tv_sec -= 300000;
    past.it_interval.tv_sec = 0;
    past.it_interval.tv_nsec = 100000;
    timer_settime(t, TIMER_ABSTIME, &past, NULL);
    siginfo_t si;
    sigwaitinfo(&usr1, &si);
    printf("overrun after a long-past absolute start: %s\n", timer_getoverrun(t) == INT_MAX ? "INT_MAX" : "other");
    timer_delete(t);
    signal(SIGUSR1, SIG_IGN); /* a later expiry's signal may still be pending: discard it */
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
}

/* A signal ends a relative sleep early with the time left; a stop and continue does not. */
static void sleep_remaining(void) {
    struct itimerval iv = {{0, 0}, {0, 100000}};
    struct timespec req = {2, 0}, rem = {0, 0}, t0;
    setitimer(ITIMER_REAL, &iv, NULL);
    raw_rc("nanosleep 2s interrupted", syscall(SYS_nanosleep, &req, &rem));
    printf("time left between 1.5 and 2 s: %d\n",
           rem.tv_sec == 1 && rem.tv_nsec >= 500000000);
    setitimer(ITIMER_REAL, &iv, NULL);
    raw_rc("clock_nanosleep interrupted, bad rem", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, (void *) 8));
    raw_rc("clock_nanosleep on the thread CPU clock",
           syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, &rem));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec third = {0, 300000000};
        long r = syscall(SYS_nanosleep, &third, NULL);
        _exit(r == 0 && ms_since(&t0) >= 290 ? 0 : 1);
    }
    usleep(50000);
    kill(pid, SIGSTOP);
    usleep(50000);
    kill(pid, SIGCONT);
    int st;
    waitpid(pid, &st, 0);
    printf("stopped and continued sleep completes in full: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);

    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 77;
    printf("create: %d\n", timer_create(CLOCK_MONOTONIC, &sev, &tid));
    struct itimerspec its = {{0, 20 * 1000 * 1000}, {0, 20 * 1000 * 1000}};
    printf("settime: %d\n", timer_settime(tid, 0, &its, NULL));
    while (ticks < 5) pause();
    struct itimerspec cur;
    timer_gettime(tid, &cur);
    printf("five ticks, interval kept: %d, value armed: %d, si_value ok: %d\n",
           cur.it_interval.tv_nsec == 20 * 1000 * 1000, cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0,
           value_ok);
    struct itimerspec off = {{0, 0}, {0, 0}};
    timer_settime(tid, 0, &off, NULL);
    timer_gettime(tid, &cur);
    printf("disarmed: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    printf("delete: %d\n", timer_delete(tid));
    errno = 0;
    int r = timer_delete(tid);
    printf("delete again: %d %s\n", r, errname(errno));

    timer_t none;
    sev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_REALTIME, &sev, &none);
    struct itimerspec once = {{0, 0}, {5, 0}};
    timer_settime(none, 0, &once, NULL);
    timer_gettime(none, &cur);
    printf("SIGEV_NONE counts down: %d\n", cur.it_value.tv_sec == 4 || cur.it_value.tv_sec == 5);

    signal(SIGALRM, on_alarm);
    alarm(1);
    printf("alarm remaining: %u\n", alarm(1));
    pause();
    printf("alarms: %d\n", alarms);
    struct itimerval iv = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &iv, NULL);
    errno = 0;
    printf("bad clock: %d %s\n", timer_create(12345, NULL, &none), errname(errno));
    raw_timer_rules();
    sleep_remaining();
    return 0;
}
