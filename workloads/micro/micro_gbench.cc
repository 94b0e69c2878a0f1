/* micro_gbench.cc - kmembench-micro: Google Benchmark times each micro op in paired rounds over the
 * arms.
 *
 * kmembench micro [--ops LIST] [--arms LIST] runs this program with one
 * --arm NAME=CGROUP per arm (root = the memory hierarchy's root directory, the
 * first arm) and the --benchmark_* flags it derived from its time budget. Every
 * op of micro_ops.h is registered once, as "OP". One call of a benchmark
 * function is one round (one repetition, or one of the first repetition's
 * iteration-count probes) of K = state.max_iterations ops per arm: for each arm,
 * in an order shuffled anew each round, the process joins the arm's cgroup
 * (writes its pid to cgroup.procs, v1 and v2 alike; skipped when it is already
 * there), runs the op's setup and a short warm-up, all untimed, then K timed
 * ops (one block), then the untimed teardown. After the round it goes back to
 * --home (kmembench passes the root cgroup), so that nothing Google Benchmark
 * allocates between rounds is charged to an arm. The warm-up matters after a
 * move: the per-cpu charge stocks still hold the previous memcg's pre-charged
 * bytes and pages until a few charges in the new memcg replace them.
 *
 * The blocks of one round run within milliseconds of each other, so the ratio
 * of an arm's block to root's block in the same round cancels the machine's
 * drift (frequency, other tasks, cache state), which is what limits unpaired
 * blocks; the shuffled order cancels what the position in a round does. Each
 * round reports ns per op of every arm as the counters "ns:ARM" (the benchmark's
 * own manual time is root's block). With --benchmark_repetitions=N and
 * --benchmark_enable_random_interleaving=true, the N rounds of every op run in
 * one random order. Time is wall-clock time: fork's child exits on another CPU
 * while the parent waits, and that is part of its cost.
 *
 * Without --arm it runs one arm, "here", in its own cgroup. Exit: 0, 1 when a
 * round failed (the JSON output says which), 2 bad usage.
 *
 * --count=N --ops=OP is a plain mode for `kmembench micro --caches`: no Google Benchmark,
 * no arms; in the cgroup it was started in, the op's setup, N ops and its teardown, once,
 * untimed (kmembench runs it under perf record at two N and takes the difference).
 */
#include <benchmark/benchmark.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "micro_ops.h"

namespace
{

struct arm {
	std::string name;
	std::string cgroup; /* "" = stay in the cgroup we were started in */
};

struct shim {
	std::vector<arm> arms;
	std::vector<const micro_op *> ops;
	std::string disk = "/var/tmp", tmpfs = "/dev/shm";
	std::string home; /* cgroup to return to after each block; "" = stay */
	double warmup_s = 0.0005;
	bool quiet = false;  /* no console table (kmembench reads the JSON output) */
	std::string current; /* cgroup joined last */
	long calls = 0, expected = 0;
	int next_pct = 10;
	bool failed = false;
	unsigned long seed = 1; /* of the arms' order in each round */
	std::mt19937_64 rng;
	long count = -1; /* --count: the plain mode's ops, -1 = benchmark */
};

shim g;

const char usage[] =
    "usage: kmembench-micro [--arm NAME=CGROUP]... [--ops LIST] [--disk DIR] [--tmpfs DIR]\n"
    "                       [--warmup-ms MS] [--seed N] [--list] [--benchmark_* flags of Google "
    "Benchmark]\n"
    "  --arm      an arm: its name and the cgroup directory to join (repeatable; default:\n"
    "             one arm 'here' in the current cgroup)\n"
    "  --ops      comma-separated op names (default: all; --list shows them)\n"
    "  --disk     a directory on a disk filesystem for stat-neg, mkdir-disk, creat-disk\n"
    "  --tmpfs    a directory made a private tmpfs if it is none (needs root)\n"
    "  --home     the cgroup directory to return to after each block (default: stay), so\n"
    "             what Google Benchmark allocates between blocks is not charged to an arm\n"
    "  --warmup-ms untimed ops before each block's timed loop, in ms (default 0.5)\n"
    "  --seed     seed of the arms' shuffled order in each round (default 1)\n"
    "  --quiet    no console output but errors and progress (--benchmark_out still written)\n"
    "  --count    N: no benchmark; setup, N ops and teardown of the one op of --ops, untimed\n";

double now_s()
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Writes our pid to @cg/cgroup.procs unless we are there already. */
int join_cgroup(const std::string &cg)
{
	if (cg.empty() || cg == g.current)
		return 0;
	std::string path = cg + "/cgroup.procs", pid = std::to_string((long)getpid());
	int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, pid.c_str(), pid.size());
	int e = errno;
	close(fd);
	if (n != (ssize_t)pid.size()) {
		errno = n < 0 ? e : EIO;
		return -1;
	}
	g.current = cg;
	return 0;
}

