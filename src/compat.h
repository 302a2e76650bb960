/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * compat.h - system call wrappers and constants that older C libraries or
 * kernel headers lack.  Everything here is probed at run time by the callers:
 * a missing system call answers ENOSYS and the caller takes its fallback.
 */
#ifndef NSJOIN_COMPAT_H
#define NSJOIN_COMPAT_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
# define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
# define CLONE_NEWCGROUP 0x02000000
#endif

#ifndef NSFS_MAGIC
# define NSFS_MAGIC 0x6e736673
#endif
#ifndef CGROUP2_SUPER_MAGIC
# define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* linux/nsfs.h: the ioctls on namespace files. */
#define NSJ_NSIO 0xb7
#ifndef NS_GET_USERNS
# define NS_GET_USERNS _IO(NSJ_NSIO, 0x1)
#endif
#ifndef NS_GET_PARENT
# define NS_GET_PARENT _IO(NSJ_NSIO, 0x2)
#endif
#ifndef NS_GET_NSTYPE
# define NS_GET_NSTYPE _IO(NSJ_NSIO, 0x3)
#endif
#ifndef NS_GET_OWNER_UID
# define NS_GET_OWNER_UID _IO(NSJ_NSIO, 0x4)
#endif
#ifndef NS_GET_ID
# define NS_GET_ID _IOR(NSJ_NSIO, 13, uint64_t)
#endif

/* nsfs file handles (Linux 6.18): a namespace can be opened by its 64-bit
 * id with open_by_handle_at() relative to FD_NSFS_ROOT. */
#define NSJ_FD_NSFS_ROOT (-10003)
#define NSJ_FILEID_NSFS 0xf1
struct nsj_nsfs_file_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};

/* linux/pidfd.h (6.11): PIDFD_GET_<TYPE>_NAMESPACE opens a namespace of the
 * pidfd's process, numbered per type in the namespace table. */
#define NSJ_PIDFD_GET_NAMESPACE(nr) _IO(0xFF, (nr))

#ifndef SIOCGSKNS
# define SIOCGSKNS 0x894C
#endif

#ifndef __NR_pidfd_open
# define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
# define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_getfd
# define __NR_pidfd_getfd 438
#endif
#ifndef __NR_close_range
# define __NR_close_range 436
#endif
#ifndef __NR_openat2
# define __NR_openat2 437
#endif

/* linux/openat2.h (5.6) */
struct nsj_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#define NSJ_RESOLVE_NO_MAGICLINKS 0x02
#define NSJ_RESOLVE_IN_ROOT 0x10

static inline int nsj_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(__NR_pidfd_open, pid, flags);
}

static inline int nsj_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static inline int nsj_pidfd_getfd(int pidfd, int targetfd)
{
	return (int)syscall(__NR_pidfd_getfd, pidfd, targetfd, 0);
}

static inline int nsj_openat2(int dirfd, const char *path, struct nsj_open_how *how)
{
	return (int)syscall(__NR_openat2, dirfd, path, how, sizeof(*how));
}

static inline int nsj_close_range(unsigned int first, unsigned int last,
				  unsigned int flags)
{
	return (int)syscall(__NR_close_range, first, last, flags);
}

#endif /* NSJOIN_COMPAT_H */
