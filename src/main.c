/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * nsjoin - run a program in the namespaces of another process.
 *
 * main() is the whole story, one phase per block, in the order that makes
 * it safe.  Phases live in their own files and return errors; only main()
 * reports them and exits.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "container.h"
#include "nsjoin.h"

int main(int argc, char **argv)
{
	struct options opt;
	struct target target;
	struct join_plan plan;
	struct context ctx;
	struct creds creds;
	struct program prog;
	struct pty pty = { -1, -1, { 0 }, false, false };
	struct container_target ct = { 0 };
	struct exec_config xc, *xcp = NULL;

	/* fd 0-2 must exist before we open anything, or our first file
	 * would become the program's stdin. */
	stdio_sanitize();
	set_progname();

	/* Installed setuid root or with file capabilities (the kernel says
	 * AT_SECURE for both), nsjoin would hand any user what it holds: a
	 * copy with cap_sys_admin+ep gave everybody CAP_SYS_ADMIN through
	 * --caps.  nsjoin is not a privilege boundary: refuse, and point to
	 * sudo, which has a policy. */
	if (getauxval(AT_SECURE)) {
		fail("refusing to run setuid, setgid or with file capabilities: nsjoin "
		     "is not a privilege boundary (grant it with a sudo policy instead)");
		die();
	}

	/* argv -> options.  Nothing is opened yet. */
	if (parse_options(argc, argv, &opt) < 0)
		die();
	if (opt.mode == MODE_HELP || opt.mode == MODE_VERSION) {
		if ((opt.mode == MODE_HELP ? print_help() : print_version()) < 0)
			die();
		return EXIT_SUCCESS;
	}
	/* --list, --tree: look, never join. */
	if (opt.mode == MODE_LIST) {
		if (list_namespaces(&opt) < 0)
			die();
		return EXIT_SUCCESS;
	}
	/* --each: one run per namespace of a type, each a child going on
	 * from here with that namespace; the parent reports the worst. */
	if (opt.each_type >= 0) {
		int worst, r = each_namespace(&opt, &worst);

		if (r < 0)
			die();
		if (r > 0)
			return worst;
	}
	signals_snapshot();

	/* --container: the init of that container, found from the runtimes'
	 * own state (runc's state.json, the engines' names), no engine API;
	 * only root-owned state for root's containers (container.c). */
	if (opt.container) {
		if (container_resolve(opt.container, &ct) < 0)
			die();
		opt.target_pid = ct.pid;
		/* a rootless container is entered through its user's user
		 * namespace, as that user would (HAZARDS.md 33) */
		if (ct.owner && opt.ns[NS_USER].source == SRC_NONE)
			opt.ns[NS_USER].source = SRC_TARGET;
	}

	/* Pin the target with a pidfd; /proc/PID opens when first needed
	 * and is then checked to be the same process (target.c). */
	if (target_open(&opt, &target) < 0 ||
	    (opt.container && target_check_start(&target, ct.start, ct.label) < 0))
		die();

	/* Open and check every namespace to join, before joining any. */
	if (plan_build(&opt, &target, &plan) < 0)
		die();

	/* --as-target: what "docker exec" gives, from the runtime's
	 * configuration of the container, or from the live process; its
	 * seccomp filter compiled now.  A paused container is refused. */
	if (opt.as_target) {
		if (exec_config_load(&target, ct.config, ct.owner, ct.cgroups, &xc) < 0 ||
		    cgroup_refuse_frozen(&target) < 0)
			die();
		xcp = &xc;
	}

	/* Open what the target gives besides namespaces: root, cwd,
	 * environment, cgroups; decide the credentials and the program (its
	 * passwd lookup happens here, on the host's files, or in the
	 * target's root through openat2). */
	if (context_prepare(&opt, &target, &plan, xcp, &ctx) < 0 ||
	    creds_plan(&opt, &plan, xcp, &creds) < 0 ||
	    program_resolve(&opt, &target, &plan, &creds, &ctx, &prog) < 0)
		die();

	/* --show: the plan, printed instead of carried out. */
	if (opt.mode == MODE_SHOW) {
		if (program_check(&prog, &target, &plan, &ctx) < 0 ||
		    show_plan(&opt, &target, &plan, &ctx, &creds, xcp, &prog) < 0)
			die();
		return EXIT_SUCCESS;
	}

	/* --pty: a new terminal, before any join: from the target's own
	 * devpts when the program runs among its files (it sees no other),
	 * else from ours. */
	if (opt.pty && (pty_open(&pty, prog.in_target_files ? &target : NULL) < 0 ||
			pty_give(&pty, &creds) < 0))
		die();

	/* From the first setns() on, the target's processes can see us:
	 * nothing of ours may be ptraced or opened through /proc. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		fail_errno(errno, "cannot make nsjoin non-dumpable");
		die();
	}

	/* cgroups before the cgroup namespace, oom_score_adj and the LSM
	 * label while our /proc is ours; groups before the user namespace. */
	if (context_before_join(&ctx) < 0 || creds_prepare(&creds) < 0)
		die();

	if (enter_namespaces(&plan) < 0)
		die();

	/* --ip-netns: /sys and /etc/netns/NAME, as "ip netns exec" does. */
	if (opt.ip_netns && ip_netns_mounts(opt.ns[NS_NET].path) < 0)
		die();

	/* Root, then working directory, checked to be inside the root. */
	ctx.root_changed = plan.ns[NS_MNT].joined;
	if (context_apply(&ctx) < 0)
		die();
	close_all_own();

	/* A pid namespace takes effect in children only: fork and wait;
	 * with --pty, relay the terminal while waiting. */
	if ((plan.enters_pid && !opt.no_fork) || opt.pty) {
		pid_t child = supervise_fork();
		int status;

		if (child < 0 && errno == ENOMEM && plan.enters_pid)
			fail("cannot fork into the pid namespace %s: its init process "
			     "has exited, so it takes no new process", plan.ns[NS_PID].label);
		if (child < 0)
			die();
		if (child > 0) {
			status = opt.pty ? pty_relay(&pty, child) : supervise_wait(child, false);
			if (status < 0)
				die();
			exit_like(status);
		}
		if (opt.pty && pty_attach(&pty, &creds) < 0)
			die();
	}

	/* --as-target: rlimits and umask, checked by the kernel against the
	 * namespaces we are in now; the seccomp filter before the credentials
	 * while we may still load it, or last when no_new_privs allows it
	 * (runc's order). */
	if (xcp && (exec_config_apply_limits(xcp) < 0 ||
		    (!creds.no_new_privs && seccomp_install(&xcp->seccomp) < 0)))
		die();

	/* groups, gid, uid, capabilities: verified after the change. */
	if (creds_apply(&creds) < 0)
		die();
	if (xcp && creds.no_new_privs && seccomp_install(&xcp->seccomp) < 0)
		die();

	exec_program(&prog, ctx.env);
	die();
}