/* Untimed ops: at least 8 and for at least warmup_s (at most 100000). */
int warm_up(const micro_op *op, micro_ctx *ctx)
{
	double end = now_s() + g.warmup_s;
	for (int i = 0; i < 100000; i++) {
		if (op->op(ctx) < 0)
			return -1;
		if (i >= 7 && now_s() >= end)
			break;
	}
	return 0;
}

/* One line per tenth of the expected rounds (probes included). */
void progress()
{
	if (g.expected <= 0 || ++g.calls * 100 < g.next_pct * g.expected || g.next_pct > 90)
		return;
	fprintf(stderr, "kmembench-micro: %d%% of ~%ld rounds\n", g.next_pct, g.expected);
	g.next_pct += 10;
}

/* Reports @why as this block's error from inside the loop: Google Benchmark
 * 1.7.1 aborts (ComputeStats CHECK) when a repetition's iteration count differs
 * from the others, which an error raised before the loop would cause. */
void fail_block(benchmark::State &state, const std::string &why)
{
	g.failed = true;
	for (auto _ : state) {
		state.SkipWithError(why.c_str());
		break;
	}
}

/* One timed block of @k ops of @op in arm @a: join, setup, warm-up, time, teardown.
 * Returns ns per op, or a negative value with the reason in @why. */
double run_block(const micro_op *op, const arm *a, long k, std::string &why)
{
	micro_ctx ctx = {g.disk.c_str(), g.tmpfs.c_str(), nullptr, op};
	if (join_cgroup(a->cgroup) < 0) {
		why = "cannot join cgroup " + a->cgroup + ": " + strerror(errno);
		return -1;
	}
	if (op->setup && op->setup(&ctx) < 0) {
		why = std::string(op->name) + " setup: " + strerror(errno);
		return -1;
	}
	double t0 = 0, t1 = 0;
	if (warm_up(op, &ctx) < 0) {
		why = std::string(op->name) + " (warm-up): " + strerror(errno);
	} else if (op->block) { /* it times itself (the in-kernel loop) */
		double ns = op->block(&ctx, k);
		if (ns < 0)
			why = std::string(op->name) + ": " + strerror(errno);
		else
			t1 = ns / 1e9;
	} else {
		t0 = now_s();
		for (long i = 0; i < k; i++)
			if (op->op(&ctx) < 0) {
				why = std::string(op->name) + ": " + strerror(errno);
				break;
			}
		t1 = now_s();
	}
	if (op->teardown)
		op->teardown(&ctx);
	return why.empty() ? (t1 - t0) * 1e9 / (double)k : -1;
}

/* One round of @op: a block in every arm, in shuffled order; ns per op in @ns. */
int run_arms(const micro_op *op, long k, std::vector<double> &ns, std::string &why)
{
	std::vector<size_t> order(g.arms.size());
	for (size_t i = 0; i < order.size(); i++)
		order[i] = i;
	std::shuffle(order.begin(), order.end(), g.rng);
	ns.assign(g.arms.size(), 0);
	for (size_t i : order)
		if ((ns[i] = run_block(op, &g.arms[i], k, why)) < 0)
			break;
	if (join_cgroup(g.home) < 0 && why.empty())
		why = "cannot return to cgroup " + g.home + ": " + strerror(errno);
	return why.empty() ? 0 : -1;
}

