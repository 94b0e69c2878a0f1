/* costa2011.c - the 2011 table as constants. */
#include <string.h>

#include "costa2011.h"

static const struct costa_row rows[] = {
    {NULL, "base (unpatched kernel)", 0ULL << 10, 0ULL << 10, 16.091, 0.567, 6.649},
    {"root", "patched, root cgroup (unlimited; max used 22 MB)", 0ULL << 10, 0ULL << 10, 15.853,
     0.511, 6.417},
    {"16M/4M", "16M / 4M", 16384ULL << 10, 4096ULL << 10, 16.596, 0.560, 6.947},
    {"8M/4M", "8M / 4M", 8192ULL << 10, 4096ULL << 10, 16.975, 0.568, 7.047},
    {"4M/2M", "4M / 2M", 4096ULL << 10, 2048ULL << 10, 16.713, 0.554, 7.022},
    {"2M/1M", "2M / 1M", 2048ULL << 10, 1024ULL << 10, 17.001, 0.544, 7.118},
    {"1M/512K", "1M / 512K", 1024ULL << 10, 512ULL << 10, 16.671, 0.530, 7.067},
    {"512K/256K", "512K / 256K", 512ULL << 10, 256ULL << 10, 17.395, 0.567, 7.179},
};

const struct costa_row *costa2011_rows(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

const struct costa_row *costa2011_find(const char *step)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].step && !strcmp(rows[i].step, step))
			return &rows[i];
	return NULL;
}

const struct costa_row *costa2011_root(void)
{
	return &rows[1];
}
