/*
 * Escape probes for the sandbox tests: each subcommand tries one way out and prints
 * "ESCAPED: ..." when it got through, or "blocked: <step>: <reason>" when the kernel said no.
 * Run unsandboxed (danger-full-access), the same probes must print ESCAPED, which shows they work.
 * Compiled by the tests with the system C compiler; it needs only the kernel's UAPI headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>

static int blocked(const char *step)
{
    printf("blocked: %s: %s\n", step, strerror(errno));
    return 0;
}

static int escaped(const char *what)
{
    printf("ESCAPED: %s\n", what);
    return 0;
}

/* A minimal io_uring: one submission, one completion. */
struct ring {
    int fd;
    unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
};

static int ring_setup(struct ring *r)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    r->fd = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (r->fd < 0) return -1;
    size_t sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char *sq = mmap(NULL, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
    char *cq = mmap(NULL, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
    r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED) return -1;
    r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
    r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
    r->sq_array = (unsigned *)(sq + p.sq_off.array);
    r->cq_head = (unsigned *)(cq + p.cq_off.head);
    r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
    r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
    return 0;
}

/* Submits one prepared SQE and returns its result (negative errno), or -1000 when io_uring_enter fails. */
static int ring_run(struct ring *r, struct io_uring_sqe *sqe)
{
    unsigned tail = *r->sq_tail;
    unsigned index = tail & *r->sq_mask;
    r->sqes[index] = *sqe;
    r->sq_array[index] = index;
    __atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
    if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) return -1000;
    unsigned head = __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE);
    int res = r->cqes[head & *r->cq_mask].res;
    __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
    return res;
}

static int iouring_connect(int domain, struct sockaddr *addr, socklen_t len)
{
    struct ring r;
    if (ring_setup(&r) < 0) return blocked("io_uring_setup");
    struct io_uring_sqe sqe;
    memset(&sqe, 0, sizeof sqe);
    sqe.opcode = IORING_OP_SOCKET;
    sqe.fd = domain;
    sqe.off = SOCK_STREAM;
    int fd = ring_run(&r, &sqe);
    if (fd == -1000) return blocked("io_uring_enter");
    if (fd < 0) { errno = -fd; return blocked("IORING_OP_SOCKET"); }
    memset(&sqe, 0, sizeof sqe);
    sqe.opcode = IORING_OP_CONNECT;
    sqe.fd = fd;
    sqe.addr = (unsigned long)addr;
    sqe.off = len;
    int res = ring_run(&r, &sqe);
    if (res == -1000) return blocked("io_uring_enter");
    if (res < 0) { errno = -res; return blocked("IORING_OP_CONNECT"); }
    return escaped("io_uring connect");
}

static socklen_t unix_address(struct sockaddr_un *sun, const char *name, int abstract)
{
    memset(sun, 0, sizeof *sun);
    sun->sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (abstract) {
        memcpy(sun->sun_path + 1, name, n);
        return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    }
    memcpy(sun->sun_path, name, n);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

static int plain_connect(int domain, struct sockaddr *addr, socklen_t len)
{
    int fd = socket(domain, SOCK_STREAM, 0);
    if (fd < 0) return blocked("socket");
    if (connect(fd, addr, len) < 0) return blocked("connect");
    return escaped("connect");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: escape-probe <probe> [arg]\n");
        return 2;
    }
    const char *probe = argv[1];
    const char *arg = argc > 2 ? argv[2] : "";
    setvbuf(stdout, NULL, _IONBF, 0);

    if (!strcmp(probe, "iouring-tcp") || !strcmp(probe, "tcp")) {
        struct sockaddr_in sin;
        memset(&sin, 0, sizeof sin);
        sin.sin_family = AF_INET;
        sin.sin_port = htons((unsigned short)atoi(arg));
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return probe[0] == 'i' ? iouring_connect(AF_INET, (struct sockaddr *)&sin, sizeof sin)
                               : plain_connect(AF_INET, (struct sockaddr *)&sin, sizeof sin);
    }
    if (!strcmp(probe, "iouring-abstract") || !strcmp(probe, "abstract") || !strcmp(probe, "unix-path")) {
        struct sockaddr_un sun;
        socklen_t len = unix_address(&sun, arg, strcmp(probe, "unix-path") != 0);
        return probe[0] == 'i' ? iouring_connect(AF_UNIX, (struct sockaddr *)&sun, len)
                               : plain_connect(AF_UNIX, (struct sockaddr *)&sun, len);
    }
    if (!strcmp(probe, "vmread")) {
        /* Reads the first bytes of the target's first readable mapping. */
        char maps[64], line[512];
        snprintf(maps, sizeof maps, "/proc/%s/maps", arg);
        FILE *f = fopen(maps, "r");
        unsigned long start = 0;
        if (f) {
            while (fgets(line, sizeof line, f)) {
                char perms[5];
                if (sscanf(line, "%lx-%*x %4s", &start, perms) == 2 && perms[0] == 'r') break;
                start = 0;
            }
            fclose(f);
        }
        char buffer[16];
        struct iovec local = { buffer, sizeof buffer }, remote = { (void *)start, sizeof buffer };
        if (syscall(__NR_process_vm_readv, atoi(arg), &local, 1, &remote, 1, 0) < 0) return blocked("process_vm_readv");
        return escaped("process_vm_readv");
    }
    if (!strcmp(probe, "ptrace")) {
        if (ptrace(PTRACE_ATTACH, atoi(arg), NULL, NULL) < 0) return blocked("ptrace");
        return escaped("ptrace attach");
    }
    if (!strcmp(probe, "perf")) {
        struct perf_event_attr pe;
        memset(&pe, 0, sizeof pe);
        pe.type = PERF_TYPE_SOFTWARE;
        pe.size = sizeof pe;
        pe.config = PERF_COUNT_SW_TASK_CLOCK;
        pe.exclude_kernel = 1;
        if (syscall(__NR_perf_event_open, &pe, 0, -1, -1, 0) < 0) return blocked("perf_event_open");
        return escaped("perf_event_open");
    }
    if (!strcmp(probe, "bpf")) {
        union bpf_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.map_type = BPF_MAP_TYPE_ARRAY;
        attr.key_size = 4;
        attr.value_size = 4;
        attr.max_entries = 1;
        if (syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof attr) < 0) return blocked("bpf");
        return escaped("bpf map");
    }
    if (!strcmp(probe, "userfaultfd")) {
        if (syscall(__NR_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */) < 0) return blocked("userfaultfd");
        return escaped("userfaultfd");
    }
    if (!strcmp(probe, "keyctl")) {
        long key = syscall(__NR_add_key, "user", "codex-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING);
        if (key < 0) return blocked("add_key");
        return escaped("add_key");
    }
    if (!strcmp(probe, "netlink")) {
        if (socket(AF_NETLINK, SOCK_RAW, 0) < 0) return blocked("socket(AF_NETLINK)");
        return escaped("netlink socket");
    }
    if (!strcmp(probe, "raw")) {
        if (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) < 0) return blocked("socket(SOCK_RAW)");
        return escaped("raw socket");
    }
    if (!strcmp(probe, "userns")) {
        if (unshare(CLONE_NEWUSER) < 0) return blocked("unshare(CLONE_NEWUSER)");
        return escaped("new user namespace");
    }
    if (!strcmp(probe, "euid")) {
        printf("euid=%d\n", (int)geteuid());
        return 0;
    }
    fprintf(stderr, "unknown probe %s\n", probe);
    return 2;
}
