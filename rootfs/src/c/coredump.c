/*
 * coredump - signals whose default action dumps core, and the core files.
 *
 * Without arguments: makes a fresh directory under /tmp, works there, and
 * forks children that die by
 *   segv     a write to address 0x10 (SIGSEGV, SEGV_MAPERR)
 *   abort    abort() (SIGABRT)
 *   quit     raise(SIGQUIT) with a second thread blocked in read()
 *   nolimit  SIGSEGV with RLIMIT_CORE 0: no core file, no WCOREDUMP
 *   small    SIGSEGV with RLIMIT_CORE 8192: a core cut short, still WCOREDUMP
 * For each it prints WIFSIGNALED/WTERMSIG/WCOREDUMP and what the core file
 * "core" (kernel.core_pattern "core", core_uses_pid 0) holds: ELF header,
 * PT_NOTE and PT_LOAD, the notes (NT_PRSTATUS per thread with the pid and
 * signal, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE, NT_FPREGSET), then
 * removes it.
 *
 * "keep DIR": works in DIR and leaves the core of one segv child there, for
 * readelf and gdb on the host (the child dies in crash_here()).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipefd[2];
static int keep; /* leave the core file for the host to inspect */

__attribute__((noinline)) void crash_here(volatile int *p)
{
	*p = 1;
}

static void *blocked_reader(void *arg)
{
	char c;
	(void)arg;
	read(pipefd[0], &c, 1);
	return NULL;
}

static void child(const char *mode)
{
	if (strcmp(mode, "segv") == 0 || strcmp(mode, "nolimit") == 0 || strcmp(mode, "small") == 0) {
		if (strcmp(mode, "nolimit") == 0) {
			struct rlimit rl = { 0, RLIM_INFINITY };
			setrlimit(RLIMIT_CORE, &rl);
		} else if (strcmp(mode, "small") == 0) {
			struct rlimit rl = { 8192, RLIM_INFINITY };
			setrlimit(RLIMIT_CORE, &rl);
		}
		crash_here((volatile int *)0x10);
	} else if (strcmp(mode, "abort") == 0) {
		abort();
	} else if (strcmp(mode, "quit") == 0) {
		pthread_t t;
		if (pipe(pipefd) != 0 || pthread_create(&t, NULL, blocked_reader, NULL) != 0)
			_exit(3);
		usleep(100000); /* let the thread block in read() */
		raise(SIGQUIT);
	}
	_exit(2);
}

struct core_facts {
	int elf, type, machine, notes, loads, dumped_loads;
	int prstatus, first_pid, first_cursig, other_pid_differs;
	int psinfo, psinfo_pid, fname_ok, siginfo, sig_no, sig_code;
	uint64_t fault_addr;
	int auxv, auxv_pagesz, file, file_count, fpregset, xstate;
};

static void read_notes(const unsigned char *p, size_t size, struct core_facts *f, pid_t pid)
{
	size_t off = 0;
	while (off + sizeof(Elf64_Nhdr) <= size) {
		const Elf64_Nhdr *n = (const void *)(p + off);
		const unsigned char *desc = p + off + sizeof(*n) + ((n->n_namesz + 3) & ~3u);
		switch (n->n_type) {
		case NT_PRSTATUS:
			if (f->prstatus == 0) {
				f->first_pid = *(const int32_t *)(desc + 32) == pid;
				f->first_cursig = *(const int16_t *)(desc + 12);
			} else if (*(const int32_t *)(desc + 32) != pid) {
				f->other_pid_differs++;
			}
			f->prstatus++;
			break;
		case NT_PRPSINFO:
			f->psinfo++;
			f->psinfo_pid = *(const int32_t *)(desc + 24) == pid;
			f->fname_ok = strncmp((const char *)desc + 40, "coredump", 16) == 0;
			break;
		case NT_SIGINFO:
			f->siginfo++;
			f->sig_no = *(const int32_t *)desc;
			f->sig_code = *(const int32_t *)(desc + 8);
			f->fault_addr = *(const uint64_t *)(desc + 16);
			break;
		case NT_AUXV:
			f->auxv++;
			for (size_t i = 0; i + 16 <= n->n_descsz; i += 16)
				if (*(const uint64_t *)(desc + i) == AT_PAGESZ)
					f->auxv_pagesz = *(const uint64_t *)(desc + i + 8) == 4096;
			break;
		case NT_FILE:
			f->file++;
			f->file_count = *(const uint64_t *)desc > 0;
			break;
		case NT_FPREGSET:
			f->fpregset++;
			break;
		case NT_X86_XSTATE:
			f->xstate++;
			break;
		}
		off += sizeof(*n) + ((n->n_namesz + 3) & ~3u) + ((n->n_descsz + 3) & ~3u);
	}
}

