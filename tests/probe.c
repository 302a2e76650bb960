/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * probe - print exact facts about the current process, for the test suite.
 *
 *   probe FACT [FACT...]
 *
 * Each fact prints one line (envall prints several), in order, flushed at
 * once so that partial output is visible.  The probe is linked statically so
 * that it runs in any mount namespace or root directory.  It depends on
 * nothing but libc and opens nothing it does not close again, so "fds" shows
 * exactly what the caller passed.
 *
 * Facts:
 *   ns:TYPE      inode of /proc/self/ns/TYPE, or "none"
 *   nsall        "cgroup:N ipc:N ... uts:N" (types the kernel lacks omitted)
 *   uid gid      "R E S" (getresuid / getresgid)
 *   groups       supplementary gids, space-separated, in getgroups order
 *   cwd          getcwd(), or "unreachable"
 *   cwdid        "DEV:INO" of the cwd, whatever path reaches it
 *   root         readlink /proc/self/root
 *   fds          sorted open fd numbers
 *   caps         "eff=HEX prm=HEX inh=HEX amb=HEX bnd=HEX"
 *   pid ppid pgrp sid tpgid
 *   dumpable nnp prctl(PR_GET_DUMPABLE) / prctl(PR_GET_NO_NEW_PRIVS)
 *   env:NAME     value, or "(unset)"
 *   envall       every environment entry, one per line, then "--end--"
 *   stdin stdout stderr   "DEV:INO" of that fd, or "closed"
 *   sigign sigblk         SigIgn / SigBlk of /proc/self/status
 *   hostname     gethostname()
 *   cgroup       the "0::..." line of /proc/self/cgroup, or "none"
 *   argv0        argv[0]
 *   read         one line read from stdin ("(eof)" at end of file)
 *   sleep:N      sleep N seconds
 *   exit:N       exit with status N
 *   kill:N       raise signal N with its default action; exit 99 if alive
 *   sigcount:LOG append "ready" to LOG, then one line per SIGINT or SIGUSR1
 *                delivered, "int|usr1 kernel|user" (SI_KERNEL: from the
 *                terminal); each handler run naps 0.2 s with every signal
 *                blocked, so one sent meanwhile waits and is logged after
 *                it (pending ones lowest number first).  Never returns;
 *                SIGALRM ends it after 60 s, so it never outlives a test.
 *
 * An unknown fact or a bad number: message on stderr, exit 2.
 */
#define _GNU_SOURCE 1

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *const ns_types[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
	"time", "time_for_children", "user", "uts",
};

static const char *progname = "probe";

static void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* Strictly parse a non-negative decimal number no larger than max. */
static long parse_num(const char *s, long max, const char *fact)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		die(2, "bad number in fact '%s'", fact);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > max)
		die(2, "bad number in fact '%s'", fact);
	return v;
}

/* Inode of /proc/self/ns/TYPE; 0 with errno set on failure. */
static ino_t ns_inode(const char *type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	if (stat(path, &st) < 0)
		return 0;
	return st.st_ino;
}

static void fact_ns(const char *type)
{
	ino_t ino = ns_inode(type);

	if (ino == 0 && errno != ENOENT)
		printf("error:%s\n", strerror(errno));
	else if (ino == 0)
		printf("none\n");
	else
		printf("%ju\n", (uintmax_t)ino);
}

static void fact_nsall(void)
{
	const char *sep = "";

	for (size_t i = 0; i < sizeof(ns_types) / sizeof(ns_types[0]); i++) {
		ino_t ino = ns_inode(ns_types[i]);

		if (ino == 0)
			continue;
		printf("%s%s:%ju", sep, ns_types[i], (uintmax_t)ino);
		sep = " ";
	}
	printf("\n");
}

static void fact_groups(void)
{
	int n = getgroups(0, NULL);
	gid_t *g;

	if (n < 0)
		die(3, "getgroups: %s", strerror(errno));
	g = calloc((size_t)n + 1, sizeof(*g));
	if (g == NULL)
		die(3, "%s", "out of memory");
	n = getgroups(n, g);
	if (n < 0)
		die(3, "getgroups: %s", strerror(errno));
	for (int i = 0; i < n; i++)
		printf("%s%ju", i ? " " : "", (uintmax_t)g[i]);
	printf("\n");
	free(g);
}

static void fact_cwd(void)
{
	char buf[PATH_MAX + 1];

	/* glibc fails with ENOENT for a cwd outside our root; older C libraries
	 * return the kernel's "(unreachable)/..." string instead. */
	if (getcwd(buf, sizeof(buf)) == NULL || buf[0] != '/')
		printf("unreachable\n");
	else
		printf("%s\n", buf);
}

