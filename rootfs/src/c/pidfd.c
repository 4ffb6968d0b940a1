/*
 * pidfd - process file descriptors (pidfd_open, pidfd_send_signal, pidfd_getfd, waitid
 * P_PIDFD, CLONE_PIDFD with clone and clone3) and sched_setattr/sched_getattr.
 * Prints only facts that are the same on every Linux run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_NONBLOCK 04000
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif

struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

struct sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static void check(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, errname(errno));
	else
		printf("%s: ok\n", what);
}

static int pidfd_open(pid_t pid, unsigned flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

static int readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n = poll(&p, 1, 0);
	return n == 1 && (p.revents & POLLIN);
}

static void waitid_pidfd(int fd, const char *what)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	if (waitid(P_PIDFD, fd, &si, WEXITED) != 0) {
		printf("%s: waitid %s\n", what, errname(errno));
		return;
	}
	printf("%s: code %d status %d\n", what, si.si_code, si.si_status);
}

static void open_poll_wait(void)
{
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		_exit(4);
	}
	int fd = pidfd_open(pid, 0);
	check("pidfd_open child", fd);
	printf("running child readable: %d\n", readable(fd));
	/* A non-blocking pidfd turns waitid into a poll: EAGAIN while the child runs. */
	int nb = pidfd_open(pid, PIDFD_NONBLOCK);
	siginfo_t si;
	check("waitid nonblocking pidfd", waitid(P_PIDFD, nb, &si, WEXITED));
	write(go[1], "x", 1);
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n = poll(&p, 1, 5000);
	printf("poll after exit: %d revents&POLLIN %d\n", n, !!(p.revents & POLLIN));
	waitid_pidfd(fd, "waitid P_PIDFD");
	/* Reaped: signals to it fail, its pidfd hangs up. */
	check("pidfd_send_signal reaped", syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0));
	p.revents = 0;
	poll(&p, 1, 0);
	printf("reaped revents&POLLHUP %d\n", !!(p.revents & POLLHUP));
	printf("pidfd close-on-exec: %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	close(fd);
	close(nb);
	close(go[0]);
	close(go[1]);
}

static void send_signal(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	int fd = pidfd_open(pid, 0);
	check("pidfd_send_signal SIGTERM", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0));
	check("pidfd_send_signal bad flags", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 99));
	int st;
	waitpid(pid, &st, 0);
	printf("signalled child: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	close(fd);
}

static void getfd(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		/* The child keeps the read end at fd 42 and waits to be killed. */
		dup2(p[0], 42);
		close(p[0]);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[0]);
	int fd = pidfd_open(pid, 0);
	int got;
	/* The child may not have moved its fd yet: retry a little. */
	for (int i = 0; i < 1000; i++) {
		got = syscall(SYS_pidfd_getfd, fd, 42, 0);
		if (got >= 0 || errno != EBADF)
			break;
		usleep(1000);
	}
	check("pidfd_getfd", got);
	if (got >= 0) {
		write(p[1], "hi", 2);
		char buf[4] = {0};
		read(got, buf, 2);
		printf("read through the stolen fd: %s, cloexec %d\n", buf, (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
		close(got);
	}
	check("pidfd_getfd missing fd", syscall(SYS_pidfd_getfd, fd, 999, 0));
	check("pidfd_getfd bad flags", syscall(SYS_pidfd_getfd, fd, 42, 1));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fd);
	close(p[1]);
}

static void clone_pidfd(void)
{
	int pidfd = -1;
	/* clone(2): the pidfd lands where parent_tid points. */
	long pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (pid == 0)
		_exit(6);
	check("clone CLONE_PIDFD", pid);
	printf("clone pidfd valid: %d\n", pidfd >= 0 && fcntl(pidfd, F_GETFD) >= 0);
	waitid_pidfd(pidfd, "clone child");
	close(pidfd);

	struct clone_args_v0 ca;
	memset(&ca, 0, sizeof ca);
	int pidfd3 = -1;
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd3;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof ca);
	if (pid == 0)
		_exit(8);
	check("clone3 CLONE_PIDFD", pid);
	waitid_pidfd(pidfd3, "clone3 child");
	close(pidfd3);

	check("clone CLONE_PIDFD|CLONE_PARENT_SETTID",
	      syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &pidfd, 0, 0));
}

static void errors(void)
{
	check("pidfd_open 0", pidfd_open(0, 0));
	check("pidfd_open bad flags", pidfd_open(getpid(), 1));
	check("pidfd_open unused pid", pidfd_open(4000000, 0));
	int fd = pidfd_open(getpid(), 0);
	check("pidfd_open self", fd);
	printf("self readable: %d\n", readable(fd));
	char buf[8];
	check("read pidfd", read(fd, buf, sizeof buf));
	check("pidfd_send_signal self 0", syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0));
	siginfo_t si;
	check("waitid P_PIDFD self", waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG));
	close(fd);
	check("pidfd_send_signal not a pidfd", syscall(SYS_pidfd_send_signal, 0, 0, NULL, 0));
	check("waitid P_PIDFD bad fd", waitid(P_PIDFD, 999, &si, WEXITED));
}

static void sched_attr(void)
{
	struct sched_attr a;
	memset(&a, 0, sizeof a);
	check("sched_getattr", syscall(SYS_sched_getattr, 0, &a, sizeof a, 0));
	printf("attr: size %u policy %u nice %d prio %u\n", a.size, a.sched_policy, a.sched_nice, a.sched_priority);
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_policy = SCHED_BATCH;
	a.sched_nice = 5;
	check("sched_setattr batch nice 5", syscall(SYS_sched_setattr, 0, &a, 0));
	memset(&a, 0, sizeof a);
	syscall(SYS_sched_getattr, 0, &a, 48, 0);
	printf("attr: size %u policy %u nice %d\n", a.size, a.sched_policy, a.sched_nice);
	printf("sched_getscheduler %d getpriority %d\n", sched_getscheduler(0), getpriority(PRIO_PROCESS, 0));
	memset(&a, 0, sizeof a);
	a.size = 8;
	check("sched_setattr size 8", syscall(SYS_sched_setattr, 0, &a, 0));
	printf("size written back: %u\n", a.size);
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.sched_policy = SCHED_OTHER;
	a.sched_nice = 2;
	check("sched_setattr lower nice as root", syscall(SYS_sched_setattr, 0, &a, 0));
	a.sched_flags = 0x1000;
	check("sched_setattr bad flags", syscall(SYS_sched_setattr, 0, &a, 0));
	check("sched_getattr small size", syscall(SYS_sched_getattr, 0, &a, 16, 0));
	check("sched_getattr no such pid", syscall(SYS_sched_getattr, 4000000, &a, sizeof a, 0));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	open_poll_wait();
	send_signal();
	getfd();
	clone_pidfd();
	errors();
	sched_attr();
	return 0;
}
