/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pty.c - --pty: the program runs on a new pseudo-terminal, relayed to ours.
 *
 * Why: a program on the caller's terminal can push input into it
 * (TIOCSTI, on kernels that still allow it), change its settings, or keep
 * it open after we exit.  On a terminal of its own it reaches only that
 * one; we copy bytes between the two, as lxc-attach and machinectl do.
 *
 *  - The pty is opened before any namespace is joined.  When the program
 *    runs among the target's files (its mount namespace or root) it comes
 *    from the target's own devpts, the only one the program can see (tty
 *    says /dev/pts/N there, as with "docker exec -it"): its ptmx is looked
 *    up inside the target's root (openat2 RESOLVE_IN_ROOT) and must be the
 *    pty multiplexer, 5:2.  Otherwise it comes from ours.  The slave is
 *    taken with TIOCGPTPEER, which never looks a path up (its name is only
 *    for messages).
 *  - The program's stdin, stdout and stderr are all the pty, so its
 *    stderr reaches our stdout: that is what running on a terminal means.
 *  - Our terminal is raw while we relay, and restored on every way out
 *    (exit, error, hangup, Ctrl-Z), so keys (Ctrl-C included) reach the
 *    program's terminal, which makes the signals for it.
 *  - Window size: copied at start and on every SIGWINCH; setting it on the
 *    master makes the kernel send SIGWINCH to the program.
 *  - Ctrl-Z: the program is its session's leader, so its process group is
 *    orphaned (its parent, we, is in another session) and the kernel
 *    discards a job-control stop sent to it.  When that group owns the pty
 *    and leaves SIGTSTP at its default, we stop it with SIGSTOP instead,
 *    which is what the key would have done.  A job of a shell inside is in
 *    a group of its own and gets the key as usual.  Then, as supervise.c
 *    does: we see it stopped, give our terminal back, stop; on "fg" we
 *    take it again and continue the program.
 *  - Started in the background with a terminal on stdin, we stop (SIGTTOU)
 *    before copying its settings, until "fg": in the background they are
 *    the shell's line editor's.
 *  - End of our stdin (a pipe): the pty's EOF character (^D) is sent, so
 *    the program reads end of file; an input pipe is not echoed.
 *  - After the exit, the program's output is read to the end (EIO): the
 *    kernel hands over all that was written first.  What it left in the
 *    background may hold the pty open: we stop after 100 ms of silence,
 *    and closing the master hangs it up.
 *  - The exit status is the program's, reaped by supervise_wait().
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "nsjoin.h"

#ifndef TIOCGPTPEER
# define TIOCGPTPEER _IO('T', 0x41)	/* Linux 4.13 */
#endif
#ifndef PROC_SUPER_MAGIC
# define PROC_SUPER_MAGIC 0x9fa0
#endif

#define RELAY_BUF 8192
#define DRAIN_QUIET_MS 100		/* after the exit: no more output */
#define DRAIN_MAX (1024 * 1024)		/* after the exit: background writers */

/* Our procfs, opened before the joins: the program's SIGTSTP disposition is
 * read there (the parent may be in the target's mount namespace by then).
 * Not registered with own_fd(): main closes those before the fork. */
static int proc_fd = -1;

static struct termios saved_tio;	/* our terminal before raw mode */

/* The terminal whose window size the program follows: stdin, else stdout. */
static int winsize_source(void)
{
	if (isatty(STDIN_FILENO))
		return STDIN_FILENO;
	if (isatty(STDOUT_FILENO))
		return STDOUT_FILENO;
	return -1;
}

/* Return once we may set the terminal: the kernel stops a background job
 * (SIGTTOU, unless ignored) until it is in the foreground, and tcdrain()
 * makes exactly that check, then only waits for pending output.  In the
 * background, the terminal's settings are the shell's line editor's, not
 * the ones to copy or to restore. */
static void wait_foreground(void)
{
	while (tcdrain(STDIN_FILENO) < 0 && errno == EINTR)
		;
}

