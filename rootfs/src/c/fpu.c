/*
 * fpu - floating-point and vector state survives the kernel.
 *
 * A ptrace kernel stops the guest on every system call and fault; if it ever
 * clobbers x87, SSE or MXCSR state the numbers below change. Values are
 * computed at run time (volatile inputs) and printed exactly (%a and %.17g),
 * so native and umk output must match byte for byte.
 */
#include <emmintrin.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile double two = 2.0, third_num = 1.0, third_den = 3.0, angle = 0.5;
static volatile long double ltwo = 2.0L;
static volatile float fvals[4] = {1.5f, -2.25f, 3.0f, 1e-3f};

static void doubles(void)
{
	double r = sqrt(two);
	printf("sqrt(2) = %.17g %a\n", r, r);
	printf("1/3 = %.17g\n", third_num / third_den);
	printf("sin(0.5) = %.17g\n", sin(angle));
	printf("cos(0.5) = %.17g\n", cos(angle));
	printf("exp(0.5) = %.17g\n", exp(angle));
	printf("log(2) = %.17g\n", log(two));
	printf("pow(2, 0.5) = %.17g\n", pow(two, angle));
	printf("atan2(1, 3) = %.17g\n", atan2(third_num, third_den));
	printf("fma(1/3, 3, -1) = %a\n", fma(third_num / third_den, third_den, -1.0));
	printf("1e308 * 10 = %g\n", 1e308 * (two * 5));
	printf("0/0 is nan: %d\n", isnan((two - two) / (two - two)));
	printf("DBL_MIN / 2^10 = %a\n", DBL_MIN / ldexp(two, 9));
	printf("(long long)-2.5e18 = %lld\n", (long long)(-2.5e18 * (two / 2)));
}

static void long_doubles(void)
{
	long double r = sqrtl(ltwo);
	printf("sqrtl(2) = %.21Lg %La\n", r, r);
	printf("sinl(0.5) = %.21Lg\n", sinl(ltwo / 4));
	printf("1/3 (long double) = %.21Lg\n", 1.0L / (ltwo + 1));
	printf("LDBL_EPSILON = %La\n", LDBL_EPSILON * (ltwo / 2));
}

static void sse_vectors(void)
{
	__m128d a = _mm_set_pd(two, third_num);
	__m128d b = _mm_set_pd(third_den, angle);
	double out[2];
	_mm_storeu_pd(out, _mm_div_pd(_mm_add_pd(a, b), _mm_sqrt_pd(b)));
	printf("sse2 pd: %.17g %.17g\n", out[0], out[1]);

	__m128 f = _mm_loadu_ps((const float *)fvals);
	__m128 g = _mm_mul_ps(f, _mm_add_ps(f, _mm_set1_ps(0.5f)));
	float fo[4];
	_mm_storeu_ps(fo, g);
	printf("sse ps: %.9g %.9g %.9g %.9g\n", fo[0], fo[1], fo[2], fo[3]);

	__m128i i = _mm_cvttps_epi32(_mm_mul_ps(f, _mm_set1_ps(1000.0f)));
	int32_t io[4];
	_mm_storeu_si128((__m128i *)io, i);
	printf("cvttps: %d %d %d %d\n", io[0], io[1], io[2], io[3]);
}

/*
 * Loads distinct values into xmm0-xmm15, makes a system call, and checks the
 * registers still hold them: the syscall ABI preserves them, so must umk.
 */
static void xmm_across_syscall(void)
{
	uint64_t in[16][2], out[16][2];
	for (int i = 0; i < 16; i++) {
		in[i][0] = 0x0123456789abcdefULL * (uint64_t)(i + 1);
		in[i][1] = ~in[i][0] ^ (uint64_t)i;
	}
	long nr = 39; /* getpid */
	__asm__ volatile(
		"movdqu 0(%[in]), %%xmm0\n\t"   "movdqu 16(%[in]), %%xmm1\n\t"
		"movdqu 32(%[in]), %%xmm2\n\t"  "movdqu 48(%[in]), %%xmm3\n\t"
		"movdqu 64(%[in]), %%xmm4\n\t"  "movdqu 80(%[in]), %%xmm5\n\t"
		"movdqu 96(%[in]), %%xmm6\n\t"  "movdqu 112(%[in]), %%xmm7\n\t"
		"movdqu 128(%[in]), %%xmm8\n\t" "movdqu 144(%[in]), %%xmm9\n\t"
		"movdqu 160(%[in]), %%xmm10\n\t" "movdqu 176(%[in]), %%xmm11\n\t"
		"movdqu 192(%[in]), %%xmm12\n\t" "movdqu 208(%[in]), %%xmm13\n\t"
		"movdqu 224(%[in]), %%xmm14\n\t" "movdqu 240(%[in]), %%xmm15\n\t"
		"syscall\n\t"
		"movdqu %%xmm0, 0(%[out])\n\t"   "movdqu %%xmm1, 16(%[out])\n\t"
		"movdqu %%xmm2, 32(%[out])\n\t"  "movdqu %%xmm3, 48(%[out])\n\t"
		"movdqu %%xmm4, 64(%[out])\n\t"  "movdqu %%xmm5, 80(%[out])\n\t"
		"movdqu %%xmm6, 96(%[out])\n\t"  "movdqu %%xmm7, 112(%[out])\n\t"
		"movdqu %%xmm8, 128(%[out])\n\t" "movdqu %%xmm9, 144(%[out])\n\t"
		"movdqu %%xmm10, 160(%[out])\n\t" "movdqu %%xmm11, 176(%[out])\n\t"
		"movdqu %%xmm12, 192(%[out])\n\t" "movdqu %%xmm13, 208(%[out])\n\t"
		"movdqu %%xmm14, 224(%[out])\n\t" "movdqu %%xmm15, 240(%[out])\n\t"
		: "+a"(nr)
		: [in] "r"(in), [out] "r"(out)
		: "rcx", "r11", "memory",
		  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	printf("xmm0-15 preserved across syscall: %s\n", memcmp(in, out, sizeof in) == 0 ? "yes" : "no");
}

/* Rounding modes live in MXCSR and the x87 control word: both must survive. */
static void rounding_across_syscall(void)
{
	static const int modes[] = {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO, FE_TONEAREST};
	static const char *names[] = {"upward", "downward", "towardzero", "tonearest"};
	for (int i = 0; i < 4; i++) {
		fesetround(modes[i]);
		getppid();
		int kept = fegetround() == modes[i];
		double d = third_num / third_den;
		long double ld = 1.0L / (ltwo + 1);
		float f = (float)third_num / (float)third_den;
		printf("round %s kept: %s, 1/3 = %a, 1/3f = %a, 1/3L = %La\n",
		       names[i], kept ? "yes" : "no", d, f, ld);
	}
	fesetround(FE_TONEAREST);
}

static void x87_stack_across_syscall(void)
{
	long double x = 0;
	long nr = 39;
	/* Push two values, syscall with them on the x87 stack, then add them. */
	__asm__ volatile(
		"fldpi\n\t"
		"fld1\n\t"
		"syscall\n\t"
		"faddp\n\t"
		: "=t"(x), "+a"(nr)
		:
		: "rcx", "r11", "memory");
	printf("x87 stack across syscall: pi + 1 = %.21Lg\n", x);
}

int main(void)
{
	doubles();
	long_doubles();
	sse_vectors();
	xmm_across_syscall();
	rounding_across_syscall();
	x87_stack_across_syscall();
	return 0;
}
