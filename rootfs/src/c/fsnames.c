/*
 * fsnames - the namespace and attribute syscalls, with their errors.
 *
 * mkdir/mkdirat/mknod/rmdir/unlink/unlinkat, rename/renameat/renameat2
 * (NOREPLACE, EXCHANGE), link/linkat (AT_SYMLINK_FOLLOW, AT_EMPTY_PATH of an
 * O_TMPFILE), symlink/symlinkat/readlink/readlinkat, stat/lstat/fstat/
 * fstatat/statx, statfs/fstatfs, getdents64 and the old getdents, chmod/
 * fchmod/fchmodat, chown/fchown/lchown/fchownat, utime/utimes/futimesat/
 * utimensat, truncate/ftruncate/fallocate, access/faccessat/faccessat2, umask,
 * chdir/fchdir/getcwd, xattrs, openat2 RESOLVE_* flags, O_PATH, mount/umount2,
 * chroot and execve's program checks - and the errno of each misuse (EEXIST, ENOENT, ENOTDIR, EISDIR,
 * ENOTEMPTY, EXDEV, EBADF, EINVAL, ELOOP, ENAMETOOLONG, ERANGE, ENODATA ...).
 *
 * Runs as root in a fresh directory under the one given (default /dev/shm, a
 * tmpfs natively and under umk, so sizes and features agree), removes it at
 * the end, and prints modes, sizes, link counts, names and errno names, never
 * inode numbers, pids or the current time.
 *
 * Usage: fsnames [PARENT_DIR] [OTHER_FS_DIR]   (defaults /dev/shm and /tmp)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "errname.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

/* struct statx as the kernel lays it out (musl has no statx). */
struct statx_ {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	unsigned char rest[256 - 64];
};
#define STATX_BASIC_STATS_ 0x7ffu

struct open_how_ {
	uint64_t flags, mode, resolve;
};

static void result(const char *what, long rc)
{
	printf("%s: %s\n", what, errname(rc < 0 ? errno : 0));
}

static const char *type_of(mode_t m)
{
	return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink"
		: S_ISFIFO(m) ? "fifo" : S_ISCHR(m) ? "chr" : S_ISSOCK(m) ? "sock" : "other";
}

static void stat_line(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		printf("lstat %s: %s\n", path, errname(errno));
		return;
	}
	printf("lstat %s: %s %04o size %lld nlink %lu uid %u gid %u\n", path, type_of(st.st_mode),
	       (unsigned)(st.st_mode & 07777), (long long)st.st_size, (unsigned long)st.st_nlink,
	       (unsigned)st.st_uid, (unsigned)st.st_gid);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory with raw getdents64 (or the old getdents) and prints the sorted names and types. */
