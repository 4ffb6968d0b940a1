/*
 * timerfd - timers read through a file descriptor.
 *
 * Creation errors, a disarmed timer, one-shot and interval timers on
 * CLOCK_MONOTONIC, CLOCK_REALTIME and CLOCK_BOOTTIME, TFD_TIMER_ABSTIME,
 * expiration counts, timerfd_gettime's time left, settime's old value,
 * EAGAIN before expiry, EINVAL for short reads and bad timespecs, poll and
 * epoll on a timer. Times are printed only as bounds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define MS 1000000L

static void result(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, rc);
}

static long long rd(int fd)
{
	uint64_t v = 0;
	if (read(fd, &v, sizeof v) < 0)
		return -errno;
	return (long long)v;
}

static void set(int fd, int flags, long value_ns, long interval_ns, struct itimerspec *old)
{
	struct itimerspec its = {
		.it_interval = { interval_ns / 1000000000L, interval_ns % 1000000000L },
		.it_value = { value_ns / 1000000000L, value_ns % 1000000000L },
	};
	if (timerfd_settime(fd, flags, &its, old) < 0)
		printf("settime: -1 %s\n", errname(errno));
}

static long ns(struct timespec t)
{
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int main(void)
{
	result("create bad clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
	result("create bad flags", timerfd_create(CLOCK_MONOTONIC, 1));
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	int fl = fcntl(fd, F_GETFL);
	printf("flags: rdwr=%d nonblock=%d cloexec=%d\n", (fl & O_ACCMODE) == O_RDWR, !!(fl & O_NONBLOCK),
	       fcntl(fd, F_GETFD) & FD_CLOEXEC);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	printf("disarmed: value=%ld interval=%ld\n", ns(cur.it_value), ns(cur.it_interval));
	printf("read disarmed: %s\n", errname((int)-rd(fd)));

	set(fd, 0, 200 * MS, 0, NULL);
	timerfd_gettime(fd, &cur);
	printf("one-shot 200 ms: left in (0, 200] ms: %s, interval=%ld\n",
	       ns(cur.it_value) > 0 && ns(cur.it_value) <= 200 * MS ? "yes" : "no", ns(cur.it_interval));
	printf("read early: %s, readable: %d\n", errname((int)-rd(fd)), readable(fd));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	result("poll until expiry", poll(&p, 1, 5000));
	printf("  readable: %d\n", readable(fd));
	char small[4];
	result("read 4 bytes", read(fd, small, 4));
	printf("read: %lld\n", rd(fd));
	printf("read again: %s\n", errname((int)-rd(fd)));
	timerfd_gettime(fd, &cur);
	printf("after expiry: value=%ld\n", ns(cur.it_value));

	set(fd, 0, 20 * MS, 20 * MS, NULL);
	usleep(130 * 1000);
	long long n = rd(fd);
	printf("interval 20 ms after 130 ms: count >= 5: %s\n", n >= 5 ? "yes" : "no");
	timerfd_gettime(fd, &cur);
	printf("  left <= 20 ms: %s, interval=%ld\n", ns(cur.it_value) <= 20 * MS ? "yes" : "no",
	       ns(cur.it_interval));
	struct itimerspec old;
	set(fd, 0, 0, 0, &old);
	printf("disarm: old interval=%ld, old left <= 20 ms: %s\n", ns(old.it_interval),
	       ns(old.it_value) <= 20 * MS ? "yes" : "no");
	usleep(50 * 1000);
	printf("disarmed, nothing counted: %s\n", errname((int)-rd(fd)));
	close(fd);

	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	set(fd, TFD_TIMER_ABSTIME, ns(now) + 30 * MS, 0, NULL);
	printf("abstime monotonic +30 ms, blocking read: %lld\n", rd(fd));
	set(fd, TFD_TIMER_ABSTIME, 1, 0, NULL);
	printf("abstime in the past, read: %lld\n", rd(fd));
	clock_gettime(CLOCK_MONOTONIC, &now);
	set(fd, TFD_TIMER_ABSTIME, ns(now) - 100 * MS, 30 * MS, NULL);
	n = rd(fd);
	printf("abstime 100 ms ago every 30 ms: count >= 4: %s\n", n >= 4 ? "yes" : "no");
	struct itimerspec bad = { .it_value = { 0, 1000000000L } };
	result("settime bad nsec", timerfd_settime(fd, 0, &bad, NULL));
	bad.it_value.tv_nsec = 0;
	result("settime bad flags", timerfd_settime(fd, 4, &bad, NULL));
	result("settime on stdin", timerfd_settime(0, 0, &bad, NULL));
	result("settime bad fd", timerfd_settime(99, 0, &bad, NULL));
	result("gettime bad fd", timerfd_gettime(99, &cur));
	result("settime bad pointer", timerfd_settime(fd, 0, (void *)8, NULL));
	close(fd);

	fd = timerfd_create(CLOCK_REALTIME, 0);
	clock_gettime(CLOCK_REALTIME, &now);
	set(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, ns(now) + 30 * MS, 0, NULL);
	printf("realtime abstime +30 ms: %lld\n", rd(fd));
	close(fd);

	fd = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK);
	int ep = epoll_create1(0);
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = 77 };
	result("epoll add timerfd", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e));
	set(fd, 0, 40 * MS, 0, NULL);
	result("epoll_wait 0 before expiry", epoll_wait(ep, &e, 1, 0));
	int got = epoll_wait(ep, &e, 1, 5000);
	printf("epoll_wait until expiry: %d data=%llu\n", got, (unsigned long long)e.data.u64);
	printf("read: %lld\n", rd(fd));
	result("epoll_wait after read", epoll_wait(ep, &e, 1, 0));
	close(ep);
	close(fd);
	printf("done\n");
	return 0;
}
