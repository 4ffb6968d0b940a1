/*
 * memwork - memory-management semantics a kernel must get exactly right.
 *
 * Exercises malloc, mmap, munmap, mprotect, mremap, brk, madvise and mincore,
 * including their error paths, and prints only facts that do not depend on
 * where things landed: relative offsets, contents, and errno names. A native
 * run and a umk run must print the same bytes.
 *
 * "mapped" is probed with mincore(), which fails with ENOMEM on a hole, so
 * nothing here ever touches an unmapped page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

#define P 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/*
 * Raw system calls: the kernel's answer, not libc's (musl's mprotect, for
 * one, rounds an unaligned address down instead of failing).
 */
static void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

static void *sys_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

static int sys_munmap(void *addr, size_t len)
{
	return (int)syscall(SYS_munmap, addr, len);
}

static int sys_mprotect(void *addr, size_t len, int prot)
{
	return (int)syscall(SYS_mprotect, addr, len, prot);
}

static int sys_madvise(void *addr, size_t len, int advice)
{
	return (int)syscall(SYS_madvise, addr, len, advice);
}

static int sys_mincore(void *addr, size_t len, unsigned char *vec)
{
	return (int)syscall(SYS_mincore, addr, len, vec);
}

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

/* Prints the outcome of a call that returns 0 or -1/errno. */
static void result(const char *what, int rc)
{
	printf("%s: %s\n", what, errname(rc == 0 ? 0 : errno));
}

/* Prints the outcome of an mmap/mremap that returns MAP_FAILED/errno. */
static void map_result(const char *what, void *p)
{
	printf("%s: %s\n", what, errname(p == MAP_FAILED ? errno : 0));
}

static void fact(const char *what, int b)
{
	printf("%s: %s\n", what, yesno(b));
}

/* "mapped", or the errno name mincore gave (ENOMEM for a hole). */
static const char *probe(void *addr, size_t len)
{
	static unsigned char vec[1024];
	if (len / P > sizeof vec)
		return "probe too long";
	return sys_mincore(addr, len, vec) == 0 ? "mapped" : errname(errno);
}

static void mapped(const char *what, void *addr, size_t len)
{
	printf("%s: %s\n", what, probe(addr, len));
}

static char *map_anon(size_t len)
{
	char *p = sys_mmap(NULL, len, RW, ANON, -1, 0);
	if (p == MAP_FAILED) {
		printf("mmap(%zu) failed: %s\n", len, errname(errno));
		exit(2);
	}
	return p;
}

static int all_bytes(const char *p, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* Marks page i of p with byte base+i over the whole page. */
static void fill_pages(char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		memset(p + i * P, base + (char)i, P);
}

static int pages_are(const char *p, size_t pages, char base)
{
	for (size_t i = 0; i < pages; i++)
		if (!all_bytes(p + i * P, P, base + (char)i))
			return 0;
	return 1;
}

static void section(const char *name)
{
	printf("== %s\n", name);
}

static void test_malloc(void)
{
	section("malloc");
	size_t len = 64UL << 20;
	unsigned char *p = malloc(len);
	fact("malloc 64MiB non-null", p != NULL);
	if (!p)
		return;
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 31 + (i >> 12));
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	printf("malloc 64MiB checksum: %016llx\n", (unsigned long long)h);
	free(p);
}

