/* workload.c - start the built-in workload programs: path, argv, phases, output. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spawn.h"
#include "workload.h"
#include "util.h"

const char *workload_bindir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("KMB_WORKLOAD_DIR");
	if (env)
		return env;
	if (!dir[0]) {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return "workloads";
		exe[n] = '\0';
		strf(dir, sizeof(dir), "%s/workloads", dirname(exe));
	}
	return dir;
}

char *const *workload_argv(const struct wl_conf *w, const char *phase)
{
	static char store[WL_MAX_OPTS + 4][PATH_MAX];
	static char *argv[WL_MAX_OPTS + 6];
	size_t n = 0;
	strf(store[n], PATH_MAX, "%s/%s", workload_bindir(), w->wl->name);
	argv[n] = store[n];
	n++;
	strf(store[n], PATH_MAX, "--dir=%s", w->ctx.dir);
	argv[n] = store[n];
	n++;
	for (size_t i = 0; i < w->wl->nopts; i++, n++) {
		strf(store[n], PATH_MAX, "--%s=%lld", w->wl->opts[i].name, w->ctx.val[i]);
		argv[n] = store[n];
	}
	argv[n++] = (char *)phase;
	argv[n] = NULL;
	return argv;
}

json_t *workload_parse_output(const char *text)
{
	json_t *o = json_object();
	char *copy = strdup(text), *save = NULL;
	if (!copy)
		return o;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');
		if (!eq || eq == l)
			continue;
		*eq = '\0';
		char *end;
		double v = strtod(eq + 1, &end);
		if (end != eq + 1 && !*end)
			json_object_set_new(o, l, json_real(v));
		else
			json_object_set_new(o, l, json_string(eq + 1));
	}
	free(copy);
	return o;
}

int workload_phase(const struct cg_env *env, const struct wl_conf *w, const char *phase, char *err,
		   size_t errlen)
{
	struct child_result r;
	/* Phases run in the harness's own cgroup: never charged to a trial. */
	char last[512];
	int errfd = memfd_create("kmb-phase-err", MFD_CLOEXEC);
	struct child_spec spec = {
	    .argv = workload_argv(w, phase),
	    .cg = NULL,
	    .version = env->ops->version,
	    .stdout_fd = -1,
	    .stderr_fd = errfd,
	    .timeout_s = w->timeout_s * 4,
	};
	char *const *argv = spec.argv;
	int rc = spawn_child(&spec, &r);
	last[0] = '\0';
	if (errfd >= 0) {
		spawn_replay_stderr(errfd, last, sizeof(last));
		close(errfd);
	}
	if (rc == 0 && r.exit_status == 0 && !r.signal && !r.timed_out)
		return 0;
	if (last[0] && !r.signal && !r.timed_out && !r.spawn_errno) {
		/* the program said why: that line is the run's error line */
		size_t k = strlen(w->name);
		const char *why =
		    !strncmp(last, w->name, k) && !strncmp(last + k, ": ", 2) ? last + k + 2 : last;
		snprintf(err, errlen, "%s %s failed: %s", w->name, phase, why);
		return -1;
	}
	snprintf(err, errlen, "%s %s failed (%s%s%s)", argv[0], phase,
		 r.spawn_errno ? strerror(r.spawn_errno) : "", r.timed_out ? "timed out" : "",
		 r.signal ? strsignal(r.signal) : (r.exit_status > 0 ? "non-zero exit" : ""));
	return -1;
}
