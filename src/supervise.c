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
 *  - No signal handler: the signals we pass on and SIGCHLD are blocked from
 *    before the fork, and the parent takes them one by one with
 *    sigwaitinfo(), so nothing can arrive half-way (the child unblocks all
 *    before exec, exec.c).  The parent's only system call until then is that
 *    wait.
 *  - Ctrl-Z: we ignore the terminal's SIGTSTP ourselves; the program stops,
 *    we see it stopped and stop ourselves with SIGSTOP, so the shell sees the
 *    job stopped once; one "fg" continues us both.  util-linux stops on the
 *    terminal's SIGTSTP first and then again on the program's stale stop
 *    report, so "fg" has to be typed twice.
 *  - No orphan running as root: the child asks for SIGKILL if we die
 *    (PR_SET_PDEATHSIG, armed after the credential change that clears it),
 *    then makes sure we did not die before: we hold the write end of a pipe
 *    until we exit, so the child's read end shows POLLHUP once we are gone.
 *    (getppid() cannot tell: in a pid namespace we entered, our pid and our
 *    successor's, init or a subreaper outside it, both read as 0.)
 *  - The terminal's foreground process group is ours again when we exit,
 *    even if the program took it and died without giving it back.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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

static bool forked;
static int death_fd = -1;	/* in the child: read end of the parent's pipe */

void supervise_signals(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < ARRAY_SIZE(forwarded_signals); i++)
		sigaddset(set, forwarded_signals[i]);
}

/* The one rule for passing a signal on; safe in a signal handler (pty.c). */
void supervise_pass_on(const siginfo_t *si, pid_t child)
{
	if (si->si_code != SI_KERNEL && child > 0 && si->si_pid != child)
		kill(child, si->si_signo);
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
	sigset_t block, old;
	int death[2];
	pid_t pid;

	/* SIGCHLD ignored by our caller would make the kernel reap the child
	 * and waitpid() fail with ECHILD. */
	if (signal_was_ignored(SIGCHLD))
		signal(SIGCHLD, SIG_DFL);

	supervise_signals(&block);
	sigaddset(&block, SIGCHLD);
	if (pipe2(death, O_CLOEXEC) < 0)
		return fail_errno(errno, "cannot create a pipe");
	sigprocmask(SIG_BLOCK, &block, &old);

	pid = fork();
	if (pid < 0) {
		int err = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		close(death[0]);
		close(death[1]);
		return fail_errno(err, "cannot fork");
	}
	if (pid == 0) {
		/* Until the program runs, a signal the parent passes on must
		 * end the child at once, whatever it is doing (HAZARDS.md 40):
		 * nothing stays blocked here (exec.c resets the rest). */
		sigemptyset(&block);
		sigprocmask(SIG_SETMASK, &block, NULL);
		forked = true;
		close(death[1]);
		death_fd = death[0];
		return 0;
	}
	/* death[1] stays open as long as we live; death[0] is not used here
	 * but closing it would only cost a system call */
	return pid;
}

/* Wait for the program, passing signals on, and return its status.  With
 * look_first, its state is looked at before the first wait: pty.c has
 * taken SIGCHLDs of its own. */
int supervise_wait(pid_t child, bool look_first)
{
	sigset_t set;
	siginfo_t si;
	int status;

	supervise_signals(&set);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		if (!look_first) {
			if (sigwaitinfo(&set, &si) < 0) {
				if (errno == EINTR)
					continue;
				return fail_errno(errno, "cannot wait for signals");
			}
			if (si.si_signo != SIGCHLD) {
				supervise_pass_on(&si, child);
				continue;
			}
		}
		look_first = false;
		/* one SIGCHLD may stand for several changes */
		for (;;) {
			pid_t r = waitpid(child, &status, WUNTRACED | WNOHANG);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return fail_errno(errno, "cannot wait for process %d", (int)child);
			if (r == 0)
				break;
			if (!WIFSTOPPED(status)) {
				restore_terminal();
				return status;
			}
			/* stopped: stop with it; when continued ("fg"), continue it */
			kill(getpid(), SIGSTOP);
			kill(child, SIGCONT);
		}
	}
}

/* In the child, right before exec: die with the supervisor. */
int supervise_child_arm(void)
{
	struct pollfd pfd;

	if (!forked)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return fail_errno(errno, "cannot set the parent death signal");
	/* armed: did it die before? */
	pfd.fd = death_fd;
	pfd.events = 0;
	pfd.revents = 0;
	switch (poll(&pfd, 1, 0)) {
	case 0:
		return 0;
	case -1:
		return fail_errno(errno, "cannot poll the pipe from nsjoin's supervising process");
	default:
		return fail("nsjoin's supervising process died before exec");
	}
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
