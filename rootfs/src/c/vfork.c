/*
 * vfork - children that share their parent's memory: vfork, clone(CLONE_VM) without
 * CLONE_THREAD, posix_spawn. Prints what each side sees; the output is the same on Linux
 * and under umk only if the address space is really shared.
 *
 * Usage: vfork           runs every check
 *        vfork exit N    exits with N (the program the children exec)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static const char *self;
static volatile int shared_word;
static volatile int exec_errno;
static volatile void *child_map;
static volatile int flag;
static volatile pid_t ctid = -1;

static void status(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by %d\n", what, WTERMSIG(st));
	else
		printf("%s: status 0x%x\n", what, st);
}

static void reap(pid_t pid, const char *what)
{
	int st;
	if (waitpid(pid, &st, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
	status(what, st);
}

/* vfork: the child's writes land in the parent's memory; the parent sleeps meanwhile. */
static void vfork_writes(void)
{
	shared_word = 1;
	pid_t parent = getpid();
	pid_t pid = vfork();
	if (pid == 0) {
		shared_word = 42;
		/* The child is a process of its own, whose parent is the caller. */
		if (getppid() != parent || getpid() == parent)
			shared_word = -1;
		_exit(3);
	}
	printf("vfork: parent sees %d\n", shared_word);
	reap(pid, "vfork child");
}

/* vfork + a failing exec: the error travels back through shared memory (glibc's posix_spawn way). */
static void vfork_exec_fails(void)
{
	exec_errno = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		char *argv[] = {"nonexistent", NULL};
		execve("/nonexistent/program", argv, environ);
		exec_errno = errno;
		_exit(127);
	}
	printf("vfork exec: errno %s\n", exec_errno == ENOENT ? "ENOENT" : "other");
	reap(pid, "vfork exec child");
}

/* vfork + a working exec: the parent resumes once the child has a new image. */
static void vfork_exec_runs(void)
{
	int before = shared_word;
	pid_t pid = vfork();
	if (pid == 0) {
		char *argv[] = {(char *)self, "exit", "7", NULL};
		execve(self, argv, environ);
		_exit(127);
	}
	printf("vfork exec: parent memory %s\n", shared_word == before ? "intact" : "changed");
	reap(pid, "vfork exec child");
}

/* A mapping made by a vfork child is the parent's too. */
static void vfork_mmap(void)
{
	child_map = NULL;
	pid_t pid = vfork();
	if (pid == 0) {
		char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			strcpy(p + 4096, "made by the child");
			child_map = p;
		}
		_exit(0);
	}
	reap(pid, "vfork mmap child");
	if (child_map) {
		printf("vfork mmap: parent reads \"%s\"\n", (char *)child_map + 4096);
		munmap((void *)child_map, 8192);
	} else {
		printf("vfork mmap: no mapping\n");
	}
}

static int futex_wait(volatile int *addr, int val)
{
	return syscall(SYS_futex, addr, FUTEX_WAIT, val, NULL, NULL, 0);
}

static int futex_wake(volatile int *addr)
{
	return syscall(SYS_futex, addr, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* The CLONE_VM child: waits until the parent sets flag to 1, answers with 2. */
static int vm_child(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&flag, __ATOMIC_SEQ_CST) != 1)
		futex_wait(&flag, 0);
	shared_word = 1000;
	__atomic_store_n(&flag, 2, __ATOMIC_SEQ_CST);
	futex_wake(&flag);
	return 5;
}

static char *new_stack(void)
{
	char *stack = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return stack + (1 << 16);
}

/* clone(fn) on a new stack with flags; exits on failure. */
static pid_t spawn(int (*fn)(void *), char *stack, int flags, void *arg)
{
	pid_t pid = clone(fn, stack, flags, arg);
	if (pid < 0) {
		perror("clone");
		exit(1);
	}
	return pid;
}

/* clone(CLONE_VM) without CLONE_VFORK: both run at once and talk through memory and futexes. */
static void clone_vm_concurrent(void)
{
	flag = 0;
	shared_word = 0;
	char *stack = new_stack();
	pid_t pid = clone(vm_child, stack, CLONE_VM | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD,
			  NULL, NULL, NULL, &ctid);
	if (pid < 0) {
		perror("clone");
		exit(1);
	}
	/* The parent runs on while the child waits for it. */
	__atomic_store_n(&flag, 1, __ATOMIC_SEQ_CST);
	futex_wake(&flag);
	while (__atomic_load_n(&flag, __ATOMIC_SEQ_CST) != 2)
		futex_wait(&flag, 1);
	printf("clone vm: child answered, word %d\n", shared_word);
	/* CLONE_CHILD_CLEARTID: the tid word is cleared and woken when the child is gone. */
	for (;;) {
		pid_t t = ctid;
		if (t == 0)
			break;
		futex_wait(&ctid, t);
	}
	printf("clone vm: tid word cleared\n");
	reap(pid, "clone vm child");
	munmap(stack - (1 << 16), 1 << 16);
}

static int sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return 0;
}