static void list_raw(const char *path, int old)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	char buf[512];
	char *names[64];
	int n = 0;
	long got;
	while ((got = syscall(old ? SYS_getdents : SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (long p = 0; p < got;) {
			unsigned short reclen;
			const char *name;
			unsigned char type;
			if (old) {
				memcpy(&reclen, buf + p + 16, 2);
				name = buf + p + 18;
				type = (unsigned char)buf[p + reclen - 1];
			} else {
				memcpy(&reclen, buf + p + 16, 2);
				name = buf + p + 19;
				type = (unsigned char)buf[p + 18];
			}
			if (n < 64) {
				char *e = malloc(strlen(name) + 4);
				sprintf(e, "%s/%u", name, type);
				names[n++] = e;
			}
			p += reclen;
		}
	}
	if (got < 0)
		printf("getdents: %s\n", errname(errno));
	close(fd);
	qsort(names, (size_t)n, sizeof names[0], cmp_names);
	printf("%s %s:", old ? "getdents" : "getdents64", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void names(const char *other)
{
	result("mkdir d", mkdir("d", 0755));
	result("mkdir d again (EEXIST)", mkdir("d", 0755));
	result("mkdir missing/x (ENOENT)", mkdir("missing/x", 0755));
	result("mkdirat d/e", mkdirat(AT_FDCWD, "d/e", 0700));
	int fd = open("f", O_CREAT | O_WRONLY, 0644);
	write(fd, "0123456789", 10);
	close(fd);
	result("mkdir f/x (ENOTDIR)", mkdir("f/x", 0755));
	result("rmdir f (ENOTDIR)", rmdir("f"));
	result("rmdir d (ENOTEMPTY)", rmdir("d"));
	result("rmdir . (EINVAL)", rmdir("d/e/."));
	result("unlink d (EISDIR)", unlink("d"));
	result("unlinkat d AT_REMOVEDIR (ENOTEMPTY)", unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
	result("unlinkat bad flags (EINVAL)", unlinkat(AT_FDCWD, "f", 0x1));
	result("unlink empty path (ENOENT)", unlink(""));
	result("mknod fifo", mknod("p", S_IFIFO | 0600, 0));
	result("mknodat regular", mknodat(AT_FDCWD, "r", S_IFREG | 0600, 0));
	result("mknod bad type (EINVAL)", mknod("bad", 0170000 | 0600, 0));
	stat_line("p");
	stat_line("r");

	result("link f hard", link("f", "hard"));
	result("link f hard again (EEXIST)", link("f", "hard"));
	result("link d dirlink (EPERM)", link("d", "dirlink"));
	stat_line("f");
	result("symlink f s", symlink("f", "s"));
	result("symlink s again (EEXIST)", symlink("x", "s"));
	result("symlinkat loop", symlinkat("loop", AT_FDCWD, "loop"));
	result("symlink dangling", symlink("nowhere", "dangling"));
	result("linkat s sfollow AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "s", AT_FDCWD, "sfollow", AT_SYMLINK_FOLLOW));
	result("linkat s snofollow", linkat(AT_FDCWD, "s", AT_FDCWD, "snofollow", 0));
	stat_line("sfollow");
	stat_line("snofollow");
	char buf[PATH_MAX];
	ssize_t n = readlink("s", buf, sizeof buf);
	printf("readlink s: %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	n = readlink("s", buf, 0);
	printf("readlink bufsiz 0: %s\n", errname(n < 0 ? errno : 0));
	memset(buf, 'x', sizeof buf);
	n = readlinkat(AT_FDCWD, "dangling", buf, 3);
	printf("readlinkat truncated: %zd %.3s, byte after untouched: %s\n", n, buf, buf[3] == 'x' ? "yes" : "no");
	result("readlink f (EINVAL)", readlink("f", buf, sizeof buf));
	result("readlink missing (ENOENT)", readlink("missing", buf, sizeof buf));
	result("open loop (ELOOP)", open("loop", O_RDONLY));
	result("stat loop (ELOOP)", stat("loop", &(struct stat){0}));
	result("open s O_NOFOLLOW (ELOOP)", open("s", O_RDONLY | O_NOFOLLOW));
	result("open dangling O_CREAT|O_EXCL (EEXIST)", open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0600));
	fd = open("dangling", O_CREAT | O_WRONLY, 0600);
	result("open dangling O_CREAT creates the target", fd);
	close(fd);
	stat_line("nowhere");
	result("open d O_WRONLY (EISDIR)", open("d", O_WRONLY));
	result("open f O_DIRECTORY (ENOTDIR)", open("f", O_RDONLY | O_DIRECTORY));
	result("open f/ (ENOTDIR)", open("f/", O_RDONLY));
	result("open O_CREAT|O_DIRECTORY (EINVAL)", open("newdir", O_CREAT | O_DIRECTORY | O_RDWR, 0600));
	fd = open("d", O_RDONLY);
	result("read a directory (EISDIR)", read(fd, buf, 1));
	close(fd);
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	result("mkdir 299-char name (ENAMETOOLONG)", mkdir(longname, 0700));

	result("rename f g", rename("f", "g"));
	result("rename missing (ENOENT)", rename("f", "h"));
	result("rename d into d/e/x (EINVAL)", rename("d", "d/e/x"));
	result("rename g onto d (EISDIR)", rename("g", "d"));
	mkdir("d2", 0755);
	result("rename d2 onto g (ENOTDIR)", rename("d2", "g"));
	result("rename d2 onto non-empty d (ENOTEMPTY)", rename("d2", "d"));
	mkdir("d3", 0755);
	result("rename d2 onto empty d3", rename("d2", "d3"));
	result("renameat2 NOREPLACE onto hard (EEXIST)", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "hard", RENAME_NOREPLACE));
	result("renameat2 EXCHANGE g r", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "r", RENAME_EXCHANGE));
	stat_line("g");
	stat_line("r");
	result("renameat2 EXCHANGE missing (ENOENT)", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "zz", RENAME_EXCHANGE));
	result("renameat2 bad flags (EINVAL)", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "zz", 8));
	result("renameat2 NOREPLACE|EXCHANGE (EINVAL)", syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "r", 3));
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	result("renameat into dirfd", renameat(AT_FDCWD, "r", dfd, "r-in-d"));
	result("mkdirat bad dirfd (EBADF)", mkdirat(99, "x", 0700));
	int ffd = open("g", O_RDONLY);
	result("openat relative to a file fd (ENOTDIR)", openat(ffd, "x", O_RDONLY));
	close(ffd);
	result("unlinkat via dirfd", unlinkat(dfd, "r-in-d", 0));
	close(dfd);

	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/umk-fsnames-xdev-%d", other, (int)getpid());
	result("rename across filesystems (EXDEV)", rename("g", path));
	result("link across filesystems (EXDEV)", link("g", path));
	list_raw(".", 0);
	list_raw(".", 1);
	list_raw("d", 0);
}