static void test_mmap(void)
{
	section("mmap");
	char *a = map_anon(4 * P);
	fact("anon page-aligned", ((uintptr_t)a & (P - 1)) == 0);
	fact("anon zero-filled", all_bytes(a, 4 * P, 0));
	fill_pages(a, 4, 'A');
	fact("anon keeps writes", pages_are(a, 4, 'A'));

	map_result("mmap len 0", sys_mmap(NULL, 0, RW, ANON, -1, 0));
	map_result("mmap MAP_FIXED unaligned", sys_mmap(a + 1, P, RW, ANON | MAP_FIXED, -1, 0));
	map_result("mmap neither private nor shared", sys_mmap(NULL, P, RW, MAP_ANONYMOUS, -1, 0));
	map_result("mmap huge length", sys_mmap(NULL, (size_t)1 << 62, RW, ANON, -1, 0));

	char *f = map_anon(4 * P);
	fill_pages(f, 4, 'a');
	char *g = sys_mmap(f + P, P, RW, ANON | MAP_FIXED, -1, 0);
	map_result("mmap MAP_FIXED over mapping", g);
	fact("MAP_FIXED returns the hint", g == f + P);
	fact("MAP_FIXED page is fresh zero", all_bytes(f + P, P, 0));
	fact("MAP_FIXED neighbours intact",
	     all_bytes(f, P, 'a') && all_bytes(f + 2 * P, P, 'c') && all_bytes(f + 3 * P, P, 'd'));

	map_result("mmap MAP_FIXED_NOREPLACE over mapping",
		   sys_mmap(f + 2 * P, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0));
	fact("MAP_FIXED_NOREPLACE left old page", all_bytes(f + 2 * P, P, 'c'));
	sys_munmap(f + 3 * P, P);
	char *h = sys_mmap(f + 3 * P, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	map_result("mmap MAP_FIXED_NOREPLACE into hole", h);
	fact("MAP_FIXED_NOREPLACE returns the hint", h == f + 3 * P);
	sys_munmap(f, 4 * P);

	char *s = sys_mmap(NULL, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	map_result("mmap shared anon", s);
	if (s != MAP_FAILED) {
		fact("shared anon zero-filled", all_bytes(s, 2 * P, 0));
		memset(s, 'S', 2 * P);
		fact("shared anon keeps writes", all_bytes(s, 2 * P, 'S'));
		sys_munmap(s, 2 * P);
	}

	char *pop = sys_mmap(NULL, 8 * P, RW, ANON | MAP_POPULATE, -1, 0);
	map_result("mmap MAP_POPULATE", pop);
	if (pop != MAP_FAILED) {
		unsigned char vec[8];
		int resident = sys_mincore(pop, 8 * P, vec) == 0;
		for (int i = 0; i < 8; i++)
			resident = resident && (vec[i] & 1);
		fact("MAP_POPULATE pages resident", resident);
		sys_munmap(pop, 8 * P);
	}

	char *n = sys_mmap(NULL, 2 * P, PROT_NONE, ANON, -1, 0);
	map_result("mmap PROT_NONE", n);
	result("mprotect PROT_NONE to RW", sys_mprotect(n, 2 * P, RW));
	n[P] = 'n';
	fact("PROT_NONE made writable", n[P] == 'n' && n[0] == 0);
	sys_munmap(n, 2 * P);
	sys_munmap(a, 4 * P);
}

static void test_munmap(void)
{
	section("munmap");
	char *a = map_anon(4 * P);
	fill_pages(a, 4, 'A');
	result("munmap middle page", sys_munmap(a + P, P));
	mapped("page 0 after", a, P);
	mapped("page 1 after", a + P, P);
	mapped("pages 2-3 after", a + 2 * P, 2 * P);
	mapped("pages 0-3 after", a, 4 * P);
	fact("survivors intact", all_bytes(a, P, 'A') && pages_are(a + 2 * P, 2, 'C'));
	result("munmap already unmapped", sys_munmap(a + P, P));
	result("munmap unaligned", sys_munmap(a + 1, P));
	result("munmap len 0", sys_munmap(a, 0));
	result("munmap across hole", sys_munmap(a, 4 * P));
	mapped("pages 0-3 after all", a, 4 * P);
}

static void test_mprotect(void)
{
	section("mprotect");
	char *b = map_anon(4 * P);
	fill_pages(b, 4, 'p');
	result("mprotect read-only", sys_mprotect(b, P, PROT_READ));
	fact("read-only keeps contents", all_bytes(b, P, 'p'));
	result("mprotect none", sys_mprotect(b + P, P, PROT_NONE));
	result("mprotect back to RW", sys_mprotect(b, 2 * P, RW));
	b[0] = 'x';
	b[P] = 'y';
	fact("RW again writable", b[0] == 'x' && b[P] == 'y' && all_bytes(b + 2 * P, P, 'r'));
	result("mprotect unaligned", sys_mprotect(b + 1, P, PROT_READ));
	result("mprotect bad prot bits", sys_mprotect(b, P, 0x1000));
	result("mprotect len 0", sys_mprotect(b, 0, PROT_READ));

	sys_munmap(b + P, P);
	result("mprotect across hole", sys_mprotect(b, 3 * P, PROT_READ));
	sys_munmap(b, 4 * P);
	result("mprotect unmapped", sys_mprotect(b, P, PROT_READ));
}

static void test_mremap(void)
{
	section("mremap");
	char *m = map_anon(4 * P);
	fill_pages(m, 4, 'm');
	char *r = sys_mremap(m, 4 * P, 2 * P, 0, NULL);
	map_result("mremap shrink", r);
	fact("shrink keeps address", r == m);
	fact("shrink keeps contents", pages_are(m, 2, 'm'));
	mapped("shrunk tail", m + 2 * P, 2 * P);
	sys_munmap(m, 2 * P);

	m = map_anon(8 * P);
	sys_munmap(m + 4 * P, 4 * P);
	fill_pages(m, 4, 'g');
	r = sys_mremap(m, 4 * P, 8 * P, 0, NULL);
	map_result("mremap grow in place", r);
	fact("grow keeps address", r == m);
	fact("grow keeps contents", pages_are(m, 4, 'g'));
	fact("grown part zero", all_bytes(m + 4 * P, 4 * P, 0));
	sys_munmap(m, 8 * P);

	m = map_anon(8 * P);
	fill_pages(m, 8, 'M');
	map_result("mremap grow blocked, no MAYMOVE", sys_mremap(m, 4 * P, 8 * P, 0, NULL));
	r = sys_mremap(m, 4 * P, 8 * P, MREMAP_MAYMOVE, NULL);
	map_result("mremap grow blocked, MAYMOVE", r);
	if (r != MAP_FAILED) {
		fact("MAYMOVE moved", r != m);
		fact("moved contents", pages_are(r, 4, 'M'));
		fact("moved grown part zero", all_bytes(r + 4 * P, 4 * P, 0));
		mapped("old range after move", m, 4 * P);
		mapped("untouched rest after move", m + 4 * P, 4 * P);
		fact("untouched rest intact", pages_are(m + 4 * P, 4, 'Q'));
		sys_munmap(r, 8 * P);
	}

	/* MREMAP_FIXED onto the (now unmapped) old range. */
	char *src = map_anon(P);
	memset(src, 'F', P);
	r = sys_mremap(src, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, m);
	map_result("mremap FIXED", r);
	fact("FIXED lands at target", r == m);
	fact("FIXED moved contents", all_bytes(m, P, 'F'));
	mapped("FIXED source after", src, P);
	map_result("mremap FIXED without MAYMOVE", sys_mremap(m, P, P, MREMAP_FIXED, src));
	sys_munmap(m, 8 * P);

	char *v = map_anon(4 * P);
	sys_mprotect(v + 2 * P, 2 * P, PROT_READ);
	map_result("mremap across two VMAs", sys_mremap(v, 4 * P, 8 * P, MREMAP_MAYMOVE, NULL));
	map_result("mremap new length 0", sys_mremap(v, P, 0, MREMAP_MAYMOVE, NULL));
	map_result("mremap unaligned", sys_mremap(v + 1, P, 2 * P, MREMAP_MAYMOVE, NULL));
	map_result("mremap bad flags", sys_mremap(v, P, 2 * P, 0x100, NULL));
	sys_munmap(v, 4 * P);
	map_result("mremap unmapped", sys_mremap(v, P, 2 * P, MREMAP_MAYMOVE, NULL));
}

static void test_brk(void)
{
	section("brk");
	char *cur = (char *)syscall(SYS_brk, 0);
	fact("brk(0) non-zero", cur != NULL);
	char *r = (char *)syscall(SYS_brk, cur + 16 * P);
	fact("brk grow returns new end", r == cur + 16 * P);
	fact("brk grown part zero", all_bytes(cur, 16 * P, 0));
	memset(cur, 'b', 16 * P);
	fact("brk grown part writable", all_bytes(cur, 16 * P, 'b'));
	r = (char *)syscall(SYS_brk, cur);
	fact("brk shrink returns new end", r == cur);
	r = (char *)syscall(SYS_brk, cur + 16 * P);
	fact("brk regrow returns new end", r == cur + 16 * P);
	fact("brk regrown part zero again", all_bytes(cur, 16 * P, 0));
	r = (char *)syscall(SYS_brk, 4096);
	fact("brk below start returns current", r == cur + 16 * P);
	r = (char *)syscall(SYS_brk, cur);
	fact("brk restored", r == cur);
}

static void test_madvise_mincore(void)
{
	section("madvise/mincore");
	unsigned char vec[16];
	char *e = map_anon(16 * P);
	e[0] = 1;
	e[3 * P] = 1;
	e[7 * P + 100] = 1;
	result("mincore", sys_mincore(e, 16 * P, vec));
	printf("touched pages resident: %d %d %d\n", vec[0] & 1, vec[3] & 1, vec[7] & 1);
	result("mincore unaligned", sys_mincore(e + 1, P, vec));
	result("mincore len 0", sys_mincore(e, 0, vec));

	fill_pages(e, 4, 'd');
	result("madvise DONTNEED", sys_madvise(e, 4 * P, MADV_DONTNEED));
	sys_mincore(e, 4 * P, vec);
	printf("after DONTNEED resident: %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
	fact("DONTNEED zeroes", all_bytes(e, 4 * P, 0));
	fact("DONTNEED spares the rest", all_bytes(e + 7 * P + 100, 1, 1));
	result("madvise unaligned", sys_madvise(e + 1, P, MADV_DONTNEED));
	result("madvise bad advice", sys_madvise(e, P, 12345));
	sys_munmap(e, 16 * P);
	result("madvise unmapped", sys_madvise(e, P, MADV_DONTNEED));
	result("mincore unmapped", sys_mincore(e, P, vec));
}

int main(void)
{
	test_malloc();
	test_mmap();
	test_munmap();
	test_mprotect();
	test_mremap();
	test_brk();
	test_madvise_mincore();
	printf("done\n");
	return 0;
}