/* The directory itself, whatever path reaches it: "DEV:INO" of ".". */
static void fact_cwdid(void)
{
	struct stat st;

	if (stat(".", &st) < 0)
		die(3, "stat .: %s", strerror(errno));
	printf("%ju:%ju\n", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
}

static void fact_root(void)
{
	char buf[PATH_MAX + 1];
	ssize_t n = readlink("/proc/self/root", buf, sizeof(buf) - 1);

	if (n < 0)
		die(3, "readlink /proc/self/root: %s", strerror(errno));
	buf[n] = '\0';
	printf("%s\n", buf);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void fact_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int *fds = NULL;
	size_t n = 0, cap = 0;
	int self;

	if (d == NULL)
		die(3, "opendir /proc/self/fd: %s", strerror(errno));
	self = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		fd = atoi(e->d_name);
		if (fd == self)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			fds = realloc(fds, cap * sizeof(*fds));
			if (fds == NULL)
				die(3, "%s", "out of memory");
		}
		fds[n++] = fd;
	}
	closedir(d);
	if (n > 0)
		qsort(fds, n, sizeof(*fds), cmp_int);
	for (size_t i = 0; i < n; i++)
		printf("%s%d", i ? " " : "", fds[i]);
	printf("\n");
	free(fds);
}

/* Copy the value of "Key:\tvalue" from /proc/self/status into out. */
static int status_field(const char *key, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[512];
	size_t klen = strlen(key);
	int found = 0;

	if (f == NULL)
		die(3, "open /proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *v;

		if (strncmp(line, key, klen) != 0 || line[klen] != ':')
			continue;
		v = line + klen + 1;
		v += strspn(v, " \t");
		v[strcspn(v, "\n")] = '\0';
		snprintf(out, outlen, "%s", v);
		found = 1;
		break;
	}
	fclose(f);
	return found;
}

static void print_status_field(const char *key)
{
	char v[128];

	printf("%s\n", status_field(key, v, sizeof(v)) ? v : "none");
}

static void fact_caps(void)
{
	static const char *const keys[][2] = {
		{ "eff", "CapEff" }, { "prm", "CapPrm" }, { "inh", "CapInh" },
		{ "amb", "CapAmb" }, { "bnd", "CapBnd" },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char v[128];

		if (!status_field(keys[i][1], v, sizeof(v)))
			snprintf(v, sizeof(v), "none");
		printf("%s%s=%s", i ? " " : "", keys[i][0], v);
	}
	printf("\n");
}

static void fact_env(const char *name)
{
	const char *v = getenv(name);

	printf("%s\n", v ? v : "(unset)");
}

static void fact_envall(void)
{
	for (char **e = environ; e != NULL && *e != NULL; e++)
		printf("%s\n", *e);
	printf("--end--\n");
}

static void fact_stdfd(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		printf("closed\n");
	else
		printf("%ju:%ju\n", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
}

static void fact_hostname(void)
{
	char buf[HOST_NAME_MAX + 2];

	if (gethostname(buf, sizeof(buf) - 1) < 0)
		die(3, "gethostname: %s", strerror(errno));
	buf[sizeof(buf) - 1] = '\0';
	printf("%s\n", buf);
}

static void fact_cgroup(void)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char *line = NULL;
	size_t len = 0;
	int found = 0;

	if (f != NULL) {
		while (getline(&line, &len, f) > 0) {
			if (strncmp(line, "0::", 3) == 0) {
				line[strcspn(line, "\n")] = '\0';
				printf("%s\n", line);
				found = 1;
				break;
			}
		}
		fclose(f);
		free(line);
	}
	if (!found)
		printf("none\n");
}

/* One line from fd 0, read a byte at a time so that nothing after the line
 * is consumed (the rest of stdin stays for whoever reads next). */
static void fact_read(void)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int got = 0;

	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got = 1;
		if (c == '\n')
			break;
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 256;
			buf = realloc(buf, cap);
			if (buf == NULL)
				die(3, "%s", "out of memory");
		}
		buf[n++] = c;
	}
	if (!got) {
		printf("(eof)\n");
		return;
	}
	fwrite(buf, 1, n, stdout);
	printf("\n");
	free(buf);
}

