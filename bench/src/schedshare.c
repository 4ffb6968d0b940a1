/* Scheduler fairness, run by hand: `./umk run --cpus 2 bench/build/schedshare` (four CPU-bound
 * threads on two vCPUs: each should get about 50% of a CPU) and `./umk run --cpus 1
 * bench/build/schedshare nice` (nice 0 against nice 10 on one vCPU: at least 5:1). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static volatile int stop;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void *spin(void *arg) {
    double *out = arg; struct timespec a, b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    volatile unsigned long x = 0; while (!stop) x++;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    *out = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    return NULL;
}
int main(int argc, char **argv) {
    if (argc > 1) { /* nice test: two processes, one at nice 10, count iterations for 3 s */
        int p[2]; pipe(p);
        for (int k = 0; k < 2; k++) if (fork() == 0) {
            if (k == 1) setpriority(PRIO_PROCESS, 0, 10);
            double end = now() + 3; unsigned long n = 0;
            while (now() < end) for (int i = 0; i < 100000; i++) n++;
            write(p[1], &n, sizeof n); _exit(0);
        }
        unsigned long r[2]; read(p[0], &r[0], 8); read(p[0], &r[1], 8);
        while (wait(NULL) > 0) {}
        unsigned long hi = r[0] > r[1] ? r[0] : r[1], lo = r[0] > r[1] ? r[1] : r[0];
        printf("nice 0 : nice 10 = %.1f : 1\n", (double) hi / lo);
        return 0;
    }
    pthread_t t[4]; double cpu[4];
    double start = now();
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, spin, &cpu[i]);
    sleep(4); stop = 1;
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    double wall = now() - start;
    for (int i = 0; i < 4; i++) printf("thread %d: %.0f%% of a CPU\n", i, 100 * cpu[i] / wall);
    return 0;
}