static void copy_winsize(int from, int to)
{
	struct winsize ws;

	if (from >= 0 && ioctl(from, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(to, TIOCSWINSZ, &ws);
}

static void open_proc(void)
{
	struct statfs sfs;

	proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (proc_fd >= 0 && (fstatfs(proc_fd, &sfs) < 0 ||
			     sfs.f_type != PROC_SUPER_MAGIC)) {
		close(proc_fd);
		proc_fd = -1;
	}
}

/* The master of a new pty of the target's own devpts: its /dev/pts/ptmx
 * (or /dev/ptmx) looked up inside its root (target.c), and checked to be
 * the pty multiplexer (5:2), not whatever the container put there. */
static int open_target_ptmx(struct target *t, char *name, size_t size)
{
	static const char *const paths[] = { "/dev/pts/ptmx", "/dev/ptmx" };
	struct stat st;
	unsigned int n;
	size_t i;
	int fd = -1, unlock = 0, err = ENOENT;

	for (i = 0; i < ARRAY_SIZE(paths) && fd < 0; i++) {
		fd = target_open_in_root(t, paths[i], O_RDWR);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) ||
		    major(st.st_rdev) != 5 || minor(st.st_rdev) != 2) {
			close(fd);
			fd = -1;
			err = EINVAL;
		}
	}
	if (fd < 0) {
		errno = err;
		return -1;
	}
	if (ioctl(fd, TIOCSPTLCK, &unlock) < 0 || ioctl(fd, TIOCGPTN, &n) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	snprintf(name, size, "/dev/pts/%u", n);
	return fd;
}

int pty_open(struct pty *p, struct target *in_root)
{
	struct termios tio;
	bool theirs;
	int err;

	p->raw = false;
	/* the program sees the target's /dev/pts only: a pty of its devpts,
	 * as "docker exec -it" gives; where it has none that is the pty
	 * multiplexer, one of ours (the program can use it, not name it) */
	p->master = in_root ? open_target_ptmx(in_root, p->name, sizeof(p->name)) : -1;
	theirs = p->master >= 0;
	if (!theirs) {
		p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (p->master < 0)
			return fail_errno(errno, "cannot open a pseudo-terminal (/dev/ptmx)");
		if (grantpt(p->master) < 0 || unlockpt(p->master) < 0) {
			err = errno;
			goto fail_master;
		}
		err = ptsname_r(p->master, p->name, sizeof(p->name));
		if (err)
			goto fail_master;
	}

	p->slave = ioctl(p->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0 && (errno == EINVAL || errno == ENOTTY) && !theirs)
		p->slave = open(p->name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0) {
		err = errno;
		close(p->master);
		p->master = -1;
		return fail_errno(err, "cannot open the pseudo-terminal %s",
				  quote(p->name));
	}

/* The program's terminal starts as ours is.  An input pipe is not a
	 * person typing: no echo, or the output would hold the input twice
	 * (util-linux script does the same). */
	if (isatty(STDIN_FILENO))
		wait_foreground();
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &tio) == 0) {
		(void)tcsetattr(p->slave, TCSANOW, &tio);
	} else if (tcgetattr(p->slave, &tio) == 0) {
		tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		(void)tcsetattr(p->slave, TCSANOW, &tio);
	}
	copy_winsize(winsize_source(), p->slave);
	open_proc();
	return 0;

fail_master:
	close(p->master);
	p->master = -1;
	return fail_errno(err, "cannot set up the pseudo-terminal");
}

/* Before the first setns: the terminal belongs to the uid the program
 * will run as (runc does the same), given as the host numbers it: inside
 * a user namespace root of the host would no longer be allowed to. */
int pty_give(struct pty *p, const struct creds *cr)
{
	p->given = !cr->set_uid ||
		   (cr->host_uid != (uid_t)-1 && fchown(p->slave, cr->host_uid, (gid_t)-1) == 0);
	return 0;
}

/* In the child, before the credentials change: the pty becomes the
 * controlling terminal of a new session, and stdin, stdout and stderr;
 * an unprivileged caller gives it to the program's uid now, with the
 * capabilities it holds in the user namespace it entered. */
