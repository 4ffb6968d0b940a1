/*
 * hello - the first program a new kernel must run.
 *
 * Prints what execve handed over (argv, chosen environment variables, auxv
 * facts), what uname reports, and exits with a status picked by argument.
 * Only facts that are the same on every run are printed, so the output of a
 * native run and a umk run must match byte for byte.
 *
 * Arguments (all are also echoed as argv[i]):
 *   env=NAME   print the value of NAME, or that it is unset
 *   exit=N     exit with status N (default 0)
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char _start[];
extern const Elf64_Ehdr __ehdr_start;

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static void print_string_aux(const char *name, unsigned long type)
{
	const char *s = (const char *)getauxval(type);
	printf("%s: %s\n", name, s ? s : "(null)");
}

static void print_auxv(void)
{
	printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
	printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
	printf("AT_RANDOM non-null: %s\n", yesno(getauxval(AT_RANDOM) != 0));

	unsigned long phdr = getauxval(AT_PHDR);
	unsigned long entry = getauxval(AT_ENTRY);
	printf("AT_PHDR non-zero: %s\n", yesno(phdr != 0));
	printf("AT_ENTRY non-zero: %s\n", yesno(entry != 0));
	/* Static non-PIE binary: the loader must report where the image really is. */
	printf("AT_ENTRY is _start: %s\n", yesno(entry == (unsigned long)_start));
	printf("AT_PHDR is ELF header + e_phoff: %s\n",
	       yesno(phdr == (unsigned long)&__ehdr_start + __ehdr_start.e_phoff));
	printf("AT_PHNUM is e_phnum: %s\n", yesno(getauxval(AT_PHNUM) == __ehdr_start.e_phnum));
	printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));

	print_string_aux("AT_EXECFN", AT_EXECFN);
	print_string_aux("AT_PLATFORM", AT_PLATFORM);
	printf("AT_UID: %lu\n", getauxval(AT_UID));
	printf("AT_EUID: %lu\n", getauxval(AT_EUID));
	printf("AT_GID: %lu\n", getauxval(AT_GID));
	printf("AT_EGID: %lu\n", getauxval(AT_EGID));
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
}

int main(int argc, char **argv)
{
	int status = 0;

	printf("argc: %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	printf("argv[argc] is NULL: %s\n", yesno(argv[argc] == NULL));

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "env=", 4) == 0) {
			const char *name = argv[i] + 4;
			const char *value = getenv(name);
			if (value)
				printf("env %s=%s\n", name, value);
			else
				printf("env %s unset\n", name);
		} else if (strncmp(argv[i], "exit=", 5) == 0) {
			status = atoi(argv[i] + 5);
		}
	}

	print_auxv();

	struct utsname u;
	if (uname(&u) == 0)
		printf("uname: %s %s\n", u.sysname, u.machine);
	else
		printf("uname failed\n");
	printf("getpid>0: %s\n", yesno(getpid() > 0));
	printf("exit: %d\n", status);
	return status;
}
