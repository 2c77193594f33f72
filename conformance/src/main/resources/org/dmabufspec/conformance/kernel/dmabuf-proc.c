/*
 * dmabuf-proc: one user-space process of the spec (p1, p2, ...), driven by KernelTarget over a
 * line protocol on stdin/stdout. Every dma-buf call the spec makes "in process p" is made here,
 * in this process, so that fd numbers, FD_CLOEXEC, SCM_RIGHTS, exec and mmap are the kernel's own.
 *
 *   dmabuf-proc NAME MAXFDS SOCKPREFIX UDMABUF_DEV|- HEAP_DEV|-          (first start)
 *   dmabuf-proc --exec NAME MAXFDS SOCKPREFIX LISTENFD UDMABUFFD HEAPFD [PEER=FD ...]
 *                                                                        (after ProcessExec)
 *
 * The fd table is the spec's: 0, 1, 2 are the protocol pipes and stderr; the spec's slots are
 * 3 .. 2+MAXFDS; RLIMIT_NOFILE's soft limit is 3+MAXFDS, so a full table gives the kernel's
 * own EMFILE (dup, UDMABUF_CREATE, DMA_HEAP_IOCTL_ALLOC, and MSG_CTRUNC on recvmsg). The
 * helper's own fds (devices, sockets, the memfd behind a udmabuf) live at HIGH and above:
 * they are created with the soft limit raised to the hard limit for a moment, moved up with
 * F_DUPFD, and the limit lowered again. They are not close-on-exec, so they survive
 * ProcessExec and the new image finds them from its arguments; fds above the soft limit stay
 * usable (the limit only bounds new fd numbers).
 *
 * Requests, one per line; replies, one line: "ok key=value ..." or "err errno=N call=TEXT".
 *   ping                          ok pid=PID
 *   udmabuf SIZE FLAGS            memfd (MFD_ALLOW_SEALING, F_SEAL_SHRINK) + UDMABUF_CREATE
 *                                 -> ok fd= dev= ino=
 *   heap LEN FDFLAGS HEAPFLAGS    DMA_HEAP_IOCTL_ALLOC -> ok fd= dev= ino=
 *   dup FD / close FD             dup(2) -> ok fd= dev= ino=  /  close(2) -> ok
 *   send PEER FD                  sendmsg(SCM_RIGHTS) on the socket to PEER -> ok
 *   recv PEER                     recvmsg (no MSG_CMSG_CLOEXEC) -> ok fd= dev= ino= | ok trunc=MSG_FLAGS
 *   mmap FD LEN OFF PROT          mmap(MAP_SHARED) -> ok addr=
 *   munmap ADDR                   munmap of a mapping this image made -> ok
 *   lseek FD OFF WHENCE           -> ok ret=
 *   sync FD FLAGS                 DMA_BUF_IOCTL_SYNC -> ok
 *   setname FD HEX|-              DMA_BUF_SET_NAME with the hex-encoded name ("-": empty)
 *   fds                           ok 3=DEV:INO:FDFLAGS 4=- ... for every slot (fcntl F_GETFD, fstat)
 *   state                         the fds listing, then mN=START:END:OFFSET:INO for each mapping
 *                                 of a dma-buf in /proc/self/maps
 *   exec                          execv(/proc/self/exe); the new image answers
 *                                 "ok exec pid=PID" followed by its fds listing
 *   connect PEER / accept PEER    the SOCK_SEQPACKET link to PEER's abstract socket
 *   reset                         closes every slot and unmaps every mapping -> ok
 *   quit                          exits 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define HIGH 500          /* the helper's own fds live at HIGH and above */
#define MAX_PEERS 16
#define MAX_MAPS 64
#define LINE 4096

