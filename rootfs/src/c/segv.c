/*
 * segv - a guest that dies of SIGSEGV.
 *
 * The kernel must turn the host fault into the guest's default action for
 * SIGSEGV: the process dies by signal 11 (a shell reports status 139), and
 * nothing else - in particular not the JVM running umk - is harmed.
 *
 * Argument (default "mprotect"):
 *   mprotect  write to an anonymous page made read-only with mprotect
 *   rodata    write to a string literal in the read-only data segment
 *   null      write through a NULL pointer
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static const char literal[] = "read-only";

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "mprotect";
	volatile char *target;

	if (strcmp(mode, "mprotect") == 0) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 2;
		p[0] = 'w';
		if (mprotect(p, 4096, PROT_READ) != 0)
			return 3;
		target = p;
	} else if (strcmp(mode, "rodata") == 0) {
		target = (volatile char *)literal;
	} else if (strcmp(mode, "null") == 0) {
		target = NULL;
	} else {
		printf("unknown mode %s\n", mode);
		return 1;
	}

	printf("writing where writes are forbidden (%s)\n", mode);
	fflush(stdout);
	*target = 'x';
	printf("survived the write: the kernel did not fault\n");
	return 0;
}
