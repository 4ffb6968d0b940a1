/*
 * procpid - process facts test harnesses (LTP's library) rely on: pidfd_send_signal through
 * an open /proc/PID directory, kcmp, /proc/PID/oom_score_adj and oom_adj (range, legacy
 * scale, inherited by fork), the mlock family's argument checks, and getrusage's ru_maxrss
 * (own peak after unmapping, children's only once waited for). Run as root; the
 * oom_score_adj part drops to uid 65534. Prints only facts that are the same on every
 * Linux run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define KCMP_FILE 0
#define KCMP_VM 1
#define KCMP_FILES 2
#define MB (1024L * 1024L)

static void check(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static long send_sig(int fd, int sig, siginfo_t *info, unsigned flags)
{
	return syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

/* A child blocked reading a pipe until the parent closes it; returns its pid. */
static pid_t blocked_child(int *release)
{
	int p[2];
	char c;
	if (pipe(p) < 0)
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(p[0]);
	*release = p[1];
	return pid;
}

static void proc_dir_signal(void)
{
	char path[64];
	int status;
	signal(SIGUSR1, on_usr1);
	int self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	check("send SIGUSR1 via /proc/self", send_sig(self, SIGUSR1, NULL, 0));
	printf("handler ran %d time(s)\n", (int)got);

	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = SIGUSR1;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	check("siginfo for another signal", send_sig(self, SIGUSR2, &info, 0));
	check("siginfo for the same signal", send_sig(self, SIGUSR1, &info, 0));
	check("unknown flags", send_sig(self, SIGUSR1, NULL, 99999));

	snprintf(path, sizeof path, "/proc/self/task/%ld", (long)syscall(SYS_gettid));
	int task = open(path, O_RDONLY | O_DIRECTORY);
	check("a /proc/PID/task/TID directory", send_sig(task, SIGUSR1, NULL, 0));
	int file = open("/proc/self/status", O_RDONLY);
	check("a regular file", send_sig(file, SIGUSR1, NULL, 0));

	int release;
	pid_t pid = blocked_child(&release);
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	int child = open(path, O_RDONLY | O_DIRECTORY);
	check("SIGKILL via /proc/CHILD", send_sig(child, SIGKILL, NULL, 0));
	waitpid(pid, &status, 0);
	printf("child: signaled %d sig %d\n", WIFSIGNALED(status), WTERMSIG(status));
	check("after the child is reaped", send_sig(child, 0, NULL, 0));
	close(release);
	close(child);
	close(file);
	close(task);
	close(self);
}

static long kcmp(pid_t a, pid_t b, int type, unsigned long x, unsigned long y)
{
	return syscall(SYS_kcmp, a, b, type, x, y);
}

static const char *order(long r)
{
	if (r < 0)
		return errname(errno);
	return r == 0 ? "same" : (r == 1 || r == 2) ? "differ" : "unordered";
}

static void kcmp_checks(void)
{
	pid_t me = getpid();
	int a = open("/dev/null", O_RDONLY);
	int b = dup(a);
	int c = open("/dev/null", O_RDONLY);
	printf("kcmp file dup: %s\n", order(kcmp(me, me, KCMP_FILE, a, b)));
	printf("kcmp file reopened: %s\n", order(kcmp(me, me, KCMP_FILE, a, c)));
	long ac = kcmp(me, me, KCMP_FILE, a, c), ca = kcmp(me, me, KCMP_FILE, c, a);
	printf("kcmp order is antisymmetric: %s\n", ac + ca == 3 ? "yes" : "no");
	printf("kcmp bad fd: %s\n", order(kcmp(me, me, KCMP_FILE, a, 999)));
	printf("kcmp bad type: %s\n", order(kcmp(me, me, 99, 0, 0)));
	printf("kcmp no such pid: %s\n", order(kcmp(me, 4000000, KCMP_VM, 0, 0)));
	int release;
	pid_t pid = blocked_child(&release);
	printf("kcmp vm self: %s\n", order(kcmp(me, me, KCMP_VM, 0, 0)));
	printf("kcmp vm forked: %s\n", order(kcmp(me, pid, KCMP_VM, 0, 0)));
	printf("kcmp files forked: %s\n", order(kcmp(me, pid, KCMP_FILES, 0, 0)));
	printf("kcmp inherited file: %s\n", order(kcmp(me, pid, KCMP_FILE, a, a)));
	close(release);
	waitpid(pid, NULL, 0);
	close(a);
	close(b);
	close(c);
}

