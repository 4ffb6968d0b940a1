/*
 * epoll - epoll_create/ctl/wait/pwait/pwait2 on pipes, eventfds and epolls.
 *
 * ctl errors in Linux's order (EBADF, EPERM for regular files, EINVAL,
 * EEXIST, ENOENT, EPOLLEXCLUSIVE rules, ELOOP and the nesting limit), level-
 * and edge-triggered reporting, EPOLLONESHOT and re-arming with MOD, HUP and
 * ERR, maxevents, the item going away with the file's last close (not with
 * the fd), epoll of epoll, timeouts, wake-up by another process, and the
 * temporary mask of epoll_pwait. Events are printed sorted by their data.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
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

static void result(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, rc);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int cmp_data(const void *a, const void *b)
{
	uint64_t x = ((const struct epoll_event *)a)->data.u64, y = ((const struct epoll_event *)b)->data.u64;
	return x < y ? -1 : x > y;
}

static void print_events(struct epoll_event *ev, int n)
{
	if (n > 0)
		qsort(ev, (size_t)n, sizeof ev[0], cmp_data);
	for (int i = 0; i < n; i++) {
		uint32_t e = ev[i].events;
		printf("  data=%llu%s%s%s%s%s\n", (unsigned long long)ev[i].data.u64, e & EPOLLIN ? " IN" : "",
		       e & EPOLLOUT ? " OUT" : "", e & EPOLLERR ? " ERR" : "", e & EPOLLHUP ? " HUP" : "",
		       (e & ~(uint32_t)(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP)) ? " OTHER" : "");
	}
}

static int wait_print(const char *what, int ep, int max, int timeout)
{
	struct epoll_event ev[16];
	int n = epoll_wait(ep, ev, max, timeout);
	result(what, n);
	print_events(ev, n);
	return n;
}

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event e = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int mod(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event e = { .events = events, .data.u64 = data };
	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e);
}

static void test_create(void)
{
	result("epoll_create(0)", epoll_create(0));
	result("epoll_create1(bad flags)", epoll_create1(1));
	int ep = epoll_create1(EPOLL_CLOEXEC);
	printf("epoll_create1(EPOLL_CLOEXEC): cloexec=%d rdwr=%d\n", fcntl(ep, F_GETFD) & FD_CLOEXEC,
	       (fcntl(ep, F_GETFL) & O_ACCMODE) == O_RDWR);
	close(ep);
	ep = epoll_create(1);
	printf("epoll_create(1): cloexec=%d\n", fcntl(ep, F_GETFD) & FD_CLOEXEC);
	close(ep);
}

static void test_ctl_errors(void)
{
	int ep = epoll_create1(0), ep2 = epoll_create1(0);
	int p[2];
	pipe(p);
	char name[] = "/tmp/epoll-XXXXXX";
	int reg = mkstemp(name);
	unlink(name);
	int null = open("/dev/null", O_RDWR);
	struct epoll_event e = { .events = EPOLLIN };
	result("ctl bad epfd", epoll_ctl(99, EPOLL_CTL_ADD, p[0], &e));
	result("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &e));
	result("ctl regular file", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &e));
	result("ctl /dev/null", epoll_ctl(ep, EPOLL_CTL_ADD, null, &e));
	result("ctl regular file on non-epoll", epoll_ctl(p[0], EPOLL_CTL_ADD, reg, &e));
	result("ctl non-epoll epfd", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &e));
	result("ctl epoll on itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
	result("ctl bad op", epoll_ctl(ep, 7, p[0], &e));
	result("ctl add bad event pointer", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8));
	result("ctl del missing", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	result("ctl mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
	result("ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
	result("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
	result("ctl del (NULL event)", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	e.events = EPOLLIN | EPOLLEXCLUSIVE;
	result("ctl mod with EXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
	result("ctl add epoll with EXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &e));
	e.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	result("ctl add EXCLUSIVE|ONESHOT", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
	e.events = EPOLLIN | EPOLLEXCLUSIVE;
	result("ctl add EXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
	e.events = EPOLLIN;
	result("ctl mod of an EXCLUSIVE item", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
	struct epoll_event ev[4];
	result("wait maxevents 0", epoll_wait(ep, ev, 0, 0));
	result("wait maxevents -1", epoll_wait(ep, ev, -1, 0));
	result("wait on a pipe", epoll_wait(p[0], ev, 4, 0));
	result("wait bad fd", epoll_wait(99, ev, 4, 0));
	result("wait buffer past user space", epoll_wait(ep, (void *)0x7ffffffff000, 4, 0));
	close(reg);
	close(null);
	close(p[0]);
	close(p[1]);
	close(ep);
	close(ep2);
}

static void test_triggering(void)
{
	int ep = epoll_create1(0);
	int p[2], q[2], r[2];
	pipe(p);
	pipe(q);
	pipe(r);
	add(ep, p[0], EPOLLIN, 1);
	add(ep, q[0], EPOLLIN | EPOLLET, 2);
	add(ep, r[0], EPOLLIN | EPOLLONESHOT, 3);
	add(ep, p[1], EPOLLOUT, 4);
	wait_print("only the write end is ready", ep, 16, 0);
	write(p[1], "a", 1);
	write(q[1], "b", 1);
	write(r[1], "c", 1);
	wait_print("all three written", ep, 16, 0);
	wait_print("again: LT stays, ET and ONESHOT quiet", ep, 16, 0);
	write(q[1], "b", 1);
	write(r[1], "c", 1);
	wait_print("second writes: ET fires again, ONESHOT stays off", ep, 16, 0);
	mod(ep, r[0], EPOLLIN, 33);
	wait_print("ONESHOT item re-armed by MOD", ep, 16, 0);
	char buf[16];
	read(p[0], buf, sizeof buf);
	read(r[0], buf, sizeof buf);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
	wait_print("drained", ep, 16, 0);
	close(q[1]);
	wait_print("ET item's writer closed", ep, 16, 0);
	mod(ep, p[0], EPOLLOUT, 1);
	close(p[1]);
	wait_print("HUP without asking", ep, 16, 0);
	close(r[0]);
	add(ep, r[1], EPOLLOUT, 5);
	wait_print("reader gone: ERR on the write end", ep, 16, 0);
	close(p[0]);
	close(q[0]);
	close(r[1]);
	close(ep);
}

static void test_maxevents_and_close(void)
{
	int ep = epoll_create1(0);
	int p[4][2];
	for (int i = 0; i < 4; i++) {
		pipe(p[i]);
		add(ep, p[i][1], EPOLLOUT, 10 + i);
	}
	struct epoll_event ev[4];
	int n1 = epoll_wait(ep, ev, 3, 0);
	int n2 = epoll_wait(ep, ev, 3, 0);
	printf("maxevents 3 of 4 ready: %d then %d\n", n1, n2);
	for (int i = 0; i < 4; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	wait_print("all files closed", ep, 4, 0);

	int a[2];
	pipe(a);
	add(ep, a[0], EPOLLIN, 7);
	int d = dup(a[0]);
	close(a[0]);
	write(a[1], "x", 1);
	wait_print("fd closed, file still open via a dup", ep, 4, 0);
	result("ctl del of the closed fd", epoll_ctl(ep, EPOLL_CTL_DEL, a[0], NULL));
	close(d);
	wait_print("last reference closed", ep, 4, 0);
	int b[2];
	pipe(b);
	int again = dup2(b[0], a[0]);
	result("ctl add of a new file at the old fd", add(ep, again, EPOLLIN, 8));
	result("ctl del of it", epoll_ctl(ep, EPOLL_CTL_DEL, again, NULL));

	int e1 = dup(b[0]);
	add(ep, b[0], EPOLLIN, 1);
	add(ep, e1, EPOLLIN, 2);
	write(b[1], "y", 1);
	wait_print("one file under two fds: two items", ep, 4, 0);
	close(again);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(e1);
	close(ep);
}

static void test_nesting(void)
{
	int outer = epoll_create1(0), inner = epoll_create1(0);
	int p[2];
	pipe(p);
	add(inner, p[0], EPOLLIN, 1);
	add(outer, inner, EPOLLIN, 2);
	wait_print("outer, nothing yet", outer, 4, 0);
	write(p[1], "x", 1);
	wait_print("outer sees inner ready", outer, 4, 0);
	wait_print("inner reports the pipe", inner, 4, 0);
	result("loop", add(inner, outer, EPOLLIN, 3));

	int e[8];
	for (int i = 0; i < 8; i++)
		e[i] = epoll_create1(0);
	for (int i = 0; i < 7; i++) {
		char what[64];
		snprintf(what, sizeof what, "chain: add e%d into e%d", i + 1, i);
		result(what, add(e[i], e[i + 1], EPOLLIN, (uint64_t)i));
	}
	for (int i = 0; i < 8; i++)
		close(e[i]);
	close(p[0]);
	close(p[1]);
	close(inner);
	close(outer);
}

static void test_waiting(void)
{
	int ep = epoll_create1(0);
	int p[2];
	pipe(p);
	add(ep, p[0], EPOLLIN, 1);
	long t0 = now_ms();
	wait_print("timeout 50 ms", ep, 4, 50);
	printf("  waited >= 40 ms: %s\n", now_ms() - t0 >= 40 ? "yes" : "no");
	struct timespec ts = { 0, 30 * 1000000 };
	struct epoll_event ev[4];
	result("epoll_pwait2 30 ms", syscall(SYS_epoll_pwait2, ep, ev, 4, &ts, NULL, 8));
	ts.tv_nsec = -1;
	result("epoll_pwait2 bad timespec", syscall(SYS_epoll_pwait2, ep, ev, 4, &ts, NULL, 8));

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		write(p[1], "x", 1);
		_exit(0);
	}
	wait_print("forever, woken by a child", ep, 4, -1);
	int st;
	waitpid(pid, &st, 0);

	int efd = eventfd(0, EFD_NONBLOCK);
	add(ep, efd, EPOLLIN | EPOLLET, 9);
	wait_print("eventfd at 0 (pipe still ready)", ep, 4, 0);
	uint64_t one = 1;
	write(efd, &one, 8);
	wait_print("eventfd written", ep, 4, 0);
	close(efd);

	sigset_t usr1, old, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	char c;
	read(p[0], &c, 1);
	hits = 0;
	kill(getpid(), SIGUSR1);
	result("epoll_pwait with SIGUSR1 unblocked", epoll_pwait(ep, ev, 4, -1, &none));
	printf("  handler ran: %d\n", (int)hits);
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("  SIGUSR1 blocked again: %s\n", sigismember(&cur, SIGUSR1) ? "yes" : "no");
	result("epoll_pwait bad sigsetsize", syscall(SYS_epoll_pwait, ep, ev, 4, 0, &none, 4));
	sigprocmask(SIG_SETMASK, &old, NULL);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	result("epoll_wait interrupted (SA_RESTART)", epoll_wait(ep, ev, 4, -1));
	close(p[0]);
	close(p[1]);
	close(ep);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	test_create();
	test_ctl_errors();
	test_triggering();
	test_maxevents_and_close();
	test_nesting();
	test_waiting();
	printf("done\n");
	return 0;
}
