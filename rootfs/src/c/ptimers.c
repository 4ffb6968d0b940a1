/* POSIX timers and interval timers: timer_create with SIGEV_SIGNAL and SIGEV_NONE, periodic
 * expiry counted by a handler, timer_gettime, disarm, delete, alarm + pause. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
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
    return 0;
}
