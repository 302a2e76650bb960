/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * signals.c - the signal state nsjoin was given, and the program gets.
 *
 * A caller may leave signals ignored or blocked (nohup, a service manager,
 * a shell script's trap '' INT): nsjoin notes at start-up which were
 * ignored, while /proc is surely its own (signals_snapshot), so that the
 * supervisor (supervise.c) knows what it inherited, and hands the program
 * the defaults: nothing ignored, nothing blocked (signals_reset, called by
 * exec.c right before exec).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsjoin.h"

static uint64_t inherited_ignored;	/* SigIgn at start-up */

/* Read which signals our caller left ignored, while /proc is surely ours.
 * One read into a stack buffer: SigIgn comes early in the file, and the
 * common path allocates nothing. */
void signals_snapshot(void)
{
	char buf[4096], *line;
	ssize_t n = -1;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	inherited_ignored = ~(uint64_t)0;	/* unknown: reset them all */
	if (fd < 0)
		return;
	do
		n = read(fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	own_fd(fd);	/* closed with the others, at once */
	if (n <= 0)
		return;
	buf[n] = '\0';
	line = strstr(buf, "\nSigIgn:");
	/* the whole line, or we would read a cut number */
	if (!line || !strchr(line + 1, '\n') ||
	    status_u64(buf, "SigIgn", 16, &inherited_ignored) < 0)
		inherited_ignored = ~(uint64_t)0;
}

bool signal_was_ignored(int sig)
{
	return (inherited_ignored >> (sig - 1)) & 1;
}

/* glibc refuses to touch the signals it reserves for itself (32 and 33),
 * but a caller can leave them ignored and exec would pass that on: ask the
 * kernel directly where the layout of its struct sigaction is known. */
static void reset_reserved_signal(int sig)
{
#if defined(__x86_64__) || defined(__aarch64__)
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} dfl = { SIG_DFL, 0, NULL, 0 };

	(void)syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
#else
	(void)sig;
#endif
}

/* Right before exec: every signal the caller left ignored back to its
 * default, none blocked. */
void signals_reset(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		if (!((inherited_ignored >> (sig - 1)) & 1))
			continue;
		if (signal(sig, SIG_DFL) == SIG_ERR && errno == EINVAL &&
		    sig != SIGKILL && sig != SIGSTOP)
			reset_reserved_signal(sig);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
