/*
 * setid - execve's credential rules: set-user-ID and set-group-ID programs change the
 * effective ids (and the saved ones), AT_SECURE says so, dumpable drops; a program without
 * the bits keeps the caller's ids. Run as an unprivileged user with DIR holding root-owned
 * copies of this program: DIR/suid (mode 4755), DIR/sgid (root group, 2755) and DIR/plain.
 * Usage: setid [DIR]          runs each copy and prints what it saw (without DIR: the caller)
 *        setid --report NAME  (what the copies run) prints the ids it runs with
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int report(const char *name)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("%s: uid %u/%u/%u gid %u/%u/%u AT_SECURE %lu dumpable %d\n", name, r, e, s, rg, eg, sg,
	       getauxval(AT_SECURE), prctl(PR_GET_DUMPABLE));
	return 0;
}

static void run(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {path, "--report", (char *)name, NULL};
		execve(path, argv, environ);
		perror("execve");
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--report") == 0)
		return report(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);
	report("caller");
	if (argc != 2)
		return 0; /* no DIR of set-id copies: only the caller's ids */
	run(argv[1], "plain");
	run(argv[1], "suid");
	run(argv[1], "sgid");
	/* no_new_privs: the bits are ignored. */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	run(argv[1], "suid");
	return 0;
}
