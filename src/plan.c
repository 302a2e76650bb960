/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * plan.c - decide, for each namespace type, whether it is joined, from
 * where, or why it is skipped.  Every namespace given as a file or an id is
 * opened and checked here, before anything is joined: a FIFO, a device, a
 * directory or a namespace of another type is an error now, never a hang or
 * a half-joined process later.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

static const char *file_kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFDIR: return "a directory";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	default: return "a regular file";
	}
}

static const char *type_name_of_flag(int flag)
{
	int i = nstype_index_by_flag(flag);

	return i >= 0 ? nstypes[i].name : "unknown";
}

/* fd is open on something nsfs: check it is a namespace of type idx. */
static int check_ns_type(int fd, int idx, const char *label)
{
	int type = ioctl(fd, NS_GET_NSTYPE);

	if (type < 0)	/* before Linux 4.11: trust the caller's option */
		return 0;
	if (type != nstypes[idx].flag)
		return fail("%s is a %s namespace, not a %s namespace (--%s)",
			    label, type_name_of_flag(type), nstypes[idx].name,
			    nstypes[idx].option);
	return 0;
}

/*
 * --net=NAME with no slash: a file NAME in the current directory (what
 * nsenter opens), or the "ip netns add NAME" bind mount /run/netns/NAME.
 * When both exist, the current directory may be anybody's (root in /tmp
 * would enter a user's symlink to their own namespace instead of the one
 * the admin named): refused, naming both.  Returns the path to open.
 */