int pty_attach(struct pty *p, const struct creds *cr)
{
	int fd;

	if (proc_fd >= 0) {
		close(proc_fd);
		proc_fd = -1;
	}
	/* fds 0-2 were open before the pty (stdio_sanitize): dup2 below
	 * never lands on the pty's own descriptors */
	if (p->master <= STDERR_FILENO || p->slave <= STDERR_FILENO)
		return fail("internal error: pseudo-terminal on fd 0, 1 or 2");
	if (setsid() < 0)
		return fail_errno(errno, "cannot start a session for %s",
				  quote(p->name));
	if (ioctl(p->slave, TIOCSCTTY, 0) < 0)
		return fail_errno(errno, "cannot make %s the controlling terminal",
				  quote(p->name));
	if (!p->given && fchown(p->slave, cr->uid, (gid_t)-1) < 0)
		return fail_errno(errno, "cannot give %s to uid %u", quote(p->name),
				  (unsigned)cr->uid);

	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (dup2(p->slave, fd) < 0)
			return fail_errno(errno, "cannot attach %s to fd %d",
					  quote(p->name), fd);
	close(p->master);
	close(p->slave);
	p->master = p->slave = -1;
	return 0;
}

/* ---- the relay (in the parent) ---- */

struct relay {
	struct pty *p;
	pid_t child;
	int win_fd;		/* window size source, -1: none */
	bool in_tty;		/* stdin is a terminal: raw mode, Ctrl-Z */
	bool in_done;		/* stdin at end (or of no more use) */
	bool master_done;	/* no more output from the pty */
	bool exited;		/* the child has exited (not reaped yet) */
	bool reaped;		/* ... or was reaped here: status */
	bool hangup;		/* our side is gone: hang the pty up */
	int status;
	int eof_chars;		/* VEOF characters still to send */
	char eof_char;
	bool sent;		/* anything was sent to the program */
	char last_in;		/* the last byte sent to the program */
	size_t drained;		/* bytes read after the exit */
	char up[RELAY_BUF];	/* stdin -> master */
	size_t up_len;
	char down[RELAY_BUF];	/* master -> stdout */
	size_t down_off, down_len;
};

static volatile sig_atomic_t got_chld, got_winch, got_cont;

static void note_signal(int sig)
{
	if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGCONT)
		got_cont = 1;
}

static const int relay_signals[] = { SIGCHLD, SIGWINCH, SIGCONT };

static volatile pid_t relay_child;

/* The signals supervise.c passes on arrive here while the relay polls. */
static void pass_on(int sig, siginfo_t *si, void *uctx)
{
	int saved = errno;

	(void)sig;
	(void)uctx;
	supervise_pass_on(si, relay_child);
	errno = saved;
}

struct saved_signals {
	struct sigaction act[ARRAY_SIZE(relay_signals)];
	struct sigaction fwd[NSIG];
	struct sigaction pipe;
	sigset_t mask;
};

/* The relay's signals, and those passed on to the program, are blocked
 * except inside ppoll(): a flag is never set between its test and the
 * wait.  SIGPIPE is ignored: a closed stdout is an EPIPE we act on, not our
 * death. */
static void signals_install(struct saved_signals *old, sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block, fwd;
	size_t i;
	int sig;

	sigemptyset(&block);
	for (i = 0; i < ARRAY_SIZE(relay_signals); i++)
		sigaddset(&block, relay_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old->mask);
	*waitmask = old->mask;
	for (i = 0; i < ARRAY_SIZE(relay_signals); i++)
		sigdelset(waitmask, relay_signals[i]);

	memset(&sa, 0, sizeof(sa));
	sigfillset(&sa.sa_mask);
	sa.sa_sigaction = pass_on;
	sa.sa_flags = SA_SIGINFO;
	supervise_signals(&fwd);
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&fwd, sig) == 1) {
			sigaction(sig, &sa, &old->fwd[sig]);
			sigdelset(waitmask, sig);
		}
	sa.sa_flags = 0;
	sa.sa_handler = note_signal;
	for (i = 0; i < ARRAY_SIZE(relay_signals); i++)
		sigaction(relay_signals[i], &sa, &old->act[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old->pipe);
	got_chld = 1;	/* the child may have changed state already */
	got_winch = 1;	/* and the window size */
	got_cont = 0;
}

