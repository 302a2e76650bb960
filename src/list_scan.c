/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * list_scan.c - --list and --tree: walk /proc and build the namespace
 * model (list_model.c) that list_render.c prints; see list.h.
 *
 * The cost is per process, so the per-process work is the least that can
 * answer the question:
 *  - one readlink() of /proc/PID/ns/<type> per type asked for: "net:[ID]"
 *    names the namespace by its inode, and opens nothing.  (A stat() would
 *    give the same inode at almost twice the cost: following the link makes
 *    nsfs build a dentry and an inode for the namespace, and free them
 *    again, for every process; see bench/list.sh.)
 *  - a namespace file is opened only the first time its inode is seen, to
 *    ask the kernel its 64-bit id, owner, parent and owner uid (ioctls on
 *    nsfs); relations found that way (an owner or parent in which no
 *    process runs) join the model as namespaces of their own;
 *  - /proc/PID/fd is read (one stat per descriptor, no open) to find
 *    namespaces kept alive only by an open descriptor, and
 *    /proc/self/mountinfo for those kept by a bind mount (ip netns).
 * /proc lists processes in increasing pid order, so the first process seen
 * in a namespace is its lowest pid: its uid and command are read then, once.
 * Nothing is stored per process.
 *
 * Processes come and go during the scan: one that vanishes (ENOENT, ESRCH)
 * or is not ours to see (EACCES: ptrace rules) is skipped (a zombie only
 * where it has left: it is still in its pid and user namespaces), a namespace file
 * that cannot be opened keeps only what its stat said, and an ioctl the
 * kernel lacks (ENOTTY, EINVAL) leaves that fact unknown (null).
 *
 * Holders are opened without trusting the name that led to them: a mount
 * point or /proc/PID/fd/N is opened O_PATH (which calls no driver's open and
 * cannot block on a FIFO), checked to be the nsfs inode we expect, and only
 * then reopened for the ioctls: a descriptor swapped for a tape device
 * between readlink and open is never opened for real.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "list.h"

#define CMDLINE_MAX 4096

/* ---- the scan state ---- */

struct scan {
	struct ns_model *model;
	unsigned int types;	/* bit per NS_* index: read from each process */
	unsigned int wants;	/* WANT_*: what the columns shown need */
	bool target_only;	/* -t: add no namespace but the target's */
	bool holders;		/* bind mounts and open descriptors too */
	int rtnl;		/* rtnetlink, for NETNSID; -1: none */
	int proc_fd;		/* /proc */
	dev_t nsfs_dev;

	/* the process being read, and a path relative to /proc under it */
	pid_t pid;
	char path[96];
	size_t pid_len;		/* strlen("PID/") */
	bool info_read;		/* uid and command below are its */
	bool have_uid;
	uid_t uid;
	pid_t ppid;
	bool have_ppid;
	char *command;

	char *dents;		/* getdents64 of /proc */
	char *fd_dents;		/* getdents64 of /proc/PID/fd, inside it */
};

#define DENTS_SIZE 32768
#define FD_DENTS_SIZE 8192

static const char *ns_path[NS_COUNT] = {
	[NS_USER] = "ns/user", [NS_CGROUP] = "ns/cgroup", [NS_IPC] = "ns/ipc",
	[NS_UTS] = "ns/uts", [NS_NET] = "ns/net", [NS_PID] = "ns/pid",
	[NS_MNT] = "ns/mnt", [NS_TIME] = "ns/time",
};

static void process_begin(struct scan *s, pid_t pid)
{
	int n = snprintf(s->path, sizeof(s->path), "%d/", (int)pid);

	s->pid = pid;
	s->pid_len = (size_t)n;
	s->info_read = false;
	s->have_uid = false;
	s->have_ppid = false;
	free(s->command);
	s->command = NULL;
}

/* "PID/<rest>", relative to /proc: one lookup fewer than "/proc/PID/..." */
static const char *proc_path(struct scan *s, const char *rest)
{
	snprintf(s->path + s->pid_len, sizeof(s->path) - s->pid_len, "%s", rest);
	return s->path;
}