static int netns_name(const char *path, const char **name, char **netns)
{
	struct stat st;
	bool here;

	*name = path;
	*netns = NULL;
	if (strchr(path, '/') || strcmp(path, ".") == 0 || strcmp(path, "..") == 0)
		return 0;
	here = fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
	*netns = xasprintf("/run/netns/%s", path);
	if (fstatat(AT_FDCWD, *netns, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		free(*netns);
		*netns = NULL;
		return 0;	/* nsenter's meaning: the file NAME */
	}
	if (here) {
		char *mine = xasprintf("./%s", path);

		fail("--net=%s is ambiguous: both %s and %s exist; give the one you "
		     "mean with a slash (--net=%s or --net=%s)", quote(path),
		     quote(mine), quote(*netns), quote(mine), quote(*netns));
		free(mine);
		return -1;
	}
	*name = *netns;
	return 0;
}

/*
 * Open a namespace file named by the user.  O_PATH first: opening a FIFO for
 * reading would block, and opening a device can have side effects.  Only
 * once fstatfs() says nsfs is the file reopened for real through
 * /proc/self/fd (setns() and the ioctls need a real open file).
 */
static int open_ns_path(int idx, const char *path, struct ns_entry *e)
{
	const char *name = path;
	char *netns = NULL, self[48];
	struct statfs sfs;
	struct stat st;
	int pfd, fd;

	if (idx == NS_NET && netns_name(path, &name, &netns) < 0)
		return -1;
	pfd = open(name, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return fail_errno(errno, "cannot open %s for --%s", quote(name),
				  nstypes[idx].option);
	own_fd(pfd);
	if (fstatfs(pfd, &sfs) < 0)
		return fail_errno(errno, "cannot stat %s", quote(name));
	if (sfs.f_type != NSFS_MAGIC) {
		if (fstat(pfd, &st) < 0)
			return fail_errno(errno, "cannot stat %s", quote(name));
		return fail("%s is not a namespace file (it is %s): --%s needs a "
			    "/proc/<pid>/ns/%s file or a bind mount of one",
			    quote(name), file_kind(st.st_mode), nstypes[idx].option,
			    nstypes[idx].name);
	}
	/* O_PATH ran no open handler of a device; now that it is nsfs, a
	 * real open (setns and ioctl need one) */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	close_own_later(&pfd);
	if (fd < 0)
		return fail_errno(errno, "cannot open %s", quote(name));
	own_fd(fd);
	e->fd = fd;
	e->label = xasprintf("%s", quote(name));
	e->source = xasprintf("%s", name);
	free(netns);
	return check_ns_type(fd, idx, e->label);
}

/* Does fd name the namespace with this id?  -1 if the kernel has no ids. */
static int ns_has_id(int fd, uint64_t nsid)
{
	uint64_t id = 0;

	if (ioctl(fd, NS_GET_ID, &id) < 0)
		return -1;
	return id == nsid;
}

/* The id search below: each candidate is opened once per inode. */
struct id_search {
	uint64_t nsid;
	ino_t *seen;
	size_t nseen, cap;
	bool no_ids;		/* the kernel has no NS_GET_ID: stop */
	int fd;			/* the match */
};

static int try_candidate(void *ctx, int dirfd, const char *dir, const char *path,
			 pid_t pid)
{
	struct id_search *s = ctx;
	struct stat st;
	size_t i;
	int fd, r;

	(void)dir;
	(void)pid;
	if (fstatat(dirfd, path, &st, 0) < 0)
		return 0;
	for (i = 0; i < s->nseen; i++)
		if (s->seen[i] == st.st_ino)
			return 0;
	if (s->nseen < s->cap)
		s->seen[s->nseen++] = st.st_ino;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	r = ns_has_id(fd, s->nsid);
	if (r == 1) {
		s->fd = fd;
		return 1;
	}
	close(fd);
	if (r < 0)
		s->no_ids = true;
	return s->no_ids;
}

/* Kernels before the id-only handles (6.18 wants the inode too): look the
 * id up among the namespaces of every process, and of /run/netns. */
static int find_ns_by_id(int idx, uint64_t nsid, bool *no_ids)
{
	struct id_search s = { nsid, NULL, 0, 4096, false, -1 };

	s.seen = xcalloc(s.cap, sizeof(*s.seen));
	ns_walk(idx, try_candidate, &s);
	free(s.seen);
	*no_ids = s.no_ids;
	return s.fd;
}

/*
 * Open a namespace by its 64-bit id (NS_GET_ID, as --list prints it).
 * Newer kernels open a hand-made nsfs file handle {id, 0, 0} relative to
 * FD_NSFS_ROOT; others are searched.  Probed at run time, not at build
 * time: the headers of the build host say nothing about the kernel it runs
 * on.
 */
static int open_ns_id(int idx, uint64_t nsid, struct ns_entry *e)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + sizeof(struct nsj_nsfs_file_handle)];
	} h;
	struct nsj_nsfs_file_handle nfh = { .ns_id = nsid };
	bool no_ids = false;
	int fd;

	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = sizeof(nfh);
	h.fh.handle_type = NSJ_FILEID_NSFS;
	memcpy(h.fh.f_handle, &nfh, sizeof(nfh));

	e->label = xasprintf("namespace id %ju", (uintmax_t)nsid);
	e->source = xasprintf("id %ju", (uintmax_t)nsid);
	fd = open_by_handle_at(NSJ_FD_NSFS_ROOT, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != EPERM)
		fd = find_ns_by_id(idx, nsid, &no_ids);
	if (fd < 0) {
		if (errno == EPERM)
			return fail_errno(EPERM, "cannot open %s for --%s", e->label,
					  nstypes[idx].option);
		if (no_ids)
			return fail("cannot open %s for --%s: this kernel has no "
				    "namespace ids (NS_GET_ID)", e->label,
				    nstypes[idx].option);
		return fail("cannot open %s for --%s: no %s namespace has this id",
			    e->label, nstypes[idx].option, nstypes[idx].name);
	}
	own_fd(fd);
	e->fd = fd;
	return check_ns_type(fd, idx, e->label);
}

/* Is the user namespace of the target, or of fd, our own?  setns() into
 * one's own user namespace is EINVAL; we skip it instead (nsenter -a does,
 * and -U on a target in our user namespace is no error either).  1 yes,
 * 0 no or unknown (the join will say), -1 after a message. */
static int is_own_user_ns(struct target *t, int fd)
{
	struct stat self, other;
	int r, dir;

	if (stat("/proc/self/ns/user", &self) < 0)
		return 0;
	if (fd < 0) {
		fd = target_pidfd_ns(t, NS_USER);
		own_fd(fd);	/* closed with the others, at once */
	}
	if (fd >= 0) {
		r = fstat(fd, &other);
	} else {
		dir = target_dir(t);
		if (dir < 0)
			return -1;
		r = fstatat(dir, "ns/user", &other, 0);
	}
	return r == 0 && self.st_dev == other.st_dev && self.st_ino == other.st_ino;
}

/* Open the target's namespace file of entry idx now (/proc/PID/ns/<type>,
 * through the pinned /proc/PID): when no pidfd can join it, and for the
 * facts --show prints.  An --all entry whose type this kernel lacks is
 * skipped. */