static void signals_restore(const struct saved_signals *old)
{
	sigset_t fwd;
	size_t i;
	int sig;

	/* blocked first: what comes now waits for supervise_wait() */
	sigprocmask(SIG_SETMASK, &old->mask, NULL);
	supervise_signals(&fwd);
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&fwd, sig) == 1)
			sigaction(sig, &old->fwd[sig], NULL);
	for (i = 0; i < ARRAY_SIZE(relay_signals); i++)
		sigaction(relay_signals[i], &old->act[i], NULL);
	sigaction(SIGPIPE, &old->pipe, NULL);
}

/* Making the terminal raw from the background stops us with SIGTTOU, as
 * it should (ssh and vi do the same); giving it back on the way out must
 * not: SIGTTOU is blocked for that. */
static int tty_set(const struct termios *tio, bool leaving)
{
	sigset_t ttou, old;
	int r;

	sigemptyset(&ttou);
	if (leaving)
		sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	do
		r = tcsetattr(STDIN_FILENO, leaving ? TCSADRAIN : TCSANOW, tio);
	while (r < 0 && errno == EINTR);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

static int raw_on(struct relay *r)
{
	struct termios raw = saved_tio;

	if (!r->in_tty || r->hangup)
		return 0;
	cfmakeraw(&raw);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tty_set(&raw, false) < 0)
		return fail_errno(errno, "cannot put the terminal in raw mode");
	r->p->raw = true;
	return 0;
}

static void raw_off(struct relay *r)
{
	if (!r->p->raw)
		return;
	(void)tty_set(&saved_tio, true);
	r->p->raw = false;
}

/* The child leaves SIGTSTP at its default (not ignored, not caught), and
 * is ours: PPid is checked, so a procfs of another pid namespace cannot
 * make us read some other process. */
static bool tstp_is_default(pid_t child)
{
	uint64_t ppid, ign, cgt;
	char path[32], *buf;
	size_t len;
	bool dfl;

	if (proc_fd < 0)
		return false;
	snprintf(path, sizeof(path), "%d/status", (int)child);
	if (read_small_file(proc_fd, path, 65536, &buf, &len) < 0)
		return false;
	dfl = status_u64(buf, "PPid", 10, &ppid) == 0 && ppid == (uint64_t)getpid() &&
	      status_u64(buf, "SigIgn", 16, &ign) == 0 &&
	      status_u64(buf, "SigCgt", 16, &cgt) == 0 &&
	      !(((ign | cgt) >> (SIGTSTP - 1)) & 1);
	free(buf);
	return dfl;
}

/* The pty's suspend key, when the kernel would drop the stop it makes
 * (see the top of the file): the program's own, orphaned, process group
 * owns the pty and leaves SIGTSTP at its default.  -1: none. */
static int suspend_key(const struct relay *r)
{
	struct termios tio;

	if (!r->in_tty || tcgetattr(r->p->master, &tio) < 0 ||
	    !(tio.c_lflag & ISIG) || tio.c_cc[VSUSP] == _POSIX_VDISABLE)
		return -1;
	if (tcgetpgrp(r->p->master) != r->child || !tstp_is_default(r->child))
		return -1;
	return (unsigned char)tio.c_cc[VSUSP];
}

static void stdin_ended(struct relay *r)
{
	struct termios tio;

	r->in_done = true;
	if (r->in_tty) {
		/* a raw terminal reads 0 or EIO only when it hung up */
		r->hangup = true;
		return;
	}
	/* a pipe: the program reads end of file after the pty's EOF
	 * character; a partial line takes one to be read, then another */
	if (tcgetattr(r->p->master, &tio) < 0 || tio.c_cc[VEOF] == _POSIX_VDISABLE)
		return;
	r->eof_char = (char)tio.c_cc[VEOF];
	r->eof_chars = (tio.c_lflag & ICANON) && r->sent && r->last_in != '\n' ? 2 : 1;
}

