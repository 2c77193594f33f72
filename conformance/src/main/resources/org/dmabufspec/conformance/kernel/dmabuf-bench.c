/*
 * dmabuf-bench: the C side of KernelBench. Makes the same system calls as the Java adapter's
 * calls being measured, directly, N times each, on a one-page dma-buf, and prints the mean cost
 * of one call in nanoseconds:
 *
 *   dmabuf-bench N udmabuf|system
 *   lseek NS            lseek(fd, 0, SEEK_END)
 *   sync NS             DMA_BUF_IOCTL_SYNC, START|RW and END|RW alternating
 *   setname NS          DMA_BUF_SET_NAME
 *   dup+close NS        dup(fd) then close of the new fd (two calls, counted as one pair)
 *   mmap+munmap NS      mmap of one page, MAP_SHARED, then munmap (a pair)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct udmabuf_create { uint32_t memfd; uint32_t flags; uint64_t offset; uint64_t size; };
#define UDMABUF_CREATE _IOW('u', 0x42, struct udmabuf_create)
struct dma_heap_allocation_data { uint64_t len; uint32_t fd; uint32_t fd_flags; uint64_t heap_flags; };
#define DMA_HEAP_IOCTL_ALLOC _IOWR('H', 0x0, struct dma_heap_allocation_data)
struct dma_buf_sync { uint64_t flags; };
#define DMA_BUF_IOCTL_SYNC _IOW('b', 0, struct dma_buf_sync)
#define DMA_BUF_SET_NAME _IOW('b', 1, const char *)
#define PAGE 4096

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "dmabuf-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int make(const char *exporter)
{
	if (!strcmp(exporter, "udmabuf")) {
		int dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
		int memfd = memfd_create("bench", MFD_ALLOW_SEALING | MFD_CLOEXEC);
		if (dev < 0 || memfd < 0 || ftruncate(memfd, PAGE) < 0 || fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
			die("udmabuf setup");
		struct udmabuf_create c = { .memfd = (uint32_t)memfd, .flags = 1, .offset = 0, .size = PAGE };
		int fd = ioctl(dev, UDMABUF_CREATE, &c);
		if (fd < 0)
			die("UDMABUF_CREATE");
		close(memfd);
		close(dev);
		return fd;
	}
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	struct dma_heap_allocation_data d = { .len = PAGE, .fd = 0, .fd_flags = O_RDWR | O_CLOEXEC, .heap_flags = 0 };
	if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		die("DMA_HEAP_IOCTL_ALLOC");
	close(heap);
	return (int)d.fd;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: dmabuf-bench N udmabuf|system\n");
		return 2;
	}
	long n = atol(argv[1]);
	int fd = make(argv[2]);
	double t;

	t = now();
	for (long i = 0; i < n; i++)
		if (lseek(fd, 0, SEEK_END) != PAGE)
			die("lseek");
	printf("lseek %.0f\n", (now() - t) / n);

	t = now();
	for (long i = 0; i < n; i++) {
		struct dma_buf_sync s = { .flags = (i & 1) ? 7 : 3 };
		if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) < 0)
			die("DMA_BUF_IOCTL_SYNC");
	}
	printf("sync %.0f\n", (now() - t) / n);

	t = now();
	for (long i = 0; i < n; i++)
		if (ioctl(fd, DMA_BUF_SET_NAME, "bench") < 0)
			die("DMA_BUF_SET_NAME");
	printf("setname %.0f\n", (now() - t) / n);

	t = now();
	for (long i = 0; i < n; i++) {
		int d = dup(fd);
		if (d < 0 || close(d) < 0)
			die("dup/close");
	}
	printf("dup+close %.0f\n", (now() - t) / n);

	t = now();
	for (long i = 0; i < n; i++) {
		void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || munmap(p, PAGE) < 0)
			die("mmap/munmap");
	}
	printf("mmap+munmap %.0f\n", (now() - t) / n);
	close(fd);
	return 0;
}