int plan_entry_open(struct join_plan *plan, int idx)
{
	struct ns_entry *e = &plan->ns[idx];
	int fd = target_ns_open(plan->target, idx);

	if (fd >= 0) {
		e->fd = fd;
		return 0;
	}
	if (errno == 0)		/* the target is gone: said */
		return -1;
	if (errno == ENOENT && e->optional) {
		e->action = ACT_SKIP;
		e->skip_reason = "this kernel has no such namespace";
		return 0;
	}
	if (errno == EACCES || errno == EPERM)
		return fail("cannot open %s: %s (opening another process's "
			    "namespaces needs the right to ptrace it: the "
			    "same user, or CAP_SYS_PTRACE)", e->label,
			    strerror(errno));
	return fail_errno(errno, "cannot open %s", e->label);
}

static int plan_net_socket(const struct options *opt, struct target *t,
			   struct join_plan *plan)
{
	struct ns_entry *e = &plan->ns[NS_NET];
	struct stat st;
	int pidfd = t->pidfd, sk, fd;

	if (!t->pid)
		return fail("--net-socket needs --target");
	if (pidfd < 0)
		return fail("--net-socket needs pidfd_getfd(), which this kernel "
			    "or its seccomp policy does not allow");
	sk = nsj_pidfd_getfd(pidfd, opt->net_socket);
	if (sk < 0)
		return fail_errno(errno, "cannot get file descriptor %d of process %d",
				  opt->net_socket, (int)t->pid);
	if (fstat(sk, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		close(sk);
		return fail("file descriptor %d of process %d is not a socket",
			    opt->net_socket, (int)t->pid);
	}
	fd = ioctl(sk, SIOCGSKNS);
	close(sk);
	if (fd < 0)
		return fail_errno(errno, "cannot get the network namespace of socket %d of process %d",
				  opt->net_socket, (int)t->pid);
	close_own(&e->fd);
	own_fd(fd);
	e->fd = fd;
	e->from_target = false;
	e->action = ACT_JOIN;
	e->label = xasprintf("socket %d of process %d", opt->net_socket, (int)t->pid);
	e->source = e->label;
	return 0;
}

static int plan_user_parent(struct target *t, struct join_plan *plan)
{
	struct ns_entry *e = &plan->ns[NS_USER];
	char *label;
	int fd;

	if (e->fd < 0) {
		if (!t->pid)
			return fail("--user-parent needs --target or --user=FILE");
		if (!e->label) {
			e->source = xasprintf("/proc/%d/ns/user", (int)t->pid);
			e->label = xasprintf("'%s'", e->source);
		}
		if (plan_entry_open(plan, NS_USER) < 0)
			return -1;
	}
	fd = ioctl(e->fd, NS_GET_USERNS);
	if (fd < 0)
		return fail_errno(errno, "cannot get the parent of the user namespace %s",
				  e->label);
	label = xasprintf("parent of the user namespace %s", e->label);
	e->source = xasprintf("parent of %s", e->source);
	close_own(&e->fd);
	own_fd(fd);
	e->fd = fd;
	e->from_target = false;
	e->label = label;
	e->action = ACT_JOIN;
	return 0;
}

/* The letters of every namespace option, "-m -u -i -n -p -C -U -T". */
static char *all_letters(void)
{
	char *s = xasprintf("%s", ""), *t;
	int i;

	for (i = NS_COUNT - 1; i >= 0; i--) {
		t = xasprintf("-%c%s%s", nstypes[i].letter, *s ? " " : "", s);
		free(s);
		s = t;
	}
	return s;
}

/* A target and nothing to enter: say what would. */
static int no_namespace(const struct target *t)
{
	char *letters = all_letters();

	if (t->pid)
		fail_usage("no namespace specified: give -a to enter every namespace of "
			   "process %d, or the types to enter (%s)", (int)t->pid, letters);
	else
		fail_usage("no namespace specified: give --target PID with -a or the types "
			   "to enter (%s), or a namespace file (--net=FILE)", letters);
	free(letters);
	return -1;
}

/* -n without a target.  "-n blue" means "the target's net namespace, then
 * run blue": when blue names a namespace (an ip netns name or a file),
 * the user meant --net=blue. */
static int no_target(const struct options *opt, int idx)
{
	const char *word = opt->argc > 0 ? opt->argv[0] : NULL;
	char *netns = word ? xasprintf("/run/netns/%s", word) : NULL;
	struct statfs sfs;
	const char *what = NULL;

	if (word && !strchr(word, '/') && idx == NS_NET && statfs(netns, &sfs) == 0 &&
	    sfs.f_type == NSFS_MAGIC)
		what = "an ip netns name";
	else if (word && statfs(word, &sfs) == 0 && sfs.f_type == NSFS_MAGIC)
		what = "a namespace file";
	free(netns);
	if (what)
		return fail("no target PID specified for --%s; %s is %s: give it attached, "
			    "--%s=%s (-%c %s means the target's namespace, then run %s)",
			    nstypes[idx].option, quote(word), what, nstypes[idx].option,
			    quote(word), nstypes[idx].letter, quote(word), quote(word));
	return fail("no target PID specified for --%s", nstypes[idx].option);
}

static bool changes_something(const struct options *opt)
{
	return opt->root_set || opt->wd_set || opt->wdns || opt->env ||
	       opt->join_cgroup || opt->uid_mode != ID_KEEP ||
	       opt->gid_mode != ID_KEEP || opt->caps || opt->no_new_privs ||
	       opt->follow_context;
}

int plan_build(const struct options *opt, struct target *t,
	       struct join_plan *plan)
{
	int i, own, wanted = 0;

