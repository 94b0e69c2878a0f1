// SPDX-License-Identifier: GPL-2.0
/* kmb_kloop.c - kmembench's in-kernel loop: times kmalloc/kmem_cache_alloc + free, charged to the writer's memcg.
 *
 * /proc/kmb_kloop (0600). A write of one command runs a timed loop at once, in the writing
 * task's context, so __GFP_ACCOUNT and SLAB_ACCOUNT charges go to the writer's memory
 * cgroup (kmembench's arms are cgroups, as for its other micro ops):
 *
 *	KIND SIZE ACCT SHAPE N
 *
 *	KIND	kmalloc (kmalloc(SIZE, GFP_KERNEL [| __GFP_ACCOUNT]) / kfree) or
 *		cache (a kmem_cache of object size SIZE made with [SLAB_ACCOUNT] or without,
 *		kmem_cache_alloc(GFP_KERNEL) / kmem_cache_free)
 *	SIZE	8, 16, 32, ..., 4096
 *	ACCT	1 = accounted (__GFP_ACCOUNT or SLAB_ACCOUNT), 0 = plain
 *	SHAPE	pair: N times alloc+free (Waiman Long's and Vlastimil Babka's loops);
 *		batch: N allocations then N frees (Roman Gushchin's shape), in chunks of at
 *		most KLOOP_CHUNK objects and KLOOP_CHUNK_BYTES bytes
 *	N	1 .. KLOOP_MAX_N objects
 *
 * Timing: ktime_get_ns() and get_cycles() around the whole loop (allocations and frees),
 * in process context with preemption and interrupts enabled (GFP_KERNEL may sleep), as
 * Gushchin's test module ran its loop from module init. A following read of the same
 * open file returns "ns=NS cycles=CYCLES n=N\n" for the last loop. A failed allocation
 * (a memcg limit) frees what the loop holds and fails the write with ENOMEM.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/uaccess.h>

#define KLOOP_MAX_N	  10000000UL
#define KLOOP_CHUNK	  65536UL
#define KLOOP_CHUNK_BYTES (16UL << 20)
#define KLOOP_NSIZES	  10 /* 8 << 0 .. 8 << 9 */

struct kloop_file {
	char out[96];
	size_t outlen;
	void **ptrs; /* KLOOP_CHUNK pointers for the batch shape */
};

static DEFINE_MUTEX(kloop_caches_lock);
static struct kmem_cache *kloop_caches[2][KLOOP_NSIZES]; /* [acct][log2(size / 8)] */

static struct kmem_cache *kloop_cache(int acct, int idx)
{
	struct kmem_cache *c;
	char name[32];

	mutex_lock(&kloop_caches_lock);
	c = kloop_caches[acct][idx];
	if (!c) {
		snprintf(name, sizeof(name), "kmb_kloop_%s_%lu", acct ? "acct" : "plain",
			 8UL << idx);
		c = kmem_cache_create(name, 8U << idx, 0, acct ? SLAB_ACCOUNT : 0, NULL);
		kloop_caches[acct][idx] = c;
	}
	mutex_unlock(&kloop_caches_lock);
	return c;
}

struct kloop_cmd {
	bool cache, acct, batch;
	int idx;
	size_t size;
	unsigned long n;
};

static int kloop_parse(char *buf, struct kloop_cmd *c)
{
	char kind[16], shape[16];
	unsigned long size, n;
	int acct;

	if (sscanf(buf, "%15s %lu %d %15s %lu", kind, &size, &acct, shape, &n) != 5)
		return -EINVAL;
	if (strcmp(kind, "kmalloc") && strcmp(kind, "cache"))
		return -EINVAL;
	if (size < 8 || size > 4096 || (size & (size - 1)) || (acct != 0 && acct != 1))
		return -EINVAL;
	if ((strcmp(shape, "pair") && strcmp(shape, "batch")) || n < 1 || n > KLOOP_MAX_N)
		return -EINVAL;
	c->cache = !strcmp(kind, "cache");
	c->acct = acct;
	c->batch = !strcmp(shape, "batch");
	c->size = size;
	c->idx = ilog2(size / 8);
	c->n = n;
	return 0;
}

