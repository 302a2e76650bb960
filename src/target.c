/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * target.c - the process we take namespaces from, pinned.
 *
 * A PID is only a number: between the moment we read it and the moment we
 * use it, the process can exit and the number can be reused.  So:
 *  1. pidfd_open(PID) pins the process; with PID:INODE, the pidfd's inode
 *     must match, so the very process the caller looked at is the one used;
 *  2. what the kernel gives through the pidfd itself (setns(pidfd), and on
 *     Linux 6.11 the PIDFD_GET_*_NAMESPACE ioctls) is that process's, or
 *     fails: nothing more to check, and /proc is not even opened;
 *  3. anything else (root, cwd, environ, cgroup, ns files on older kernels)
 *     is opened relative to /proc/PID, opened once as a directory fd when
 *     first needed: a /proc directory fd never follows the number to a new
 *     process.  Right after opening it, the pidfd must still show the
 *     process alive: it was then alive when /proc/PID was opened, so both
 *     name one process, and every file opened through it later is that
 *     process's or fails.
 * Without pidfd_open (old kernel, seccomp), step 3 alone still keeps every
 * file from one process, but PID:INODE cannot be honoured.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

/*
 * /proc may belong to another pid namespace than ours (after "unshare
 * --pid --fork" without --mount-proc): there /proc/PID is somebody else.
 * The kernel prints the pidfd's process in the pid namespace of the /proc
 * it is read from: that is the directory to open.
 */
static int proc_pid_of_pidfd(const struct target *t, char *path, size_t size)
{
	char fdinfo[64], buf[1024], *p;
	ssize_t n;
	long pid;
	int fd;

	snprintf(fdinfo, sizeof(fdinfo), "/proc/self/fdinfo/%d", t->pidfd);
	fd = open(fdinfo, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return fail("cannot find process %d in /proc: no %s (/proc is mounted "
			    "for a pid namespace where nsjoin is not)", (int)t->pid,
			    quote(fdinfo));
	if (fd < 0)
		return fail_errno(errno, "cannot open %s", quote(fdinfo));
	do
		n = read(fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return 0;	/* say nothing we do not know */
	buf[n] = '\0';
	p = strstr(buf, "\nPid:");
	if (!p)
		return 0;	/* before Linux 5.x: no Pid line */
	pid = strtol(p + 5, NULL, 10);
	if (pid <= 0)
		return fail("target process %d %s", (int)t->pid, pid == 0 ?
			    "is not visible in /proc, which is mounted for another pid namespace" :
			    "has exited");
	snprintf(path, size, "/proc/%ld", pid);
	return 0;
}

int target_open(const struct options *opt, struct target *t)
{
	t->pid = opt->target_pid;
	t->pidfd = -1;
	t->procfd = -1;
	t->rootfd = -1;
	if (!t->pid)
		return 0;

	t->pidfd = nsj_pidfd_open(t->pid, 0);
	if (t->pidfd < 0) {
		if (errno == ESRCH)
			return fail("target process %d does not exist", (int)t->pid);
		if (opt->target_ino_set)
			return fail_errno(errno, "cannot pin target %d:%ju by its inode: pidfd_open",
					  (int)t->pid, (uintmax_t)opt->target_ino);
		/* ENOSYS, or a seccomp filter: /proc alone from here on */
	} else {
		own_fd(t->pidfd);
		if (opt->target_ino_set) {
			struct stat st;

			if (fstat(t->pidfd, &st) < 0)
				return fail_errno(errno, "cannot stat the pidfd of process %d",
						  (int)t->pid);
			if ((uint64_t)st.st_ino != opt->target_ino)
				return fail("target process %d is not the process with inode %ju "
					    "(its pidfd inode is %ju): it has exited and its PID was reused",
					    (int)t->pid, (uintmax_t)opt->target_ino,
					    (uintmax_t)st.st_ino);
		}
	}

	/* No pidfd: nothing pins the process but the /proc/PID directory fd,
	 * so take it now. */
	if (t->pidfd < 0 && target_dir(t) < 0)
		return -1;
	return 0;
}

/* /proc/PID as a directory fd, opened on first use and checked to be the
 * pinned process (see the top of the file).  -1 after a message. */
int target_dir(struct target *t)
{
	char path[32];

	if (t->procfd >= 0)
		return t->procfd;
	snprintf(path, sizeof(path), "/proc/%d", (int)t->pid);
	if (t->pidfd >= 0 && proc_pid_of_pidfd(t, path, sizeof(path)) < 0)
		return -1;
	t->procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->procfd < 0) {
		if (errno == ENOENT)
			return fail("target process %d does not exist (or /proc is not mounted)",
				    (int)t->pid);
		return fail_errno(errno, "cannot open %s", quote(path));
	}
	own_fd(t->procfd);
	if (t->pidfd >= 0 && nsj_pidfd_send_signal(t->pidfd, 0) < 0 && errno == ESRCH)
		return fail("target process %d exited while nsjoin was opening it",
			    (int)t->pid);
	return t->procfd;
}

/* The target's namespace of type idx as a file, through the pidfd (Linux
 * 6.11 and later), or -1 with errno: no pidfd, an older kernel (ENOTTY),
 * a type this kernel lacks, no right to ptrace it (EACCES), or gone. */
int target_pidfd_ns(struct target *t, int idx)
{
	if (t->pidfd < 0) {
		errno = EBADF;
		return -1;
	}
	return ioctl(t->pidfd, NSJ_PIDFD_GET_NAMESPACE(nstypes[idx].pidfd_nr), 0);
}

/* A target file could not be opened: say whether the process is gone or a
 * zombie rather than "No such file or directory", or "Permission denied",
 * which is what a dying process's /proc files answer once its memory is
 * released.  The pidfd says it for sure (readable once the process has
 * exited); without one, ENOENT and ESRCH are taken to mean it. */
int target_explain(struct target *t, int err)
{
	struct pollfd p = { t->pidfd, POLLIN, 0 };
	char *stat = NULL, *s;
	size_t len;
	bool exited;

	if (t->pidfd >= 0)
		exited = poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
	else
		exited = err == ENOENT || err == ESRCH;
	if (!exited)
		return 0;
	if (t->procfd < 0 || read_small_file(t->procfd, "stat", 4096, &stat, &len) < 0)
		return fail("target process %d has exited", (int)t->pid);
	s = strrchr(stat, ')');
	if (s && s[1] == ' ' && (s[2] == 'Z' || s[2] == 'X')) {
		free(stat);
		return fail("target process %d is a zombie: it has exited and has no namespaces",
			    (int)t->pid);
	}
	free(stat);
	return t->pidfd >= 0 ? fail("target process %d has exited", (int)t->pid) : 0;
}

/* --container: between the search and pidfd_open() the init could have
 * exited and its pid gone to another process: the pinned process must
 * have the start time the runtime's state gave (container LABEL). */
int target_check_start(struct target *t, uint64_t start, const char *label)
{
	uint64_t now = 0;
	pid_t ppid;
	size_t len;
	char *buf;
	int dir = target_dir(t), ok;

	if (dir < 0)
		return -1;
	if (read_small_file(dir, "stat", 4096, &buf, &len) < 0)
		return fail("container %s: its init process %d exited while nsjoin "
			    "was looking at it", label, (int)t->pid);
	ok = parse_proc_stat(buf, &ppid, &now) == 0 && now == start;
	free(buf);
	if (!ok)
		return fail("container %s: its init process %d exited while nsjoin "
			    "was looking at it (the pid now belongs to another process)",
			    label, (int)t->pid);
	return 0;
}

/* The target's namespace of type idx, /proc/PID/ns/<type> opened through
 * the pinned /proc/PID directory, registered as ours.  -1 with errno, or
 * with errno 0 after a message when the target has exited. */
int target_ns_open(struct target *t, int idx)
{
	char path[32];
	int fd, dir = target_dir(t), err;

	if (dir < 0) {
		errno = 0;
		return -1;
	}
	snprintf(path, sizeof(path), "ns/%s", nstypes[idx].name);
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = errno;
		errno = target_explain(t, err) < 0 ? 0 : err;
		return -1;
	}
	own_fd(fd);
	return fd;
}

