/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * supervise.c - fork where the kernel needs it, wait, pass the status on.
 *
 * A pid namespace applies to children only, so entering one means forking:
 * the parent waits and must behave as if it were the program.
 *  - Exit status: the program's; killed by a signal, we die of the same
 *    signal (without a core dump of our own).
 *  - Signals sent to us by a process (kill, timeout, systemd) are forwarded
 *    to the program.  Signals from the terminal (si_code SI_KERNEL) are not:
 *    the kernel already sent them to the whole foreground process group,
 *    program included; forwarding would deliver Ctrl-C twice.
 *  - Ctrl-Z: we ignore the terminal's SIGTSTP ourselves; the program stops,
 *    we see it stopped and stop ourselves with SIGSTOP, so the shell sees the
 *    job stopped once; one "fg" continues us both.  util-linux stops on the
 *    terminal's SIGTSTP first and then again on the program's stale stop
 *    report, so "fg" has to be typed twice.
 *  - No orphan running as root: the child asks for SIGKILL if we die
 *    (PR_SET_PDEATHSIG, armed after the credential change that clears it).
 *  - The terminal's foreground process group is ours again when we exit,
 *    even if the program took it and died without giving it back.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "nsjoin.h"

static const int forwarded_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGTSTP,
};

static volatile sig_atomic_t child_pid;
static bool forked;
static pid_t ppid_at_fork;	/* 0 when the parent is outside our pid namespace */

static void forward_signal(int sig, siginfo_t *si, void *uctx)
{
	int saved = errno;

	(void)uctx;
	if (si->si_code != SI_KERNEL && child_pid > 0 && si->si_pid != child_pid)
		kill((pid_t)child_pid, sig);
	errno = saved;
}

/* The program may have made its own process group, taken the terminal and
 * died without giving it back.  Nothing is remembered at start (no cost on
 * the way in): afterwards, a foreground group that no longer exists is
 * taken back; a live one (the shell, when we run in the background) is
 * left alone. */
static void restore_terminal(void)
{
	sigset_t ttou, old;
	pid_t fg;
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		fg = tcgetpgrp(fd);
		if (fg < 0)
			continue;	/* not a terminal */
		if (fg == getpgrp() || kill(-fg, 0) == 0 || errno != ESRCH)
			return;
		/* we may be in the background now: SIGTTOU would stop us */
		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, &old);
		(void)tcsetpgrp(fd, getpgrp());
		sigprocmask(SIG_SETMASK, &old, NULL);
		return;
	}
}

pid_t supervise_fork(void)
{
	struct sigaction sa;
	sigset_t block, old;
	size_t i;
	pid_t pid;

	/* SIGCHLD ignored by our caller would make the kernel reap the child
	 * and waitpid() fail with ECHILD. */
	if (signal_was_ignored(SIGCHLD))
		signal(SIGCHLD, SIG_DFL);

	/* No signal may reach a half-installed parent: block, fork, install,
	 * unblock.  The child unblocks everything before exec (exec.c). */
	sigemptyset(&block);
	for (i = 0; i < ARRAY_SIZE(forwarded_signals); i++)
		sigaddset(&block, forwarded_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old);

	pid = fork();
	if (pid < 0) {
		int err = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		return fail_errno(err, "cannot fork");
	}
	if (pid == 0) {
		forked = true;
		ppid_at_fork = getppid();
		return 0;
	}

	child_pid = pid;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(forwarded_signals); i++)
		sigaction(forwarded_signals[i], &sa, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

int supervise_wait(pid_t child)
{
	int status;

	for (;;) {
		pid_t r = waitpid(child, &status, WUNTRACED);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(errno, "cannot wait for process %d", (int)child);
		}
		if (WIFSTOPPED(status)) {
			/* stop with the program; when continued, continue it */
			kill(getpid(), SIGSTOP);
			kill(child, SIGCONT);
			continue;
		}
		break;
	}
	child_pid = 0;
	restore_terminal();
	return status;
}

/* In the child, right before exec: die with the supervisor. */
int supervise_child_arm(void)
{
	if (!forked)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set the parent death signal");
	if (getppid() != ppid_at_fork)	/* reparented: it died */
		return fail("nsjoin's supervising process died before exec");
	return 0;
}

void exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit none = { 0, 0 };
		sigset_t set;

		/* the program may have dumped core; we must not */
		setrlimit(RLIMIT_CORE, &none);
		signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		kill(getpid(), sig);
		exit(128 + sig);	/* a signal that does not kill */
	}
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