/* The benchmark function of @op: one round, reported as manual time and counters. */
void run_round(benchmark::State &state, const micro_op *op)
{
	long k = (long)state.max_iterations;
	std::vector<double> ns;
	std::string why;
	progress();
	if (run_arms(op, k, ns, why) < 0) {
		fail_block(state, why);
		return;
	}
	for (auto _ : state)
		state.SetIterationTime(ns[0] / 1e9);
	for (size_t i = 0; i < g.arms.size(); i++)
		state.counters["ns:" + g.arms[i].name] = ns[i];
}

int bad(const std::string &msg)
{
	fprintf(stderr, "kmembench-micro: %s\n", msg.c_str());
	return 2;
}

int set_ops(const char *list)
{
	std::string s = list;
	size_t pos = 0;
	g.ops.clear();
	for (;;) {
		size_t comma = s.find(',', pos);
		std::string name = s.substr(pos, comma == std::string::npos ? comma : comma - pos);
		const micro_op *op = micro_ops_find(name.c_str());
		if (!op) {
			char names[512];
			micro_ops_names(names, sizeof(names));
			return bad("unknown op '" + name + "' (accepted: " + names + ")");
		}
		g.ops.push_back(op);
		if (comma == std::string::npos)
			return 0;
		pos = comma + 1;
	}
}

/* Our own options; leaves the rest (--benchmark_*) in argv. 1 = exit 0 (help, list). */
int parse(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		std::string a = argv[i];
		auto value = [&](const char *opt, std::string &v) {
			size_t n = strlen(opt);
			if (a.compare(0, n, opt) || (a.size() > n && a[n] != '='))
				return false;
			if (a.size() > n)
				v = a.substr(n + 1);
			else if (i + 1 < *argc)
				v = argv[++i];
			else
				v = "\x01";
			return true;
		};
		std::string v;
		if (a == "--help" || a == "-h") {
			fputs(usage, stdout);
			return 1;
		} else if (a == "--quiet") {
			g.quiet = true;
			continue;
		} else if (a == "--list") {
			for (size_t k = 0; k < micro_ops_count; k++)
				printf("%-12s %s\n", micro_ops[k].name, micro_ops[k].summary);
			return 1;
		} else if (a.compare(0, 12, "--benchmark_") == 0) {
			argv[out++] = argv[i];
			continue;
		} else if (!value("--arm", v) && !value("--ops", v) && !value("--disk", v) &&
			   !value("--tmpfs", v) && !value("--home", v) &&
			   !value("--warmup-ms", v) && !value("--seed", v) &&
			   !value("--count", v)) {
			return bad("unknown argument '" + a + "' (see --help)");
		}
		if (v == "\x01")
			return bad("option " + a + " needs a value");
		if (a.compare(0, 5, "--arm") == 0) {
			size_t eq = v.find('=');
			if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
				return bad("bad --arm '" + v +
					   "' (accepted: NAME=CGROUP-DIRECTORY)");
			g.arms.push_back({v.substr(0, eq), v.substr(eq + 1)});
		} else if (a.compare(0, 5, "--ops") == 0) {
			if (set_ops(v.c_str()))
				return 2;
		} else if (a.compare(0, 6, "--disk") == 0) {
			g.disk = v;
		} else if (a.compare(0, 7, "--tmpfs") == 0) {
			g.tmpfs = v;
		} else if (a.compare(0, 6, "--home") == 0) {
			g.home = v;
		} else if (a.compare(0, 7, "--count") == 0) {
			char *end;
			g.count = strtol(v.c_str(), &end, 10);
			if (v.empty() || *end || g.count < 0 || g.count > 100000000)
				return bad("bad --count '" + v + "' (accepted: 0..100000000)");
		} else if (a.compare(0, 6, "--seed") == 0) {
			char *end;
			g.seed = strtoul(v.c_str(), &end, 10);
			if (v.empty() || *end || v[0] == '-')
				return bad("bad --seed '" + v +
					   "' (accepted: a whole number >= 0)");
		} else {
			char *end;
			double ms = strtod(v.c_str(), &end);
			if (v.empty() || *end || !(ms >= 0 && ms <= 1000))
				return bad("bad --warmup-ms '" + v + "' (accepted: 0..1000)");
			g.warmup_s = ms / 1000;
		}
	}
	*argc = out;
	argv[out] = nullptr;
	return 0;
}

