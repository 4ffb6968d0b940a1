/* Credentials and prctl: the set*id rules as root and after dropping privilege, groups,
 * capabilities, task names. Run as root: prints the same natively and under umk. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <grp.h>
#include "errname.h"

static void ids(const char *when) {
    uid_t r, e, s;
    gid_t rg, eg, sg;
    getresuid(&r, &e, &s);
    getresgid(&rg, &eg, &sg);
    printf("%s: uid %u/%u/%u gid %u/%u/%u\n", when, r, e, s, rg, eg, sg);
}

static void rc(const char *what, long r) {
    if (r < 0) printf("%s: %s\n", what, errname(errno));
    else printf("%s: %ld\n", what, r);
}

int main(void) {
    if (geteuid() != 0) {
        printf("needs root\n");
        return 0;
    }
    ids("start");
    gid_t list[3] = {10, 20, 30};
    rc("setgroups 3", setgroups(3, list));
    rc("getgroups 0", getgroups(0, NULL));
    gid_t got[8];
    int n = getgroups(8, got);
    printf("groups:");
    for (int i = 0; i < n; i++) printf(" %u", got[i]);
    printf("\n");
    rc("getgroups too small", getgroups(1, got));

    struct { unsigned version; int pid; } hdr = {0x20080522, 0};
    struct { unsigned eff, perm, inh; } data[2];
    rc("capget v3", syscall(SYS_capget, &hdr, data));
    /* Which capabilities a root sandbox keeps varies; these few every root has. */
    printf("root has CAP_CHOWN %d CAP_SETUID %d CAP_SYS_ADMIN %d\n", !!(data[0].eff & 1),
           !!(data[0].eff & (1 << 7)), !!(data[0].eff & (1 << 21)));
    hdr.version = 0x1234;
    rc("capget bad version", syscall(SYS_capget, &hdr, data));
    printf("preferred version %#x\n", hdr.version);

    rc("prctl set name", prctl(PR_SET_NAME, "umk-creds-test-long-name"));
    char name[17] = {0};
    rc("prctl get name", prctl(PR_GET_NAME, name));
    printf("name '%s'\n", name);
    rc("prctl no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    rc("prctl get no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    rc("prctl bogus", prctl(12345, 0, 0, 0, 0));

    pid_t pid = fork();
    if (pid == 0) {
        rc("setresgid 100,200,300", setresgid(100, 200, 300));
        rc("setresuid 1000,2000,3000", setresuid(1000, 2000, 3000));
        ids("dropped");
        rc("setuid 0 (no privilege)", setuid(0));
        rc("setuid 3000 (saved)", setuid(3000));
        ids("after setuid 3000");
        rc("setreuid -1,1000", setreuid(-1, 1000));
        ids("after setreuid");
        rc("setresuid 5,-1,-1", setresuid(5, -1, -1));
        rc("setfsuid 42 -> old", syscall(SYS_setfsuid, 42));
        rc("setgroups unprivileged", setgroups(0, NULL));
        hdr.version = 0x20080522;
        rc("capget v3 unprivileged", syscall(SYS_capget, &hdr, data));
        printf("caps eff %#x perm %#x\n", data[0].eff, data[0].perm);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));
    rc("setuid 0 as root", setuid(0));
    ids("end");
    return 0;
}