/* include/uapi/linux/udmabuf.h, dma-heap.h, dma-buf.h */
struct udmabuf_create { uint32_t memfd; uint32_t flags; uint64_t offset; uint64_t size; };
#define UDMABUF_CREATE _IOW('u', 0x42, struct udmabuf_create)
struct dma_heap_allocation_data { uint64_t len; uint32_t fd; uint32_t fd_flags; uint64_t heap_flags; };
#define DMA_HEAP_IOCTL_ALLOC _IOWR('H', 0x0, struct dma_heap_allocation_data)
struct dma_buf_sync { uint64_t flags; };
#define DMA_BUF_IOCTL_SYNC _IOW('b', 0, struct dma_buf_sync)
#define DMA_BUF_SET_NAME _IOW('b', 1, const char *)

static const char *self_name;
static int max_fds;
static const char *sock_prefix;
static int listen_fd = -1, udmabuf_fd = -1, heap_fd = -1;
static struct { char name[64]; int fd; } peers[MAX_PEERS];
static int npeers;
static struct { void *addr; size_t len; } maps[MAX_MAPS];

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void fail(const char *call) { reply("err errno=%d call=%s", errno, call); }

static int set_soft_limit(rlim_t soft)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	rl.rlim_cur = soft == RLIM_INFINITY ? rl.rlim_max : soft;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

static int user_limit(void) { return set_soft_limit((rlim_t)(3 + max_fds)); }
static int helper_limit(void) { return set_soft_limit(RLIM_INFINITY); }

/* Moves fd to HIGH or above (the limit must be raised); returns the new fd or -1. */
static int hide(int fd)
{
	int high;
	if (fd < 0 || fd >= HIGH)
		return fd;
	high = fcntl(fd, F_DUPFD, HIGH);
	int saved = errno;
	close(fd);
	errno = saved;
	return high;
}

static int parse_long(const char *s, long long *out)
{
	char *end;
	if (!s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 0);
	if (errno || *end || end == s)
		return -1;
	return 0;
}

static int peer_fd(const char *name)
{
	for (int i = 0; i < npeers; i++)
		if (!strcmp(peers[i].name, name))
			return peers[i].fd;
	return -1;
}

