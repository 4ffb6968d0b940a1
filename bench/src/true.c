/*
 * true - exits 0 and does nothing else: the smallest static program to execve.
 *
 * The fork+execve and shell-loop benchmarks run it, because Debian's /bin/true
 * is dynamic glibc and would measure the dynamic loader instead of exec.
 */
int main(void)
{
	return 0;
}
