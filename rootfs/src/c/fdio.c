/*
 * fdio - descriptors, data movement, locks, pipes and file mappings.
 *
 * dup/dup2/dup3, fcntl (F_DUPFD, F_GETFD/SETFD, F_GETFL/SETFL, F_GETLK/SETLK/
 * SETLKW with splitting and EDEADLK, OFD locks, F_GETPIPE_SZ/SETPIPE_SZ,
 * seals), close_range, flock, ioctl (FIONREAD, FIOCLEX, FIONBIO, ENOTTY),
 * readv/writev/preadv/pwritev/preadv2/pwritev2, lseek SEEK_DATA/SEEK_HOLE,
 * fsync/fdatasync/sync/syncfs/fadvise64/readahead/sync_file_range, pipe/pipe2
 * (O_NONBLOCK, EPIPE and SIGPIPE, a blocked read ended by a signal: EINTR or restart),
 * splice/tee/sendfile/copy_file_range, memfd_create and file mmap
 * (MAP_SHARED coherence with read/write, MAP_PRIVATE copies, EACCES/ENODEV).
 *
 * Runs in a fresh directory under the one given (default /dev/shm), removes
 * it at the end, and prints counts, contents and errno names only.
 *
 * Usage: fdio [PARENT_DIR]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 1
#define F_SEAL_SHRINK 2
#define F_SEAL_GROW 4
#define F_SEAL_WRITE 8
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1
#define MFD_ALLOW_SEALING 2
#endif

#define RWF_DSYNC_ 2

/* musl has no preadv2/pwritev2 wrappers: raw calls with the x86-64 (pos_l, pos_h) split. */
static ssize_t preadv2_(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	return syscall(SYS_preadv2, fd, iov, cnt, (long)off, (long)((unsigned long)off >> 32), flags);
}

static ssize_t pwritev2_(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	return syscall(SYS_pwritev2, fd, iov, cnt, (long)off, (long)((unsigned long)off >> 32), flags);
}

static void result(const char *what, long rc)
{
	printf("%s: %s\n", what, errname(rc < 0 ? errno : 0));
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int make_file(const char *name, const char *content)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (content)
		write(fd, content, strlen(content));
	return fd;
}