	memset(plan, 0, sizeof(*plan));
	plan->target = t;
	for (i = 0; i < NS_COUNT; i++)
		plan->ns[i].fd = -1;

	if (opt->all && !t->pid)
		return fail("--all needs --target");

	for (i = 0; i < NS_COUNT; i++) {
		const struct ns_request *req = &opt->ns[i];
		struct ns_entry *e = &plan->ns[i];
		enum ns_source src = req->source;

		if (src == SRC_NONE && opt->all) {
			/* --all: what the kernel lacks, and our own user
			 * namespace, are skipped silently.  What the kernel
			 * lacks shows when its /proc/PID/ns file is missing:
			 * no need to list /proc/self/ns on every run. */
			e->optional = true;
			src = SRC_TARGET;
		}
		if (src == SRC_NONE)
			continue;
		wanted++;
		e->action = ACT_JOIN;
		if (src == SRC_FILE) {
			if (open_ns_path(i, req->path, e) < 0)
				return -1;
		} else if (src == SRC_NSID) {
			if (open_ns_id(i, req->nsid, e) < 0)
				return -1;
		} else if (src == SRC_FD) {
			e->fd = req->fd;
			e->source = xasprintf("%s", req->path);
			e->label = xasprintf("%s", req->path);
			if (check_ns_type(e->fd, i, e->label) < 0)
				return -1;
		} else {
			if (!t->pid)
				return no_target(opt, i);
			e->from_target = true;
			/* no malloc on the common path: the label of a
			 * target's namespace fits in the entry */
			snprintf(e->proc_path, sizeof(e->proc_path), "/proc/%d/ns/%s",
				 (int)t->pid, nstypes[i].name);
			snprintf(e->proc_label, sizeof(e->proc_label), "'%s'",
				 e->proc_path);
			e->label = e->proc_label;
			e->source = e->proc_path;
			if (t->pidfd < 0 && plan_entry_open(plan, i) < 0)
				return -1;
		}
		if (i == NS_USER && !opt->user_parent &&
		    (own = is_own_user_ns(t, e->fd)) != 0) {
			if (own < 0)
				return -1;
			e->action = ACT_SKIP;
			e->skip_reason = "already in this user namespace";
			close_own(&e->fd);
		}
	}

	if (opt->user_parent) {
		wanted++;
		if (plan_user_parent(t, plan) < 0)
			return -1;
		own = is_own_user_ns(t, plan->ns[NS_USER].fd);
		if (own < 0)
			return -1;
		if (own) {
			plan->ns[NS_USER].action = ACT_SKIP;
			plan->ns[NS_USER].skip_reason = "already in this user namespace";
			close_own(&plan->ns[NS_USER].fd);
		}
	}
	if (opt->net_socket >= 0) {
		wanted++;
		if (plan_net_socket(opt, t, plan) < 0)
			return -1;
	}

	/* A target with nothing to do would silently run the program on the
	 * host: a forgotten -n.  util-linux 2.41 refuses too.  -r or -w alone
	 * still run: scripts chroot into a target's root that way. */
	if (!wanted && !changes_something(opt))
		return no_namespace(t);

	/* "ip netns exec" mounts the host's /etc/netns/NAME in a copy of the
	 * caller's mount namespace: never in one of the target's */
	if (opt->ip_netns && plan->ns[NS_MNT].action == ACT_JOIN)
		return fail("--ip-netns needs the caller's mount namespace: it cannot "
			    "be combined with --mount or --all");
	plan->enters_user = plan->ns[NS_USER].action == ACT_JOIN;
	plan->enters_pid = plan->ns[NS_PID].action == ACT_JOIN;
	return 0;
}