static void read_stdin(struct relay *r)
{
	char *data = r->up + r->up_len, *hit;
	ssize_t n;
	int key;

	n = read(STDIN_FILENO, data, sizeof(r->up) - r->up_len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		stdin_ended(r);
		return;
	}
	/* raw mode hands us every Ctrl-Z: look only when one came */
	if (r->in_tty && memchr(data, saved_tio.c_cc[VSUSP], (size_t)n) &&
	    (key = suspend_key(r)) >= 0 &&
	    (hit = memchr(data, key, (size_t)n)) != NULL) {
		memmove(hit, hit + 1, (size_t)(data + n - hit - 1));
		n--;
		kill(r->child, SIGSTOP);	/* check_child() follows it */
	}
	r->up_len += (size_t)n;
	if (n > 0) {
		r->last_in = r->up[r->up_len - 1];
		r->sent = true;
	}
}

static void write_master(struct relay *r)
{
	ssize_t n = write(r->p->master, r->up, r->up_len);

	if (n < 0) {
		if (errno != EINTR && errno != EAGAIN)
			r->master_done = true;	/* EIO: the program closed it */
		return;
	}
	memmove(r->up, r->up + n, r->up_len - (size_t)n);
	r->up_len -= (size_t)n;
}

static int read_master(struct relay *r)
{
	ssize_t n;

	if (r->down_off > 0) {
		memmove(r->down, r->down + r->down_off, r->down_len);
		r->down_off = 0;
	}
	n = read(r->p->master, r->down + r->down_len,
		 sizeof(r->down) - r->down_len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0 && errno != EIO)
		return fail_errno(errno, "cannot read from %s", quote(r->p->name));
	if (n <= 0) {
		/* EIO: every descriptor of the slave is closed (the kernel
		 * hands over what was written before it says so) */
		r->master_done = true;
		return 0;
	}
	r->down_len += (size_t)n;
	if (r->exited) {
		r->drained += (size_t)n;
		if (r->drained > DRAIN_MAX)
			r->master_done = true;
	}
	return 0;
}

static void write_stdout(struct relay *r)
{
	ssize_t n = write(STDOUT_FILENO, r->down + r->down_off, r->down_len);

	if (n < 0) {
		/* EPIPE, EIO: nobody reads the program's output any more */
		if (errno != EINTR && errno != EAGAIN)
			r->hangup = true;
		return;
	}
	r->down_off += (size_t)n;
	r->down_len -= (size_t)n;
	if (r->down_len == 0)
		r->down_off = 0;
}

/* The child stopped: stop with it, as supervise_wait() does, with our
 * terminal in its own mode meanwhile. */
static int suspend_with_child(struct relay *r)
{
	int ret;

	raw_off(r);
	kill(getpid(), SIGSTOP);
	/* continued ("fg"): the window may have changed meanwhile */
	ret = raw_on(r);
	copy_winsize(r->win_fd, r->p->master);
	kill(r->child, SIGCONT);
	return ret;
}

/* Look at the child without reaping it: supervise_wait() reaps it at the
 * end, so the forwarding of signals stops exactly then. */
static int check_child(struct relay *r)
{
	siginfo_t si;
	int st;

	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)r->child, &si,
		      WEXITED | WSTOPPED | WNOHANG | WNOWAIT) < 0) {
		if (errno != EINTR)
			return fail_errno(errno, "cannot wait for process %d",
					  (int)r->child);
	}
	if (si.si_pid == 0)
		return 0;
	if (si.si_code != CLD_STOPPED && si.si_code != CLD_TRAPPED) {
		r->exited = true;
		return 0;
	}
	/* take the stop report, so that it is not seen again */
	if (waitpid(r->child, &st, WUNTRACED | WNOHANG) == r->child &&
	    !WIFSTOPPED(st)) {
		r->exited = r->reaped = true;	/* killed meanwhile */
		r->status = st;
		return 0;
	}
	return suspend_with_child(r);
}