static void descriptors(void)
{
	int fd = make_file("f", "0123456789");
	result("dup2 same fd", dup2(fd, fd));
	result("dup3 same fd (EINVAL)", dup3(fd, fd, 0));
	result("dup3 bad flags (EINVAL)", syscall(SYS_dup3, fd, 40, O_NONBLOCK));
	result("dup2 closed fd (EBADF)", dup2(99, 40));
	result("dup2 to a huge fd (EBADF)", dup2(fd, 1 << 30));
	int d = dup3(fd, 40, O_CLOEXEC);
	printf("dup3 O_CLOEXEC: fd %d cloexec %d\n", d, fcntl(d, F_GETFD));
	printf("F_DUPFD 30: %d\n", fcntl(fd, F_DUPFD, 30));
	result("F_DUPFD negative (EINVAL)", fcntl(fd, F_DUPFD, -1));
	result("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	printf("F_GETFD: %d\n", fcntl(fd, F_GETFD));
	printf("F_GETFL access mode O_RDWR: %s\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
	result("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY));
	int fl = fcntl(fd, F_GETFL);
	printf("F_GETFL: append %d nonblock %d still O_RDWR %d\n", !!(fl & O_APPEND), !!(fl & O_NONBLOCK), (fl & O_ACCMODE) == O_RDWR);
	result("fcntl unknown command (EINVAL)", fcntl(fd, 9999));
	result("F_GETPIPE_SZ on a file (EBADF)", fcntl(fd, F_GETPIPE_SZ));
	int pfd = open("f", O_PATH);
	printf("O_PATH F_GETFL has O_PATH: %s\n", fcntl(pfd, F_GETFL) & O_PATH ? "yes" : "no");
	result("O_PATH F_SETFL (EBADF)", fcntl(pfd, F_SETFL, 0));
	result("O_PATH flock (EBADF)", flock(pfd, LOCK_SH));
	close(pfd);
	int n;
	result("ioctl FIONREAD on a file", ioctl(fd, FIONREAD, &n));
	lseek(fd, 4, SEEK_SET);
	ioctl(fd, FIONREAD, &n);
	printf("FIONREAD after seeking to 4: %d\n", n);
	result("ioctl FIONCLEX", ioctl(fd, FIONCLEX));
	printf("F_GETFD after FIONCLEX: %d\n", fcntl(fd, F_GETFD));
	result("ioctl FIOCLEX", ioctl(fd, FIOCLEX));
	printf("F_GETFD after FIOCLEX: %d\n", fcntl(fd, F_GETFD));
	int on = 0;
	result("ioctl FIONBIO off", ioctl(fd, FIONBIO, &on));
	printf("nonblock after FIONBIO off: %d\n", !!(fcntl(fd, F_GETFL) & O_NONBLOCK));
	result("ioctl TCGETS on a file (ENOTTY)", ioctl(fd, 0x5401, &n));
	result("ioctl on a bad fd (EBADF)", ioctl(99, FIONREAD, &n));
	dup2(fd, 50);
	dup2(fd, 51);
	dup2(fd, 52);
	result("close_range CLOEXEC 50..51", syscall(SYS_close_range, 50, 51, 4));
	printf("cloexec 50 %d 51 %d 52 %d\n", fcntl(50, F_GETFD), fcntl(51, F_GETFD), fcntl(52, F_GETFD));
	result("close_range 50..52", syscall(SYS_close_range, 50, 52, 0));
	result("fcntl on closed 51 (EBADF)", fcntl(51, F_GETFD));
	result("close_range first > last (EINVAL)", syscall(SYS_close_range, 5, 4, 0));
	result("close_range bad flags (EINVAL)", syscall(SYS_close_range, 50, 52, 1));
	close(40);
	close(30);
	close(fd);
	result("close twice (EBADF)", close(fd));
}

static void data(void)
{
	int fd = make_file("v", NULL);
	struct iovec w[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
	printf("writev: %zd\n", writev(fd, w, 3));
	char a[4] = {0}, b[8] = {0};
	struct iovec r[2] = {{a, 3}, {b, 7}};
	printf("preadv at 1: %zd \"%s\" \"%s\"\n", preadv(fd, r, 2, 1), a, b);
	printf("pwritev at 10: %zd\n", pwritev(fd, w, 3, 10));
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	lseek(fd, 2, SEEK_SET);
	printf("preadv2 offset -1 (file position): %zd \"%s\" \"%s\"\n", preadv2_(fd, r, 2, -1, 0), a, b);
	printf("position after preadv2: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	result("preadv2 unknown flag (EOPNOTSUPP)", preadv2_(fd, r, 2, 0, 0x10000));
	printf("pwritev2 RWF_DSYNC: %zd\n", pwritev2_(fd, w, 1, 0, RWF_DSYNC_));
	result("readv count 1025 (EINVAL)", readv(fd, r, 1025));
	result("readv negative count (EINVAL)", readv(fd, r, -1));
	result("pread negative offset (EINVAL)", pread(fd, a, 1, -1));
	result("lseek bad whence (EINVAL)", lseek(fd, 0, 7));
	result("lseek before 0 (EINVAL)", lseek(fd, -100, SEEK_CUR));
	result("fsync", fsync(fd));
	result("fdatasync", fdatasync(fd));
	sync();
	result("syncfs", syncfs(fd));
	result("fsync bad fd (EBADF)", fsync(99));
	result("fadvise64 SEQUENTIAL", syscall(SYS_fadvise64, fd, 0, 0, 2));
	result("fadvise64 bad advice (EINVAL)", syscall(SYS_fadvise64, fd, 0, 0, 99));
	result("readahead", syscall(SYS_readahead, fd, 0, 4096));
	result("sync_file_range", syscall(SYS_sync_file_range, fd, 0, 0, 0));
	result("sync_file_range bad flags (EINVAL)", syscall(SYS_sync_file_range, fd, 0, 0, 8));
	int pp[2];
	pipe(pp);
	result("fadvise64 on a pipe (ESPIPE)", syscall(SYS_fadvise64, pp[0], 0, 0, 0));
	result("readahead on a pipe (EINVAL)", syscall(SYS_readahead, pp[0], 0, 4096));
	result("sync_file_range on a pipe (ESPIPE)", syscall(SYS_sync_file_range, pp[1], 0, 0, 0));
	close(pp[0]);
	close(pp[1]);
	close(fd);

	fd = make_file("sparse", NULL);
	pwrite(fd, "x", 1, 3 * 4096 + 10);
	pwrite(fd, "y", 1, 8 * 4096);
	printf("SEEK_DATA 0: %ld\n", (long)lseek(fd, 0, SEEK_DATA));
	printf("SEEK_HOLE %d: %ld\n", 3 * 4096, (long)lseek(fd, 3 * 4096, SEEK_HOLE));
	printf("SEEK_DATA %d: %ld\n", 4 * 4096, (long)lseek(fd, 4 * 4096, SEEK_DATA));
	result("SEEK_DATA past EOF (ENXIO)", lseek(fd, 9 * 4096, SEEK_DATA));
	printf("SEEK_END: %ld\n", (long)lseek(fd, 0, SEEK_END));
	close(fd);
	unlink("sparse");
	unlink("v");
}

static void print_lock(const char *what, int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	if (fcntl(fd, cmd, &fl) < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	if (fl.l_type == F_UNLCK)
		printf("%s: unlocked\n", what);
	else
		printf("%s: %s start %ld len %ld pid %s\n", what, fl.l_type == F_WRLCK ? "write" : "read",
		       (long)fl.l_start, (long)fl.l_len, fl.l_pid == -1 ? "-1" : fl.l_pid == getppid() ? "parent" : "other");
}

static int set_lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	return fcntl(fd, cmd, &fl);
}

static void record_locks(void)
{
	int fd = make_file("locked", "some data to lock");
	result("F_SETLK write 0..99", set_lock(fd, F_SETLK, F_WRLCK, 0, 100));
	result("F_SETLK unlock 10..19", set_lock(fd, F_SETLK, F_UNLCK, 10, 10));
	result("F_SETLK read 200..EOF", set_lock(fd, F_SETLK, F_RDLCK, 200, 0));
	result("F_SETLK bad type (EINVAL)", set_lock(fd, F_SETLK, 7, 0, 1));
	result("F_SETLK start before 0 (EINVAL)", set_lock(fd, F_SETLK, F_WRLCK, -5, 1));
	int ro = open("locked", O_RDONLY);
	result("F_SETLK write on O_RDONLY (EBADF)", set_lock(ro, F_SETLK, F_WRLCK, 0, 1));
	int sync1[2], sync2[2];
	pipe(sync1);
	pipe(sync2);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		print_lock("child F_GETLK at 15", fd, F_GETLK, F_WRLCK, 15, 1);
		print_lock("child F_GETLK at 5", fd, F_GETLK, F_WRLCK, 5, 1);
		print_lock("child F_GETLK read at 300", fd, F_GETLK, F_RDLCK, 300, 1);
		print_lock("child F_GETLK write at 300", fd, F_GETLK, F_WRLCK, 300, 1);
		result("child F_SETLK write at 50 (EAGAIN)", set_lock(fd, F_SETLK, F_WRLCK, 50, 1));
		result("child F_SETLK read at 250", set_lock(fd, F_SETLK, F_RDLCK, 250, 1));
		result("child F_SETLK write at 1000, in the parent's read lock (EAGAIN)", set_lock(fd, F_SETLK, F_WRLCK, 1000, 1));
		write(sync1[1], "1", 1);
		read(sync2[0], &c, 1);
		/* The parent closed another fd of the file: its POSIX locks are gone. */
		print_lock("child F_GETLK after the parent's close", fd, F_GETLK, F_WRLCK, 0, 0);
		/* Deadlock: the parent now waits for byte 1000 (ours); we ask for byte 0 (its). */
		result("child F_SETLK byte 1000 (still held)", set_lock(fd, F_SETLK, F_WRLCK, 1000, 1));
		write(sync1[1], "2", 1);
		read(sync2[0], &c, 1);
		sleep_ms(300);
		result("child F_SETLKW byte 0 (EDEADLK)", set_lock(fd, F_SETLKW, F_WRLCK, 0, 1));
		_exit(0);
	}
	char c;
	read(sync1[0], &c, 1);
	int other = open("locked", O_RDONLY);
	close(other);
	write(sync2[1], "1", 1);
	read(sync1[0], &c, 1);
	result("F_SETLK byte 0 again", set_lock(fd, F_SETLK, F_WRLCK, 0, 1));
	write(sync2[1], "2", 1);
	result("F_SETLKW byte 1000 (waits for the child)", set_lock(fd, F_SETLKW, F_WRLCK, 1000, 1));
	int status;
	waitpid(pid, &status, 0);
	printf("child exit %d\n", WEXITSTATUS(status));

	result("F_SETLK unlock everything", set_lock(fd, F_SETLK, F_UNLCK, 0, 0));
	/* OFD locks belong to the open file description, so two opens conflict within one process. */
	int o1 = open("locked", O_RDWR), o2 = open("locked", O_RDWR);
	result("F_OFD_SETLK write 0..9 on open 1", set_lock(o1, F_OFD_SETLK, F_WRLCK, 0, 10));
	result("F_OFD_SETLK write 5 on open 2 (EAGAIN)", set_lock(o2, F_OFD_SETLK, F_WRLCK, 5, 1));
	print_lock("F_OFD_GETLK on open 2", o2, F_OFD_GETLK, F_WRLCK, 0, 1);
	struct flock bad = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 5};
	result("F_OFD_SETLK with l_pid set (EINVAL)", fcntl(o2, F_OFD_SETLK, &bad));
	close(o1);
	result("F_OFD_SETLK after open 1 closed", set_lock(o2, F_OFD_SETLK, F_WRLCK, 5, 1));
	close(o2);
	close(ro);
	close(fd);
	close(sync1[0]);
	close(sync1[1]);
	close(sync2[0]);
	close(sync2[1]);
	unlink("locked");
}

static void flocks(void)
{
	int a = make_file("fl", NULL);
	int b = open("fl", O_RDONLY);
	result("flock LOCK_SH a", flock(a, LOCK_SH));
	result("flock LOCK_SH b", flock(b, LOCK_SH));
	result("flock LOCK_EX|LOCK_NB a (EAGAIN)", flock(a, LOCK_EX | LOCK_NB));
	result("flock LOCK_UN b", flock(b, LOCK_UN));
	result("flock LOCK_EX|LOCK_NB a", flock(a, LOCK_EX | LOCK_NB));
	int a2 = dup(a);
	result("flock LOCK_EX|LOCK_NB on a dup (same lock)", flock(a2, LOCK_EX | LOCK_NB));
	result("flock LOCK_SH|LOCK_NB b (EAGAIN)", flock(b, LOCK_SH | LOCK_NB));
	close(a);
	result("flock LOCK_SH|LOCK_NB b while the dup holds it (EAGAIN)", flock(b, LOCK_SH | LOCK_NB));
	close(a2);
	result("flock LOCK_SH|LOCK_NB b after the last close", flock(b, LOCK_SH | LOCK_NB));
	result("flock bad operation (EINVAL)", flock(b, 0));
	result("flock bad fd (EBADF)", flock(99, LOCK_SH));
	close(b);
	unlink("fl");
}

static void pipes(void)
{
	int p[2];
	char buf[64];
	result("pipe2 O_NONBLOCK|O_CLOEXEC", pipe2(p, O_NONBLOCK | O_CLOEXEC));
	printf("cloexec %d nonblock %d\n", fcntl(p[0], F_GETFD), !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
	result("read an empty non-blocking pipe (EAGAIN)", read(p[0], buf, 1));
	result("pipe2 bad flags (EINVAL)", pipe2(p + 0, O_APPEND) < 0 ? -1 : 0);
	printf("write: %zd\n", write(p[1], "hello", 5));
	int n;
	ioctl(p[0], FIONREAD, &n);
	printf("FIONREAD: %d\n", n);
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("F_SETPIPE_SZ 12288: %d\n", fcntl(p[1], F_SETPIPE_SZ, 12288));
	printf("F_SETPIPE_SZ 0 (one page): %d\n", fcntl(p[1], F_SETPIPE_SZ, 0));
	printf("read: %zd\n", read(p[0], buf, sizeof buf));
	result("lseek on a pipe (ESPIPE)", lseek(p[0], 0, SEEK_SET));
	result("pread on a pipe (ESPIPE)", pread(p[0], buf, 1, 0));
	result("write to the read end (EBADF)", write(p[0], "x", 1));
	char big[20000];
	memset(big, 'b', sizeof big);
	printf("non-blocking write of 20000 into a one-page pipe: %zd\n", write(p[1], big, sizeof big));
	result("non-blocking write into a full pipe (EAGAIN)", write(p[1], "x", 1));
	read(p[0], big, sizeof big);
	printf("F_SETPIPE_SZ 65536: %d\n", fcntl(p[1], F_SETPIPE_SZ, 65536));
	printf("write 8192: %zd\n", write(p[1], big, 8192));
	result("F_SETPIPE_SZ below the contents (EBUSY)", fcntl(p[1], F_SETPIPE_SZ, 4096));
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	result("write with no reader, SIGPIPE ignored (EPIPE)", write(p[1], "x", 1));
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);

	pipe(p);
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[0]);
		close(go[1]);
		read(go[0], &c, 1); /* EOF once the parent has closed the read end */
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	close(p[0]);
	close(go[0]);
	close(go[1]);
	int status;
	waitpid(pid, &status, 0);
	printf("writer with no reader: killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		sleep_ms(100);
		write(p[1], "late", 4);
		_exit(0);
	}
	close(p[1]);
	memset(buf, 0, sizeof buf);
	printf("blocking read waits for the writer: %zd %s\n", read(p[0], buf, sizeof buf), buf);
	printf("read at EOF: %zd\n", read(p[0], buf, sizeof buf));
	waitpid(pid, &status, 0);
	close(p[0]);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A read blocked on an empty pipe and a signal: EINTR without SA_RESTART, restarted with it. */
static void interrupted_reads(void)
{
	for (int restart = 0; restart <= 1; restart++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = restart ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		int p[2];
		pipe(p);
		pid_t parent = getpid();
		pid_t pid = fork();
		if (pid == 0) {
			sleep_ms(200);
			kill(parent, SIGUSR1);
			sleep_ms(200);
			write(p[1], "z", 1);
			_exit(0);
		}
		char c = 0;
		ssize_t n = read(p[0], &c, 1);
		printf("blocking pipe read and a signal, SA_RESTART %d: %zd %s%c\n", restart, n,
		       n < 0 ? errname(errno) : "", n > 0 ? c : ' ');
		int status;
		waitpid(pid, &status, 0);
		close(p[0]);
		close(p[1]);
	}
	signal(SIGUSR1, SIG_DFL);
}

static void splices(void)
{
	int src = make_file("src", "The quick brown fox jumps over the lazy dog");
	int p[2], q[2];
	pipe(p);
	pipe(q);
	loff_t off = 4;
	printf("splice file->pipe at offset 4: %zd\n", splice(src, &off, p[1], NULL, 11, 0));
	printf("  offset now %ld, file position %ld\n", (long)off, (long)lseek(src, 0, SEEK_CUR));
	printf("tee pipe->pipe: %zd\n", tee(p[0], q[1], 100, 0));
	int dst = make_file("dst", NULL);
	printf("splice pipe->file: %zd\n", splice(p[0], NULL, dst, NULL, 100, 0));
	char buf[64] = {0};
	printf("read the tee copy: %zd \"%s\"\n", read(q[0], buf, sizeof buf - 1), buf);
	memset(buf, 0, sizeof buf);
	pread(dst, buf, sizeof buf - 1, 0);
	printf("spliced file: \"%s\"\n", buf);
	result("splice file->file (EINVAL)", splice(src, NULL, dst, NULL, 10, 0));
	result("splice with an offset on a pipe (ESPIPE)", splice(p[0], &off, dst, NULL, 10, 0));
	result("splice bad flags (EINVAL)", splice(src, NULL, p[1], NULL, 10, 0x100));
	result("tee file->pipe (EINVAL)", tee(src, q[1], 10, 0));
	result("splice empty pipe SPLICE_F_NONBLOCK (EAGAIN)", splice(p[0], NULL, dst, NULL, 10, SPLICE_F_NONBLOCK));
	close(p[1]);
	printf("splice from a pipe with no writer: %zd\n", splice(p[0], NULL, dst, NULL, 10, 0));

	lseek(src, 0, SEEK_SET);
	int out = make_file("sent", NULL);
	off = 10;
	printf("sendfile 9 bytes at offset 10: %zd\n", sendfile(out, src, &off, 9));
	printf("  offset %ld, file position %ld\n", (long)off, (long)lseek(src, 0, SEEK_CUR));
	printf("sendfile from the position: %zd\n", sendfile(out, src, NULL, 4));
	printf("  file position %ld\n", (long)lseek(src, 0, SEEK_CUR));
	memset(buf, 0, sizeof buf);
	pread(out, buf, sizeof buf - 1, 0);
	printf("sent file: \"%s\"\n", buf);
	int wo = open("sent", O_WRONLY);
	result("sendfile from a write-only fd (EBADF)", sendfile(out, wo, NULL, 4));
	close(wo);

	loff_t in_off = 16, out_off = 2;
	int cp = make_file("copied", "..");
	printf("copy_file_range: %zd\n", copy_file_range(src, &in_off, cp, &out_off, 9, 0));
	printf("  offsets %ld %ld\n", (long)in_off, (long)out_off);
	memset(buf, 0, sizeof buf);
	pread(cp, buf, sizeof buf - 1, 0);
	printf("copied file: \"%s\"\n", buf);
	result("copy_file_range flags (EINVAL)", copy_file_range(src, NULL, cp, NULL, 1, 1));
	result("copy_file_range to a pipe (EINVAL)", copy_file_range(src, NULL, q[1], NULL, 1, 0));
	in_off = 0;
	out_off = 2;
	result("copy_file_range overlapping same file (EINVAL)", copy_file_range(cp, &in_off, cp, &out_off, 5, 0));
	in_off = 1000;
	printf("copy_file_range past EOF: %zd\n", copy_file_range(src, &in_off, cp, NULL, 5, 0));
	close(cp);
	close(out);
	close(dst);
	close(src);
	close(p[0]);
	close(q[0]);
	close(q[1]);
	unlink("copied");
	unlink("sent");
	unlink("dst");
	unlink("src");
}

static void memfds(void)
{
	int fd = memfd_create("umk-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	result("memfd_create", fd);
	struct stat st;
	fstat(fd, &st);
	printf("memfd: mode %04o nlink %lu cloexec %d\n", (unsigned)(st.st_mode & 07777), (unsigned long)st.st_nlink, fcntl(fd, F_GETFD));
	ftruncate(fd, 8192);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(m + 4096, "through the mapping");
	char buf[64] = {0};
	pread(fd, buf, 19, 4096);
	printf("read sees the mapping's write: %s\n", buf);
	pwrite(fd, "via write", 9, 100);
	printf("mapping sees the write: %.9s\n", m + 100);
	munmap(m, 8192);
	printf("F_GET_SEALS: %d\n", fcntl(fd, F_GET_SEALS));
	result("F_ADD_SEALS SHRINK|GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
	result("ftruncate smaller (EPERM)", ftruncate(fd, 4096));
	result("write past the end (EPERM)", pwrite(fd, "x", 1, 8192));
	result("write inside", pwrite(fd, "x", 1, 0));
	result("F_ADD_SEALS WRITE|SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SEAL));
	result("write after F_SEAL_WRITE (EPERM)", pwrite(fd, "x", 1, 0));
	result("shared writable mapping of a write-sealed memfd (EPERM)",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
	result("F_ADD_SEALS after F_SEAL_SEAL (EPERM)", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	printf("F_GET_SEALS: %d\n", fcntl(fd, F_GET_SEALS));
	close(fd);
	fd = memfd_create("plain", 0);
	printf("F_GET_SEALS without MFD_ALLOW_SEALING: %d\n", fcntl(fd, F_GET_SEALS));
	result("F_ADD_SEALS without MFD_ALLOW_SEALING (EPERM)", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	close(fd);
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	result("memfd_create name too long (EINVAL)", memfd_create(longname, 0));
	result("memfd_create bad flags (EINVAL)", memfd_create("x", 0x100));
	result("F_GET_SEALS on a regular file (EINVAL)", fcntl(1 + open(".", O_RDONLY) - 1, F_GET_SEALS));
}

static void mappings(void)
{
	int fd = make_file("mapped", NULL);
	ftruncate(fd, 4096 * 2);
	char *s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	strcpy(s, "shared write");
	char buf[32] = {0};
	pread(fd, buf, 12, 0);
	printf("file after a shared write: %s\n", buf);
	printf("private mapping before its own write: %.12s\n", p);
	strcpy(p, "private");
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 12, 0);
	printf("file after a private write: %s\n", buf);
	pwrite(fd, "WRITE", 5, 4096);
	printf("shared mapping sees write(2): %.5s, private page not yet copied sees it too: %.5s\n", s + 4096, p + 4096);
	result("msync", msync(s, 8192, MS_SYNC));
	munmap(s, 8192);
	munmap(p, 8192);
	int wo = open("mapped", O_WRONLY);
	result("mmap a write-only fd (EACCES)", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? -1 : 0);
	close(wo);
	int ro = open("mapped", O_RDONLY);
	result("shared writable mmap of a read-only fd (EACCES)",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0);
	char *rp = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	result("private writable mmap of a read-only fd", rp == MAP_FAILED ? -1 : 0);
	close(ro);
	int dfd = open(".", O_RDONLY);
	result("mmap a directory (ENODEV)", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED ? -1 : 0);
	close(dfd);
	result("mmap a bad fd (EBADF)", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0);
	result("mmap unaligned offset (EINVAL)", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0);
	int zero = open("/dev/zero", O_RDWR);
	char *z = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
	printf("/dev/zero private mapping reads zero: %s\n", z != MAP_FAILED && z[100] == 0 ? "yes" : "no");
	close(zero);
	int bb = open("/bin/busybox", O_RDONLY);
	unsigned char *e = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, bb, 0);
	printf("mapping of a host file starts with ELF magic: %s\n", e != MAP_FAILED && e[0] == 0x7f && e[1] == 'E' ? "yes" : "no");
	close(bb);
	close(fd);
	unlink("mapped");
}

int main(int argc, char **argv)
{
	const char *parent = argc > 1 ? argv[1] : "/dev/shm";
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/umk-fdio-%d", parent, (int)getpid());
	if (mkdir(dir, 0700) != 0 || chdir(dir) != 0) {
		printf("cannot work in %s: %s\n", parent, errname(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	descriptors();
	data();
	record_locks();
	flocks();
	pipes();
	interrupted_reads();
	splices();
	memfds();
	mappings();
	unlink("f");
	chdir("/");
	result("rmdir work dir", rmdir(dir));
	return 0;
}