/* Killing the CLONE_VM child leaves the parent, whose memory it shared, running. */
static void clone_vm_killed(void)
{
	char *stack = new_stack();
	pid_t pid = spawn(sleeper, stack, CLONE_VM | SIGCHLD, NULL);
	kill(pid, SIGKILL);
	reap(pid, "clone vm sleeper");
	shared_word = 77;
	printf("clone vm: parent alive, word %d\n", shared_word);
	munmap(stack - (1 << 16), 1 << 16);
}

static int exec_child(void *arg)
{
	(void)arg;
	char *argv[] = {(char *)self, "exit", "9", NULL};
	execve(self, argv, environ);
	return 127;
}

/* A CLONE_VM child that execs while the parent runs on: it moves to a memory of its own. */
static void clone_vm_exec(void)
{
	char *stack = new_stack();
	pid_t pid = spawn(exec_child, stack, CLONE_VM | SIGCHLD, NULL);
	for (int i = 0; i < 1000; i++)
		shared_word = i;
	reap(pid, "clone vm exec child");
	printf("clone vm exec: parent word %d\n", shared_word);
	munmap(stack - (1 << 16), 1 << 16);
}

static int orphan_fd;

static int outliving_child(void *arg)
{
	pid_t middle = (pid_t)(long)arg;
	while (getppid() == middle)
		usleep(1000);
	/* The parent is gone; its memory lives on for this child. */
	shared_word = 4242;
	char buf[64];
	int n = snprintf(buf, sizeof buf, "orphan: word %d\n", shared_word);
	write(orphan_fd, buf, n);
	return 0;
}

/* The parent exits first: the child keeps the shared memory and runs on. */
static void clone_vm_outlives_parent(void)
{
	int p[2];
	if (pipe(p) != 0) {
		perror("pipe");
		exit(1);
	}
	fflush(stdout);
	pid_t middle = fork();
	if (middle == 0) {
		close(p[0]);
		orphan_fd = p[1];
		char *stack = new_stack();
		if (clone(outliving_child, stack, CLONE_VM, (void *)(long)getpid()) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	reap(middle, "clone vm middle");
	char buf[64];
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = 0;
		fputs(buf, stdout);
	} else {
		printf("orphan: nothing\n");
	}
	close(p[0]);
}

static volatile int files_fd = -1;

static int files_child(void *arg)
{
	(void)arg;
	/* Shared table and fs context: the parent sees this fd and this cwd. */
	files_fd = open("/dev/null", O_RDONLY);
	chdir("/");
	return 0;
}

static int unshare_child(void *arg)
{
	int fd = (int)(long)arg;
	/* A private copy: closing here leaves the parent's fd open. */
	if (unshare(CLONE_FILES) != 0)
		return 1;
	close(fd);
	return fcntl(fd, F_GETFD) < 0 ? 0 : 2;
}

static int cloexec_exec_child(void *arg)
{
	(void)arg;
	char *argv[] = {(char *)self, "exit", "0", NULL};
	execve(self, argv, environ);
	return 127;
}

/* clone(CLONE_FILES|CLONE_FS) between processes: one table, one cwd, until exit, exec or unshare. */
static void clone_files(void)
{
	char cwd[256];
	if (chdir("/tmp") != 0)
		perror("chdir");
	char *stack = new_stack();
	pid_t pid = clone(files_child, stack, CLONE_VM | CLONE_FILES | CLONE_FS | SIGCHLD, NULL);
	reap(pid, "clone files child");
	printf("clone files: child's fd open in parent %d, parent cwd %s\n",
	       files_fd >= 0 && fcntl(files_fd, F_GETFD) >= 0, getcwd(cwd, sizeof cwd));
	/* The child's exit must not have closed the shared table's files. */
	printf("clone files: fd still open after child exit %d\n", fcntl(files_fd, F_GETFD) >= 0);

	pid = clone(unshare_child, stack, CLONE_VM | CLONE_FILES | SIGCHLD, (void *)(long)files_fd);
	reap(pid, "unshare child");
	printf("unshare files: parent fd open %d\n", fcntl(files_fd, F_GETFD) >= 0);

	int ce = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pid = clone(cloexec_exec_child, stack, CLONE_FILES | SIGCHLD, NULL);
	reap(pid, "exec with shared table");
	printf("exec with shared table: parent's cloexec fd open %d\n", fcntl(ce, F_GETFD) >= 0);
	close(ce);
	close(files_fd);
	munmap(stack - (1 << 16), 1 << 16);
}

static void spawn_checks(void)
{
	pid_t pid;
	char *bad[] = {"nonexistent", NULL};
	int r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, bad, environ);
	printf("posix_spawn missing: %s\n", r == ENOENT ? "ENOENT" : r == 0 ? "success" : "other");
	if (r == 0)
		reap(pid, "posix_spawn missing child");
	char *good[] = {(char *)self, "exit", "11", NULL};
	r = posix_spawn(&pid, self, NULL, NULL, good, environ);
	printf("posix_spawn self: %d\n", r);
	if (r == 0)
		reap(pid, "posix_spawn child");
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	self = argv[0];
	setvbuf(stdout, NULL, _IONBF, 0);
	vfork_writes();
	vfork_exec_fails();
	vfork_exec_runs();
	vfork_mmap();
	clone_vm_concurrent();
	clone_vm_killed();
	clone_vm_exec();
	clone_vm_outlives_parent();
	spawn_checks();
	clone_files();
	return 0;
}