static void fact_sleep(long secs)
{
	struct timespec ts = { .tv_sec = secs, .tv_nsec = 0 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void fact_kill(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	fflush(stdout);
	raise(sig);
	exit(99);
}

static int sigcount_fd = -1;

static void on_counted_signal(int sig, siginfo_t *si, void *uctx)
{
	char line[32];
	struct timespec nap = { 0, 200000000 };
	int n = snprintf(line, sizeof(line), "%s %s\n",
			 sig == SIGINT ? "int" : "usr1",
			 si->si_code == SI_KERNEL ? "kernel" : "user");

	(void)uctx;
	if (write(sigcount_fd, line, (size_t)n) != n)
		_exit(3);
	nanosleep(&nap, NULL);
}

static void fact_sigcount(const char *log)
{
	struct sigaction sa;

	sigcount_fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (sigcount_fd < 0)
		die(3, "%s: %s", log, strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_counted_signal;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	alarm(60);
	if (write(sigcount_fd, "ready\n", 6) != 6)
		die(3, "%s: %s", log, strerror(errno));
	for (;;)
		pause();
}

static void fact(const char *f, const char *argv0)
{
	if (strncmp(f, "ns:", 3) == 0)
		fact_ns(f + 3);
	else if (strcmp(f, "nsall") == 0)
		fact_nsall();
	else if (strcmp(f, "uid") == 0) {
		uid_t r, e, s;

		if (getresuid(&r, &e, &s) < 0)
			die(3, "getresuid: %s", strerror(errno));
		printf("%ju %ju %ju\n", (uintmax_t)r, (uintmax_t)e, (uintmax_t)s);
	} else if (strcmp(f, "gid") == 0) {
		gid_t r, e, s;

		if (getresgid(&r, &e, &s) < 0)
			die(3, "getresgid: %s", strerror(errno));
		printf("%ju %ju %ju\n", (uintmax_t)r, (uintmax_t)e, (uintmax_t)s);
	} else if (strcmp(f, "groups") == 0)
		fact_groups();
	else if (strcmp(f, "cwd") == 0)
		fact_cwd();
	else if (strcmp(f, "cwdid") == 0)
		fact_cwdid();
	else if (strcmp(f, "root") == 0)
		fact_root();
	else if (strcmp(f, "fds") == 0)
		fact_fds();
	else if (strcmp(f, "caps") == 0)
		fact_caps();
	else if (strcmp(f, "pid") == 0)
		printf("%ld\n", (long)getpid());
	else if (strcmp(f, "ppid") == 0)
		printf("%ld\n", (long)getppid());
	else if (strcmp(f, "pgrp") == 0)
		printf("%ld\n", (long)getpgrp());
	else if (strcmp(f, "sid") == 0)
		printf("%ld\n", (long)getsid(0));
	else if (strcmp(f, "tpgid") == 0)
		printf("%ld\n", (long)tcgetpgrp(0));
	else if (strcmp(f, "dumpable") == 0)
		printf("%d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	else if (strcmp(f, "nnp") == 0)
		printf("%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	else if (strncmp(f, "env:", 4) == 0)
		fact_env(f + 4);
	else if (strcmp(f, "envall") == 0)
		fact_envall();
	else if (strcmp(f, "stdin") == 0)
		fact_stdfd(0);
	else if (strcmp(f, "stdout") == 0)
		fact_stdfd(1);
	else if (strcmp(f, "stderr") == 0)
		fact_stdfd(2);
	else if (strcmp(f, "sigign") == 0)
		print_status_field("SigIgn");
	else if (strcmp(f, "sigblk") == 0)
		print_status_field("SigBlk");
	else if (strcmp(f, "hostname") == 0)
		fact_hostname();
	else if (strcmp(f, "cgroup") == 0)
		fact_cgroup();
	else if (strcmp(f, "argv0") == 0)
		printf("%s\n", argv0 ? argv0 : "(null)");
	else if (strcmp(f, "read") == 0)
		fact_read();
	else if (strncmp(f, "sleep:", 6) == 0)
		fact_sleep(parse_num(f + 6, INT_MAX, f));
	else if (strncmp(f, "exit:", 5) == 0) {
		int status = (int)parse_num(f + 5, 255, f);

		fflush(stdout);
		exit(status);
	} else if (strncmp(f, "kill:", 5) == 0)
		fact_kill((int)parse_num(f + 5, 64, f));
	else if (strncmp(f, "sigcount:", 9) == 0)
		fact_sigcount(f + 9);
	else
		die(2, "unknown fact '%s'", f);
}

int main(int argc, char **argv)
{
	/* argc may be 0 when the caller execs us with an empty argv. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: probe FACT [FACT...]\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		fact(argv[i], argv[0]);
		if (fflush(stdout) != 0)
			die(3, "write error: %s", strerror(errno));
	}
	return 0;
}