static __always_inline void *kloop_alloc(const struct kloop_cmd *c, struct kmem_cache *s)
{
	if (s)
		return kmem_cache_alloc(s, GFP_KERNEL);
	return kmalloc(c->size, c->acct ? GFP_KERNEL_ACCOUNT : GFP_KERNEL);
}

static __always_inline void kloop_free(struct kmem_cache *s, void *p)
{
	if (s)
		kmem_cache_free(s, p);
	else
		kfree(p);
}

/* The timed loop; 0 or -ENOMEM (everything freed). */
static int kloop_run(struct kloop_file *f, const struct kloop_cmd *c, u64 *ns, u64 *cycles)
{
	struct kmem_cache *s = NULL;
	unsigned long i, j, done, m, chunk;
	cycles_t c0, c1;
	u64 t0, t1;
	int err = 0;
	void *p;

	if (c->cache) {
		s = kloop_cache(c->acct, c->idx);
		if (!s)
			return -ENOMEM;
	}
	chunk = min(KLOOP_CHUNK, KLOOP_CHUNK_BYTES / c->size);
	t0 = ktime_get_ns();
	c0 = get_cycles();
	if (!c->batch) {
		for (i = 0; i < c->n; i++) {
			p = kloop_alloc(c, s);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			OPTIMIZER_HIDE_VAR(p);
			kloop_free(s, p);
		}
	} else {
		for (done = 0; done < c->n && !err; done += m) {
			m = min(chunk, c->n - done);
			for (i = 0; i < m; i++) {
				f->ptrs[i] = kloop_alloc(c, s);
				if (!f->ptrs[i]) {
					err = -ENOMEM;
					break;
				}
			}
			for (j = 0; j < i; j++)
				kloop_free(s, f->ptrs[j]);
		}
	}
	c1 = get_cycles();
	t1 = ktime_get_ns();
	*ns = t1 - t0;
	*cycles = (u64)(c1 - c0);
	return err;
}

static ssize_t kloop_write(struct file *file, const char __user *ubuf, size_t len, loff_t *off)
{
	struct kloop_file *f = file->private_data;
	struct kloop_cmd c;
	char buf[64];
	u64 ns, cycles;
	int err;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	err = kloop_parse(buf, &c);
	if (err)
		return err;
	err = kloop_run(f, &c, &ns, &cycles);
	f->outlen = 0;
	if (err)
		return err;
	f->outlen = scnprintf(f->out, sizeof(f->out), "ns=%llu cycles=%llu n=%lu\n", ns, cycles,
			      c.n);
	return len;
}

static ssize_t kloop_read(struct file *file, char __user *ubuf, size_t len, loff_t *off)
{
	struct kloop_file *f = file->private_data;

	return simple_read_from_buffer(ubuf, len, off, f->out, f->outlen);
}

static int kloop_open(struct inode *inode, struct file *file)
{
	struct kloop_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->ptrs = kvmalloc_array(KLOOP_CHUNK, sizeof(void *), GFP_KERNEL);
	if (!f->ptrs) {
		kfree(f);
		return -ENOMEM;
	}
	file->private_data = f;
	return 0;
}

static int kloop_release(struct inode *inode, struct file *file)
{
	struct kloop_file *f = file->private_data;

	kvfree(f->ptrs);
	kfree(f);
	return 0;
}

static const struct proc_ops kloop_ops = {
	.proc_open = kloop_open,
	.proc_read = kloop_read,
	.proc_write = kloop_write,
	.proc_release = kloop_release,
	.proc_lseek = default_llseek,
};

static int __init kloop_init(void)
{
	if (!proc_create("kmb_kloop", 0600, NULL, &kloop_ops))
		return -ENOMEM;
	return 0;
}

static void __exit kloop_exit(void)
{
	int a, i;

	remove_proc_entry("kmb_kloop", NULL);
	for (a = 0; a < 2; a++)
		for (i = 0; i < KLOOP_NSIZES; i++)
			kmem_cache_destroy(kloop_caches[a][i]);
}

module_init(kloop_init);
module_exit(kloop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmembench in-kernel loop: cost of accounted slab allocations");
