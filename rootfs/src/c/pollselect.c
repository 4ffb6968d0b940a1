/*
 * pollselect - poll, ppoll, select and pselect6 on pipes.
 *
 * Readiness bits (POLLIN/OUT/HUP/ERR/NVAL), negative and closed fds, EINVAL
 * and EBADF cases, timeouts (0, finite, infinite woken by another process),
 * select's bitmaps and its timeout write-back, the temporary signal mask of
 * ppoll/pselect6, and EINTR from a signal even with SA_RESTART. Raw syscalls
 * where libc would hide what the kernel did (musl copies select's timeout).
 * Times are printed only as yes/no bounds, so native and umk output match.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	(void)sig;
	hits++;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void result(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, rc);
}

static const char *bits(short ev)
{
	static char buf[64];
	buf[0] = 0;
	if (ev & POLLIN) strcat(buf, "IN ");
	if (ev & POLLPRI) strcat(buf, "PRI ");
	if (ev & POLLOUT) strcat(buf, "OUT ");
	if (ev & POLLERR) strcat(buf, "ERR ");
	if (ev & POLLHUP) strcat(buf, "HUP ");
	if (ev & POLLNVAL) strcat(buf, "NVAL ");
	if (!buf[0]) strcat(buf, "- ");
	buf[strlen(buf) - 1] = 0;
	return buf;
}

/* A child that writes one byte to fd after ms milliseconds. */
static pid_t write_later(int fd, int ms)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(ms * 1000);
		if (write(fd, "w", 1) != 1)
			_exit(1);
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
}

static void test_poll(void)
{
	int p[2];
	pipe(p);
	struct pollfd fds[4] = {
		{ .fd = p[0], .events = POLLIN },
		{ .fd = p[1], .events = POLLOUT | POLLIN },
		{ .fd = -5, .events = POLLIN },
		{ .fd = 99, .events = POLLIN },
	};
	result("poll empty pipe", poll(fds, 4, 0));
	for (int i = 0; i < 4; i++)
		printf("  [%d] %s\n", i, bits(fds[i].revents));
	write(p[1], "abc", 3);
	result("poll after write", poll(fds, 2, 0));
	for (int i = 0; i < 2; i++)
		printf("  [%d] %s\n", i, bits(fds[i].revents));

	fds[0].events = 0;
	close(p[1]);
	result("poll writer closed, events 0", poll(fds, 1, 0));
	printf("  [0] %s\n", bits(fds[0].revents));
	char buf[8];
	read(p[0], buf, sizeof buf);
	fds[0].events = POLLIN;
	result("poll drained and hung up", poll(fds, 1, 0));
	printf("  [0] %s\n", bits(fds[0].revents));
	close(p[0]);

	pipe(p);
	close(p[0]);
	struct pollfd w = { .fd = p[1], .events = POLLOUT };
	result("poll reader closed", poll(&w, 1, 0));
	printf("  [0] %s\n", bits(w.revents));
	close(p[1]);

	errno = 0;
	result("poll nfds over RLIMIT_NOFILE", syscall(SYS_poll, fds, 1L << 30, 0));
	result("poll bad pointer", syscall(SYS_poll, (void *)8, 1, 0));
	result("poll no fds, 30 ms", poll(NULL, 0, 30));

	pipe(p);
	long t0 = now_ms();
	struct pollfd r = { .fd = p[0], .events = POLLIN };
	result("poll 60 ms timeout", poll(&r, 1, 60));
	printf("  waited >= 50 ms: %s\n", now_ms() - t0 >= 50 ? "yes" : "no");

	pid_t pid = write_later(p[1], 50);
	result("poll forever, woken by a child", poll(&r, 1, -1));
	printf("  [0] %s\n", bits(r.revents));
	reap(pid);
	close(p[0]);
	close(p[1]);
}

static void test_ppoll(void)
{
	int p[2];
	pipe(p);
	struct pollfd r = { .fd = p[0], .events = POLLIN };
	struct timespec ts = { 0, 40 * 1000000 };
	result("ppoll 40 ms (raw)", syscall(SYS_ppoll, &r, 1, &ts, NULL, 8));
	printf("  timeout written back: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	ts.tv_nsec = 1000000000;
	result("ppoll bad timespec", syscall(SYS_ppoll, &r, 1, &ts, NULL, 8));
	sigset_t none;
	sigemptyset(&none);
	ts.tv_nsec = 0;
	result("ppoll bad sigsetsize", syscall(SYS_ppoll, &r, 1, &ts, &none, 4));

	/* SIGUSR1 blocked and pending: ppoll's mask lets it in, then it is blocked again. */
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	hits = 0;
	kill(getpid(), SIGUSR1);
	result("ppoll with SIGUSR1 unblocked", ppoll(&r, 1, NULL, &none));
	printf("  handler ran: %d\n", (int)hits);
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("  SIGUSR1 blocked again: %s\n", sigismember(&cur, SIGUSR1) ? "yes" : "no");
	write(p[1], "x", 1);
	result("ppoll ready with a mask", ppoll(&r, 1, NULL, &none));
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[0]);
	close(p[1]);
}

