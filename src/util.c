/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * util.c - error recording, strict number parsing, quoting, and the
 * registry of nsjoin's own descriptors.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "nsjoin.h"

const char *progname = "nsjoin";

#ifdef __SANITIZE_ADDRESS__
/* Sanitizer builds (configure --enable-sanitizers): leaks at exit are by
 * design (nsjoin execs or exits), LeakSanitizer cannot stop a non-dumpable
 * process to look anyway, and the options must hold where the environment
 * is not read (setuid, sudo's env_reset).  Core dumps are the program's
 * business: ASan must not lower RLIMIT_CORE for it. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0:disable_coredump=0";
}
#endif

/* Called as "nsenter" (a link or a copy), we speak as nsenter: scripts and
 * people grep for the name they typed.  getprogname() (libbsd) is the base
 * name of argv[0], or "" when there is no argv[0] at all. */
void set_progname(void)
{
	const char *name = getprogname();

	if (name && strcmp(name, "nsenter") == 0)
		progname = "nsenter";
}

/* ---- errors: phases record, main() reports ---- */

static char *failure_msg;	/* allocated: a long path is never cut */
static int failure_status = 1;

static int vfail(int err, const char *fmt, va_list ap)
{
	char *msg = NULL;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	free(failure_msg);
	failure_msg = msg;
	if (err && msg) {
		if (asprintf(&failure_msg, "%s: %s", msg, strerror(err)) < 0)
			failure_msg = msg;
		else
			free(msg);
	}
	failure_status = 1;
	errno = err;
	return -1;
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(0, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A mistake in the command line: the message, then util-linux's
 * errtryhelp() line.  Always -1. */
int fail_usage(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fail("%s\nTry '%s --help' for more information.", msg ? msg : "usage error",
	     progname);
	free(msg);
	return -1;
}

/* The exit status of the recorded failure: 126/127 for exec errors. */
void fail_status(int status)
{
	failure_status = status;
}

void die(void)
{
	fprintf(stderr, "%s: %s\n", progname,
		failure_msg ? failure_msg : "out of memory");
	exit(failure_status);
}

/* ---- memory: out of memory is not worth a recovery path ---- */

static void __attribute__((noreturn)) out_of_memory(void)
{
	fprintf(stderr, "%s: out of memory\n", progname);
	exit(1);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	return s;
}

/* realloc() of n elements of size bytes, checked for overflow. */
void *xreallocarray(void *old, size_t n, size_t size)
{
	void *p = reallocarray(old, n ? n : 1, size);

	if (!p)
		out_of_memory();
	return p;
}

/* Room for element n of an array that grows one element at a time (n
 * elements so far; n + 1 for a list that keeps a NULL after them): the
 * capacity is implicit, 4 and then each power of two, so an append costs
 * O(1) on average and no capacity is stored next to the count. */
void *xgrow(void *v, size_t n, size_t size)
{
	if (v && (n < 4 || (n & (n - 1)) != 0))
		return v;
	return xreallocarray(v, n < 4 ? 4 : 2 * n, size);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		out_of_memory();
	return p;
}

/* ---- escaping: the one rule for every byte nsjoin prints that came from
 * a target or the host's state (HAZARDS.md 39): a comm, a command line, a
 * path, a netns or container name could otherwise forge a message line,
 * set a terminal's title, clear its screen or show a line backwards.  C0
 * and C1 controls (C1 also as UTF-8, U+0080 to U+009F: 0x9b alone is the
 * 8-bit CSI of terminals), DEL, the invisible format characters below and
 * bytes that are not UTF-8 are shown as \xNN; in JSON, controls and
 * format characters are \uNNNN and each byte of invalid UTF-8 the text
 * \xNN, so the string stays valid UTF-8 and no byte is lost. ---- */

/* The length of the valid UTF-8 sequence at s (1 for ASCII), or 0. */
size_t utf8_sequence(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong, surrogate and out-of-range forms */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* The code point of the valid UTF-8 sequence of n bytes at s. */
static uint32_t utf8_code(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t c = s[0] & lead_mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		c = c << 6 | (s[i] & 0x3f);
	return c;
}

struct code_range {
	uint32_t lo, hi;
};

static bool in_ranges(uint32_t c, const struct code_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c >= r[i].lo && c <= r[i].hi)
			return true;
	return false;
}

/* Invisible characters that change how a line reads: zero-width ones, the
 * bidirectional overrides and isolates (a command line shown backwards,
 * CVE-2021-42574's "Trojan Source"), the word joiner, the BOM.  escape()
 * shows them as their bytes, like controls. */
static const struct code_range format_chars[] = {
	{ 0x061c, 0x061c }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0xfeff, 0xfeff },
};

/* What wcwidth() answers for the text a terminal meets here, without a
 * locale (nsjoin loads none): 0 for combining marks, 2 for East Asian
 * wide and fullwidth forms and emoji, 1 otherwise. */
static const struct code_range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x0610, 0x061a },
	{ 0x064b, 0x065f }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f },
};
static const struct code_range double_width[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
	{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
	{ 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* The columns of the character at s (n bytes of valid UTF-8, or 1 byte). */
static size_t char_width(const char *s, size_t n)
{
	uint32_t c;

	if (n < 2)
		return 1;
	c = utf8_code((const unsigned char *)s, n);
	if (in_ranges(c, zero_width, ARRAY_SIZE(zero_width)))
		return 0;
	return in_ranges(c, double_width, ARRAY_SIZE(double_width)) ? 2 : 1;
}

/* The length of the character at s: its UTF-8 sequence, or 1 byte. */
static size_t char_len(const char *s)
{
	size_t n = utf8_sequence((const unsigned char *)s);

	return n ? n : 1;
}

/* The columns that len bytes of text take on a terminal (text that went
 * through escape(): ASCII and printable UTF-8; box-drawing characters are
 * one column each). */
size_t utf8_width(const char *s, size_t len)
{
	size_t w = 0, i = 0, n;

	while (i < len && s[i]) {
		n = char_len(s + i);
		w += char_width(s + i, n);
		i += n;
	}
	return w;
}

/* The bytes of s that fit in w columns, cut at a character boundary (a
 * zero-width mark stays with the character before it). */
size_t utf8_fit(const char *s, size_t w)
{
	size_t i = 0, cols = 0, n, cw;

	while (s[i]) {
		n = char_len(s + i);
		cw = char_width(s + i, n);
		if (cols + cw > w)
			break;
		cols += cw;
		i += n;
	}
	return i;
}

/* A control character at s: C0, DEL, or C1 encoded in UTF-8 (n bytes);
 * or an invisible character that changes how the line reads. */
static bool is_control(const unsigned char *s, size_t n)
{
	return (n == 1 && (s[0] < 0x20 || s[0] == 0x7f)) ||
	       (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) ||
	       (n >= 2 && in_ranges(utf8_code(s, n), format_chars, ARRAY_SIZE(format_chars)));
}

/* A byte as \xNN; inside a DOT or JSON string, whose reader takes one
 * level of backslashes, as \\xNN. */
static char *put_hex(char *o, unsigned char b, enum escape_style style)
{
	bool plain = style == ESC_TEXT || style == ESC_QUOTED;

	return o + sprintf(o, plain ? "\\x%02x" : "\\\\x%02x", b);
}

char *escape(const char *str, enum escape_style style)
{
	const unsigned char *s = (const unsigned char *)str;
	/* the longest form of a byte: \u0000 (JSON), then two quotes */
	char *out = xcalloc(strlen(str) * 6 + 3, 1), *o = out;

	if (style == ESC_QUOTED)
		*o++ = '\'';
	while (*s) {
		size_t n = utf8_sequence(s), i;

		if (n && is_control(s, n)) {
			if (style == ESC_JSON)
				o += sprintf(o, "\\u%04x", (unsigned)utf8_code(s, n));
			else
				for (i = 0; i < n; i++)
					o = put_hex(o, s[i], style);
		} else if (n == 0) {
			o = put_hex(o, *s, style);
			n = 1;
		} else if (*s == '\\' || (*s == '\'' && style == ESC_QUOTED) ||
			   (*s == '"' && (style == ESC_DOT || style == ESC_JSON))) {
			*o++ = '\\';
			*o++ = (char)*s;
		} else {
			memcpy(o, s, n);
			o += n;
		}
		s += n;
	}
	if (style == ESC_QUOTED)
		*o++ = '\'';
	*o = '\0';
	return out;
}

/* escape() into a ring of buffers: a message or a line uses a few at most. */
static const char *ring_escape(const char *s, enum escape_style style)
{
	static char *ring[8];
	static unsigned next;
	char *out = escape(s, style);

	free(ring[next % ARRAY_SIZE(ring)]);
	ring[next++ % ARRAY_SIZE(ring)] = out;
	return out;
}

/* 'text', for messages: a path is shown whole, between quotes. */
const char *quote(const char *s)
{
	return ring_escape(s, ESC_QUOTED);
}

/* text, for tables, headers and --show: no quotes. */
const char *safe_text(const char *s)
{
	return ring_escape(s ? s : "", ESC_TEXT);
}

/* A JSON string on stdout, or null. */
void json_string(const char *s)
{
	char *e;

	if (!s) {
		fputs("null", stdout);
		return;
	}
	e = escape(s, ESC_JSON);
	putchar('"');
	fputs(e, stdout);
	putchar('"');
	free(e);
}

/* ---- numbers: decimal digits only, no sign, no blanks, no base prefix,
 * no overflow.  strtoul() would accept " +5", "-1" (as ULONG_MAX) and
 * silently truncate into a 32-bit uid_t; this does none of that. ---- */

int parse_decimal(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Read a small /proc file whole, with a bound: a hostile target can make its
 * environ huge. */
int read_small_file(int dirfd, const char *path, size_t limit, char **buf,
		    size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	b = malloc(cap + 1);
	if (!b)
		out_of_memory();
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap >= limit) {
				free(b);
				close(fd);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			if (cap > limit)
				cap = limit;
			b = realloc(b, cap + 1);
			if (!b)
				out_of_memory();
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(b);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* fd 0, 1 or 2 closed by the caller: fill the gap with /dev/null, or the
 * first file we open would become the program's stdin or stdout.  One
 * poll() tells which are closed (POLLNVAL). */
void stdio_sanitize(void)
{
	struct pollfd p[3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 2, 0, 0 } };
	int fd;

	if (poll(p, 3, 0) < 0)
		abort();	/* nothing to report on */
	for (fd = 0; fd <= 2; fd++) {
		if (p[fd].revents & POLLNVAL) {
			/* the lowest free fd is this one */
			int n = open("/dev/null", O_RDWR | O_NOCTTY);

			if (n != fd)
				abort();
		}
	}
}

/* The util-linux contract: output errors (--help > /dev/full) are reported. */
int close_stdout(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		int e = errno ? errno : EIO;

		if (e == EPIPE)
			return 0;
		return fail_errno(e, "write error");
	}
	return 0;
}

/* The name and shell of uid, from /etc/passwd itself with fgetpwent(): no
 * NSS module is loaded.  A static nsjoin must not load one (glibc would
 * dlopen a shared module into a static process: it crashed with
 * libnss_systemd), and nsswitch.conf should not choose code that runs as
 * root before we join anything.  Users only LDAP or sssd knows get no name
 * and the default shell.  Returns 0 when found; the strings are allocated. */
int passwd_entry(uid_t uid, char **name, char **shell)
{
	FILE *f = fopen("/etc/passwd", "re");
	struct passwd *pw;
	int r = -1;

	if (!f)
		return -1;
	while ((pw = fgetpwent(f))) {
		if (pw->pw_uid != uid)
			continue;
		if (name)
			*name = xasprintf("%s", pw->pw_name ? pw->pw_name : "");
		if (shell)
			*shell = xasprintf("%s", pw->pw_shell ? pw->pw_shell : "");
		r = 0;
		break;
	}
	fclose(f);
	return r;
}