static void write_file(const char *what, const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long r = fd < 0 ? -1 : write(fd, text, strlen(text));
	check(what, r);
	if (fd >= 0)
		close(fd);
}

static void show_file(const char *label, const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n < 0) {
		printf("%s: %s\n", label, errname(errno));
	} else {
		buf[n] = 0;
		printf("%s: %s", label, buf);
	}
	if (fd >= 0)
		close(fd);
}

/*
 * As an unprivileged user (no CAP_SYS_RESOURCE, which even a container's root may lack):
 * raising is free, lowering stays at or above the floor a privileged writer set (0 here),
 * and oom_adj may not go below the current value. Dumpable again after setuid, so the
 * process still owns its /proc files.
 */
static void oom_score(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0) {
			printf("setresuid: %s\n", errname(errno));
			_exit(1);
		}
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		write_file("oom_score_adj 250", "/proc/self/oom_score_adj", "250\n");
		show_file("oom_score_adj", "/proc/self/oom_score_adj");
		show_file("oom_adj", "/proc/self/oom_adj");
		write_file("oom_score_adj 1001", "/proc/self/oom_score_adj", "1001");
		write_file("oom_score_adj junk", "/proc/self/oom_score_adj", "12x");
		write_file("oom_adj 16", "/proc/self/oom_adj", "16");
		write_file("oom_score_adj 100 (lower, above the floor)", "/proc/self/oom_score_adj", "100");
		write_file("oom_score_adj -1 (below the floor)", "/proc/self/oom_score_adj", "-1");
		write_file("oom_adj 15", "/proc/self/oom_adj", "15");
		show_file("oom_score_adj after oom_adj 15", "/proc/self/oom_score_adj");
		write_file("oom_adj 8 (below the current value)", "/proc/self/oom_adj", "8");
		pid_t grandchild = fork();
		if (grandchild == 0) {
			show_file("fork inherits oom_score_adj", "/proc/self/oom_score_adj");
			_exit(0);
		}
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void mlock_checks(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 2 * page, page);
	check("mlock mapped", mlock(m + 10, page));
	check("munlock mapped", munlock(m, page));
	check("mlock over a hole", mlock(m, 4 * page));
	check("munlock over a hole", munlock(m, 4 * page));
	check("mlock length 0", mlock(m, 0));
	check("mlock2 bad flags", syscall(SYS_mlock2, m, page, 8));
	check("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, m, page, 1));
	check("mlockall 0", mlockall(0));
	check("mlockall MCL_ONFAULT alone", mlockall(MCL_ONFAULT));
	check("mlockall bad bit", mlockall(MCL_CURRENT | 8));
	check("mlockall MCL_CURRENT|MCL_FUTURE", mlockall(MCL_CURRENT | MCL_FUTURE));
	check("munlockall", munlockall());
	munmap(m, 4 * page);
}

/* Touches every page of a fresh mapping of mb MiB, then unmaps it. */
static void touch_mb(long mb)
{
	char *m = mmap(NULL, mb * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (long i = 0; i < mb * MB; i += 4096)
		m[i] = 1;
	munmap(m, mb * MB);
}

static long maxrss_kb(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_maxrss;
}

static void maxrss(void)
{
	touch_mb(48);
	printf("self maxrss >= 48 MiB after unmapping: %s\n", maxrss_kb(RUSAGE_SELF) >= 48 * 1024 ? "yes" : "no");
	/* Linux reads RSS through per-CPU counters, so small children may count as 0 there. */
	printf("children maxrss < 16 MiB before a big child: %s\n", maxrss_kb(RUSAGE_CHILDREN) < 16 * 1024 ? "yes" : "no");

	pid_t pid = fork();
	if (pid == 0) {
		touch_mb(96);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	long waited = maxrss_kb(RUSAGE_CHILDREN);
	printf("children maxrss >= 96 MiB after wait: %s\n", waited >= 96 * 1024 ? "yes" : "no");
	printf("children maxrss < 160 MiB after wait: %s\n", waited < 160 * 1024 ? "yes" : "no");

	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		touch_mb(160);
		_exit(0);
	}
	errno = 0;
	long r = waitpid(pid, NULL, 0);
	printf("wait for an ignored child: %s\n", r < 0 ? errname(errno) : "reaped");
	printf("unwaited child changed children maxrss: %s\n", maxrss_kb(RUSAGE_CHILDREN) != waited ? "yes" : "no");
	signal(SIGCHLD, SIG_DFL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	proc_dir_signal();
	kcmp_checks();
	oom_score();
	mlock_checks();
	maxrss();
	return 0;
}
