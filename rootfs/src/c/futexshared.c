/*
 * futexshared - futexes between processes: shared (non-private) futexes in MAP_SHARED memory
 * meet across fork and across separate mappings of one file; process-shared pthread mutexes
 * and condition variables; FUTEX_WAKE/REQUEUE argument rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_PRIVATE_FLAG 128

static long futex(volatile int *uaddr, int op, int val, const struct timespec *ts, volatile int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static void reap(pid_t pid, const char *what)
{
	int st;
	waitpid(pid, &st, 0);
	printf("%s: exited %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/*
 * The waiter side: says it is ready, then sleeps until *w becomes nonzero (a wake-up with
 * *w still 0 sends it back to sleep). Exits 2 if a 5 s wait times out.
 */
static void waiter(volatile int *ready, volatile int *w)
{
	__atomic_store_n(ready, 1, __ATOMIC_SEQ_CST);
	struct timespec ts = {5, 0};
	while (__atomic_load_n(w, __ATOMIC_SEQ_CST) == 0) {
		if (futex(w, FUTEX_WAIT, 0, &ts, NULL, 0) != 0 && errno == ETIMEDOUT)
			_exit(2);
	}
	_exit(0);
}

/*
 * The waker side: once the waiter is ready, wakes until a FUTEX_WAKE finds it asleep (it
 * returns 1 only if both processes name the same futex), then releases it for good.
 */
static long wake_sleeper(volatile int *ready, volatile int *w)
{
	while (!__atomic_load_n(ready, __ATOMIC_SEQ_CST))
		usleep(1000);
	long woken = 0;
	for (int i = 0; i < 3000 && woken == 0; i++) {
		woken = futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
		if (woken == 0)
			usleep(1000);
	}
	__atomic_store_n(w, 1, __ATOMIC_SEQ_CST);
	futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
	return woken;
}

/* The child waits on a futex word in MAP_SHARED memory; the parent wakes it. */
static void fork_shared_anon(void)
{
	volatile int *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	w[0] = 0;
	w[1] = 0;
	pid_t pid = fork();
	if (pid == 0)
		waiter(&w[1], &w[0]);
	printf("shared anon: woke %ld\n", wake_sleeper(&w[1], &w[0]));
	reap(pid, "shared anon waiter");
	munmap((void *)w, 4096);
}

/* Two processes map one file at different addresses: still one futex. */
static void separate_file_mappings(void)
{
	char path[64];
	snprintf(path, sizeof path, "/dev/shm/futexshared.%d", getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 8192);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		/* A different address and a different offset of the mapping, the same file word. */
		char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
		waiter((volatile int *)(m + 4096 + 128), (volatile int *)(m + 4096 + 64));
	}
	char *pad = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	(void)pad;
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	printf("file mappings: woke %ld\n", wake_sleeper((volatile int *)(m + 128), (volatile int *)(m + 64)));
	reap(pid, "file waiter");
	close(fd);
	unlink(path);
}

struct shared {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int turn;
	int count;
};

/* Process-shared pthread objects: glibc and musl use shared futexes for them. */
static void pshared_pthreads(void)
{
	struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->mu, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&s->cv, &ca);
	fflush(stdout);
	pid_t pid = fork();
	int me = pid == 0 ? 1 : 0;
	/* Ping-pong 200 turns between the two processes. */
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&s->mu);
		while (s->turn != me)
			pthread_cond_wait(&s->cv, &s->mu);
		s->count++;
		s->turn = 1 - me;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	if (pid == 0)
		_exit(0);
	reap(pid, "pshared child");
	printf("pshared ping-pong: count %d\n", s->count);
}

static void argument_rules(void)
{
	volatile int *w = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("wake nobody: %ld\n", futex(w, FUTEX_WAKE, 1, NULL, NULL, 0));
	long r = futex(w, FUTEX_CMP_REQUEUE, -1, (void *)1, w + 1, 0);
	printf("cmp_requeue negative wake: %s\n", r < 0 ? errname(errno) : "ok");
	r = futex(w, FUTEX_CMP_REQUEUE, 1, (void *)-1L, w + 1, 0);
	printf("cmp_requeue negative requeue: %s\n", r < 0 ? errname(errno) : "ok");
	r = futex(w, FUTEX_CMP_REQUEUE, 1, (void *)1, w + 1, 5);
	printf("cmp_requeue value differs: %s\n", r < 0 ? errname(errno) : "ok");
	r = futex((int *)((char *)w + 2), FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("wake unaligned: %s\n", r < 0 ? errname(errno) : "ok");
	munmap((void *)w, 8192);
	r = futex(w, FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("shared wake unmapped: %s\n", r < 0 ? errname(errno) : "ok");
	r = futex(w, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	printf("private wake unmapped: %s\n", r < 0 ? errname(errno) : "ok");
	volatile int *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = futex(p, FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("shared wake PROT_NONE: %s\n", r < 0 ? errname(errno) : "ok");
	char path[64];
	snprintf(path, sizeof path, "/dev/shm/futextrunc.%d", getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 8192);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ftruncate(fd, 4096);
	r = futex((volatile int *)(m + 4096), FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("shared wake past end of file: %s\n", r < 0 ? errname(errno) : "ok");
	r = futex((volatile int *)m, FUTEX_WAKE, 1, NULL, NULL, 0);
	printf("shared wake inside the file: %s\n", r < 0 ? errname(errno) : "ok");
	close(fd);
	unlink(path);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fork_shared_anon();
	separate_file_mappings();
	pshared_pthreads();
	argument_rules();
	return 0;
}
