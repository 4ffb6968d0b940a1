/*
 * threads - clone'd threads, futexes, thread-local storage.
 *
 * Threads race only where the result is the same whatever the interleaving
 * (sums under a mutex, joins, a barrier), so native and umk output match
 * byte for byte.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

#define THREADS 4
#define ADDS 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static long counter;
static int ready;
static __thread int tls_value = 42;
static pid_t main_pid;

struct result {
	int tls_start;
	int same_pid;
	int own_tid;
	long index;
};

static void *worker(void *arg)
{
	struct result *r = arg;
	r->tls_start = tls_value;  /* every thread starts from the initial image */
	tls_value = (int)r->index;  /* and owns its copy */
	r->same_pid = getpid() == main_pid;
	r->own_tid = syscall(SYS_gettid) != main_pid;

	for (int i = 0; i < ADDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_barrier_wait(&barrier);

	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);

	if (tls_value != r->index)
		return (void *)-1;
	return (void *)(r->index * 10);
}

static void *detached_exit(void *arg)
{
	(void)arg;
	pthread_exit((void *)7);
}

int main(void)
{
	pthread_t t[THREADS];
	struct result res[THREADS];
	main_pid = getpid();
	pthread_barrier_init(&barrier, NULL, THREADS + 1);

	for (long i = 0; i < THREADS; i++) {
		res[i] = (struct result){.index = i + 1};
		int rc = pthread_create(&t[i], NULL, worker, &res[i]);
		if (rc) {
			printf("pthread_create: %s\n", errname(rc));
			return 1;
		}
	}
	pthread_barrier_wait(&barrier);
	printf("after the barrier, counter = %ld\n", counter);

	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);

	for (int i = 0; i < THREADS; i++) {
		void *ret;
		pthread_join(t[i], &ret);
		printf("thread %d: returned %ld, TLS started at %d, same pid %s, own tid %s\n", i + 1,
		       (long)(intptr_t)ret, res[i].tls_start, res[i].same_pid ? "yes" : "no",
		       res[i].own_tid ? "yes" : "no");
	}
	printf("main TLS unchanged: %d\n", tls_value);

	pthread_t e;
	void *ret;
	pthread_create(&e, NULL, detached_exit, NULL);
	pthread_join(e, &ret);
	printf("pthread_exit value: %ld\n", (long)(intptr_t)ret);
	return 0;
}
