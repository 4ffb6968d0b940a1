/* Robust mutexes (the robust futex list walked at thread exit) and PR_SET_PDEATHSIG. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "errname.h"

static pthread_mutex_t mu;

static void *die_holding(void *arg) {
    (void) arg;
    pthread_mutex_lock(&mu);
    return NULL; /* exits still owning the mutex */
}

static int pfd[2];
static void on_usr1(int sig) {
    (void) sig;
    write(pfd[1], "d", 1);
}

int main(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&mu, &a);
    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&mu);
    printf("lock after the owner died: %s\n", errname(r));
    if (r == EOWNERDEAD) {
        printf("consistent: %s\n", errname(pthread_mutex_consistent(&mu)));
        printf("unlock: %s\n", errname(pthread_mutex_unlock(&mu)));
        printf("lock again: %s\n", errname(pthread_mutex_lock(&mu)));
        pthread_mutex_unlock(&mu);
    }

    pipe(pfd);
    pid_t mid = fork();
    if (mid == 0) {
        if (fork() == 0) {
            signal(SIGUSR1, on_usr1);
            prctl(PR_SET_PDEATHSIG, SIGUSR1);
            write(pfd[1], "r", 1); /* ready */
            for (int i = 0; i < 500; i++) usleep(10 * 1000);
            _exit(0);
        }
        char c;
        read(pfd[0], &c, 1);
        _exit(0); /* the grandchild's parent dies */
    }
    waitpid(mid, NULL, 0);
    char c = 0;
    read(pfd[0], &c, 1);
    printf("grandchild got its parent-death signal: %s\n", c == 'd' ? "yes" : "no");
    return 0;
}
