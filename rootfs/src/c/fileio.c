/*
 * fileio - files and directories through the VFS.
 *
 * Works in a fresh directory under the one given (default /tmp), removes it
 * at the end, and prints sizes, modes, contents and errno names - never
 * inode numbers, times or the directory's name - so native and umk output
 * match byte for byte.
 *
 * Usage: fileio [PARENT_DIR]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "errname.h"

static void result(const char *what, long rc)
{
	printf("%s: %s\n", what, errname(rc < 0 ? errno : 0));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		printf("opendir %s: %s\n", path, errname(errno));
		return;
	}
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp_names);
	printf("ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void stat_line(const char *path, int follow)
{
	struct stat st;
	int rc = follow ? stat(path, &st) : lstat(path, &st);
	if (rc) {
		printf("stat %s: %s\n", path, errname(errno));
		return;
	}
	const char *type = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir"
			 : S_ISLNK(st.st_mode) ? "symlink" : S_ISFIFO(st.st_mode) ? "fifo" : "other";
	printf("stat %s: %s mode %04o size %lld nlink %lu\n", path, type, (unsigned)(st.st_mode & 07777),
	       (long long)(S_ISDIR(st.st_mode) ? 0 : st.st_size), (unsigned long)(S_ISDIR(st.st_mode) ? 0 : st.st_nlink));
}

static void read_write(void)
{
	ssize_t got;
	int fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0644);
	result("open O_CREAT|O_EXCL", fd);
	result("open O_CREAT|O_EXCL again", open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	printf("write: %zd\n", write(fd, "hello, world\n", 13));
	printf("lseek SEEK_CUR: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("lseek SEEK_SET 7: %ld\n", (long)lseek(fd, 7, SEEK_SET));
	char buf[64] = {0};
	got = read(fd, buf, 5);
	printf("read: %zd \"%s\"\n", got, buf);
	printf("read the newline: %zd\n", read(fd, buf, sizeof buf));
	printf("read at EOF: %zd\n", read(fd, buf, sizeof buf));
	printf("pwrite at 100: %zd\n", pwrite(fd, "tail", 4, 100));
	stat_line("f", 1);
	memset(buf, 'x', sizeof buf);
	got = pread(fd, buf, 4, 50);
	printf("pread of the hole: %zd, zero: %s\n", got, buf[0] == 0 && buf[3] == 0 ? "yes" : "no");
	result("lseek negative", lseek(fd, -1, SEEK_SET));
	printf("lseek SEEK_END: %ld\n", (long)lseek(fd, 0, SEEK_END));
	result("ftruncate 5", ftruncate(fd, 5));
	stat_line("f", 1);

	struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
	lseek(fd, 0, SEEK_END);
	printf("writev: %zd\n", writev(fd, iov, 2));
	memset(buf, 0, sizeof buf);
	got = pread(fd, buf, sizeof buf - 1, 0);
	printf("pread all: %zd \"%s\"\n", got, buf);

	int fd2 = dup(fd);
	lseek(fd, 2, SEEK_SET);
	printf("dup shares the offset: %s\n", lseek(fd2, 0, SEEK_CUR) == 2 ? "yes" : "no");
	printf("FD_CLOEXEC after dup: %d\n", fcntl(fd2, F_GETFD) & FD_CLOEXEC);
	int fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 50);
	printf("F_DUPFD_CLOEXEC: fd >= 50: %s, cloexec %d\n", fd3 >= 50 ? "yes" : "no", fcntl(fd3, F_GETFD) & FD_CLOEXEC);
	printf("access mode O_RDWR: %s\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
	close(fd3);
	close(fd2);
	close(fd);
	result("close again", close(fd));
	result("read closed fd", read(fd, buf, 1));

	fd = open("f", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "!", 1);
	printf("O_APPEND writes at the end: size %ld\n", (long)lseek(fd, 0, SEEK_END));
	result("read on O_WRONLY", read(fd, buf, 1));
	close(fd);
	fd = open("f", O_RDONLY);
	result("write on O_RDONLY", write(fd, "x", 1));
	close(fd);
	fd = open("f", O_WRONLY | O_TRUNC);
	close(fd);
	stat_line("f", 1);
}

static void names(void)
{
	result("mkdir d", mkdir("d", 0755));
	result("mkdir d again", mkdir("d", 0755));
	result("open missing", open("missing", O_RDONLY));
	result("open f/x (not a dir)", open("f/x", O_RDONLY));
	result("open d for writing", open("d", O_WRONLY));
	result("open f O_DIRECTORY", open("f", O_RDONLY | O_DIRECTORY));
	result("rmdir f", rmdir("f"));
	result("unlink d", unlink("d"));
	result("link f d/hard", link("f", "d/hard"));
	stat_line("f", 1);
	result("rename f g", rename("f", "g"));
	result("symlink g s", symlink("g", "s"));
	result("symlink loop", symlink("loop", "loop"));
	char target[PATH_MAX] = {0};
	ssize_t len = readlink("s", target, sizeof target - 1);
	printf("readlink s: %zd \"%s\"\n", len, target);
	stat_line("s", 0);
	stat_line("s", 1);
	result("open loop", open("loop", O_RDONLY));
	result("open s O_NOFOLLOW", open("s", O_RDONLY | O_NOFOLLOW));
	result("mkfifo p", mkfifo("p", 0600));
	stat_line("p", 1);
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	result("open a 299-char name", open(longname, O_RDONLY | O_CREAT, 0600));
	list_dir(".");
	list_dir("d");
	result("rmdir non-empty d", rmdir("d"));

	result("chdir d", chdir("d"));
	char cwd[PATH_MAX];
	printf("getcwd ends in /d: %s\n", getcwd(cwd, sizeof cwd) && strcmp(strrchr(cwd, '/'), "/d") == 0 ? "yes" : "no");
	stat_line("../g", 1);
	result("chdir ..", chdir(".."));

	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	int fd = openat(dfd, "rel", O_CREAT | O_WRONLY, 0600);
	result("openat relative to dirfd", fd);
	close(fd);
	stat_line("d/rel", 1);
	result("unlinkat rel", unlinkat(dfd, "rel", 0));
	close(dfd);
}

static void cleanup(void)
{
	unlink("d/hard");
	rmdir("d");
	unlink("g");
	unlink("s");
	unlink("loop");
	unlink("p");
	list_dir(".");
}

int main(int argc, char **argv)
{
	const char *parent = argc > 1 ? argv[1] : "/tmp";
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/umk-fileio-%d", parent, (int)getpid());
	umask(022);
	if (mkdir(dir, 0700) != 0 || chdir(dir) != 0) {
		printf("cannot work in %s: %s\n", parent, errname(errno));
		return 1;
	}
	read_write();
	names();
	cleanup();
	chdir("/");
	result("rmdir work dir", rmdir(dir));
	return 0;
}