/* Reads "core"; returns its size, or -1 when there is none. */
static long inspect_core(struct core_facts *f, pid_t pid)
{
	memset(f, 0, sizeof(*f));
	int fd = open("core", O_RDONLY);
	if (fd < 0)
		return -1;
	struct stat st;
	fstat(fd, &st);
	unsigned char *buf = malloc(st.st_size + 1);
	long got = 0;
	while (got < st.st_size) {
		long n = read(fd, buf + got, st.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	const Elf64_Ehdr *eh = (const void *)buf;
	if (got >= (long)sizeof(*eh) && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0) {
		f->elf = 1;
		f->type = eh->e_type;
		f->machine = eh->e_machine;
		for (int i = 0; i < eh->e_phnum; i++) {
			size_t at = eh->e_phoff + (size_t)i * eh->e_phentsize;
			if (at + sizeof(Elf64_Phdr) > (size_t)got)
				break;
			const Elf64_Phdr *ph = (const void *)(buf + at);
			if (ph->p_type == PT_NOTE) {
				f->notes++;
				if (ph->p_offset + ph->p_filesz <= (size_t)got)
					read_notes(buf + ph->p_offset, ph->p_filesz, f, pid);
			} else if (ph->p_type == PT_LOAD) {
				f->loads++;
				if (ph->p_filesz > 0)
					f->dumped_loads++;
			}
		}
	}
	free(buf);
	return st.st_size;
}

static void run(const char *mode)
{
	pid_t pid = fork();
	if (pid == 0)
		child(mode);
	int status;
	waitpid(pid, &status, 0);
	printf("%s: signaled=%d termsig=%d coredump=%d\n", mode, WIFSIGNALED(status),
	       WIFSIGNALED(status) ? WTERMSIG(status) : 0, WIFSIGNALED(status) ? !!WCOREDUMP(status) : 0);
	struct core_facts f;
	long size = inspect_core(&f, pid);
	if (size < 0) {
		printf("  no core file\n");
		return;
	}
	if (strcmp(mode, "small") == 0) {
		/* Cut at the limit: the headers and notes, maybe not all of them, and no memory. */
		printf("  core: elf=%d type=%d size<=8192: %d\n", f.elf, f.type, size > 0 && size <= 8192);
	} else {
		printf("  core: elf=%d type=%d machine=%d pt_note=%d pt_load=%d dumped=%d\n", f.elf, f.type,
		       f.machine, f.notes, f.loads > 0, f.dumped_loads > 0);
		printf("  prstatus=%d first-is-child=%d cursig=%d other-threads=%d\n", f.prstatus, f.first_pid,
		       f.first_cursig, f.other_pid_differs);
		printf("  prpsinfo=%d pid=%d fname=%d siginfo=%d signo=%d code=%d addr=%#llx\n", f.psinfo,
		       f.psinfo_pid, f.fname_ok, f.siginfo, f.sig_no, f.sig_code,
		       f.sig_no == SIGSEGV ? (unsigned long long)f.fault_addr : 0ULL);
		printf("  auxv=%d pagesz=%d file=%d mapped=%d fpregset=%d xstate-per-thread=%d\n", f.auxv,
		       f.auxv_pagesz, f.file, f.file_count, f.fpregset, f.xstate == 0 || f.xstate == f.prstatus);
	}
	if (!keep)
		unlink("core");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* Whoever started us (a JVM) may have left SIGQUIT blocked or ignored. */
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGABRT, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	if (setrlimit(RLIMIT_CORE, &rl) != 0) {
		printf("setrlimit(RLIMIT_CORE, unlimited): %s\n", strerror(errno));
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "keep") == 0) {
		if (chdir(argv[2]) != 0) {
			perror(argv[2]);
			return 1;
		}
		keep = 1;
		run("segv");
		return 0;
	}
	char pattern[256] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	if (fd >= 0) {
		long n = read(fd, pattern, sizeof(pattern) - 1);
		pattern[n > 0 ? n : 0] = 0;
		close(fd);
	}
	printf("core_pattern: %s", pattern);
	char dir[] = "/tmp/coredumpXXXXXX";
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror("mkdtemp");
		return 1;
	}
	run("segv");
	run("abort");
	run("quit");
	run("nolimit");
	run("small");
	chdir("/");
	rmdir(dir);
	return 0;
}
