/*
 * perms - permission checks as an unprivileged user: EACCES and EPERM.
 *
 * Run it as a non-root user (natively: setpriv --reuid=65534 --regid=65534
 * --clear-groups; under umk: --user 65534:65534). It works in a fresh
 * directory under the one given (default /dev/shm), removes it at the end,
 * and prints errno names: search and write permission on directories, read
 * and write permission on files, access(2) with the real ids, owner-only
 * chmod/chown/utimensat, privileged mount/chroot/mknod, trusted xattrs, the
 * sticky /dev/shm, and the root-only /root.
 *
 * As root it only says so and exits 0 (every check would pass).
 *
 * Usage: perms [PARENT_DIR]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "errname.h"

static void result(const char *what, long rc)
{
	printf("%s: %s\n", what, errname(rc < 0 ? errno : 0));
}

int main(int argc, char **argv)
{
	const char *parent = argc > 1 ? argv[1] : "/dev/shm";
	char dir[PATH_MAX];
	printf("uid %u euid %u gid %u\n", (unsigned)getuid(), (unsigned)geteuid(), (unsigned)getgid());
	if (geteuid() == 0) {
		/* Root passes every check below; the program means something only for others. */
		printf("root: nothing to check (run as a non-root user)\n");
		return 0;
	}
	snprintf(dir, sizeof dir, "%s/umk-perms-%d", parent, (int)getpid());
	umask(022);
	if (mkdir(dir, 0755) != 0 || chdir(dir) != 0) {
		printf("cannot work in %s: %s\n", parent, errname(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	struct stat st;
	stat(".", &st);
	printf("work dir owned by me: %s\n", st.st_uid == geteuid() && st.st_gid == getegid() ? "yes" : "no");

	int fd = open("secret", O_CREAT | O_WRONLY, 0000);
	result("create a mode-0000 file", fd);
	result("write through the creating fd", write(fd, "x", 1) == 1 ? 0 : -1);
	close(fd);
	result("open it for reading (EACCES)", open("secret", O_RDONLY));
	result("open it for writing (EACCES)", open("secret", O_WRONLY));
	result("truncate it (EACCES)", truncate("secret", 0));
	result("access R_OK (EACCES)", access("secret", R_OK));
	result("access F_OK", access("secret", F_OK));
	result("chmod my own file", chmod("secret", 0600));
	result("open it now", fd = open("secret", O_RDWR));
	close(fd);
	result("chown my file to root (EPERM)", chown("secret", 0, -1));
	result("chown my file to my own ids", chown("secret", geteuid(), getegid()));
	result("chgrp my file to a group I am not in (EPERM)", chown("secret", -1, 0));

	mkdir("ro", 0555);
	result("create in a 0555 directory (EACCES)", open("ro/x", O_CREAT | O_WRONLY, 0600));
	result("mkdir in a 0555 directory (EACCES)", mkdir("ro/d", 0755));
	result("rename into a 0555 directory (EACCES)", rename("secret", "ro/secret"));
	mkdir("nox", 0600);
	result("stat through a directory without search (EACCES)", stat("nox/anything", &st));
	result("chdir into it (EACCES)", chdir("nox"));
	result("opendir of it for reading", (fd = open("nox", O_RDONLY | O_DIRECTORY)));
	close(fd);

	result("chmod /dev/shm (EPERM)", chmod("/dev/shm", 01777));
	struct timespec ts[2] = {{0, 0}, {0, 0}};
	result("utimensat explicit times on /dev/shm (EPERM)", utimensat(AT_FDCWD, "/dev/shm", ts, 0));
	result("utimensat now on /dev/shm (writable by all)", utimensat(AT_FDCWD, "/dev/shm", NULL, 0));
	result("utimensat now on a directory I cannot write (EACCES)", utimensat(AT_FDCWD, "/dev", NULL, 0));
	result("open /root (EACCES)", open("/root", O_RDONLY));
	result("stat /root/.. ", stat("/root/..", &st));
	result("stat inside /root (EACCES)", stat("/root/x", &st));
	result("open /etc/hostname for writing (EACCES)", open("/etc/hostname", O_WRONLY));
	result("create in /etc (EACCES)", open("/etc/umk-perms", O_CREAT | O_WRONLY, 0600));
	result("mount (EPERM)", mount("none", "ro", "tmpfs", 0, NULL));
	result("umount2 /dev/shm (EPERM)", umount2("/dev/shm", 0));
	result("chroot (EPERM)", chroot("."));
	result("mknod a character device (EPERM)", mknod("dev", S_IFCHR | 0600, makedev(1, 3)));
	result("mknod a fifo", mknod("fifo", S_IFIFO | 0600, 0));
	result("setxattr trusted.x (EPERM)", setxattr("fifo", "trusted.x", "1", 1, 0));
	result("link across filesystems (EXDEV)", link("/etc/hostname", "h"));

	chmod("ro", 0755);
	rmdir("ro");
	rmdir("nox");
	unlink("secret");
	unlink("fifo");
	chdir("/");
	result("rmdir work dir", rmdir(dir));
	return 0;
}