static void stats(void)
{
	struct stat st;
	int fd = open("g", O_RDONLY);
	result("fstat", fstat(fd, &st));
	printf("fstat: %s %04o size %lld nlink %lu blocks>0 %s\n", type_of(st.st_mode), (unsigned)(st.st_mode & 07777),
	       (long long)st.st_size, (unsigned long)st.st_nlink, st.st_blocks > 0 ? "yes" : "no");
	result("fstat closed fd (EBADF)", fstat(99, &st));
	result("fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
	printf("  size %lld\n", (long long)st.st_size);
	result("fstatat empty path without AT_EMPTY_PATH (ENOENT)", fstatat(fd, "", &st, 0));
	result("fstatat bad flags (EINVAL)", fstatat(AT_FDCWD, "g", &st, 0x40000000));
	result("fstatat AT_SYMLINK_NOFOLLOW", fstatat(AT_FDCWD, "s", &st, AT_SYMLINK_NOFOLLOW));
	printf("  %s size %lld\n", type_of(st.st_mode), (long long)st.st_size);
	close(fd);
	struct statx_ sx;
	result("statx", syscall(SYS_statx, AT_FDCWD, "hard", 0, STATX_BASIC_STATS_, &sx));
	printf("  mask has basic: %s mode %04o size %llu nlink %u\n", (sx.stx_mask & STATX_BASIC_STATS_) == STATX_BASIC_STATS_ ? "yes" : "no",
	       (unsigned)(sx.stx_mode & 07777), (unsigned long long)sx.stx_size, (unsigned)sx.stx_nlink);
	result("statx reserved mask bit (EINVAL)", syscall(SYS_statx, AT_FDCWD, "hard", 0, 0x80000000u, &sx));
	result("statx missing (ENOENT)", syscall(SYS_statx, AT_FDCWD, "missing", 0, STATX_BASIC_STATS_, &sx));
	result("statx NULL path with AT_EMPTY_PATH", syscall(SYS_statx, AT_FDCWD, NULL, AT_EMPTY_PATH, STATX_BASIC_STATS_, &sx));
	printf("  %s\n", type_of(sx.stx_mode));
	struct statfs sf;
	result("statfs", statfs(".", &sf));
	printf("  tmpfs: %s namelen %ld\n", sf.f_type == 0x01021994 ? "yes" : "no", (long)sf.f_namelen);
	fd = open(".", O_RDONLY);
	result("fstatfs", fstatfs(fd, &sf));
	close(fd);
	result("statfs missing (ENOENT)", statfs("missing", &sf));
}

static void attrs(void)
{
	umask(022);
	printf("umask returns the old mask: %03o\n", (unsigned)umask(027));
	umask(022);
	result("chmod 0600", chmod("hard", 0600));
	result("fchmodat 0640", fchmodat(AT_FDCWD, "hard", 0640, 0));
	int fd = open("hard", O_RDWR);
	result("fchmod 04755", fchmod(fd, 04755));
	stat_line("hard");
	result("chmod missing (ENOENT)", chmod("missing", 0600));
	result("fchmod bad fd (EBADF)", fchmod(99, 0600));
	result("fchmodat2 symlink NOFOLLOW (EOPNOTSUPP)", syscall(452, AT_FDCWD, "s", 0600, AT_SYMLINK_NOFOLLOW));
	result("chown 1234:5678", chown("hard", 1234, 5678));
	stat_line("hard");
	result("fchown -1:42", fchown(fd, -1, 42));
	stat_line("hard");
	result("lchown symlink", lchown("s", 7, 8));
	stat_line("s");
	result("fchownat AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, "s", 0, 0, AT_SYMLINK_NOFOLLOW));
	result("fchownat bad flags (EINVAL)", fchownat(AT_FDCWD, "s", 0, 0, 0x2));
	result("chown back", chown("hard", 0, 0));

	struct stat st;
	struct utimbuf ub = {1000000000, 1100000000};
	result("utime", utime("hard", &ub));
	stat("hard", &st);
	printf("  atime %ld mtime %ld\n", (long)st.st_atime, (long)st.st_mtime);
	struct timeval tv[2] = {{1200000000, 5}, {1300000000, 7}};
	result("utimes", utimes("hard", tv));
	stat("hard", &st);
	printf("  atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atime, st.st_atim.tv_nsec, (long)st.st_mtime, st.st_mtim.tv_nsec);
	tv[0].tv_usec = 1000000;
	result("utimes usec 1000000 (EINVAL)", utimes("hard", tv));
	tv[0].tv_usec = 0;
	result("futimesat", futimesat(AT_FDCWD, "hard", tv));
	struct timespec ts[2] = {{1400000000, 123456789}, {0, UTIME_OMIT}};
	result("utimensat atime only", utimensat(AT_FDCWD, "hard", ts, 0));
	stat("hard", &st);
	printf("  atime %ld.%09ld mtime %ld\n", (long)st.st_atime, st.st_atim.tv_nsec, (long)st.st_mtime);
	ts[0].tv_nsec = 1000000000;
	result("utimensat bad nsec (EINVAL)", utimensat(AT_FDCWD, "hard", ts, 0));
	ts[0].tv_nsec = UTIME_NOW;
	ts[1].tv_nsec = UTIME_NOW;
	result("utimensat now", utimensat(AT_FDCWD, "hard", ts, 0));
	stat("hard", &st);
	printf("  mtime is recent: %s\n", st.st_mtime > 1700000000 ? "yes" : "no");
	struct timespec fixed[2] = {{1500000000, 0}, {1500000000, 0}};
	result("futimens", futimens(fd, fixed));
	result("utimensat symlink NOFOLLOW", utimensat(AT_FDCWD, "s", fixed, AT_SYMLINK_NOFOLLOW));
	lstat("s", &st);
	printf("  symlink mtime %ld\n", (long)st.st_mtime);
	result("utimensat NULL path on AT_FDCWD (EFAULT)", syscall(SYS_utimensat, AT_FDCWD, NULL, fixed, 0));

	result("truncate 100", truncate("hard", 100));
	result("ftruncate 3", ftruncate(fd, 3));
	stat_line("hard");
	result("truncate negative (EINVAL)", truncate("hard", -1));
	result("truncate a directory (EISDIR)", truncate("d", 0));
	int ro = open("hard", O_RDONLY);
	result("ftruncate O_RDONLY fd (EINVAL)", ftruncate(ro, 0));
	result("fallocate 0..8192", fallocate(fd, 0, 0, 8192));
	fstat(fd, &st);
	printf("  size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
	result("fallocate KEEP_SIZE to 16384", fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 8192));
	fstat(fd, &st);
	printf("  size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
	result("fallocate PUNCH_HOLE", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
	fstat(fd, &st);
	printf("  size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
	result("fallocate len 0 (EINVAL)", fallocate(fd, 0, 0, 0));
	result("fallocate O_RDONLY fd (EBADF)", fallocate(ro, 0, 0, 10));
	close(ro);
	close(fd);

	result("access F_OK", access("hard", F_OK));
	result("access R_OK|W_OK", access("hard", R_OK | W_OK));
	result("access X_OK as root", access("hard", X_OK));
	result("access missing (ENOENT)", access("missing", F_OK));
	result("access bad mode (EINVAL)", access("hard", 8));
	result("faccessat AT_EACCESS", faccessat(AT_FDCWD, "hard", R_OK, AT_EACCESS));
	result("faccessat2 AT_SYMLINK_NOFOLLOW", syscall(439, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
	result("faccessat2 bad flags (EINVAL)", syscall(439, AT_FDCWD, "hard", F_OK, 0x1));
}

static void xattrs(void)
{
	char v[64];
	result("setxattr user.color", setxattr("hard", "user.color", "blue", 4, 0));
	result("setxattr XATTR_CREATE again (EEXIST)", setxattr("hard", "user.color", "red", 3, XATTR_CREATE));
	result("setxattr XATTR_REPLACE missing (ENODATA)", setxattr("hard", "user.size", "1", 1, XATTR_REPLACE));
	result("setxattr bad flags (EINVAL)", setxattr("hard", "user.x", "1", 1, 4));
	result("setxattr empty name (ERANGE)", setxattr("hard", "", "1", 1, 0));
	result("setxattr unknown namespace (EOPNOTSUPP)", setxattr("hard", "bogus.x", "1", 1, 0));
	printf("getxattr size query: %zd\n", getxattr("hard", "user.color", NULL, 0));
	ssize_t n = getxattr("hard", "user.color", v, sizeof v);
	printf("getxattr: %zd %.*s\n", n, (int)(n > 0 ? n : 0), v);
	result("getxattr small buffer (ERANGE)", getxattr("hard", "user.color", v, 2));
	result("getxattr missing (ENODATA)", getxattr("hard", "user.none", v, sizeof v));
	int fd = open("hard", O_RDONLY);
	result("fsetxattr user.shape", fsetxattr(fd, "user.shape", "round", 5, 0));
	n = fgetxattr(fd, "user.shape", v, sizeof v);
	printf("fgetxattr: %zd %.*s\n", n, (int)(n > 0 ? n : 0), v);
	char list[256];
	n = listxattr("hard", list, sizeof list);
	printf("listxattr: %zd bytes, names:", n);
	char *names[8];
	int k = 0;
	for (char *p = list; p < list + n && k < 8; p += strlen(p) + 1)
		names[k++] = p;
	qsort(names, (size_t)k, sizeof names[0], cmp_names);
	for (int i = 0; i < k; i++)
		printf(" %s", names[i]);
	printf("\n");
	printf("flistxattr size query: %zd\n", flistxattr(fd, NULL, 0));
	result("listxattr small buffer (ERANGE)", listxattr("hard", list, 3));
	result("lsetxattr user. on a symlink (EPERM)", lsetxattr("s", "user.x", "1", 1, 0));
	printf("lgetxattr on a symlink: %s\n", errname(lgetxattr("s", "user.x", v, sizeof v) < 0 ? errno : 0));
	result("removexattr", removexattr("hard", "user.color"));
	result("removexattr again (ENODATA)", removexattr("hard", "user.color"));
	result("fremovexattr", fremovexattr(fd, "user.shape"));
	printf("listxattr after removes: %zd\n", listxattr("hard", list, sizeof list));
	close(fd);
}

static void places(const char *dir)
{
	char cwd[PATH_MAX];
	result("chdir d", chdir("d"));
	printf("getcwd ends in /d: %s\n", getcwd(cwd, sizeof cwd) && strcmp(strrchr(cwd, '/'), "/d") == 0 ? "yes" : "no");
	result("getcwd too small (ERANGE)", syscall(SYS_getcwd, cwd, 2));
	printf("getcwd returns length+1: %s\n", syscall(SYS_getcwd, cwd, sizeof cwd) == (long)strlen(cwd) + 1 ? "yes" : "no");
	result("chdir missing (ENOENT)", chdir("missing"));
	result("chdir a file (ENOTDIR)", chdir("../hard"));
	int fd = open("..", O_RDONLY | O_DIRECTORY);
	result("fchdir ..", fchdir(fd));
	close(fd);
	printf("back in the work dir: %s\n", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0 ? "yes" : "no");
	fd = open("hard", O_RDONLY);
	result("fchdir a file (ENOTDIR)", fchdir(fd));
	close(fd);
	fd = open("d", O_PATH);
	result("O_PATH fchdir", fchdir(fd));
	result("chdir back", chdir(dir));
	char b;
	result("read on O_PATH (EBADF)", read(fd, &b, 1));
	struct stat st;
	result("fstat on O_PATH", fstat(fd, &st));
	printf("  %s\n", type_of(st.st_mode));
	result("fstatat via O_PATH dirfd", fstatat(fd, "e", &st, 0));
	close(fd);
	fd = open("s", O_PATH | O_NOFOLLOW);
	char t[16] = {0};
	printf("readlinkat of an O_PATH symlink fd: %zd %s\n", readlinkat(fd, "", t, sizeof t - 1), t);
	close(fd);
}

static void open2(void)
{
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	struct open_how_ how = {O_RDONLY, 0, 0};
	symlink("/e", "d/abs");
	how.resolve = 0x10; /* RESOLVE_IN_ROOT */
	long fd = syscall(SYS_openat2, dfd, "abs", &how, sizeof how);
	result("openat2 IN_ROOT follows /e inside d", fd);
	close((int)fd);
	how.resolve = 0x08; /* RESOLVE_BENEATH */
	result("openat2 BENEATH ../hard (EXDEV)", syscall(SYS_openat2, dfd, "../hard", &how, sizeof how));
	result("openat2 BENEATH /etc (EXDEV)", syscall(SYS_openat2, dfd, "/etc", &how, sizeof how));
	how.resolve = 0x04; /* RESOLVE_NO_SYMLINKS */
	result("openat2 NO_SYMLINKS through a symlink (ELOOP)", syscall(SYS_openat2, AT_FDCWD, "s", &how, sizeof how));
	how.resolve = 0x18;
	result("openat2 BENEATH|IN_ROOT (EINVAL)", syscall(SYS_openat2, dfd, "e", &how, sizeof how));
	how.resolve = 0;
	how.mode = 0600;
	result("openat2 mode without O_CREAT (EINVAL)", syscall(SYS_openat2, dfd, "e", &how, sizeof how));
	how.mode = 0;
	result("openat2 short size (EINVAL)", syscall(SYS_openat2, dfd, "e", &how, 8));
	char big[64] = {0};
	memcpy(big, &how, sizeof how);
	big[40] = 1;
	result("openat2 non-zero tail (E2BIG)", syscall(SYS_openat2, dfd, "e", big, sizeof big));
	big[40] = 0;
	fd = syscall(SYS_openat2, dfd, "e", big, sizeof big);
	result("openat2 zero tail", fd);
	close((int)fd);
	unlink("d/abs");
	close(dfd);

	fd = open(".", O_TMPFILE | O_RDWR, 0600);
	result("O_TMPFILE", fd);
	write((int)fd, "tmp", 3);
	result("linkat AT_EMPTY_PATH of the O_TMPFILE", linkat((int)fd, "", AT_FDCWD, "fromtmp", AT_EMPTY_PATH));
	stat_line("fromtmp");
	close((int)fd);
	result("O_TMPFILE without write access (EINVAL)", open(".", O_TMPFILE | O_RDONLY, 0600));
}

static void mounts(void)
{
	mkdir("mnt", 0755);
	result("mount tmpfs", mount("none", "mnt", "tmpfs", 0, "size=1m,mode=0700"));
	stat_line("mnt");
	struct statfs sf;
	statfs("mnt", &sf);
	printf("  tmpfs %s, blocks %ld\n", sf.f_type == 0x01021994 ? "yes" : "no", (long)sf.f_blocks);
	int fd = open("mnt/inside", O_CREAT | O_WRONLY, 0600);
	close(fd);
	result("rename out of the mount (EXDEV)", rename("mnt/inside", "outside"));
	result("rmdir a mount point (EBUSY)", rmdir("mnt"));
	result("mount unknown type (ENODEV)", mount("none", "mnt", "no-such-fs", 0, NULL));
	result("umount2 not a mount point (EINVAL)", umount2("d", 0));
	result("umount2 bad flags (EINVAL)", umount2("mnt", 0x100));
	result("mount remount read-only", mount("none", "mnt", "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"));
	result("create on a read-only mount (EROFS)", open("mnt/x", O_CREAT | O_WRONLY, 0600));
	result("umount2", umount2("mnt", 0));
	stat_line("mnt/inside");
	mkdir("bind", 0755);
	result("bind mount d on bind", mount("d", "bind", NULL, MS_BIND, NULL));
	stat_line("bind/e");
	result("umount2 bind", umount2("bind", 0));
	stat_line("bind/e");
	rmdir("bind");
	rmdir("mnt");
}

static void chroot_child(const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (chroot("d") != 0) {
			printf("chroot: %s\n", errname(errno));
			_exit(1);
		}
		char cwd[PATH_MAX];
		/* The cwd is now outside the root. */
		long r = syscall(SYS_getcwd, cwd, sizeof cwd);
		printf("getcwd outside the new root: %s\n", r > 0 && strncmp(cwd, "(unreachable)", 13) == 0 ? "(unreachable)" : cwd);
		chdir("/");
		printf("getcwd after chdir /: %s\n", getcwd(cwd, sizeof cwd));
		stat_line("/e");
		stat_line("/../../e");
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("chroot child exit %d\n", WEXITSTATUS(status));
	(void)dir;
}

/* execve's open_exec: the errno a child gets for each kind of bad program. */
static void execs(void)
{
	int fd = open("text", O_CREAT | O_WRONLY, 0755);
	write(fd, "just text\n", 10);
	close(fd);
	fd = open("script", O_CREAT | O_WRONLY, 0755);
	write(fd, "#!/no/such/interpreter\n", 23);
	close(fd);
	fd = open("noexec", O_CREAT | O_WRONLY, 0644);
	close(fd);
	const char *progs[] = {"missing", "noexec", "d", "text", "script", "s", NULL};
	for (int i = 0; progs[i]; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			char *argv[] = {(char *)progs[i], NULL};
			char *envp[] = {NULL};
			execve(progs[i], argv, envp);
			printf("execve %s: %s\n", progs[i], errname(errno));
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
	}
	unlink("text");
	unlink("script");
	unlink("noexec");
}

static void cleanup(void)
{
	const char *files[] = {"hard", "s", "loop", "dangling", "nowhere", "sfollow", "snofollow", "p", "g", "r",
			       "fromtmp", NULL};
	for (int i = 0; files[i]; i++)
		unlink(files[i]);
	rmdir("d/e");
	rmdir("d3/");
	rmdir("d");
}

int main(int argc, char **argv)
{
	const char *parent = argc > 1 ? argv[1] : "/dev/shm";
	const char *other = argc > 2 ? argv[2] : "/tmp";
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/umk-fsnames-%d", parent, (int)getpid());
	umask(022);
	if (mkdir(dir, 0755) != 0 || chdir(dir) != 0) {
		printf("cannot work in %s: %s\n", parent, errname(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	names(other);
	stats();
	attrs();
	xattrs();
	places(dir);
	open2();
	mounts();
	chroot_child(dir);
	execs();
	cleanup();
	chdir("/");
	result("rmdir work dir", rmdir(dir));
	return 0;
}
