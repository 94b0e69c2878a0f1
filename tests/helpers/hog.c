/* hog.c - test helper: allocate and touch N MiB of anonymous memory, then exit 0.
 *
 *   hog MIB
 *
 * Every page is written, so the memory is really charged to the caller's
 * cgroup; in a cgroup whose hard limit is below MIB the OOM killer ends it.
 * Exit 2 on a bad argument, 1 when the mapping itself fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1UL << 20)

int main(int argc, char **argv)
{
	char *end;
	errno = 0;
	unsigned long mib = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	if (argc != 2 || errno || *end || mib < 1 || mib > 65536) {
		fprintf(stderr, "usage: hog MIB (1..65536)\n");
		return 2;
	}
	size_t len = mib * MIB;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "hog: mmap %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	for (size_t off = 0; off < len; off += (size_t)page)
		p[off] = 1;
	munmap(p, len);
	return 0;
}
