/* execveat: AT_EMPTY_PATH on an open program (fexecve), and a path relative to a dirfd. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int run(int dirfd, const char *path, int flags, char *word) {
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = {"echo", word, NULL};
        char *ev[] = {NULL};
        syscall(SYS_execveat, dirfd, path, av, ev, flags);
        _exit(99);
    }
    int st;
    waitpid(pid, &st, 0);
    return WEXITSTATUS(st);
}

int main(void) {
    fflush(stdout);
    int fd = open("/bin/busybox", O_RDONLY);
    printf("empty path: %d\n", run(fd, "", AT_EMPTY_PATH, "via-fd"));
    fflush(stdout);
    int dir = open("/bin", O_RDONLY | O_DIRECTORY);
    printf("relative: %d\n", run(dir, "busybox", 0, "via-dirfd"));
    fflush(stdout);
    printf("empty without flag: %d\n", run(fd, "", 0, "never"));
    return 0;
}
