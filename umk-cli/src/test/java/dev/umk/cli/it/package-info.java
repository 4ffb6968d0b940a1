/**
 * Integration tests: real x86-64 programs run natively and under umk, compared byte for byte.
 *
 * <p>{@link dev.umk.cli.it.GuestPrograms} builds the C programs of {@code rootfs/src/c} with
 * musl-gcc; {@link dev.umk.cli.it.Differential} runs one natively and under umk and
 * {@link dev.umk.cli.it.Comparison#assertSame()} demands the same stdout and exit status.
 * Test classes are named {@code *Test} so that plain {@code mvn test} runs them.
 */
package dev.umk.cli.it;