/* A file of the target's own file system (its passwd, its devpts, its
 * configured working directory), looked up inside its root as the target
 * would (openat2 RESOLVE_IN_ROOT: "..", absolute symlinks and magic links
 * cannot leave it), without blocking on a FIFO.  Before the first setns.
 * The fd, or -1 with errno. */
int target_open_in_root(struct target *t, const char *path, int flags)
{
	struct nsj_open_how how = {
		.resolve = NSJ_RESOLVE_IN_ROOT | NSJ_RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	/* openat2() takes nothing but O_DIRECTORY and O_CLOEXEC with O_PATH */
	how.flags = (uint64_t)(flags | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY | O_NONBLOCK));
	if (t->rootfd < 0) {
		if (target_dir(t) < 0) {
			errno = ESRCH;
			return -1;
		}
		t->rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (t->rootfd < 0)
			return -1;
		own_fd(t->rootfd);
	}
	while (*path == '/')
		path++;
	fd = nsj_openat2(t->rootfd, *path ? path : ".", &how);
	if (fd < 0 && errno == ENOSYS)
		errno = EOPNOTSUPP;	/* before Linux 5.6: no safe lookup */
	return fd;
}

/* The home and shell of uid in the target's own /etc/passwd (bounded,
 * a regular file).  0 found, -1 not (no message). */
int target_passwd(struct target *t, uid_t uid, char **home, char **shell)
{
	int fd = target_open_in_root(t, "/etc/passwd", O_RDONLY);
	char self[40], *buf;
	struct passwd *pw;
	struct stat st;
	size_t len;
	FILE *f;
	int r = -1;

	if (fd < 0)
		return -1;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    read_small_file(AT_FDCWD, self, 4u << 20, &buf, &len) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	f = fmemopen(buf, len, "r");
	while (f && (pw = fgetpwent(f)) != NULL) {
		if (pw->pw_uid != uid)
			continue;
		if (home)
			*home = xasprintf("%s", pw->pw_dir ? pw->pw_dir : "");
		if (shell)
			*shell = xasprintf("%s", pw->pw_shell ? pw->pw_shell : "");
		r = 0;
		break;
	}
	if (f)
		fclose(f);
	free(buf);
	return r;
}