static int relay_loop(struct relay *r, const sigset_t *waitmask)
{
	for (;;) {
		/* fresh each time: the kernel writes the time left back */
		struct timespec quiet = { 0, DRAIN_QUIET_MS * 1000000L };
		struct pollfd pfd[3];
		int n = 0, i_in = -1, i_master = -1, i_out = -1, ret;
		short mev = 0;

		if (got_cont) {
			got_cont = 0;
			got_winch = 1;
			if (raw_on(r) < 0)	/* a shell may have reset it */
				return -1;
		}
		if (got_winch) {
			got_winch = 0;
			copy_winsize(r->win_fd, r->p->master);
		}
		if (got_chld) {
			got_chld = 0;
			if (check_child(r) < 0)
				return -1;
		}
		if (r->hangup)
			return 0;
		if (r->exited) {
			/* the program is gone: no more input for it */
			r->in_done = true;
			r->up_len = 0;
			r->eof_chars = 0;
			if (r->master_done && r->down_len == 0)
				return 0;
		}
		while (r->eof_chars > 0 && r->up_len < sizeof(r->up)) {
			r->up[r->up_len++] = r->eof_char;
			r->eof_chars--;
		}

		if (!r->in_done && !r->master_done && r->eof_chars == 0 &&
		    r->up_len < sizeof(r->up)) {
			pfd[n] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
			i_in = n++;
		}
		/* with no room for its output, the master is not polled at
		 * all: a hung-up master would report POLLHUP at once, forever */
		if (!r->master_done && r->down_len < sizeof(r->down)) {
			mev = POLLIN | (r->up_len > 0 ? POLLOUT : 0);
			pfd[n] = (struct pollfd){ r->p->master, mev, 0 };
			i_master = n++;
		}
		if (r->down_len > 0) {
			pfd[n] = (struct pollfd){ STDOUT_FILENO, POLLOUT, 0 };
			i_out = n++;
		}

		ret = ppoll(pfd, (nfds_t)n, r->exited && i_master >= 0 ? &quiet : NULL,
			    waitmask);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(errno, "cannot poll the terminals");
		}
		if (ret == 0) {
			/* quiet since the exit: whoever still holds the pty
			 * (a background job) is not worth waiting for */
			r->master_done = true;
			continue;
		}
		if (i_master >= 0) {
			short rev = pfd[i_master].revents;

			if (rev & POLLHUP) {
				/* the program closed its terminal: what it
				 * wrote is still read, input has no reader */
				r->in_done = true;
				r->up_len = 0;
				r->eof_chars = 0;
			} else if ((rev & POLLOUT) && r->up_len > 0) {
				write_master(r);
			}
			if ((rev & (POLLIN | POLLHUP | POLLERR)) && read_master(r) < 0)
				return -1;
		}
		if (i_out >= 0 && pfd[i_out].revents)
			write_stdout(r);
		if (i_in >= 0 && pfd[i_in].revents)
			read_stdin(r);
	}
}

int pty_relay(struct pty *p, pid_t child)
{
	struct relay *r = xcalloc(1, sizeof(*r));
	struct saved_signals old;
	sigset_t waitmask;
	int ret, flags;

	/* the slave must be the program's alone: the master reads EIO once
	 * it closed it, and only then */
	close(p->slave);
	p->slave = -1;
	r->p = p;
	r->child = child;
	relay_child = child;
	r->win_fd = winsize_source();
	r->in_tty = isatty(STDIN_FILENO);
	if (r->in_tty) {
		wait_foreground();
		r->in_tty = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	}
	flags = fcntl(p->master, F_GETFL);
	if (flags >= 0)
		(void)fcntl(p->master, F_SETFL, flags | O_NONBLOCK);

	signals_install(&old, &waitmask);
	ret = raw_on(r);
	if (ret == 0)
		ret = relay_loop(r, &waitmask);
	raw_off(r);
	/* our side is done: closing the master hangs the pty up, which sends
	 * SIGHUP to a program still running (our terminal or stdout went
	 * away) and to what it left in the background */
	close(p->master);
	p->master = -1;
	if (proc_fd >= 0) {
		close(proc_fd);
		proc_fd = -1;
	}
	signals_restore(&old);
	if (ret == 0)
		ret = r->reaped ? r->status : supervise_wait(child, true);
	free(r);
	return ret;
}