/* --benchmark_repetitions=N from argv, for the progress lines (1 when absent). */
long repetitions(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--benchmark_repetitions=", 24))
			return atol(argv[i] + 24) > 0 ? atol(argv[i] + 24) : 1;
	return 1;
}

/* The display reporter of --quiet: Google Benchmark still writes --benchmark_out. */
class quiet_reporter : public benchmark::BenchmarkReporter
{
      public:
	bool ReportContext(const Context &) override
	{
		return true;
	}
	void ReportRuns(const std::vector<Run> &runs) override
	{
		for (const Run &r : runs)
			if (r.error_occurred)
				fprintf(stderr, "kmembench-micro: %s: %s\n",
					r.benchmark_name().c_str(), r.error_message.c_str());
	}
};

/* --count: setup, g.count ops, teardown of the one op, in the cgroup we are in. */
int count_mode()
{
	if (g.ops.size() != 1)
		return bad("--count needs exactly one op in --ops");
	const micro_op *op = g.ops[0];
	micro_ctx ctx = {g.disk.c_str(), g.tmpfs.c_str(), nullptr, op};
	if (op->setup && op->setup(&ctx) < 0) {
		fprintf(stderr, "kmembench-micro: %s setup: %s\n", op->name, strerror(errno));
		return 1;
	}
	int rc = 0;
	for (long i = 0; i < g.count && !rc; i++)
		if (op->op(&ctx) < 0) {
			fprintf(stderr, "kmembench-micro: %s: %s\n", op->name, strerror(errno));
			rc = 1;
		}
	if (op->teardown)
		op->teardown(&ctx);
	return rc;
}

} // namespace

int main(int argc, char **argv)
{
	for (size_t k = 0; k < micro_ops_count; k++)
		g.ops.push_back(&micro_ops[k]);
	int rc = parse(&argc, argv);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (g.arms.empty())
		g.arms.push_back({"here", ""});
	char err[512];
	/* Under a limit, the memcg OOM killer would take the whole run; unkillable, a
	 * charge that finds no room fails instead and the block records the error.
	 * Needs CAP_SYS_RESOURCE; without it the arms' 16M floor has to do. */
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t w =
		    write(fd, "-1000", 5); /* EACCES without the capability: stays killable */
		(void)w;
		close(fd);
	}
	if (micro_ops_tmpfs(g.tmpfs.c_str(), err, sizeof(err)) < 0)
		return fprintf(stderr, "kmembench-micro: %s\n", err), 1;
	if (g.count >= 0) {
		rc = count_mode();
		micro_ops_tmpfs_release(g.tmpfs.c_str());
		return rc;
	}
	g.rng.seed(g.seed);
	for (const micro_op *op : g.ops)
		benchmark::RegisterBenchmark(op->name, run_round, op)->UseManualTime();
	long reps = repetitions(argc, argv);
	g.expected = (long)g.ops.size() * (reps + 5);
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 2;
	quiet_reporter quiet;
	if (g.quiet)
		benchmark::RunSpecifiedBenchmarks(&quiet);
	else
		benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	micro_ops_tmpfs_release(g.tmpfs.c_str());
	return g.failed ? 1 : 0;
}