/* The namespace of type t of the current process: the inode in
 * readlink("PID/ns/<t>") = "<t>:[<inode>]".  -1 with errno set: ENOENT
 * (gone, or a zombie, which keeps only its pid and user namespaces),
 * EACCES (ptrace rules). */
static int read_ns_ino(struct scan *s, int t, uint64_t *ino)
{
	char link[64];
	size_t nlen = strlen(nstypes[t].name);
	ssize_t len;

	len = readlinkat(s->proc_fd, proc_path(s, ns_path[t]), link,
			 sizeof(link) - 1);
	if (len < 0)
		return -1;
	if ((size_t)len < nlen + 4 || memcmp(link, nstypes[t].name, nlen) != 0 ||
	    link[nlen] != ':' || link[nlen + 1] != '[' || link[len - 1] != ']') {
		errno = EINVAL;	/* not a namespace link: never seen */
		return -1;
	}
	link[len - 1] = '\0';
	if (parse_decimal(link + nlen + 2, UINT64_MAX, ino) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* Up to CMDLINE_MAX bytes of a /proc file, NUL-terminated; NULL: none. */
static char *read_proc_text(struct scan *s, const char *rest, size_t *len)
{
	char *buf;
	ssize_t r;
	size_t n = 0;
	int fd = openat(s->proc_fd, proc_path(s, rest),
			O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return NULL;
	buf = xcalloc(1, CMDLINE_MAX + 1);
	while (n < CMDLINE_MAX) {
		r = read(fd, buf + n, CMDLINE_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The command as lsns and ps show it: the arguments joined by spaces, or
 * for a kernel thread (no arguments) its name. */
static char *process_command(struct scan *s)
{
	size_t len = 0, i;
	char *cmd = read_proc_text(s, "cmdline", &len);

	while (cmd && len > 0 && cmd[len - 1] == '\0')
		len--;
	if (cmd && len > 0) {
		for (i = 0; i < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[len] = '\0';
		return cmd;
	}
	free(cmd);
	cmd = read_proc_text(s, "comm", &len);
	if (cmd && len > 0 && cmd[len - 1] == '\n')
		cmd[--len] = '\0';
	return cmd;
}

static void process_info(struct scan *s)
{
	char dir[16];
	struct stat st;

	if (s->info_read)
		return;
	s->info_read = true;
	/* ps and lsns call the owner of /proc/PID the process's user. */
	snprintf(dir, sizeof(dir), "%d", (int)s->pid);
	if (fstatat(s->proc_fd, dir, &st, 0) == 0) {
		s->have_uid = true;
		s->uid = st.st_uid;
	}
	s->command = process_command(s);
	if (s->wants & WANT_PPID) {
		size_t len;
		char *stat = read_proc_text(s, "stat", &len);
		uint64_t start;

		s->have_ppid = stat && parse_proc_stat(stat, &s->ppid, &start) == 0;
		free(stat);
	}
}

/* The current process is the lowest seen in n so far: it represents n. */
static void represent(struct scan *s, struct ns_node *n)
{
	process_info(s);
	n->pid = s->pid;
	n->uid = s->uid;
	n->have = s->have_uid ? n->have | NSF_UID : n->have & ~NSF_UID;
	n->ppid = s->ppid;
	n->have = s->have_ppid ? n->have | NSF_PPID : n->have & ~NSF_PPID;
	free(n->command);
	n->command = s->command ? strdup(s->command) : NULL;
}

/* ---- the kernel's answers about one namespace ---- */

/* The id our network namespace knows the net namespace of fd by
 * (RTM_GETNSID with NETNSA_FD, what "ip netns list-id" shows and lsns's
 * NETNSID), or -1 when none is assigned.  0, or -1 when it cannot say. */
static int netnsid_of(int rtnl, int fd, int *id)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct rtattr a;
		int fd;
	} req;
	char buf[512];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *a;
	ssize_t n;
	int len;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.g.rtgen_family = AF_UNSPEC;
	req.a.rta_len = RTA_LENGTH(sizeof(int));
	req.a.rta_type = NETNSA_FD;
	req.fd = fd;
	if (send(rtnl, &req, sizeof(req), 0) < 0)
		return -1;
	do
		n = recv(rtnl, buf, sizeof(buf), 0);
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct rtgenmsg)) || !NLMSG_OK(h, (size_t)n) ||
	    h->nlmsg_type != RTM_NEWNSID)
		return -1;
	len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(struct rtgenmsg));
	for (a = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	     RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == NETNSA_NSID && RTA_PAYLOAD(a) >= sizeof(int)) {
			memcpy(id, RTA_DATA(a), sizeof(int));
			return 0;
		}
	return -1;
}

static struct ns_node *learn_ns(struct scan *s, int fd, int type, int depth);

/* Ask an open namespace file everything the model wants.  The relations
 * come back as new descriptors (O_CLOEXEC, from the kernel): each leads to
 * a namespace that may be new to us, learned the same way. */
static void query_ns(struct scan *s, struct ns_node *n, int fd, int depth)
{
	struct ns_node *rel;
	uint64_t nsid;
	uid_t owner_uid = 0;	/* NS_GET_OWNER_UID is _IO(): no size for checkers */
	int rfd;

	if (ioctl(fd, NS_GET_ID, &nsid) == 0) {
		n->nsid = nsid;
		n->have |= NSF_NSID;
	}
	if (n->type == NS_USER && ioctl(fd, NS_GET_OWNER_UID, &owner_uid) == 0) {
		n->owner_uid = owner_uid;
		n->have |= NSF_OWNER_UID;
	}
	if (n->type == NS_NET && s->rtnl >= 0 && netnsid_of(s->rtnl, fd, &n->netnsid) == 0)
		n->have |= NSF_NETNSID;
	if (depth >= MAX_DEPTH)
		return;
	/* EPERM: the owner is outside our own user namespace. */
	rfd = ioctl(fd, NS_GET_USERNS);
	if (rfd >= 0) {
		rel = learn_ns(s, rfd, NS_USER, depth + 1);
		close(rfd);
		if (rel) {
			n->owner = rel->ino;
			n->have |= NSF_OWNER;
			/* A user namespace's owner is its parent. */
			if (n->type == NS_USER) {
				n->parent = rel->ino;
				n->have |= NSF_PARENT;
			}
		}
	}
	if (n->type != NS_PID)
		return;
	rfd = ioctl(fd, NS_GET_PARENT);
	if (rfd >= 0) {
		rel = learn_ns(s, rfd, NS_PID, depth + 1);
		close(rfd);
		if (rel) {
			n->parent = rel->ino;
			n->have |= NSF_PARENT;
		}
	}
}

/* A namespace reached through a relation: add it if new. */
static struct ns_node *learn_ns(struct scan *s, int fd, int type, int depth)
{
	struct ns_node *n;
	struct stat st;

	if (fstat(fd, &st) < 0 || st.st_dev != s->nsfs_dev)
		return NULL;
	n = ns_find(s->model, st.st_ino);
	if (n)
		return n;
	n = ns_add(s->model, st.st_ino, type);
	query_ns(s, n, fd, depth);
	return n;
}

/* A namespace first seen as /proc/PID/ns/<type> of the current process. */
static struct ns_node *add_from_process(struct scan *s, int type, uint64_t ino)
{
	struct ns_node *n = ns_add(s->model, ino, type);
	struct stat st;
	int fd;

	fd = openat(s->proc_fd, proc_path(s, ns_path[type]),
		    O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return n;	/* gone since the stat: what the stat said stays */
	/* The process may have called setns() since: ask only if it is
	 * still the namespace we counted. */
	if (fstat(fd, &st) == 0 && st.st_dev == s->nsfs_dev && st.st_ino == ino)
		query_ns(s, n, fd, 0);
	close(fd);
	return n;
}

/* ---- namespaces kept alive without a process: bind mounts, fds ---- */

/* "net:[4026531840]", as readlink(/proc/PID/fd/N) and the root field of
 * an nsfs line of mountinfo spell a namespace. */
static bool parse_ns_link(const char *link, int *type, uint64_t *ino)
{
	const char *open = strstr(link, ":[");
	char name[16], digits[24];
	size_t nlen, dlen;
	int t;

	if (!open || link[strlen(link) - 1] != ']')
		return false;
	nlen = (size_t)(open - link);
	dlen = strlen(open + 2) - 1;
	if (nlen == 0 || nlen >= sizeof(name) || dlen == 0 || dlen >= sizeof(digits))
		return false;
	memcpy(name, link, nlen);
	name[nlen] = '\0';
	memcpy(digits, open + 2, dlen);
	digits[dlen] = '\0';
	t = nstype_index_by_name(name);
	if (t < 0 || strcmp(nstypes[t].name, name) != 0)
		return false;
	if (parse_decimal(digits, UINT64_MAX, ino) < 0)
		return false;
	*type = t;
	return true;
}

/* Open dirfd/path (a mount point, or a /proc/PID/fd/N magic link) for the
 * ioctls, only if it is the nsfs inode ino: see the top of the file. */
static int open_holder(struct scan *s, int dirfd, const char *path, uint64_t ino)
{
	char self[64];
	struct stat st;
	int pfd, fd;

	pfd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	if (fstat(pfd, &st) < 0 || st.st_dev != s->nsfs_dev || st.st_ino != ino) {
		close(pfd);
		return -1;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	close(pfd);
	return fd;
}

/* A namespace kept alive by a bind mount or a descriptor, reached as
 * dirfd/path; type is -1 when the name did not say (a descriptor opened
 * through a bind mount reads as that path, or "/" once it is unmounted):
 * then only the kernel can tell (NS_GET_NSTYPE, Linux 4.11), and where it
 * cannot, the namespace is left out rather than guessed. */
static void add_held(struct scan *s, int type, uint64_t ino, int dirfd,
		     const char *path, char *holder)
{
	struct ns_node *n;
	int fd, kind = -1;

	fd = open_holder(s, dirfd, path, ino);
	if (fd >= 0)
		kind = ioctl(fd, NS_GET_NSTYPE);
	if (kind >= 0) {
		int t = nstype_index_by_flag(kind);

		if (type >= 0 && t != type)
			type = -1;	/* changed under us: not ours to name */
		else
			type = t;
	}
	if (type < 0 || !(s->types & (1u << type))) {
		if (fd >= 0)
			close(fd);
		free(holder);
		return;
	}
	n = ns_add(s->model, ino, type);
	n->holder = holder;
	if (fd >= 0) {
		query_ns(s, n, fd, 0);
		close(fd);
	}
}

/* Namespaces held open by the current process: a stat of each
 * /proc/PID/fd/N (no open) shows which are on nsfs; only a new one is
 * looked at further. */
static void scan_fds(struct scan *s)
{
	char link[64];
	ssize_t nread, len;
	struct stat st;
	uint64_t ino;
	int dfd, type;

	dfd = openat(s->proc_fd, proc_path(s, "fd"),
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	while ((nread = getdents64(dfd, s->fd_dents, FD_DENTS_SIZE)) > 0) {
		ssize_t off = 0;

		while (off < nread) {
			struct dirent64 *d = (struct dirent64 *)(s->fd_dents + off);

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			if (fstatat(dfd, d->d_name, &st, 0) < 0 ||
			    st.st_dev != s->nsfs_dev || ns_find(s->model, st.st_ino))
				continue;
			len = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
			link[len > 0 ? len : 0] = '\0';
			if (!parse_ns_link(link, &type, &ino) || ino != st.st_ino)
				type = -1;
			add_held(s, type, st.st_ino, dfd, d->d_name,
				 xasprintf("fd %s of pid %d", d->d_name, (int)s->pid));
		}
	}
	close(dfd);
}

/* Lines look like (proc(5)):
 *   36 35 0:4 net:[4026532177] /run/netns/blue rw shared:2 - nsfs nsfs rw
 * field 4 names the namespace, field 5 is where it is mounted, and the
 * file system type follows the lone "-". */
static void scan_mounts(struct scan *s)
{
	struct ns_node *n;
	char *buf, *line, *next, *field[32];
	size_t len;
	uint64_t ino;
	int nf, i, type;

	if (read_small_file(AT_FDCWD, "/proc/self/mountinfo", 256u << 20,
			    &buf, &len) < 0)
		return;	/* no mountinfo: no bind mounts to find */
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strstr(line, " - nsfs "))
			continue;
		nf = 0;
		for (char *tok = strtok(line, " "); tok && nf < (int)ARRAY_SIZE(field);
		     tok = strtok(NULL, " "))
			field[nf++] = tok;
		for (i = 6; i < nf - 1 && strcmp(field[i], "-") != 0; i++)
			;
		if (i >= nf - 1 || strcmp(field[i + 1], "nsfs") != 0 ||
		    !parse_ns_link(field[3], &type, &ino))
			continue;
		unescape_octal(field[4]);
		if (!ns_find(s->model, ino) && s->holders)
			add_held(s, type, ino, AT_FDCWD, field[4],
				 xasprintf("bind mount %s", field[4]));
		/* every bind mount of a namespace shown: lsns's NSFS */
		if ((n = ns_find(s->model, ino)) != NULL)
			ns_add_nsfs(n, field[4]);
	}
	free(buf);
}

/* ---- the walk over /proc ---- */

/* Count the current process in each namespace it has of s->types. */
static void scan_process(struct scan *s)
{
	struct ns_node *n;
	uint64_t ino;
	int t;

	for (t = 0; t < NS_COUNT; t++) {
		if (!(s->types & (1u << t)))
			continue;
		/* Every type asked for exists on this kernel (see
		 * scan_prepare), so a failure is about the process: hidden by
		 * the ptrace rules (EACCES), for all its types and its fds,
		 * or gone from this type (ENOENT): a zombie has left the
		 * namespaces of its nsproxy but is still in its pid and user
		 * namespaces, and is counted there, as lsns counts it. */
		if (read_ns_ino(s, t, &ino) < 0) {
			/* root is refused only a dying process's files */
			if ((errno == EACCES || errno == EPERM) && geteuid() != 0) {
				s->model->hidden++;
				return;
			}
			continue;
		}
		n = ns_find(s->model, ino);
		if (!n) {
			if (s->target_only)
				continue;
			n = add_from_process(s, t, ino);
		}
		n->nprocs++;
		if (!n->pid || s->pid < n->pid)
			represent(s, n);
	}
	if (s->holders)
		scan_fds(s);
}

static bool parse_pid(const char *name, pid_t *pid)
{
	uint64_t v;

	if (parse_decimal(name, INT32_MAX, &v) < 0 || v == 0)
		return false;
	*pid = (pid_t)v;
	return true;
}

static int scan_processes(struct scan *s)
{
	ssize_t nread;
	pid_t pid;

	if (lseek(s->proc_fd, 0, SEEK_SET) < 0)
		return fail_errno(errno, "cannot read '/proc'");
	while ((nread = getdents64(s->proc_fd, s->dents, DENTS_SIZE)) > 0) {
		ssize_t off = 0;

		while (off < nread) {
			struct dirent64 *d = (struct dirent64 *)(s->dents + off);

			off += d->d_reclen;
			if (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN)
				continue;
			if (!parse_pid(d->d_name, &pid))
				continue;
			process_begin(s, pid);
			scan_process(s);
		}
	}
	if (nread < 0)
		return fail_errno(errno, "cannot read '/proc'");
	return 0;
}

/* -t PID: its namespaces (and, through the relations, their ancestors)
 * are the only ones added; the walk then counts processes in them. */
static int scan_target(struct scan *s, pid_t pid)
{
	struct ns_node *n;
	uint64_t ino;
	int t;

	process_begin(s, pid);
	for (t = 0; t < NS_COUNT; t++) {
		if (!(s->types & (1u << t)))
			continue;
		if (read_ns_ino(s, t, &ino) < 0) {
			int e = errno;

			if (e == ENOENT || e == ESRCH)
				return fail("no process %d (or it is a zombie, "
					    "with no namespaces)", (int)pid);
			return fail_errno(e, "cannot read the namespaces of "
					  "process %d: %s", (int)pid,
					  quote(xasprintf("/proc/%d/%s", (int)pid,
							  ns_path[t])));
		}
		n = ns_find(s->model, ino);
		if (!n)
			n = add_from_process(s, t, ino);
		n->target = true;
	}
	return 0;
}

/* Keep the types this kernel has (/proc/self/ns/time is Linux 5.6), and
 * learn the nsfs device: an inode is a namespace only on it. */
static int scan_prepare(struct scan *s)
{
	struct stat st;
	unsigned int have = 0;
	int t;

	s->proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->proc_fd < 0)
		return fail_errno(errno, "cannot open '/proc'");
	for (t = 0; t < NS_COUNT; t++) {
		snprintf(s->path, sizeof(s->path), "self/%s", ns_path[t]);
		if (fstatat(s->proc_fd, s->path, &st, 0) < 0)
			continue;
		s->nsfs_dev = st.st_dev;
		have |= 1u << t;
	}
	if (!have)
		return fail("cannot see any namespace in '/proc/self/ns': is "
			    "/proc mounted?");
	s->types &= have;
	s->dents = xcalloc(1, DENTS_SIZE);
	s->fd_dents = xcalloc(1, FD_DENTS_SIZE);
	return 0;
}

/* What each process is asked.  --tree=user always needs the user
 * namespaces (the tree is drawn of them), --dot their ownership edges;
 * --type narrows the rest. */
static unsigned int scan_types(const struct options *opt)
{
	unsigned int all = (1u << NS_COUNT) - 1, types;

	switch (opt->tree) {
	case TREE_USER:
		return 1u << NS_USER | opt->list_types;
	case TREE_PID:
		return 1u << NS_PID;
	case TREE_NONE:
		break;
	}
	types = opt->list_types ? opt->list_types : all;
	if (opt->dot)
		types |= 1u << NS_USER;
	return types;
}

/* --tree=pid draws pid namespaces, which nothing but a pid namespace can
 * nest in: --type=net with it is a mistake, said as such.  --tree=user
 * with --type=T draws the user tree and hangs under each user namespace
 * the namespaces of type T it owns (see list_render.c). */
int scan_namespaces(const struct options *opt, unsigned int wants,
		    struct ns_model *m)
{
	struct scan s;
	int r = -1, t;

	if (opt->tree == TREE_PID && (opt->list_types & ~(1u << NS_PID))) {
		for (t = 0; !(opt->list_types & ~(1u << NS_PID) & (1u << t)); t++)
			;
		return fail("--tree=pid draws pid namespaces only: --type=%s "
			    "does not apply (try --tree=user --type=%s)",
			    nstypes[t].name, nstypes[t].name);
	}

	memset(&s, 0, sizeof(s));
	s.proc_fd = -1;
	s.rtnl = -1;
	s.model = m;
	s.types = scan_types(opt);
	s.wants = wants;
	s.target_only = opt->target_pid != 0;
	/* The target's namespaces all have a process in them: no holder
	 * can add one. */
	s.holders = !s.target_only;
	if (wants & WANT_NETNSID)
		s.rtnl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (scan_prepare(&s) < 0)
		goto out;
	for (t = 0; t < NS_COUNT; t++)
		if ((opt->list_types & (1u << t)) && !(s.types & (1u << t))) {
			fail("this kernel has no %s namespaces (no /proc/self/ns/%s)",
			     nstypes[t].name, nstypes[t].name);
			goto out;
		}
	if (s.target_only && scan_target(&s, opt->target_pid) < 0)
		goto out;
	if (scan_processes(&s) < 0)
		goto out;
	if (s.holders || (wants & WANT_NSFS))
		scan_mounts(&s);
	r = 0;
out:
	if (s.proc_fd >= 0)
		close(s.proc_fd);
	if (s.rtnl >= 0)
		close(s.rtnl);
	free(s.command);
	free(s.dents);
	free(s.fd_dents);
	return r;
}