static int isset(int fd, fd_set *s)
{
	return FD_ISSET(fd, s) ? 1 : 0;
}

static void test_select(void)
{
	int p[2];
	pipe(p);
	fd_set in, out, ex;
	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_ZERO(&ex);
	FD_SET(p[0], &in);
	FD_SET(p[1], &in);
	FD_SET(p[0], &out);
	FD_SET(p[1], &out);
	FD_SET(p[0], &ex);
	struct timeval tv = { 0, 0 };
	result("select empty pipe", select(p[1] + 1, &in, &out, &ex, &tv));
	printf("  in r=%d w=%d out r=%d w=%d ex r=%d\n", isset(p[0], &in), isset(p[1], &in),
	       isset(p[0], &out), isset(p[1], &out), isset(p[0], &ex));
	write(p[1], "x", 1);
	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_SET(p[0], &in);
	FD_SET(p[1], &out);
	FD_SET(40, &in); /* past nfds: ignored, and cleared on return */
	tv.tv_sec = 5;
	result("select ready (raw, 5 s timeout)", syscall(SYS_select, p[1] + 1, &in, &out, NULL, &tv));
	printf("  in r=%d fd40=%d out w=%d\n", isset(p[0], &in), isset(40, &in), isset(p[1], &out));
	printf("  timeout left in (4 s, 5 s]: %s\n",
	       (tv.tv_sec == 4 || (tv.tv_sec == 5 && tv.tv_usec == 0)) ? "yes" : "no");

	FD_ZERO(&in);
	FD_SET(30, &in);
	result("select closed fd", select(31, &in, NULL, NULL, &tv));
	result("select negative nfds", syscall(SYS_select, -1, NULL, NULL, NULL, NULL));
	tv.tv_sec = -1;
	result("select negative timeout", syscall(SYS_select, 0, NULL, NULL, NULL, &tv));
	tv.tv_sec = 0;
	tv.tv_usec = 1500000;
	FD_ZERO(&in);
	FD_SET(p[0], &in);
	result("select usec over a second", syscall(SYS_select, p[0] + 1, &in, NULL, NULL, &tv));

	char c;
	read(p[0], &c, 1);
	FD_ZERO(&in);
	FD_SET(p[0], &in);
	tv.tv_sec = 0;
	tv.tv_usec = 40000;
	result("select 40 ms timeout (raw)", syscall(SYS_select, p[0] + 1, &in, NULL, NULL, &tv));
	printf("  in r=%d, timeout written back: %ld.%06ld\n", isset(p[0], &in), (long)tv.tv_sec, (long)tv.tv_usec);

	pid_t pid = write_later(p[1], 50);
	FD_ZERO(&in);
	FD_SET(p[0], &in);
	result("select forever, woken by a child", select(p[0] + 1, &in, NULL, NULL, NULL));
	printf("  in r=%d\n", isset(p[0], &in));
	reap(pid);
	read(p[0], &c, 1);

	close(p[1]);
	FD_ZERO(&in);
	FD_ZERO(&ex);
	FD_SET(p[0], &in);
	FD_SET(p[0], &ex);
	result("select hung-up pipe", select(p[0] + 1, &in, NULL, &ex, NULL));
	printf("  in r=%d ex r=%d\n", isset(p[0], &in), isset(p[0], &ex));
	close(p[0]);
}

static void test_pselect(void)
{
	int p[2];
	pipe(p);
	sigset_t usr1, old, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	hits = 0;
	kill(getpid(), SIGUSR1);
	fd_set in;
	FD_ZERO(&in);
	FD_SET(p[0], &in);
	result("pselect with SIGUSR1 unblocked", pselect(p[0] + 1, &in, NULL, NULL, NULL, &none));
	printf("  handler ran: %d, in r=%d\n", (int)hits, isset(p[0], &in));
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("  SIGUSR1 blocked again: %s\n", sigismember(&cur, SIGUSR1) ? "yes" : "no");

	struct { const sigset_t *ss; size_t len; } arg = { &none, 4 };
	struct timespec ts = { 0, 0 };
	result("pselect6 bad sigsetsize", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &arg));
	ts.tv_nsec = 30 * 1000000;
	arg.len = 8;
	result("pselect6 30 ms (raw)", syscall(SYS_pselect6, p[0] + 1, &in, NULL, NULL, &ts, &arg));
	printf("  timeout written back: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[0]);
	close(p[1]);
}

/* A signal with a handler ends poll and select with EINTR, SA_RESTART or not. */
static void test_eintr(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	int p[2];
	pipe(p);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	struct pollfd r = { .fd = p[0], .events = POLLIN };
	result("poll interrupted (SA_RESTART)", poll(&r, 1, -1));
	printf("  handler ran: %d\n", (int)hits);

	setitimer(ITIMER_REAL, &it, NULL);
	fd_set in;
	FD_ZERO(&in);
	FD_SET(p[0], &in);
	result("select interrupted (SA_RESTART)", select(p[0] + 1, &in, NULL, NULL, NULL));
	printf("  handler ran: %d\n", (int)hits);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	test_poll();
	test_ppoll();
	test_select();
	test_pselect();
	test_eintr();
	printf("done\n");
	return 0;
}