static int add_peer(const char *name, int fd)
{
	if (npeers == MAX_PEERS || strlen(name) >= sizeof peers[0].name)
		return -1;
	strcpy(peers[npeers].name, name);
	peers[npeers++].fd = fd;
	return 0;
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *who)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s.%s", sock_prefix, who);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static void report_new_fd(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		fail("fstat");
		return;
	}
	reply("ok fd=%d dev=%llu ino=%llu", fd, (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
}

static void list_fds(const char *prefix)
{
	char line[LINE];
	int n = snprintf(line, sizeof line, "%s", prefix);
	for (int fd = 3; fd < 3 + max_fds && n < (int)sizeof line - 64; fd++) {
		struct stat st;
		int flags = fcntl(fd, F_GETFD);
		if (flags < 0)
			n += snprintf(line + n, sizeof line - n, " %d=-", fd);
		else if (fstat(fd, &st) < 0)
			n += snprintf(line + n, sizeof line - n, " %d=?", fd);
		else
			n += snprintf(line + n, sizeof line - n, " %d=%llu:%llu:%d", fd,
				      (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, flags);
	}
	reply("%s", line);
}

/*
 * "state": the fds listing followed by this process's dma-buf mappings as the kernel shows them
 * in /proc/self/maps (" mN=START:END:OFFSET:INO", hex addresses and offset, decimal inode).
 * The maps file is opened with the limit raised; its fd is gone before the reply.
 */
static void list_state(void)
{
	char line[LINE];
	int n = snprintf(line, sizeof line, "ok");
	for (int fd = 3; fd < 3 + max_fds && n < (int)sizeof line - 64; fd++) {
		struct stat st;
		int flags = fcntl(fd, F_GETFD);
		if (flags < 0)
			n += snprintf(line + n, sizeof line - n, " %d=-", fd);
		else if (fstat(fd, &st) < 0)
			n += snprintf(line + n, sizeof line - n, " %d=?", fd);
		else
			n += snprintf(line + n, sizeof line - n, " %d=%llu:%llu:%d", fd,
				      (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, flags);
	}
	helper_limit();
	FILE *maps = fopen("/proc/self/maps", "re");
	int saved = errno;
	user_limit();
	if (!maps) {
		errno = saved;
		fail("fopen(/proc/self/maps)");
		return;
	}
	char m[512];
	int k = 0;
	while (fgets(m, sizeof m, maps)) {
		unsigned long long start, end, off, ino;
		unsigned major, minor;
		int path = 0;
		if (sscanf(m, "%llx-%llx %*s %llx %x:%x %llu %n", &start, &end, &off, &major, &minor, &ino, &path) >= 6
		    && path > 0 && !strncmp(m + path, "/dmabuf:", 8) && n < (int)sizeof line - 96)
			n += snprintf(line + n, sizeof line - n, " m%d=%llx:%llx:%llx:%llu", k++, start, end, off, ino);
	}
	fclose(maps);
	reply("%s", line);
}

static void do_udmabuf(long long size, long long flags)
{
	if (udmabuf_fd < 0) {
		errno = ENODEV;
		fail("open(/dev/udmabuf)");
		return;
	}
	if (helper_limit() < 0) {
		fail("setrlimit");
		return;
	}
	int memfd = hide(memfd_create("dmabuf-spec", MFD_ALLOW_SEALING | MFD_CLOEXEC));
	int ok = memfd >= 0 && ftruncate(memfd, size) == 0 && fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK) == 0;
	int saved = errno;
	user_limit();
	if (!ok) {
		if (memfd >= 0)
			close(memfd);
		errno = saved;
		fail("memfd_create/ftruncate/F_ADD_SEALS");
		return;
	}
	struct udmabuf_create c = { .memfd = (uint32_t)memfd, .flags = (uint32_t)flags, .offset = 0, .size = (uint64_t)size };
	int fd = ioctl(udmabuf_fd, UDMABUF_CREATE, &c);
	saved = errno;
	close(memfd);
	errno = saved;
	if (fd < 0)
		fail("ioctl(UDMABUF_CREATE)");
	else
		report_new_fd(fd);
}

static void do_heap(long long len, long long fd_flags, long long heap_flags)
{
	if (heap_fd < 0) {
		errno = ENODEV;
		fail("open(/dev/dma_heap)");
		return;
	}
	struct dma_heap_allocation_data d = { .len = (uint64_t)len, .fd = 0, .fd_flags = (uint32_t)fd_flags,
					      .heap_flags = (uint64_t)heap_flags };
	if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		fail("ioctl(DMA_HEAP_IOCTL_ALLOC)");
	else
		report_new_fd((int)d.fd);
}

static void do_send(const char *peer, int fd)
{
	int sock = peer_fd(peer);
	if (sock < 0) {
		errno = ENOTCONN;
		fail("send: no link to that peer");
		return;
	}
	char byte = 'F';
	struct iovec iov = { &byte, 1 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	memset(&u, 0, sizeof u);
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		fail("sendmsg(SCM_RIGHTS)");
	else
		reply("ok");
}

static void do_recv(const char *peer)
{
	int sock = peer_fd(peer);
	if (sock < 0) {
		errno = ENOTCONN;
		fail("recv: no link to that peer");
		return;
	}
	char byte;
	struct iovec iov = { &byte, 1 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	memset(&u, 0, sizeof u);
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	if (recvmsg(sock, &msg, MSG_DONTWAIT) < 0) {
		fail("recvmsg");
		return;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int))) {
		int fd;
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
		report_new_fd(fd);
	} else {
		reply("ok trunc=%d", msg.msg_flags);
	}
}

static void do_mmap(int fd, long long len, long long off, long long prot)
{
	int slot = -1;
	for (int i = 0; i < MAX_MAPS; i++)
		if (!maps[i].addr) {
			slot = i;
			break;
		}
	if (slot < 0) {
		errno = ENOMEM;
		fail("mmap: helper's mapping table is full");
		return;
	}
	void *p = mmap(NULL, (size_t)len, (int)prot, MAP_SHARED, fd, (off_t)off);
	if (p == MAP_FAILED) {
		fail("mmap");
		return;
	}
	maps[slot].addr = p;
	maps[slot].len = (size_t)len;
	reply("ok addr=%#llx", (unsigned long long)(uintptr_t)p);
}

static void do_munmap(long long addr)
{
	for (int i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr && (uintptr_t)maps[i].addr == (uintptr_t)addr) {
			if (munmap(maps[i].addr, maps[i].len) < 0) {
				fail("munmap");
				return;
			}
			maps[i].addr = NULL;
			reply("ok");
			return;
		}
	errno = EINVAL;
	fail("munmap: not a mapping this process image made");
}

static int unhex(const char *hex, char *out, size_t cap)
{
	size_t n = 0;
	if (!strcmp(hex, "-")) {
		out[0] = 0;
		return 0;
	}
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;
		if (n + 1 >= cap || sscanf(hex, "%2x", &v) != 1)
			return -1;
		out[n++] = (char)v;
	}
	out[n] = 0;
	return hex[0] ? -1 : 0;
}

static void do_exec(char *argv0)
{
	char args[8][32];
	char *av[8 + MAX_PEERS + 2];
	char peer_args[MAX_PEERS][96];
	int n = 0;
	av[n++] = argv0;
	av[n++] = "--exec";
	av[n++] = (char *)self_name;
	snprintf(args[0], sizeof args[0], "%d", max_fds);
	av[n++] = args[0];
	av[n++] = (char *)sock_prefix;
	snprintf(args[1], sizeof args[1], "%d", listen_fd);
	av[n++] = args[1];
	snprintf(args[2], sizeof args[2], "%d", udmabuf_fd);
	av[n++] = args[2];
	snprintf(args[3], sizeof args[3], "%d", heap_fd);
	av[n++] = args[3];
	for (int i = 0; i < npeers; i++) {
		snprintf(peer_args[i], sizeof peer_args[i], "%.63s=%d", peers[i].name, peers[i].fd);
		av[n++] = peer_args[i];
	}
	av[n] = NULL;
	fflush(stdout);
	/* The dynamic loader of the new image opens files before main runs: give it room. */
	helper_limit();
	execv("/proc/self/exe", av);
	int saved = errno;
	user_limit();
	errno = saved;
	fail("execv(/proc/self/exe)");
}

static void do_reset(void)
{
	for (int i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr) {
			munmap(maps[i].addr, maps[i].len);
			maps[i].addr = NULL;
		}
	for (int fd = 3; fd < 3 + max_fds; fd++)
		close(fd);
	reply("ok");
}

/*
 * Requests are read with read(2) into our own buffer rather than through stdio, so that we know
 * whether anything beyond the current line was read: exec would lose it.
 */
static char inbuf[LINE];
static size_t inlen;

static int read_line(char *line, size_t cap)
{
	for (;;) {
		char *nl = memchr(inbuf, '\n', inlen);
		if (nl) {
			size_t n = (size_t)(nl - inbuf) + 1;
			size_t copy = n < cap ? n : cap - 1;
			memcpy(line, inbuf, copy);
			line[copy] = 0;
			memmove(inbuf, inbuf + n, inlen - n);
			inlen -= n;
			return 1;
		}
		if (inlen == sizeof inbuf)
			inlen = 0; /* a line longer than the buffer: drop it */
		ssize_t r = read(0, inbuf + inlen, sizeof inbuf - inlen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		inlen += (size_t)r;
	}
}

static void serve(char *argv0)
{
	char line[LINE];
	while (read_line(line, sizeof line)) {
		char *tok[8] = { 0 };
		int nt = 0;
		for (char *s = strtok(line, " \t\r\n"); s && nt < 8; s = strtok(NULL, " \t\r\n"))
			tok[nt++] = s;
		if (nt == 0)
			continue;
		long long a = 0, b = 0, c = 0, d = 0;
		const char *cmd = tok[0];
		int bad = 0;
#define NUM(i, v) (bad |= parse_long(tok[i], &(v)))
		if (!strcmp(cmd, "ping")) {
			reply("ok pid=%d", getpid());
		} else if (!strcmp(cmd, "udmabuf")) {
			NUM(1, a); NUM(2, b);
			if (!bad) do_udmabuf(a, b);
		} else if (!strcmp(cmd, "heap")) {
			NUM(1, a); NUM(2, b); NUM(3, c);
			if (!bad) do_heap(a, b, c);
		} else if (!strcmp(cmd, "dup")) {
			NUM(1, a);
			if (!bad) {
				int fd = dup((int)a);
				if (fd < 0) fail("dup"); else report_new_fd(fd);
			}
		} else if (!strcmp(cmd, "close")) {
			NUM(1, a);
			if (!bad) {
				if (close((int)a) < 0) fail("close"); else reply("ok");
			}
		} else if (!strcmp(cmd, "send") && tok[1]) {
			NUM(2, a);
			if (!bad) do_send(tok[1], (int)a);
		} else if (!strcmp(cmd, "recv") && tok[1]) {
			do_recv(tok[1]);
		} else if (!strcmp(cmd, "mmap")) {
			NUM(1, a); NUM(2, b); NUM(3, c); NUM(4, d);
			if (!bad) do_mmap((int)a, b, c, d);
		} else if (!strcmp(cmd, "munmap")) {
			NUM(1, a);
			if (!bad) do_munmap(a);
		} else if (!strcmp(cmd, "lseek")) {
			NUM(1, a); NUM(2, b); NUM(3, c);
			if (!bad) {
				off_t r = lseek((int)a, (off_t)b, (int)c);
				if (r < 0) fail("lseek"); else reply("ok ret=%lld", (long long)r);
			}
		} else if (!strcmp(cmd, "sync")) {
			NUM(1, a); NUM(2, b);
			if (!bad) {
				struct dma_buf_sync s = { .flags = (uint64_t)b };
				if (ioctl((int)a, DMA_BUF_IOCTL_SYNC, &s) < 0) fail("ioctl(DMA_BUF_IOCTL_SYNC)"); else reply("ok");
			}
		} else if (!strcmp(cmd, "setname") && tok[2]) {
			char name[256];
			NUM(1, a);
			if (!bad && unhex(tok[2], name, sizeof name) < 0)
				bad = 1;
			if (!bad) {
				if (ioctl((int)a, DMA_BUF_SET_NAME, name) < 0) fail("ioctl(DMA_BUF_SET_NAME)"); else reply("ok");
			}
		} else if (!strcmp(cmd, "fds")) {
			list_fds("ok");
		} else if (!strcmp(cmd, "state")) {
			list_state();
		} else if (!strcmp(cmd, "exec")) {
			if (inlen) {
				errno = EBUSY;
				fail("exec: requests after exec were already read (send one request at a time)");
			} else {
				do_exec(argv0);
			}
		} else if (!strcmp(cmd, "connect") && tok[1]) {
			struct sockaddr_un addr;
			socklen_t len = abstract_addr(&addr, tok[1]);
			helper_limit();
			int s = hide(socket(AF_UNIX, SOCK_SEQPACKET, 0));
			int saved = errno;
			user_limit();
			errno = saved;
			if (s < 0 || connect(s, (struct sockaddr *)&addr, len) < 0 || add_peer(tok[1], s) < 0) {
				fail("connect");
				if (s >= 0) close(s);
			} else {
				reply("ok fd=%d", s);
			}
		} else if (!strcmp(cmd, "accept") && tok[1]) {
			helper_limit();
			int s = hide(accept(listen_fd, NULL, NULL));
			int saved = errno;
			user_limit();
			errno = saved;
			if (s < 0 || add_peer(tok[1], s) < 0) {
				fail("accept");
				if (s >= 0) close(s);
			} else {
				reply("ok fd=%d", s);
			}
		} else if (!strcmp(cmd, "reset")) {
			do_reset();
		} else if (!strcmp(cmd, "quit")) {
			reply("ok");
			exit(0);
		} else {
			errno = EINVAL;
			fail("unknown-request");
			continue;
		}
		if (bad) {
			errno = EINVAL;
			fail("parse-arguments");
		}
	}
}

static int open_device(const char *path, int flags)
{
	if (!strcmp(path, "-"))
		return -1;
	return hide(open(path, flags));
}

int main(int argc, char **argv)
{
	long long v;
	setvbuf(stdout, NULL, _IOLBF, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the JVM that drives us */
	/*
	 * DMABUF_PROC_CPU=N: run on CPU N only, the CPU of the JVM thread that drives us, so that a
	 * request and its reply are a switch on one CPU rather than a wakeup of another (under
	 * QEMU's emulation 75 us against 3-4 ms per round trip). Kept across exec.
	 */
	const char *cpu = getenv("DMABUF_PROC_CPU");
	if (cpu && *cpu) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(atoi(cpu), &set);
		sched_setaffinity(0, sizeof set, &set);
	}
	if (argc >= 8 && !strcmp(argv[1], "--exec")) {
		self_name = argv[2];
		if (parse_long(argv[3], &v) < 0) return 2;
		max_fds = (int)v;
		sock_prefix = argv[4];
		if (parse_long(argv[5], &v) < 0) return 2;
		listen_fd = (int)v;
		if (parse_long(argv[6], &v) < 0) return 2;
		udmabuf_fd = (int)v;
		if (parse_long(argv[7], &v) < 0) return 2;
		heap_fd = (int)v;
		for (int i = 8; i < argc; i++) {
			char *eq = strchr(argv[i], '=');
			if (!eq || parse_long(eq + 1, &v) < 0) return 2;
			*eq = 0;
			if (add_peer(argv[i], (int)v) < 0) return 2;
		}
		char prefix[64];
		snprintf(prefix, sizeof prefix, "ok exec pid=%d", getpid());
		list_fds(prefix);
	} else if (argc == 6) {
		self_name = argv[1];
		if (parse_long(argv[2], &v) < 0 || v < 1 || v > 64) {
			fprintf(stderr, "dmabuf-proc: MAXFDS must be 1..64\n");
			return 2;
		}
		max_fds = (int)v;
		sock_prefix = argv[3];
		/* The helper's own fds are created above the spec's slots, with the limit raised. */
		if (helper_limit() < 0) { perror("setrlimit"); return 2; }
		udmabuf_fd = open_device(argv[4], O_RDWR);
		heap_fd = open_device(argv[5], O_RDONLY);
		struct sockaddr_un addr;
		socklen_t len = abstract_addr(&addr, self_name);
		listen_fd = hide(socket(AF_UNIX, SOCK_SEQPACKET, 0));
		if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, len) < 0 || listen(listen_fd, 8) < 0) {
			perror("dmabuf-proc: listen");
			return 2;
		}
		for (int fd = 3; fd < HIGH; fd++)
			close(fd); /* nothing inherited may occupy a slot */
		reply("ok ready pid=%d udmabuf=%d heap=%d", getpid(), udmabuf_fd >= 0, heap_fd >= 0);
	} else {
		fprintf(stderr, "usage: dmabuf-proc NAME MAXFDS SOCKPREFIX UDMABUF_DEV|- HEAP_DEV|-\n");
		return 2;
	}
	if (user_limit() < 0) {
		perror("dmabuf-proc: setrlimit");
		return 2;
	}
	serve(argv[0]);
	return 0;
}
