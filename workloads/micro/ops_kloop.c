/* ops_kloop.c - micro ops "k:...": run the in-kernel loop module's loops through /proc/kmb_kloop.
 *
 * One op is one object allocated and freed inside the kernel; a timed block of K ops is one
 * write of "KIND SIZE ACCT SHAPE K" (several when K exceeds KLOOP_MAX_N) and its time is
 * the module's own ktime around the loop, so no system call is in it. The charges go to
 * the memcg of the writing task: the shim's arm. The module must be loaded (kmembench
 * micro loads it for "k:" ops).
 */
#include "ops_kloop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KLOOP_POOL 80 /* 2 kinds x 10 sizes x 2 shapes x 2 accounting */

struct kloop_entry {
	struct micro_op op; /* first: ctx->self points here */
	struct kloop_spec spec;
	char name[40], summary[120];
};

static struct kloop_entry pool[KLOOP_POOL];
static size_t npool;

bool kloop_is_op(const char *name)
{
	return !strncmp(name, "k:", 2);
}

int kloop_name_parse(const char *name, struct kloop_spec *s)
{
	char kind[16], rest[32] = "";
	unsigned size;
	int used = 0;
	if (!kloop_is_op(name) || strlen(name) > 36 ||
	    sscanf(name + 2, "%15[a-z]-%u%n", kind, &size, &used) != 2)
		return -1;
	snprintf(rest, sizeof(rest), "%s", name + 2 + used);
	s->cache = !strcmp(kind, "cache");
	if (!s->cache && strcmp(kind, "kmalloc"))
		return -1;
	if (size < 8 || size > 4096 || (size & (size - 1)))
		return -1;
	s->size = size;
	s->batch = !strncmp(rest, "-batch", 6);
	const char *p = rest + (s->batch ? 6 : 0);
	s->acct = strcmp(p, "-plain") != 0;
	return *p && s->acct ? -1 : 0;
}

int kloop_result_parse(const char *text, struct kloop_result *r)
{
	int used = 0;
	if (sscanf(text, "ns=%llu cycles=%llu n=%ld%n", &r->ns, &r->cycles, &r->n, &used) != 3 ||
	    r->n < 1)
		return -1;
	return text[used] == '\0' || text[used] == '\n' ? 0 : -1;
}

int kloop_command(const struct kloop_spec *s, long n, char *buf, size_t len)
{
	int w = snprintf(buf, len, "%s %u %d %s %ld", s->cache ? "cache" : "kmalloc", s->size,
			 s->acct ? 1 : 0, s->batch ? "batch" : "pair", n);
	return w < 0 || (size_t)w >= len ? -1 : w;
}

/* ---- the op functions ----------------------------------------------------------- */

static const struct kloop_spec *spec_of(const struct micro_ctx *c)
{
	return &((const struct kloop_entry *)c->self)->spec;
}

static int kl_setup(struct micro_ctx *c)
{
	int *fd = malloc(sizeof(*fd));
	if (!fd)
		return -1;
	*fd = open(KLOOP_PROC, O_RDWR | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		free(fd);
		errno = e == ENOENT ? ENXIO : e; /* ENXIO: "no such device": the module is not loaded */
		return -1;
	}
	c->priv = fd;
	return 0;
}

static void kl_teardown(struct micro_ctx *c)
{
	if (c->priv) {
		close(*(int *)c->priv);
		free(c->priv);
		c->priv = NULL;
	}
}

/* One write of @n objects; the module's ns in @ns. */
static int kl_loop(struct micro_ctx *c, long n, unsigned long long *ns)
{
	char cmd[64], out[96];
	struct kloop_result r;
	int fd = *(int *)c->priv;
	int len = kloop_command(spec_of(c), n, cmd, sizeof(cmd));
	if (len < 0 || write(fd, cmd, (size_t)len) != len)
		return -1;
	ssize_t got = pread(fd, out, sizeof(out) - 1, 0);
	if (got <= 0)
		return errno = got < 0 ? errno : EIO, -1;
	out[got] = '\0';
	if (kloop_result_parse(out, &r) < 0 || r.n != n)
		return errno = EPROTO, -1;
	*ns = r.ns;
	return 0;
}

static int kl_op(struct micro_ctx *c)
{
	unsigned long long ns;
	return kl_loop(c, 1, &ns);
}

static double kl_block(struct micro_ctx *c, long k)
{
	double total = 0;
	while (k > 0) {
		long m = k < KLOOP_MAX_N ? k : KLOOP_MAX_N;
		unsigned long long ns;
		if (kl_loop(c, m, &ns) < 0)
			return -1;
		total += (double)ns;
		k -= m;
	}
	return total;
}

const struct micro_op *kloop_op_find(const char *name)
{
	struct kloop_spec s;
	if (kloop_name_parse(name, &s) < 0)
		return NULL;
	for (size_t i = 0; i < npool; i++)
		if (!strcmp(pool[i].name, name))
			return &pool[i].op;
	if (npool == KLOOP_POOL)
		return NULL;
	struct kloop_entry *e = &pool[npool++];
	e->spec = s;
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->summary, sizeof(e->summary), "in-kernel loop: %s of %u bytes%s, %s%s",
		 s.cache ? "kmem_cache_alloc+free" : "kmalloc+kfree", s.size,
		 s.acct ? (s.cache ? " (SLAB_ACCOUNT)" : " (__GFP_ACCOUNT)") : " (not accounted)",
		 s.batch ? "N allocs then N frees" : "alloc+free pairs", "; ns per object");
	e->op = (struct micro_op){.name = e->name,
				  .summary = e->summary,
				  .setup = kl_setup,
				  .op = kl_op,
				  .teardown = kl_teardown,
				  .block = kl_block};
	return &e->op;
}

bool kloop_in_list(const char *list)
{
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (kloop_is_op(p))
			return true;
	}
	return false;
}
