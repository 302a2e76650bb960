#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 90-hazards: the lines of HAZARDS.md that no other file tests (13, 16, 17,
# 18, 19, and 30's fork window) and the parts of 1, 5, 9, 11, 25, 28, 30,
# 31 and 32 the others leave out, by fault injection (strace -e inject:
# seccomp's ENOSYS/EPERM, an old kernel, a target dying at a chosen system
# call, a call that fakes success, a delayed execve or kill), races and
# hostile targets.  Each injection test also checks in the strace log that
# the fault happened.
#
# Coverage of HAZARDS.md, line by line: the tests that cover each line
# (file: "test name"), in every tests/*.bats file.  The first test below
# checks the map: every hazard from 1 on has a test, and every test it
# names exists under that name.
#
#  1 -t with a bad value
#    10-cli: "-t rejects '', 0, -1, +5, ' 5', 5x, 0x10, 2147483648, naming the value"
#    10-cli: "-t PID:INODE with a non-numeric or empty inode is rejected"
#    90-hazards: "H1: a bad -t value opens nothing: no pidfd_open, no /proc file"
#  2 -S/-G out of range, never truncated
#    10-cli: "-S rejects 4294967295, 4294967296, 4294967297, -1, '', 0x10, 1e3"
#    10-cli: "-G rejects 4294967295, 4294967296, 4294967297, -1, '', 0x10, 1e3"
#    10-cli: "-S 4294967297 is never truncated to uid 1 (util-linux runs as uid 1)"
#    10-cli: "-S 4294967294 and -G 4294967294 are accepted (the largest ids)"
#    50-creds: "-S and -G reject values that are out of range or not decimal, never truncating (util-linux: 4294967297 is uid 1)"
#  3 namespace files that are not namespaces of the right type
#    20-join: "a FIFO as namespace file: error at once, no hang"
#    20-join: "/dev/null as namespace file: not a namespace file (a character device)"
#    20-join: "a directory as namespace file: not a namespace file (a directory)"
#    20-join: "a regular file as namespace file: not a namespace file (a regular file)"
#    20-join: "a symlink loop as namespace file: too many levels of symbolic links"
#    20-join: "a namespace of another type: is a uts namespace, not a net namespace"
#    20-join: "a bad file for one type stops everything before any join"
#    20-join: "--uts=:NSID with the id of a net namespace is refused"
#  4 the same option twice
#    20-join: "--net=A --net=B: the last wins, and no fd of the first reaches the program"
#    10-cli: "-t given twice: option --target may be given only once"
#  5 --all: types the kernel lacks, our own user namespace
#    20-join: "-a joins every namespace of the target (the child in its pid namespace)"
#    20-join: "-a on a target in our own user namespace skips the user namespace"
#    20-join: "unprivileged: -t T -a works, types identical to ours are no error"
#    90-hazards: "H5: --all where the kernel lacks a type (ns/time made to vanish): that type is skipped silently"
#    90-hazards: "H5: --all on a target in our own user namespace changes no credentials: nobody keeps its ids, root its groups"
#  6 no program: $SHELL, passwd shell, /bin/sh; bad SHELL values
#    30-exec: "no program: \$SHELL runs as a login shell (argv0 -NAME), as nsenter"
#    30-exec: "no program, SHELL empty: 127, not an absolute path"
#    30-exec: "no program, SHELL relative: 127, not an absolute path"
#    30-exec: "no program, SHELL missing: 127 and the file named"
#    30-exec: "no program, SHELL not executable: 126"
#    30-exec: "no program, SHELL unset: root's passwd shell runs as a login shell"
#    50-creds: "H35: file capabilities: a SHELL from the environment is never run"
#    90-hazards: "H19: no program and SHELL unset: the passwd shell is looked up on the host before the first setns"
#    90-hazards: "H19: no program, SHELL unset, -S to a uid without a passwd entry: /bin/sh, looked up before the first setns, no crash"
#  7 a program named -x, after --, empty; argc 0
#    10-cli: "options stop at the program: -n PROBE and -n -- PROBE are the same"
#    10-cli: "the program's own flags are never ours: sh -c 'echo \$0' -a"
#    10-cli: "a program named -x after --, or an empty program name: not found, 127"
#    10-cli: "argc 0 (execve with an empty argv): no crash, no namespace specified"
#    30-exec: "a program named -x after --: 127 'failed to execute '-x''"
#    30-exec: "an empty program name: 127, as nsenter"
#    30-exec: "argc 0 (execve with an empty argv): exit 1, no namespace specified"
#  8 --help, --version, unknown options, write errors
#    10-cli: "--help: usage on stdout, nothing on stderr, exit 0"
#    10-cli: "-h prints exactly what --help prints"
#    10-cli: "--version and -V: 'nsjoin 0.1.0' on stdout, exit 0"
#    10-cli: "--help >/dev/full: write error, exit 1"
#    10-cli: "unknown long option: message, Try line, exit 1"
#    10-cli: "invalid short option: message, Try line, exit 1"
#  9 huge argv or environment, non-UTF-8 bytes, newlines in paths
#    10-cli: "a newline in a path is escaped in the message, between quotes"
#    10-cli: "a quote or a backslash in a path is escaped in the message"
#    10-cli: "a non-UTF-8 byte in a path is escaped in the message"
#    10-cli: "a 3000-character path is shown whole"
#    10-cli: "a 3000-character path of newlines is shown whole, escaped"
#    10-cli: "a 3000-character unknown long option is reported whole"
#    40-context: "-e: a 2 MB environment is read completely"
#    90-hazards: "H9: a huge argv and environment with newlines and non-UTF-8 bytes reach the program whole"
# 10 fd 0, 1 or 2 closed at start
#    30-exec: "stdin closed at start: the program gets /dev/null, never a namespace file (-n, -p, --net=FILE)"
#    30-exec: "stdout or stderr closed at start: the program has /dev/null there"
# 11 extra inherited fds; none of nsjoin's own reach the program
#    30-exec: "inherited fds 3 and 7 reach the program, no fd of nsjoin does (-n, -p)"
#    30-exec: "no fd of nsjoin leaks with --net=FILE and -a either"
#    40-context: "-c joins the target's cgroup v2 (the 0:: line), stdin untouched, no fd leaks"
#    90-hazards: "H19: no fd of nsjoin reaches the program with --net=FILE --user-parent -r -w -e -c -p"
#    90-hazards: "H16: close_range denied (EPERM): nsjoin closes its fds one by one, inherited fds still reach the program"
#    90-hazards: "H19: at the program's execve nsjoin's processes hold no fd of the target, only the caller's (checked before exec: ours are close-on-exec too)"
# 12 inherited ignored or blocked signals
#    30-exec: "signals the caller ignores (TERM INT HUP PIPE) are reset for the program, with and without fork"
#    30-exec: "signals the caller blocks are unblocked for the program, with and without fork"
#    30-exec: "SIGCHLD ignored by the caller: -p still passes the status on, and the program gets it reset"
# 13 a huge or a tiny RLIMIT_NOFILE (nsjoin closes only the fds it
#    opened, never a range up to the limit: no loop to fall back to)
#    90-hazards: "H13: a huge RLIMIT_NOFILE does not slow nsjoin down, no fd is closed by looping"
#    90-hazards: "H13: a tiny RLIMIT_NOFILE: exit 1 'cannot open ...: Too many open files', never a crash"
#    90-hazards: "H13: a huge RLIMIT_NOFILE adds no system call: no loop over the fd numbers, whatever it calls"
# 14 installed setuid root, or with file capabilities (line 35): refused
#    50-creds: "installed setuid root (or setgid root): refuses to run, exit 1, nothing joined"
#    50-creds: "H35: file capabilities (the attack: --caps=+sys_admin as nobody): refused, exit 1, the program never runs"
#    50-creds: "H35: file capabilities: a SHELL from the environment is never run"
# 15 an unprivileged caller: EPERM named; its own user namespace no error
#    20-join: "unprivileged: -t T -U -n joins the user namespace it owns, ids 0 0 0"
#    20-join: "unprivileged: -t T -n without -U: cannot join the net namespace, EPERM"
#    20-join: "unprivileged: -t T -a works, types identical to ours are no error"
#    20-join: "unprivileged: a root-owned target's net namespace is refused clearly"
#    20-join: "-U on a target in our own user namespace is no error (nsenter: EINVAL)"
#    50-creds: "unprivileged: the owner of the target's user namespace joins it with -U"
#    50-creds: "unprivileged: a root target's net namespace is refused, exit 1, naming the file; nothing runs"
#    50-creds: "unprivileged: joining a namespace of its user namespace without -U: EPERM names the namespace and says why"
#    50-creds: "unprivileged: -U on a target in the caller's own user namespace is not an error"
# 16 pidfd_open, close_range, setns(pidfd), ambient capabilities denied
#    90-hazards: "H16: pidfd_open fails with ENOSYS: nsjoin joins through the /proc/PID/ns files"
#    90-hazards: "H16: pidfd_open fails with ENOSYS: PID:INODE and --net-socket, which need it, are refused clearly"
#    90-hazards: "H16: setns(pidfd) fails (EINVAL): the fallback joins the /proc/PID/ns files one by one"
#    90-hazards: "H16: PIDFD_GET_USER_NAMESPACE fails (ENOTTY, a kernel before 6.11): -a compares user namespaces through /proc/PID/ns/user"
#    90-hazards: "H16: every setns fails (EPERM): exit 1 naming each namespace and its file, the program never runs"
#    90-hazards: "H16: open_by_handle_at fails (EOPNOTSUPP): --net=:NSID is still found by searching"
#    90-hazards: "H16: capset fails with --keep-caps: 'cannot set capabilities', exit 1, the program never runs"
#    90-hazards: "H16: ambient capabilities denied with --keep-caps: 'cannot set ambient capabilities', the program never runs"
#    90-hazards: "H16: close_range denied (EPERM): nsjoin closes its fds one by one, inherited fds still reach the program"
#    90-hazards: "H19: if PR_SET_DUMPABLE fails, nsjoin stops before the first setns"
# 17 the target exits or its PID is reused while nsjoin works
#    10-cli: "-t PID:INODE with a wrong inode: the PID is not that process"
#    10-cli: "-t PID:INODE with the right inode joins the target"
#    20-join: "a target that has exited: target process N does not exist"
#    90-hazards: "H17: the target exits right after pidfd_open: 'target process N does not exist', nothing runs"
#    90-hazards: "H17: the target exits after its files are opened: nsjoin notices before joining"
#    90-hazards: "H17: the target exits just before setns(pidfd): setns(pidfd) and the /proc fallback both refuse"
#    90-hazards: "H17: the target exits between the two join passes (-U -n): nothing runs half-joined"
#    90-hazards: "H17: PID:INODE with the inode of a process that has exited is refused for the PID's new owner"
#    75-container: "the init exits and another process gets its pid before pidfd_open: refused, nothing joined"
#    90-hazards: "H17: 50 races of nsjoin against a dying target: a clean failure or exactly the target's net and uts, never a mix"
#    90-hazards: "H17: /proc of another pid namespace: the pidfd's process and /proc/PID's are never mixed"
# 18 a zombie target, a target in an unreachable pid namespace
#    20-join: "a zombie target: a clean error saying it is a zombie"
#    90-hazards: "H18: a target outside nsjoin's pid namespace: 'target process N does not exist'"
#    90-hazards: "H18: a pid namespace whose init has exited: exit 1, a message about the pid namespace, nothing runs"
#    90-hazards: "H17: /proc of another pid namespace: the pidfd's process and /proc/PID's are never mixed"
# 19 non-dumpable before the first setns, own fds closed, nothing of the
#    target's executed
#    90-hazards: "H19: the waiting nsjoin of an unprivileged user is non-dumpable: its /proc files are root's, unreadable to the user"
#    90-hazards: "H19: the waiting nsjoin of an unprivileged user cannot be ptraced by that user (a plain process of theirs can)"
#    90-hazards: "H19: PR_SET_DUMPABLE 0 comes before the first setns; after it nsjoin opens nothing, executes only the program"
#    90-hazards: "H19: if PR_SET_DUMPABLE fails, nsjoin stops before the first setns"
#    90-hazards: "H19: exactly one execve after nsjoin's own, the program's: -t T -m -r true, with and without fork"
#    90-hazards: "H19: no program and SHELL unset: the passwd shell is looked up on the host before the first setns"
#    90-hazards: "H19: no program, SHELL unset, -S to a uid without a passwd entry: /bin/sh, looked up before the first setns, no crash"
#    90-hazards: "H19: no fd of nsjoin reaches the program with --net=FILE --user-parent -r -w -e -c -p"
#    90-hazards: "H19: at the program's execve nsjoin's processes hold no fd of the target, only the caller's (checked before exec: ours are close-on-exec too)"
# 20 --env with a hostile /proc/PID/environ
#    40-context: "-e: the target's environment, without its loader variables; PATH and HOME stay the caller's off its files"
#    40-context: "-e: GLIBC_TUNABLES of the target is dropped too (read by the loader, CVE-2023-4911)"
#    40-context: "-e: the program is found with the caller's PATH, not the target's"
#    40-context: "-e: environ entries without '=' or with an empty name are skipped"
#    40-context: "-e: a 2 MB environment is read completely"
# 21 setgroups denied, unmapped ids
#    50-creds: "-S 5 or -G 5 with -U where 5 is not mapped: exit 1, 'not mapped in the target user namespace'"
#    50-creds: "a user namespace that denies setgroups, entered by root with groups 4 24: uid 0, no groups"
#    50-creds: "a user namespace that denies setgroups, entered by its unprivileged owner: uid 0, no groups"
#    50-creds: "a user namespace that denies setgroups, entered by its owner with groups 4 24: they are kept (util-linux: setgroups failed)"
# 22 the program missing or not executable inside the target root
#    30-exec: "a program missing or not executable inside the target's root: 127 / 126, with and without fork"
#    30-exec: "a missing program: 127 and 'failed to execute', with and without fork, as nsenter's status"
#    30-exec: "a program that is not executable: 126, with and without fork, as nsenter's status"
# 23 --join-cgroup on v1, hybrid, v2
#    40-context: "-c joins the target's cgroup v2 (the 0:: line), stdin untouched, no fd leaks"
#    40-context: "-c -C: the cgroup path is shown relative to the target's cgroup namespace"
#    40-context: "-c with no cgroup2 mounted (v1 only): a clear error, exit 1"
# 24 --wd/--root outside the new root
#    40-context: "-t PID -r with the caller's cwd in our own view of the target's root: the program starts at /"
#    40-context: "-t PID -r, -t PID -m -r: '..' from the program's cwd never leaves the target's root"
#    40-context: "-r alone with the caller's cwd outside the new root: the program starts at / (nsenter leaves it unreachable)"
#    40-context: "an explicit -w outside the new root, where that path is no directory or another one: refused, naming -W"
#    40-context: "-m with -w to a host directory that the namespace covers: refused, naming -W"
#    40-context: "-m -r with the caller's cwd in the host's mount tree: the program starts at / of the namespace"
# 25 setgroups, then gid, then uid, verified
#    50-creds: "groups, then gid, then uid; PR_SET_KEEPCAPS is set only around setresuid and cleared after it"
#    50-creds: "-S 1000 -G 1000: uid and gid 1000 (real, effective, saved), no groups, no capabilities, as nsenter"
#    90-hazards: "H25: a groups, gid or uid change that reports success but did not happen: exit 1, 'did not hold', the program never runs"
# 26 -S without -G from root
#    50-creds: "-S 1000 alone from root: uid 1000, gid 0 kept, supplementary groups cleared (util-linux keeps 4 24)"
#    50-creds: "the man page says that -S without -G clears the supplementary groups"
# 27 capabilities after -S 1000, with and without --keep-caps
#    50-creds: "-S 1000 -G 1000: uid and gid 1000 (real, effective, saved), no groups, no capabilities, as nsenter"
#    50-creds: "-U -S 1000 -G 1000 without --keep-caps, 1000 mapped: runs as 1000 with no capabilities, as nsenter"
#    50-creds: "--keep-caps with -U: ambient equals permitted (every capability); without it ambient is empty"
#    50-creds: "--keep-caps -U -S 1000 -G 1000, 1000 mapped: uid 1000 keeps the namespace's capabilities as ambient"
#    50-creds: "-S 1000 --keep-caps without a user namespace: nothing to keep, uid 1000 with no capabilities (util-linux 2.40)"
# 28 libcap-ng errors fatal; PR_SET_KEEPCAPS off again
#    50-creds: "groups, then gid, then uid; PR_SET_KEEPCAPS is set only around setresuid and cleared after it"
#    50-creds: "--caps with an unknown capability or an entry without + or -: exit 1, nothing runs"
#    90-hazards: "H16: capset fails with --keep-caps: 'cannot set capabilities', exit 1, the program never runs"
#    90-hazards: "H16: ambient capabilities denied with --keep-caps: 'cannot set ambient capabilities', the program never runs"
#    90-hazards: "H28: --caps: capset failing in libcap-ng stops nsjoin, the program never runs with the capabilities it had"
#    90-hazards: "H28: --caps as root where the bounding set cannot be narrowed (no CAP_SETPCAP, or PR_CAPBSET_DROP denied): exit 1, the program never runs"
# 29 exit codes
#    30-exec: "exit status 0, 1, 7, 255 of the program passes through without a fork (-n), as nsenter"
#    30-exec: "exit status 0, 1, 7, 255 of the program passes through the fork of -p, as nsenter"
#    30-exec: "a program killed by SIGTERM: nsjoin dies of SIGTERM (shell sees 143), with and without fork"
#    30-exec: "a program killed by SIGKILL: nsjoin dies of SIGKILL (137), with and without fork"
#    30-exec: "a program killed by SIGSEGV: nsjoin dies of SIGSEGV (139) and dumps no core of its own"
#    30-exec: "a missing program: 127 and 'failed to execute', with and without fork, as nsenter's status"
#    30-exec: "a program that is not executable: 126, with and without fork, as nsenter's status"
# 30 SIGTERM, SIGHUP, SIGINT to the waiting nsjoin; no orphan
#    30-exec: "SIGTERM to the waiting nsjoin -p is forwarded: 143, the program is gone"
#    30-exec: "SIGINT, SIGHUP, SIGQUIT to the waiting nsjoin -p are forwarded: 130, 129, 131"
#    30-exec: "SIGKILL to the waiting nsjoin -p: the program is killed too, no orphan"
#    60-terminal: "Ctrl-C reaches the program exactly once (the terminal's SIGINT is not forwarded again)"
#    60-terminal: "the terminal hangs up (its window closes): nsjoin and its program are gone, no orphan left"
#    90-hazards: "H30: nsjoin -p killed between its fork and the child's PR_SET_PDEATHSIG: the program never runs"
#    90-hazards: "H30: one Ctrl-C is one SIGINT for the program, even when nsjoin is slow to forward (the terminal's is never forwarded)"
# 31 Ctrl-Z and fg; the terminal's foreground group after exit
#    60-terminal: "Ctrl-Z stops nsjoin -p with its program, one fg resumes both, three times; Ctrl-C ends it with 130"
#    60-terminal: "under sudo's pty: Ctrl-Z stops sudo nsjoin -p cat, one fg resumes it, twice; Ctrl-C ends it with 130"
#    60-terminal: "an interactive bash through nsjoin -p -u: the target's hostname; after exit the terminal is the shell's, sane"
#    60-terminal: "a caller without job control: after the interactive program exits, its process group has the terminal again"
#    60-terminal: "the program killed while it owns the terminal: the interactive shell gets it back"
#    60-terminal: "the program killed while it owns the terminal: nsjoin gives the terminal back to a caller without job control"
#    90-hazards: "H31: a program stopped by a signal stops nsjoin too, and a SIGCONT to nsjoin alone continues both"
# 32 EINTR, the program dying at once, SIGCHLD ignored
#    30-exec: "EINTR and a program dying at once: -p with exit:3, 20 times, always 3"
#    30-exec: "SIGCHLD ignored by the caller: -p still passes the status on, and the program gets it reset"
#    90-hazards: "H32: EINTR from wait4 and from the read of the target's environ is retried: the status and the environment are right"
# 33 --container: root trusts only root-owned state; a user's leads only to
#    that user's rootless containers, entered through their user namespace
#    76-runtimes: "H33: a user's cgroup named after a stopped Docker container, with their process in it: not running, never entered"
#    75-container: "H33: state that root does not own, or that others may write, is no evidence in root's runtime directories"
#    75-container: "H33: a user's runc state naming root's process as its init: not running, never entered"
#    75-container: "H33: a rootless container is entered through its user's user namespace, as uid 0 there, by root"
#    75-container: "H33: a user's container named like root's: refused as ambiguous, both listed"
#    75-container: "H33: a FIFO for a user's state.json, containers.json or config.json never blocks root"
#    75-container: "not running: Docker says so and runc has no state, or runc's state names a dead init"
#    76-runtimes: "a name used by rootful podman and by a rootless user is refused as root, both listed"
# 34 --each=mnt enters another user's mount namespace through its owner
#    57-each: "H34: --each=mnt enters a user's mount namespace as that user would (their user namespace, uid 0 there), never as root"
#    57-each: "H34: --each=mnt skips a user's mount namespace whose owner maps no uid 0, with a note naming it"
# 35 file capabilities refused like setuid; the man page points to sudo
#    50-creds: "H35: file capabilities (the attack: --caps=+sys_admin as nobody): refused, exit 1, the program never runs"
#    50-creds: "H35: file capabilities: a SHELL from the environment is never run"
# 36 -e: the target's environment never chooses code
#    40-context: "H36: -e keeps the target's PATH, HOME and XDG places in its mount namespace (-m) or root (-r), not otherwise"
#    40-context: "H36: -e never lets the target's BASH_ENV, ENV or PS4 run code in root's shell"
#    40-context: "H36: -e drops every variable of the man page's list, and --show names them"
# 37 --net=NAME ambiguous
#    20-join: "H37: --net=NAME when both ./NAME and /run/netns/NAME exist: refused, naming both, also by --show"
# 38 options with --as-target apply over the target's, or are refused;
#    --show fails where the run would
#    55-as-target: "H38: --as-target with -S or -G: those ids win, the target's groups are not kept"
#    55-as-target: "H38: --as-target --caps applies over the target's sets: -all leaves none, +/- changes them"
#    55-as-target: "H38: --as-target --keep-caps -S: the target's permitted set stays, as ambient, for the new uid"
#    55-as-target: "H38: --as-target with -r, -w and --no-new-privs: they apply over the target's"
#    55-as-target: "H38: --as-target with --preserve-credentials or --user-parent: refused, nothing runs"
#    92-hostile: "H38: --show fails where the run would: an unknown capability, exit 1, the same message"
# 39 every byte from a target escaped, on every output path
#    92-hostile: "H39: --show prints a hostile comm escaped (text), as the comm's very bytes (JSON)"
#    92-hostile: "H39: --each=net headers show a hostile comm and a hostile /run/netns name escaped"
#    92-hostile: "H39: --list text escapes C0, C1 (UTF-8) and invalid bytes of a command line; JSON keeps each byte"
#    92-hostile: "H39: --tree and --dot escape a hostile command line too"
#    92-hostile: "H39: messages escape a C1 control sent as UTF-8 (U+009B) and DEL"
#    92-hostile: "H39: invisible characters that change how a line reads (U+202E, U+200B, U+061C) are shown as their bytes; JSON as \\u escapes"
#    92-hostile: "H39: a bind mount whose path holds newlines is one NSFS value, escaped, in the table, --nowrap, --raw and JSON"
# 40 nothing opened by path after the first setns; SIGTERM until the program runs
#    92-hostile: "H40: a target whose /proc is full of FIFOs: -m with --caps, -S --keep-caps, -p, -a and --as-target all finish"
#    92-hostile: "H40: a target in a user namespace whose /proc is full of FIFOs: -U -m --keep-caps and --as-target finish"
#    92-hostile: "H40: after the first setns nothing is opened by path: --caps, -S -G --keep-caps, -U, -p, --as-target, -e, -c"
#    92-hostile: "H40: from fork to exec the child blocks no signal (a SIGTERM passed on ends it at once)"
#    90-hazards: "H19: PR_SET_DUMPABLE 0 comes before the first setns; after it nsjoin opens nothing, executes only the program"
# 41 --as-target gives what docker exec gives (RUNTIMES.md), against the real runtimes
#    76-runtimes: "docker: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "docker: every line of /proc/self/cgroup"
#    76-runtimes: "docker: rlimits (/proc/self/limits)"
#    76-runtimes: "docker: oom_score_adj"
#    76-runtimes: "docker: --pty: a terminal of the container's own devpts"
#    76-runtimes: "podman: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "podman: every line of /proc/self/cgroup"
#    76-runtimes: "podman: rlimits (/proc/self/limits)"
#    76-runtimes: "podman: oom_score_adj"
#    76-runtimes: "podman: --pty: a terminal of the container's own devpts"
#    76-runtimes: "rootless podman, nsjoin as root: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "rootless podman, nsjoin as root: every line of /proc/self/cgroup"
#    76-runtimes: "rootless podman, nsjoin as root: rlimits (/proc/self/limits)"
#    76-runtimes: "rootless podman, nsjoin as root: oom_score_adj"
#    76-runtimes: "rootless podman, nsjoin as root: --pty: a terminal of the container's own devpts"
#    76-runtimes: "rootless podman, nsjoin as its user: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "rootless podman, nsjoin as its user: every line of /proc/self/cgroup"
#    76-runtimes: "rootless podman, nsjoin as its user: rlimits (/proc/self/limits)"
#    76-runtimes: "rootless podman, nsjoin as its user: oom_score_adj"
#    76-runtimes: "rootless podman, nsjoin as its user: --pty: a terminal of the container's own devpts"
#    76-runtimes: "ctr: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "ctr: every line of /proc/self/cgroup"
#    76-runtimes: "ctr: rlimits (/proc/self/limits)"
#    76-runtimes: "ctr: oom_score_adj"
#    76-runtimes: "ctr: --pty: a terminal of the container's own devpts"
#    76-runtimes: "runc, -t PID: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "runc, -t PID: every line of /proc/self/cgroup"
#    76-runtimes: "runc, -t PID: rlimits (/proc/self/limits)"
#    76-runtimes: "runc, -t PID: oom_score_adj"
#    76-runtimes: "runc, -t PID: --pty: a terminal of the container's own devpts"
#    76-runtimes: "runc, --container: seccomp mode, filters, and its effect (unshare -U)"
#    76-runtimes: "runc, --container: every line of /proc/self/cgroup"
#    76-runtimes: "runc, --container: rlimits (/proc/self/limits)"
#    76-runtimes: "runc, --container: oom_score_adj"
#    76-runtimes: "runc, --container: --pty: a terminal of the container's own devpts"
#    76-runtimes: "docker: found by name, full id and id prefix"
#    76-runtimes: "podman: found by name, full id and id prefix"
#    76-runtimes: "ctr: found by the id its caller chose (web)"
#    76-runtimes: "runc: found by the id its caller chose, under /run/runc"
#    76-runtimes: "rootless podman: found by root, by name and by id, though its cgroup is 0::/"
#    76-runtimes: "rootless podman: found and entered by its user"
#    76-runtimes: "docker: a paused container is refused, as docker exec refuses it"
#    76-runtimes: "podman: a paused container is refused, as podman exec refuses it"
#    76-runtimes: "rootless podman: paused (where podman can pause it) is refused"
#    76-runtimes: "ctr: a paused task is refused, as ctr task exec refuses it"
#    76-runtimes: "runc: a paused container is refused, as runc exec refuses it (by id and by -t PID)"
#    76-runtimes: "docker: a stopped container is not running; restarted, its new init is found; removed, nothing matches"
#    76-runtimes: "podman: stopped (its pidfile stays), restarted, removed"
#    76-runtimes: "ctr: a stopped task (init.pid and state.json stale, cgroup empty) is not running; started again, found"
#    76-runtimes: "runc: a stopped container (state.json stale) is not running; run again, found"
#    76-runtimes: "a name used by docker and podman is refused, both listed, running or stopped"
#    75-container: "--as-target: the bundle's config.json gives env (HOME from the container's passwd), cwd, rlimits, oom_score_adj and a seccomp filter with argument rules"
#    75-container: "--as-target: a configured AppArmor profile is applied where the host has AppArmor, else --show says why not"
#    75-container: "paused: a frozen freezer cgroup, as runc decides it; refused as docker exec refuses it"
#    65-pty: "in the target's mount namespace, the terminal comes from its own devpts (named there)"
#    65-pty: "H40: a target whose /dev/pts/ptmx and /dev/ptmx are FIFOs: no hang, the terminal is one of ours"

# stderr and stderr_lines are set by bats' run --separate-stderr
# shellcheck disable=SC2154
# shellcheck disable=SC2016 # $NSJOIN, $PROBE, $1 are expanded by inner shells

load helpers
load terminal

bats_require_minimum_version 1.5.0

UNPRIV_DIR=

# (replaces the teardown of terminal.bash, which H30 uses)
teardown() {
	stop_shell
	stop_targets
	if [[ -n $UNPRIV_DIR ]]; then
		rm -rf "$UNPRIV_DIR"
	fi
}

# --- helpers -------------------------------------------------------------------

# strace that can trace and inject here (not in every container).
require_strace_inject() {
	require_cmd strace
	strace -f -qq -o /dev/null -e inject=getppid:error=EPERM true 2>/dev/null ||
		skip "strace cannot trace or inject faults here (ptrace denied?)"
}

# inject LOG SPEC NSJOIN-ARGS...: run nsjoin under strace -f with the
# injection SPEC (e.g. "setns:error=EPERM"), tracing every system call
# into LOG, with bats' run --separate-stderr.
inject() {
	local log=$1 spec=$2
	shift 2
	run --separate-stderr timeout 10 strace -f -qq -o "$log" -e "inject=$spec" \
		"$NSJOIN" "$@"
}

# The lines of LOG that show an injected fault.
injected_lines() {
	grep -F '(INJECTED)' "$1" || true
}

# Wait up to 5 s for the strace LOG to show a line matching REGEX.
wait_for_log() {
	local log=$1 re=$2 i
	for ((i = 0; i < 500; i++)); do
		grep -qE "$re" "$log" 2>/dev/null && return 0
		sleep 0.01
	done
	echo "no line matching '$re' in $log after 5 s" >&2
	return 1
}


# The number (1-based) of the first prctl in an "strace -e trace=prctl"
# LOG whose line contains WORD: strace counts calls of the injected
# system call, and cannot filter on their arguments.
prctl_ordinal() {
	grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# --- 1, 5, 9: the command line ---------------------------------------------------

@test "the coverage map of this file's header: hazards 1 to N in order, each with tests, every test named there exists" {
	run python3 - "$BATS_TEST_DIRNAME" <<'EOF'
import glob, os, re, sys
d = sys.argv[1]
names = {}
for f in glob.glob(os.path.join(d, "*.bats")):
    text = open(f, encoding="utf-8").read()
    names[os.path.basename(f)[:-5]] = set(
        re.findall(r'^@test "((?:[^"\\]|\\.)*)"', text, re.M))
header = []
for line in open(os.path.join(d, "90-hazards.bats"), encoding="utf-8"):
    if not line.startswith("#"):
        break
    header.append(line.rstrip("\n"))
start = next(i for i, l in enumerate(header) if "Coverage of HAZARDS.md" in l)
hazards, count, problems, current = [], {}, [], None
for l in header[start:]:
    m = re.match(r"^# +(\d+) [^:]", l)
    if m:
        current = int(m.group(1))
        hazards.append(current)
        count[current] = 0
        continue
    m = re.match(r'^#    ([0-9]+-[a-z-]+): "(.*)"$', l)
    if m and current is not None:
        count[current] += 1
        if m.group(2) not in names.get(m.group(1), ()):
            problems.append('hazard %d: no test %s: "%s"' % (current, m.group(1), m.group(2)))
if hazards != list(range(1, len(hazards) + 1)):
    problems.append("hazards not 1 to N in order: %s" % hazards)
problems += ["hazard %d: no test named" % h for h in hazards if count[h] == 0]
print("\n".join(problems) if problems else "%d hazards, %d tests named" % (len(hazards), sum(count.values())))
EOF
	assert_success
	assert_output --regexp '^[0-9]+ hazards, [0-9]+ tests named$'
}

@test "H1: a bad -t value opens nothing: no pidfd_open, no /proc file" {
	require_root
	require_strace_inject
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log v
	for v in "" 0 -1 +5 " 5" 5x 0x10 2147483648 "$TARGET:" "$TARGET:x"; do
		run --separate-stderr timeout 10 strace -f -qq -o "$log" -e trace=open,openat,openat2,pidfd_open \
			"$NSJOIN" -t "$v" -n "$PROBE" ns:net
		assert_failure 1
		assert_equal "$output" ""
		assert_regex "$stderr" "^nsjoin: invalid target"
		# (the trace works: libcap-ng's constructor reads cap_last_cap)
		run grep -c 'cap_last_cap' "$log"
		assert_output 1
		# nothing of a process, no namespace: what the dynamic loader,
		# library constructors or a sanitizer runtime open before main()
		# is not nsjoin's doing
		run grep -E 'pidfd_open|"/proc/([0-9]|self/(ns|fd|fdinfo|task))|/ns/' "$log"
		assert_output ""
	done
}

@test "H5: --all where the kernel lacks a type (ns/time made to vanish): that type is skipped silently" {
	require_root
	require_strace_inject
	[ -e /proc/self/ns/time ] || skip "this kernel has no time namespaces"
	start_target --mount --uts --ipc --net --pid --cgroup --time
	local log=$BATS_TEST_TMPDIR/strace.log k
	# setns(pidfd) refused (as by an old kernel), so nsjoin opens the
	# /proc/PID/ns files: which openat is ns/time?
	# (strace injects only into the system calls it traces)
	run timeout 10 strace -f -qq -o "$log" -e trace=openat,setns -e inject=setns:error=EINVAL:when=1 \
		"$NSJOIN" -t "$TARGET" -a "$PROBE" ns:time
	assert_success
	assert_output "$(nsid_of "$TARGET" time)"
	k=$(grep -E '^[0-9]+ +openat\(' "$log" | grep -n '"ns/time"' | cut -d: -f1)
	[[ $k =~ ^[0-9]+$ ]]

	# now ns/time is missing, as on a kernel before 5.6
	run --separate-stderr timeout 10 strace -f -qq -o "$log" -e trace=openat,setns \
		-e inject=setns:error=EINVAL:when=1 -e "inject=openat:error=ENOENT:when=$k" \
		"$NSJOIN" -t "$TARGET" -a "$PROBE" ns:time ns:net ns:uts ns:mnt ns:cgroup
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$(nsid_of $$ time)"$'\n'"$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"$'\n'"$(nsid_of "$TARGET" mnt)"$'\n'"$(nsid_of "$TARGET" cgroup)"
	run injected_lines "$log"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp 'openat\([0-9]+, "ns/time", .* = -1 ENOENT .*\(INJECTED\)$'

	# asked for by name (-T), the same missing type is an error
	run timeout 10 strace -f -qq -o "$log" -e trace=openat,pidfd_open -e inject=pidfd_open:error=ENOSYS \
		"$NSJOIN" -t "$TARGET" -T "$PROBE" ns:time
	assert_success
	k=$(grep -E '^[0-9]+ +openat\(' "$log" | grep -n '"ns/time"' | cut -d: -f1)
	[[ $k =~ ^[0-9]+$ ]]
	run --separate-stderr timeout 10 strace -f -qq -o "$log" -e trace=openat,pidfd_open \
		-e inject=pidfd_open:error=ENOSYS -e "inject=openat:error=ENOENT:when=$k" \
		"$NSJOIN" -t "$TARGET" -T "$PROBE" ns:time
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: cannot open '?/proc/$TARGET/ns/time'?: No such file or directory\$"
	run injected_lines "$log"
	assert_line --index 1 --partial '"ns/time"'
}

@test "H5: --all on a target in our own user namespace changes no credentials: nobody keeps its ids, root its groups" {
	require_root
	unpriv_binaries
	# a plain process of nobody's: each of its namespaces is nobody's own,
	# so -a joins nothing and must not become uid 0 as for a user namespace
	start_target_as 65534
	run --separate-stderr as_nobody "$NSJOIN" -t "$TARGET" -a "$PROBE" groups uid gid
	assert_success
	assert_equal "$stderr" ""
	assert_output $'\n'"65534 65534 65534"$'\n'"65534 65534 65534"

	# root with groups 4 24, a target in other namespaces but our user
	# namespace: joined, and the groups are left alone (as without -a)
	start_target --net --uts
	[ "$(nsid_of "$TARGET" user)" = "$(nsid_of $$ user)" ]
	run --separate-stderr setpriv --groups 4,24 "$NSJOIN" -t "$TARGET" -a "$PROBE" groups uid gid ns:net
	assert_success
	assert_equal "$stderr" ""
	assert_output "4 24"$'\n'"0 0 0"$'\n'"0 0 0"$'\n'"$(nsid_of "$TARGET" net)"
}

@test "H9: a huge argv and environment with newlines and non-UTF-8 bytes reach the program whole" {
	require_root
	start_target --net --pid
	# (built in a script: bats' run is slow with 20000 arguments)
	local script=$BATS_TEST_TMPDIR/huge.sh
	cat >"$script" <<'EOF'
args=()
for ((i = 0; i < 20000; i++)); do
	args+=("arg $i"$'\n\xff\x9b'"x")
done
args+=("" "-n" "--")
big=$(head -c 100000 /dev/zero | tr '\0' e)$'\n\xfe'
for ((i = 0; i < 8; i++)); do
	export "NSJOIN_BIG_$i=$big$i"
done
exec "$@" sh -c 'printf "%s\0" "$@" | wc -c; printf "%s\0" "$@" | sha256sum; "$1" envall | sha256sum' \
	sh "$PROBE" "${args[@]}"
EOF
	local want opt
	want=$(bash "$script")
	# (the check of the check: the arguments are big)
	[ "$(head -n 1 <<<"$want")" -gt 200000 ]
	for opt in -n -p; do
		run bash "$script" "$NSJOIN" -t "$TARGET" "$opt"
		assert_success
		assert_output "$want"
	done
}

# --- 13: RLIMIT_NOFILE ----------------------------------------------------------

# The close and close_range calls of nsjoin (not of the probe) under
# RLIMIT_NOFILE = $2, for "-t $1 -n -u -p".
count_closes() {
	local t=$1 limit=$2 log=$BATS_TEST_TMPDIR/closes.$2
	with_clean_fds bash -c 'ulimit -n "$1" && exec timeout 10 strace -f -qq -o "$2" \
		-e trace=close,close_range,execve "$NSJOIN" -t "$3" -n -u -p "$PROBE" fds' \
		_ "$limit" "$log" "$t" >/dev/null
	nsjoin_calls "$log" "$PROBE" | grep -cE '^[0-9]+ +close(_range)?\(' || true
}

@test "H13: a huge RLIMIT_NOFILE does not slow nsjoin down, no fd is closed by looping" {
	require_root
	require_strace_inject
	start_target --net --uts --pid
	local want limit start end ms
	want="0 1 2"$'\n'"$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"

	# 1048576 where CAP_SYS_RESOURCE allows it, else the hard limit
	limit=$(bash -c 'ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n')
	[ "$limit" -ge 4096 ] || skip "RLIMIT_NOFILE cannot be raised above $limit here"

	start=${EPOCHREALTIME/./}
	run with_clean_fds bash -c 'ulimit -n "$1" && exec timeout 5 "$NSJOIN" -t "$2" -n -u -p "$PROBE" fds ns:net ns:uts' \
		_ "$limit" "$TARGET"
	end=${EPOCHREALTIME/./}
	assert_success
	assert_output "$want"
	ms=$(((end - start) / 1000))
	[ "$ms" -lt 2000 ] || fail "nsjoin took $ms ms with RLIMIT_NOFILE=$limit"

	# the same few close() and close_range() calls whatever the limit,
	# close_range() only over nsjoin's own few fds, never up to the limit
	local n_small n_huge
	n_small=$(count_closes "$TARGET" 64)
	n_huge=$(count_closes "$TARGET" "$limit")
	[ "$n_small" -ge 1 ] # the trace does show nsjoin's closes
	[ "$n_small" -le 32 ]
	assert_equal "$n_huge" "$n_small"
	run grep -E 'close_range\([0-9]+, ([0-9]{3,}|~)' "$BATS_TEST_TMPDIR/closes.$limit"
	assert_output ""
}

@test "H13: a tiny RLIMIT_NOFILE: exit 1 'cannot open ...: Too many open files', never a crash" {
	require_root
	start_target --net --uts --pid
	local t=$TARGET n

	# 4: fds 0-2 and the pidfd; /proc/PID is one too many
	run --separate-stderr with_clean_fds bash -c 'ulimit -n 4 && exec "$NSJOIN" -t "$1" -n "$PROBE" ns:net' _ "$t"
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: cannot open '?/proc/($t|self/fdinfo/[0-9]+)'?: Too many open files\$"

	# every limit up to the one that works: a clean error naming what
	# could not be opened, or a complete run; never a signal, never a
	# program that ran half set up
	local want worked=0 failed=0
	want="$(nsid_of "$t" net)"$'\n'"$(nsid_of "$t" uts)"$'\n'"0 1 2"
	for n in 4 5 6 7 8 9 10 11 12 16; do
		run --separate-stderr with_clean_fds bash -c 'ulimit -n "$2" && exec "$NSJOIN" -t "$1" -n -u -p -r -w -e "$PROBE" ns:net ns:uts fds' \
			_ "$t" "$n"
		if [ "$status" -eq 0 ]; then
			assert_equal "$output" "$want"
			worked=$((worked + 1))
		else
			[ "$status" -eq 1 ] || fail "RLIMIT_NOFILE=$n: status $status, stderr: $stderr"
			assert_equal "$output" ""
			assert_equal "${#stderr_lines[@]}" 1
			assert_regex "$stderr" "^nsjoin: cannot [a-z].*: Too many open files\$"
			failed=$((failed + 1))
		fi
	done
	[ "$failed" -ge 1 ]
	[ "$worked" -ge 1 ]
}

# The number of system calls nsjoin makes (the probe's not counted) under
# RLIMIT_NOFILE = $2, for "-t $1 -n -u -p".
count_calls() {
	local t=$1 limit=$2 log=$BATS_TEST_TMPDIR/calls.$2
	with_clean_fds bash -c 'ulimit -n "$1" && exec timeout 20 strace -f -qq -o "$2" \
		"$NSJOIN" -t "$3" -n -u -p "$PROBE" fds' _ "$limit" "$log" "$t" >/dev/null
	nsjoin_calls "$log" "$PROBE" | grep -cE '^[0-9]+ +[a-z_0-9]+\(' || true
}

@test "H13: a huge RLIMIT_NOFILE adds no system call: no loop over the fd numbers, whatever it calls" {
	require_root
	require_strace_inject
	start_target --net --uts --pid
	local limit n_small n_huge
	limit=$(bash -c 'ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n')
	[ "$limit" -ge 4096 ] || skip "RLIMIT_NOFILE cannot be raised above $limit here"

	# (a loop that only asks, fcntl(F_GETFD) or fstat on every number,
	# closes no more than the closes H13 above counts, but still runs
	# once per possible fd)
	n_small=$(count_calls "$TARGET" 64)
	n_huge=$(count_calls "$TARGET" "$limit")
	[ "$n_small" -ge 20 ] # the trace does show nsjoin's calls
	((n_huge <= n_small + 16)) ||
		fail "nsjoin makes $n_huge system calls with RLIMIT_NOFILE=$limit, $n_small with 64"
}

# --- 16: system calls denied (seccomp), by fault injection -----------------------

@test "H16: pidfd_open fails with ENOSYS: nsjoin joins through the /proc/PID/ns files" {
	require_root
	require_strace_inject
	start_target --net --uts --pid
	local log=$BATS_TEST_TMPDIR/strace.log want
	want="$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"$'\n'"$(nsid_of "$TARGET" pid)"

	inject "$log" pidfd_open:error=ENOSYS -t "$TARGET" -n -u -p "$PROBE" ns:net ns:uts ns:pid
	assert_success
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_line --regexp "pidfd_open\\($TARGET, 0\\) += -1 ENOSYS .*\\(INJECTED\\)\$"
	# one setns per namespace, each on a file
	run grep -cE 'setns\([0-9]+, CLONE_NEW(NET|UTS|PID)\) += 0$' "$log"
	assert_output 3
}

@test "H16: pidfd_open fails with ENOSYS: PID:INODE and --net-socket, which need it, are refused clearly" {
	require_root
	require_strace_inject
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log

	inject "$log" pidfd_open:error=ENOSYS -t "$TARGET:12345" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot pin target $TARGET:12345 by its inode: pidfd_open: Function not implemented"
	run injected_lines "$log"
	assert_line --partial "pidfd_open($TARGET, 0)"

	inject "$log" pidfd_open:error=ENOSYS -t "$TARGET" --net-socket 0 "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: --net-socket needs pidfd_getfd(), which this kernel or its seccomp policy does not allow"
	run injected_lines "$log"
	assert_line --partial "pidfd_open($TARGET, 0)"
}

@test "H16: setns(pidfd) fails (EINVAL): the fallback joins the /proc/PID/ns files one by one" {
	require_root
	require_strace_inject
	start_target --net --uts --pid
	local log=$BATS_TEST_TMPDIR/strace.log want
	want="$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"$'\n'"$(nsid_of "$TARGET" pid)"

	# only the first setns fails: the one with the pidfd and every type
	inject "$log" setns:error=EINVAL:when=1 -t "$TARGET" -n -u -p "$PROBE" ns:net ns:uts ns:pid
	assert_success
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_equal "${#lines[@]}" 1
	assert_regex "$output" 'setns\([0-9]+, CLONE_NEW[A-Z|_]+\|CLONE_NEW[A-Z|_]+\) += -1 EINVAL .*\(INJECTED\)$'
	run grep -cE 'setns\([0-9]+, CLONE_NEW(NET|UTS|PID)\) += 0$' "$log"
	assert_output 3
}

@test "H16: PIDFD_GET_USER_NAMESPACE fails (ENOTTY, a kernel before 6.11): -a compares user namespaces through /proc/PID/ns/user" {
	require_root
	require_strace_inject
	local log=$BATS_TEST_TMPDIR/strace.log want
	# in our user namespace: -a must skip it
	start_target --net --uts --pid
	want="$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" uts)"$'\n'"$(nsid_of $$ user)"
	inject "$log" ioctl:error=ENOTTY:when=1 -a -t "$TARGET" "$PROBE" ns:net ns:uts ns:user
	assert_success
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_equal "${#lines[@]}" 1
	assert_regex "$output" '^[0-9]+ +ioctl\([0-9]+, _IOC\(_IOC_NONE, 0xff, 0x9, 0\), 0\) += -1 ENOTTY'
	run grep -E 'newfstatat\([0-9]+, "ns/user"' "$log"
	assert_success

	# in a user namespace of its own: -a must join it
	stop_targets
	start_target --user --map-root-user --net
	want="$(nsid_of "$TARGET" net)"$'\n'"$(nsid_of "$TARGET" user)"
	inject "$log" ioctl:error=ENOTTY:when=1 -a -t "$TARGET" "$PROBE" ns:net ns:user
	assert_success
	assert_equal "$output" "$want"
	run injected_lines "$log"
	assert_equal "${#lines[@]}" 1
}

@test "H16: every setns fails (EPERM): exit 1 naming each namespace and its file, the program never runs" {
	require_root
	require_strace_inject
	start_target --net --uts --pid
	local log=$BATS_TEST_TMPDIR/strace.log hint
	hint="Operation not permitted (it belongs to your own user namespace, where you lack CAP_SYS_ADMIN: run as root)"

	inject "$log" setns:error=EPERM -t "$TARGET" -n -u -p "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${#stderr_lines[@]}" 3
	assert_equal "${stderr_lines[0]}" "nsjoin: cannot join uts namespace '/proc/$TARGET/ns/uts': $hint"
	assert_equal "${stderr_lines[1]}" "nsjoin: cannot join net namespace '/proc/$TARGET/ns/net': $hint"
	assert_equal "${stderr_lines[2]}" "nsjoin: cannot join pid namespace '/proc/$TARGET/ns/pid': $hint"
	# the faults really happened, and no setns succeeded, nothing forked
	# or executed
	run grep -c 'setns(.*(INJECTED)$' "$log"
	[ "$output" -ge 3 ]
	run grep -cE 'setns\(.*= 0$|^[0-9]+ +(clone|fork|vfork|clone3)\(|execve\("'"$PROBE" "$log"
	assert_output 0
}

@test "H16: open_by_handle_at fails (EOPNOTSUPP): --net=:NSID is still found by searching" {
	require_root
	require_strace_inject
	require_cmd python3
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log id
	id=$(ns_id_of "/proc/$TARGET/ns/net")
	[[ $id =~ ^[0-9]+$ ]]

	inject "$log" open_by_handle_at:error=EOPNOTSUPP --net=":$id" "$PROBE" ns:net
	assert_success
	assert_equal "$output" "$(nsid_of "$TARGET" net)"
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_line --regexp '^[0-9]+ +open_by_handle_at\(.* = -1 EOPNOTSUPP .*\(INJECTED\)$'
}

@test "H16: capset fails with --keep-caps: 'cannot set capabilities', exit 1, the program never runs" {
	require_root
	require_strace_inject
	start_target --user --map-root-user --net
	local log=$BATS_TEST_TMPDIR/strace.log

	inject "$log" capset:error=EPERM -t "$TARGET" -U -n --keep-caps "$PROBE" caps
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot set capabilities: Operation not permitted"
	run injected_lines "$log"
	assert_line --regexp '^[0-9]+ +capset\(.* = -1 EPERM .*\(INJECTED\)$'
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}

@test "H16: ambient capabilities denied with --keep-caps: 'cannot set ambient capabilities', the program never runs" {
	require_root
	require_strace_inject
	start_target --user --map-root-user --net
	local log=$BATS_TEST_TMPDIR/strace.log n

	# which prctl is the first PR_CAP_AMBIENT_RAISE: fail it and all after
	run timeout 10 strace -qq -o "$log" -e trace=prctl "$NSJOIN" -t "$TARGET" -U -n --keep-caps "$PROBE" caps
	assert_success
	n=$(prctl_ordinal "$log" PR_CAP_AMBIENT_RAISE)
	[[ $n =~ ^[0-9]+$ ]]

	inject "$log" "prctl:error=EPERM:when=$n+" -t "$TARGET" -U -n --keep-caps "$PROBE" caps
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot set ambient capabilities: Operation not permitted"
	run injected_lines "$log"
	assert_line --index 0 --partial "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE"
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}

@test "H16: close_range denied (EPERM): nsjoin closes its fds one by one, inherited fds still reach the program" {
	require_root
	require_strace_inject
	start_target --net --pid
	local log=$BATS_TEST_TMPDIR/strace.log
	run with_clean_fds bash -c 'exec timeout 10 strace -f -qq -o "$2" -e inject=close_range:error=EPERM \
		"$NSJOIN" -t "$1" -n -p -r "$PROBE" fds ns:net 7</dev/null' _ "$TARGET" "$log"
	assert_success
	assert_output "0 1 2 7"$'\n'"$(nsid_of "$TARGET" net)"
	# close_range was tried on nsjoin's own run of fds, refused...
	run grep -E '^[0-9]+ +close_range\([0-9]+, [0-9]+, 0\) += -1 EPERM' "$log"
	assert_success
	# ...and each of those fds was then closed with close()
	local first last fd
	read -r first last < <(sed -nE 's/^[0-9]+ +close_range\(([0-9]+), ([0-9]+), 0\) += -1 EPERM.*/\1 \2/p' "$log" | head -n 1)
	for ((fd = first; fd <= last; fd++)); do
		grep -qE "^[0-9]+ +close\($fd\) += 0" "$log" || fail "fd $fd was not closed after close_range failed"
	done
}

# --- 17: a target that exits while nsjoin works --------------------------------------

# race_kill SPEC WAIT-REGEX NSJOIN-ARGS...: run nsjoin under strace with the
# delay SPEC in the background, SIGKILL the target once the log matches
# WAIT-REGEX (the delayed call has been entered), and collect nsjoin's
# status, stdout and stderr into status, output, stderr.
race_kill() {
	local spec=$1 re=$2 log=$BATS_TEST_TMPDIR/strace.log
	shift 2
	: >"$log"
	timeout 10 strace -qq -o "$log" -e "inject=$spec" "$NSJOIN" "$@" \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	local pid=$!
	track_pid "$pid"
	wait_for_log "$log" "$re"
	kill -KILL "$TARGET"
	status=0
	wait "$pid" || status=$?
	output=$(cat "$BATS_TEST_TMPDIR/out")
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
}

@test "H17: the target exits right after pidfd_open: 'target process N does not exist', nothing runs" {
	require_root
	require_strace_inject
	start_target --net --uts
	local log=$BATS_TEST_TMPDIR/strace.log

	race_kill pidfd_open:delay_exit=1000000 '^pidfd_open\(' -t "$TARGET" -n -u "$PROBE" ns:net ns:uts
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: target process $TARGET (does not exist|exited|has exited)"
	# the pidfd was taken on the living process, then it died
	run grep -E "^pidfd_open\\($TARGET, 0\\) += [0-9]+ \\(DELAYED\\)\$" "$log"
	assert_success
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}

@test "H17: the target exits after its files are opened: nsjoin notices before joining" {
	require_root
	require_strace_inject
	start_target --net --uts
	local log=$BATS_TEST_TMPDIR/strace.log

	# the liveness check (pidfd_send_signal 0) waits 1 s before it runs
	race_kill pidfd_send_signal:delay_enter=1000000 '^pidfd_send_signal\(' \
		-t "$TARGET" -n -u -r -e "$PROBE" ns:net ns:uts
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: target process $TARGET exited while nsjoin was opening it"
	run grep -cE '^setns\(|execve\("'"$PROBE" "$log"
	assert_output 0
}

@test "H17: the target exits just before setns(pidfd): setns(pidfd) and the /proc fallback both refuse" {
	require_root
	require_strace_inject
	start_target --net --uts
	local log=$BATS_TEST_TMPDIR/strace.log

	# nothing is read through /proc here: the pidfd alone carries the target
	race_kill setns:delay_enter=1000000:when=1 '^setns\(' \
		-t "$TARGET" -n -u "$PROBE" ns:net ns:uts
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: target process $TARGET (has exited|exited|does not exist|is a zombie)"
	run grep -cE '^setns\(.* = 0$|execve\("'"$PROBE" "$log"
	assert_output 0
}

@test "H17: the target exits between the two join passes (-U -n): nothing runs half-joined" {
	require_root
	require_strace_inject
	start_target --user --map-root-user --net
	local log=$BATS_TEST_TMPDIR/strace.log

	# pass 1 joins net with the pidfd, then waits 1 s; pass 2 needs the
	# user namespace of a process that is gone by then
	race_kill setns:delay_exit=1000000:when=1 '^setns\(' -t "$TARGET" -U -n "$PROBE" ns:net ns:user
	assert_equal "$status" 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: target process $TARGET (has exited|exited|does not exist|is a zombie)"
	run grep -cE "^setns\\([0-9]+, CLONE_NEWNET\\) += 0 \\(DELAYED\\)\$" "$log"
	assert_output 1
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}

@test "H17: PID:INODE with the inode of a process that has exited is refused for the PID's new owner" {
	require_root
	require_cmd python3
	start_target --net
	local old=$TARGET old_ino
	old_ino=$(pidfd_inode "$old")
	[[ $old_ino =~ ^[0-9]+$ ]]
	stop_targets

	# the old process is gone (or a zombie until its new parent reaps it):
	# its PID names nothing, or someone else
	run --separate-stderr "$NSJOIN" -t "$old:$old_ino" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: target process $old (does not exist|is a zombie|is not the process with inode $old_ino)"

	# a new process given with the old one's inode, as after PID reuse
	start_target --net
	local new_ino
	new_ino=$(pidfd_inode "$TARGET")
	[ "$new_ino" != "$old_ino" ]
	run --separate-stderr "$NSJOIN" -t "$TARGET:$old_ino" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: target process $TARGET is not the process with inode $old_ino (its pidfd inode is $new_ino): it has exited and its PID was reused"
}

@test "H17: 50 races of nsjoin against a dying target: a clean failure or exactly the target's net and uts, never a mix" {
	require_root
	local i t want st delay fd worked=0 failed=0 t0 t1 span us
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	# How long one whole run takes here (a sanitizer build, a busy
	# machine: from 1 to 20 ms): the kills are spread over twice that.
	start_target --net --uts
	t0=${EPOCHREALTIME/./}
	"$NSJOIN" -t "$TARGET" -n -u "$PROBE" ns:net ns:uts >/dev/null 2>&1 </dev/null 3>&-
	t1=${EPOCHREALTIME/./}
	span=$((2 * (t1 - t0)))
	stop_targets
	# a pipe nobody writes to: read -t on it sleeps without a fork
	exec {fd}<> <(:)
	for ((i = 0; i < 50; i++)); do
		start_target --net --uts
		t=$TARGET
		want="$(nsid_of "$t" net)"$'\n'"$(nsid_of "$t" uts)"
		# every tenth run, the target dies just before nsjoin starts (a
		# static nsjoin on an idle machine can win every race below, and
		# the refusal path must be seen too); the others race it
		((i % 10)) || kill -KILL "$t"
		"$NSJOIN" -t "$t" -n -u "$PROBE" ns:net ns:uts >"$out" 2>"$err" </dev/null 3>&- &
		local nj=$!
		# from 0 to two whole runs in 50 steps: before, during and
		# after nsjoin's work
		us=$((i * span / 50))
		printf -v delay '%d.%06d' $((us / 1000000)) $((us % 1000000))
		read -r -t "$delay" -u "$fd" _ || true
		kill -KILL "$t" 2>/dev/null || true
		st=0
		wait "$nj" || st=$?
		if [ "$st" -eq 0 ]; then
			assert_equal "$(cat "$out")" "$want"
			worked=$((worked + 1))
		else
			[ "$st" -eq 1 ] || fail "run $i: status $st, stderr: $(cat "$err")"
			assert_equal "$(cat "$out")" ""
			assert_regex "$(cat "$err")" "^nsjoin: target process $t (does not exist|exited while nsjoin was opening it|has exited|is a zombie)"
			failed=$((failed + 1))
		fi
		stop_targets
	done
	exec {fd}<&-
	echo "# $worked joined, $failed refused" >&3
	[ "$worked" -ge 1 ]
	[ "$failed" -ge 1 ]
}

@test "H17: /proc of another pid namespace: the pidfd's process and /proc/PID's are never mixed" {
	require_root
	local dir=$BATS_TEST_TMPDIR
	# Two nested pid namespaces, the inner one with the outer one's /proc:
	# there, "2" is a sleep in its own uts namespace to pidfd_open(), and
	# /proc/2 is the shell that execs nsjoin.  nsjoin must take the uts
	# namespace and the environment (-e) from one process, or refuse.
	run --separate-stderr timeout 10 unshare --pid --fork --mount-proc unshare --pid --fork sh -c '
		MARK=target unshare --uts sh -c "hostname target-uts && : >\"$1/ready\" && exec sleep 5" &
		while [ ! -e "$1/ready" ]; do sleep 0.01; done
		MARK=self exec "$NSJOIN" -t 2 -u -e "$PROBE" hostname env:MARK' _ "$dir"
	if [ "$status" -eq 0 ]; then
		assert_equal "$output" "target-uts"$'\n'"target"
	else
		assert_equal "$status" 1
		assert_equal "$output" ""
		assert_regex "$stderr" '^nsjoin: .*(process 2|/proc)'
	fi
}

# --- 18: zombies and unreachable pid namespaces --------------------------------------

@test "H18: a target outside nsjoin's pid namespace: 'target process N does not exist'" {
	require_root
	start_target --net
	# with a /proc of the new pid namespace, and with the host's /proc
	run --separate-stderr timeout 10 unshare --pid --fork --mount-proc "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: target process $TARGET does not exist"

	run --separate-stderr timeout 10 unshare --pid --fork "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: target process $TARGET does not exist"
}

@test "H18: a pid namespace whose init has exited: exit 1, a message about the pid namespace, nothing runs" {
	require_root
	start_target --pid
	# hold the pid namespace open by a fd, then kill its only process (its
	# init): the kernel lets no process in again (fork: ENOMEM)
	run --separate-stderr bash -c 'exec 8<"/proc/$1/ns/pid"
		kill -KILL "$1"
		while [ -e "/proc/$1" ] && [[ $(cat "/proc/$1/stat" 2>/dev/null) != *") Z "* ]]; do sleep 0.01; done
		exec timeout 10 "$NSJOIN" --pid=/proc/self/fd/8 "$PROBE" pid' _ "$TARGET"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${#stderr_lines[@]}" 1
	# "cannot fork: Cannot allocate memory" alone reads as memory exhaustion
	assert_regex "$stderr" '^nsjoin: .*pid namespace'
}

# --- 19: non-dumpable, own fds closed, nothing of the target executed ----------------

# Start, as nobody, "nsjoin -t T -U -n -p PROBE sleep:2 ns:net" against a
# user namespace target of nobody's; NJ= the waiting nsjoin, CHILD= the
# program (the probe) in its pid namespace.
start_unpriv_waiting_nsjoin() {
	start_target_as 65534 --user --map-root-user --net --pid
	unpriv_binaries
	# (not through as_nobody: a function in the background is a subshell
	# of its own, and $! would be that shell, not nsjoin)
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		"$NSJOIN" -t "$TARGET" -U -n -p "$PROBE" sleep:2 ns:net) \
		</dev/null >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	NJ=$!
	track_pid "$NJ"
	CHILD=$(child_with_comm "$NJ" probe)
	assert_equal "$(cat "/proc/$NJ/comm")" nsjoin
}

@test "H19: the waiting nsjoin of an unprivileged user is non-dumpable: its /proc files are root's, unreadable to the user" {
	require_root
	require_userns
	start_unpriv_waiting_nsjoin

	# the kernel's sign of a non-dumpable process: /proc/PID owned by root
	run stat -c %u "/proc/$NJ/environ"
	assert_output 0
	run as_nobody cat "/proc/$NJ/environ"
	assert_failure
	assert_output --partial "Permission denied"
	run as_nobody ls "/proc/$NJ/fd"
	assert_failure
	assert_output --partial "Permission denied"

	# control: the program itself (dumpable again after exec) and a plain
	# process of the same user are the user's
	run stat -c %u "/proc/$CHILD/environ"
	assert_output 65534
	run as_nobody cat "/proc/$CHILD/environ"
	assert_success

	local st=0
	wait "$NJ" || st=$?
	assert_equal "$st" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "$(nsid_of "$TARGET" net)"
}

@test "H19: the waiting nsjoin of an unprivileged user cannot be ptraced by that user (a plain process of theirs can)" {
	require_root
	require_userns
	require_strace_inject
	local scope
	scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null) || scope=0
	[ "$scope" -eq 0 ] || skip "yama ptrace_scope=$scope forbids attaching to any non-child: the control cannot attach"

	# control: nobody attaches to a sleep of nobody's (timeout: attached)
	(cd / && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- sleep 5) \
		</dev/null >/dev/null 2>&1 3>&- &
	local plain=$!
	track_pid "$plain"
	# setpriv itself is non-dumpable after its setresuid: wait for the exec
	wait_comm "$plain" sleep
	run as_nobody timeout 1 strace -qq -o /dev/null -p "$plain"
	assert_equal "$status" 124

	start_unpriv_waiting_nsjoin
	run as_nobody timeout 1 strace -qq -o /dev/null -p "$NJ"
	assert_equal "$status" 1
	assert_output --partial "Operation not permitted"
}

@test "H19: PR_SET_DUMPABLE 0 comes before the first setns; after it nsjoin opens nothing, executes only the program" {
	require_root
	require_strace_inject
	start_target --mount --net --uts --pid
	local log=$BATS_TEST_TMPDIR/strace.log calls
	run with_clean_fds env -u SHELL timeout 10 strace -f -qq -o "$log" \
		"$NSJOIN" -t "$TARGET" -m -n -u -p -r -w -e "$PROBE" ns:net fds
	assert_success
	assert_output "$(nsid_of "$TARGET" net)"$'\n'"0 1 2"

	calls=$(nsjoin_calls "$log" "$PROBE")
	# the order: non-dumpable, then the first setns
	run awk '/prctl\(PR_SET_DUMPABLE, SUID_DUMP_DISABLE\) = 0/ && !s { d = NR }
		/setns\(/ && !s { s = NR } END { print (d && s && d < s) ? "ok" : "bad " d " " s }' <<<"$calls"
	assert_output ok
	# after the first setns: no file opened by path, no socket, no execve
	# but the program's
	run awk '/setns\(/ { s = 1 } s' <<<"$calls"
	refute_output --regexp '(open|openat|openat2|socket|connect)\('
	run grep -E 'execve\(' <<<"$(awk '/setns\(/ { s = 1 } s' <<<"$calls")"
	assert_equal "${#lines[@]}" 1
	assert_output --partial "execve(\"$PROBE\""
}

@test "H19: exactly one execve after nsjoin's own, the program's: -t T -m -r true, with and without fork" {
	require_root
	require_strace_inject
	start_target --mount --pid
	local log=$BATS_TEST_TMPDIR/strace.log opt
	for opt in "" -p; do
		run timeout 10 strace -f -qq -o "$log" -e trace=execve "$NSJOIN" -t "$TARGET" -m -r ${opt:+"$opt"} true
		assert_success
		# successful execve calls: nsjoin, then true (found in the
		# target's root with the caller's PATH)
		run grep -E '^[0-9]+ +execve\(.* = 0$' "$log"
		assert_equal "${#lines[@]}" 2
		assert_line --index 0 --partial "execve(\"$NSJOIN\""
		assert_line --index 1 --regexp 'execve\("[^"]*/true", \["true"\]'
		# and every attempt is the program's (the PATH search)
		run grep -E '^[0-9]+ +execve\(' "$log"
		[ "${#lines[@]}" -ge 2 ]
		run grep -cvE "execve\\(\"($NSJOIN|[^\"]*/true)\"" <<<"$output"
		assert_output 0
	done
}

@test "H19: no program and SHELL unset: the passwd shell is looked up on the host before the first setns" {
	require_root
	require_strace_inject
	start_target --mount --net
	local log=$BATS_TEST_TMPDIR/strace.log shell
	shell=$(getent passwd 0 | cut -d: -f7)
	[[ $shell == /* ]] || skip "root has no absolute passwd shell"

	# stdin /dev/null: the login shell exits at once
	run env -u SHELL timeout 10 strace -qq -o "$log" -e trace=openat,setns,execve \
		"$NSJOIN" -t "$TARGET" -m -n </dev/null
	assert_success
	# in nsjoin's part of the trace (up to the shell's execve): passwd, then setns
	run awk '/execve\(/ && ++e == 2 { print; exit } { print }' "$log"
	local calls=$output
	run awk '/"\/etc\/passwd"/ && !p { p = NR } /setns\(/ && !s { s = NR }
		END { print (p && s && p < s) ? "ok" : "bad " p " " s }' <<<"$calls"
	assert_output ok
	run tail -n 1 <<<"$calls"
	assert_output --regexp "^execve\\(\"$shell\", \\[\"-${shell##*/}\"\\]"
}

@test "H19: no program, SHELL unset, -S to a uid without a passwd entry: /bin/sh, looked up before the first setns, no crash" {
	require_root
	require_strace_inject
	start_target --mount --net
	local log=$BATS_TEST_TMPDIR/strace.log uid=54321
	! getent passwd "$uid" >/dev/null || skip "uid $uid has a passwd entry here"

	run --separate-stderr env -u SHELL timeout 10 strace -qq -o "$log" -e trace=openat,setns,execve \
		"$NSJOIN" -t "$TARGET" -m -n -S "$uid" </dev/null
	assert_success
	run awk '/execve\(/ && ++e == 2 { print; exit } { print }' "$log"
	local calls=$output
	run awk '/"\/etc\/passwd"/ && !p { p = NR } /setns\(/ && !s { s = NR }
		END { print (p && s && p < s) ? "ok" : "bad " p " " s }' <<<"$calls"
	assert_output ok
	run tail -n 1 <<<"$calls"
	assert_output --regexp '^execve\("/bin/sh", \["-sh"\]'
}

@test "H19: if PR_SET_DUMPABLE fails, nsjoin stops before the first setns" {
	require_root
	require_strace_inject
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log n
	run timeout 10 strace -qq -o "$log" -e trace=prctl "$NSJOIN" -t "$TARGET" -n "$PROBE" ns:net
	assert_success
	n=$(prctl_ordinal "$log" PR_SET_DUMPABLE)
	[[ $n =~ ^[0-9]+$ ]]

	inject "$log" "prctl:error=EPERM:when=$n" -t "$TARGET" -n "$PROBE" ns:net
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot make nsjoin non-dumpable: Operation not permitted"
	run injected_lines "$log"
	assert_line --partial "prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE)"
	run grep -cE 'setns\(|execve\("'"$PROBE" "$log"
	assert_output 0
}

@test "H19: no fd of nsjoin reaches the program with --net=FILE --user-parent -r -w -e -c -p" {
	require_root
	require_cgroup2
	start_target --net
	local other=$TARGET
	start_target --user --map-root-user --uts --pid
	run with_clean_fds "$NSJOIN" -t "$TARGET" --user-parent --net="/proc/$other/ns/net" \
		-u -p -r -w -e -c "$PROBE" fds ns:net ns:uts
	assert_success
	assert_output "0 1 2"$'\n'"$(nsid_of "$other" net)"$'\n'"$(nsid_of "$TARGET" uts)"

	run with_clean_fds "$NSJOIN" -t "$TARGET" --user-parent --net="/proc/$other/ns/net" \
		-u -r -w -e -c "$PROBE" fds ns:net ns:uts
	assert_success
	assert_output "0 1 2"$'\n'"$(nsid_of "$other" net)"$'\n'"$(nsid_of "$TARGET" uts)"
}

# --- 30: no orphan, even when nsjoin dies right after the fork --------------------

@test "H30: nsjoin -p killed between its fork and the child's PR_SET_PDEATHSIG: the program never runs" {
	require_root
	require_strace_inject
	start_target --net --pid
	local log=$BATS_TEST_TMPDIR/strace.log pid child i status=0
	: >"$log"
	# set_robust_list: once at nsjoin's start, then first thing in the
	# forked child (glibc's fork), before the child asks for SIGKILL on
	# its parent's death.  Each waits 1 s; the parent dies meanwhile.
	# In a pid namespace getppid() reads 0 before and after the parent's
	# death: only the pipe tells the child.
	timeout 20 strace -f -qq -o "$log" -e inject=set_robust_list:delay_enter=1000000 \
		"$NSJOIN" -t "$TARGET" -n -p "$PROBE" ns:net \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	local st=$!
	track_pid "$st"
	wait_for_log "$log" '^[0-9]+ +clone\('
	pid=$(awk '/ clone\(/ { print $1; exit }' "$log")
	wait_for_log "$log" "^[0-9]+ +set_robust_list\\(" # at least nsjoin's own
	for ((i = 0; i < 500; i++)); do
		child=$(awk -v p="$pid" '$1 != p && / set_robust_list\(/ { print $1; exit }' "$log")
		[[ -n $child ]] && break
		sleep 0.01
	done
	[[ -n $child ]] || fail "the child's set_robust_list never showed in $log"
	kill -KILL "$pid"
	wait "$st" || status=$?
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ""
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "nsjoin: nsjoin's supervising process died before exec"
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
	# the child was alive to arm the signal, and then checked
	run grep -E "^$child +prctl\\(PR_SET_PDEATHSIG, SIGKILL\\) += 0" "$log"
	assert_success
}

# check_fds_at_exec PID TARGET ALLOWED...: every fd of PID (stopped before
# the program's execve) is one of the caller's, ALLOWED, all present, or a
# pipe; none is the target's (a pidfd of it, its /proc directory, a
# namespace, a cgroup.procs file).
check_fds_at_exec() {
	local pid=$1 t=$2 fd link want
	shift 2
	local -A seen=()
	for fd in /proc/"$pid"/fd/*; do
		fd=${fd##*/}
		link=$(readlink "/proc/$pid/fd/$fd") || continue
		seen[$fd]=$link
		if grep -qE "^Pid:[[:space:]]+$t\$" "/proc/$pid/fdinfo/$fd" 2>/dev/null; then
			fail "process $pid holds fd $fd, a pidfd of the target $t ($link)"
		fi
		case $link in
		"/proc/$t" | "/proc/$t/"*) fail "process $pid holds fd $fd on the target's $link" ;;
		*/cgroup.procs) fail "process $pid holds fd $fd on $link" ;;
		esac
		if [[ $link =~ ^(cgroup|ipc|mnt|net|pid|time|user|uts)(_for_children)?:\[ ]]; then
			fail "process $pid holds fd $fd on a namespace: $link"
		fi
	done
	for want in "$@"; do
		[[ -n ${seen[$want]:-} ]] || fail "the caller's fd $want is not open in process $pid"
		unset "seen[$want]"
	done
	for fd in "${!seen[@]}"; do
		# a pipe is no way into anything (nsjoin may keep one to notice
		# its parent's death); anything else is nsjoin's own
		[[ ${seen[$fd]} == pipe:\[* ]] ||
			fail "process $pid holds fd $fd (${seen[$fd]}), which the caller did not pass"
	done
}

@test "H19: at the program's execve nsjoin's processes hold no fd of the target, only the caller's (checked before exec: ours are close-on-exec too)" {
	require_root
	require_strace_inject
	require_cgroup2
	start_target --net
	local other=$TARGET
	start_target --user --map-root-user --uts --pid
	local log=$BATS_TEST_TMPDIR/strace.log five=$BATS_TEST_TMPDIR/five
	local opt line pid nj i st base=${NSJOIN##*/}
	: >"$five"
	for opt in -p -F; do
		: >"$log"
		# strace makes the program's execve wait 2 s (it counts per
		# process, and not the execve it starts nsjoin with: this is the
		# first execve of nsjoin's child with -p, of nsjoin with -F)
		with_clean_fds bash -c 'exec timeout 20 strace -f -qq -o "$1" -e trace=execve \
			-e inject=execve:delay_enter=2000000 "$NSJOIN" -t "$2" --user-parent \
			--net="/proc/$3/ns/net" -u "$4" -r -w -e -c "$PROBE" fds 5<"$5"' \
			_ "$log" "$TARGET" "$other" "$opt" "$five" \
			>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null &
		st=$!
		track_pid "$st"
		# strace writes the execve line up to its arguments when the
		# call is entered, and the rest when it returns
		line=
		for ((i = 0; i < 500; i++)); do
			line=$(grep -F "execve(\"$PROBE\"" "$log") && break
			sleep 0.01
		done
		[[ $line =~ ^([0-9]+)\ + ]] || fail "no execve of the program in $log after 5 s"
		pid=${BASH_REMATCH[1]}
		nj=$(grep -E '^[0-9]+ +execve\(' "$log" | head -n 1 | cut -d' ' -f1)
		[[ $line != *") = "* ]] || fail "the program's execve has returned already: $line"

		check_fds_at_exec "$pid" "$TARGET" 0 1 2 5
		if [[ $pid != "$nj" ]]; then
			# -p: the waiting nsjoin holds nothing of the target either
			check_fds_at_exec "$nj" "$TARGET" 0 1 2 5
		fi
		# still before the execve: what was read is nsjoin's, not the probe's
		assert_equal "$(cat "/proc/$pid/comm")" "${base:0:15}"

		wait "$st"
		assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "0 1 2 5"
		assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
	done
}

# --- 25, 28: credentials -----------------------------------------------------------

@test "H25: a groups, gid or uid change that reports success but did not happen: exit 1, 'did not hold', the program never runs" {
	require_root
	require_strace_inject
	start_target --net --pid
	local log=$BATS_TEST_TMPDIR/strace.log opt spec call
	# The kernel does apply the ids: only a call that returns 0 without
	# doing anything (a seccomp filter's SECCOMP_RET_ERRNO with 0, a
	# broken LSM) shows that nsjoin reads them back.  Groups 4 24 to drop.
	for opt in "" -p; do
		for spec in "setgroups|supplementary groups are still set after setgroups()" \
			"setresgid|gid change to 1000 did not hold" \
			"setresuid|uid change to 1000 did not hold"; do
			call=${spec%%|*}
			run --separate-stderr timeout 10 setpriv --groups 4,24 \
				strace -f -qq -o "$log" -e "inject=$call:retval=0" \
				"$NSJOIN" -t "$TARGET" -n ${opt:+"$opt"} -S 1000 -G 1000 "$PROBE" uid gid groups
			assert_failure 1
			assert_equal "$output" ""
			assert_equal "$stderr" "nsjoin: ${spec#*|}"
			run injected_lines "$log"
			# (strace may split the line: "<... setresuid resumed>)")
			assert_line --regexp "^[0-9]+ +($call\\(|<\\.\\.\\. $call resumed>).* = 0 \\(INJECTED\\)\$"
			run grep -c "execve(\"$PROBE\"" "$log"
			assert_output 0
		done
	done
}

@test "H28: --caps: capset failing in libcap-ng stops nsjoin, the program never runs with the capabilities it had" {
	require_root
	require_strace_inject
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log

	# (--keep-caps is H16's; this is the capng_apply() of --caps)
	inject "$log" capset:error=EPERM -t "$TARGET" -n --caps=-all,+net_admin "$PROBE" caps
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "nsjoin: cannot set capabilities: Operation not permitted"
	run injected_lines "$log"
	assert_line --regexp '^[0-9]+ +capset\(.* = -1 EPERM .*\(INJECTED\)$'
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}

# --- 30, 31, 32: supervision ---------------------------------------------------------

@test "H30: one Ctrl-C is one SIGINT for the program, even when nsjoin is slow to forward (the terminal's is never forwarded)" {
	require_root
	require_cmd tmux
	require_strace_inject
	# shellcheck disable=SC2034 # read by terminal.bash
	TMUX_SOCK="nsjtest-$$-$BATS_TEST_NUMBER"
	local log=$BATS_TEST_TMPDIR/sig.log
	local slog=$BATS_TEST_TMPDIR/strace.log i nsj base=${NSJOIN##*/}
	# The probe logs one line per SIGINT or SIGUSR1 delivered, with where
	# it came from; one sent while it logs another waits, and pending ones
	# come lowest number first, SIGINT before SIGUSR1 (sigcount, probe.c).
	start_target --pid
	start_shell
	# Every signal nsjoin sends waits 0.3 s (strace): a forwarded SIGINT
	# would arrive once the program has taken the terminal's, and be seen;
	# sent at once, it could merge with the terminal's still pending one.
	# (strace -o with a command blocks SIGINT itself.)
	type_line "strace -qq -o $slog -e trace=kill,tgkill,pidfd_send_signal,rt_sigqueueinfo -e inject=kill,tgkill,pidfd_send_signal,rt_sigqueueinfo:delay_enter=300000 \"\$NSJOIN\" -t $TARGET -p $PROBE sigcount:$log"
	for ((i = 0; i < 500; i++)); do
		[[ $(cat "$log" 2>/dev/null) == ready ]] && break
		sleep 0.01
	done
	assert_equal "$(cat "$log")" "ready"
	nsj=$(descendant_named "${base:0:15}")

	key C-c
	for ((i = 0; i < 500; i++)); do
		grep -q '^int' "$log" && break
		sleep 0.01
	done
	# The terminal signalled nsjoin and the program together.  A SIGUSR1
	# sent to nsjoin by a process is forwarded, after whatever nsjoin does
	# with that SIGINT (lower number first), and reaches the program after
	# a forwarded SIGINT would: once it is logged, nothing is on the way.
	kill -USR1 "$nsj"
	for ((i = 0; i < 500; i++)); do
		grep -q '^usr1' "$log" && break
		sleep 0.01
	done
	assert_equal "$(cat "$log")" $'ready\nint kernel\nusr1 user'

	kill -TERM "$nsj"
	type_line 'echo "rc=$?"'
	wait_lines '^rc=[0-9]+$'
	assert_equal "$(last_line '^rc=')" "rc=143"
}

@test "H31: a program stopped by a signal stops nsjoin too, and a SIGCONT to nsjoin alone continues both" {
	require_root
	start_target --pid
	# (a supervisor that continues the process it started, not its group:
	# nsjoin must pass the SIGCONT on, fg's killpg() would hide that)
	"$NSJOIN" -t "$TARGET" -p "$PROBE" sleep:30 </dev/null >/dev/null 2>&1 3>&- &
	local nj=$! prog st=0
	track_pid "$nj"
	prog=$(child_with_comm "$nj" probe)
	wait_state "$prog" S

	kill -STOP "$prog"
	wait_state "$prog" T
	wait_state "$nj" T
	kill -CONT "$nj"
	wait_state "$nj" S
	wait_state "$prog" S

	# and still one job: SIGTERM to nsjoin ends both
	kill -TERM "$nj"
	wait "$nj" || st=$?
	assert_equal "$st" 143
	wait_state "$prog" 'gone|Z'
}

@test "H32: EINTR from wait4 and from the read of the target's environ is retried: the status and the environment are right" {
	require_root
	require_strace_inject
	HAZ_MARK=target start_target --pid
	local log=$BATS_TEST_TMPDIR/strace.log fd k

	# the waiting nsjoin's first wait4 fails with EINTR (a real signal
	# would not show it: nsjoin's handlers restart system calls)
	inject "$log" wait4:error=EINTR:when=1 -t "$TARGET" -p "$PROBE" exit:3
	assert_failure 3
	assert_equal "$output" ""
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_equal "${#lines[@]}" 1
	assert_line --regexp '^[0-9]+ +wait4\(.* = -1 EINTR .*\(INJECTED\)$'
	run grep -cE '(wait4\(|<\.\.\. wait4 resumed>).* = [1-9][0-9]*$' "$log"
	assert_output 1

	# the read of /proc/PID/environ (-e): which read is it?
	run timeout 10 strace -qq -o "$log" -e trace=openat,read "$NSJOIN" -t "$TARGET" -e -p "$PROBE" env:HAZ_MARK
	assert_success
	assert_output target
	fd=$(sed -nE 's/^openat\([0-9A-Z_]+, "environ", .*\) = ([0-9]+)$/\1/p' "$log" | head -n 1)
	[[ $fd =~ ^[0-9]+$ ]]
	k=$(grep -E '^read\(' "$log" | grep -nE "^read\\($fd, " | head -n 1 | cut -d: -f1)
	[[ $k =~ ^[0-9]+$ ]]
	inject "$log" "read:error=EINTR:when=$k" -t "$TARGET" -e -p "$PROBE" env:HAZ_MARK
	assert_success
	assert_equal "$output" target
	assert_equal "$stderr" ""
	run injected_lines "$log"
	assert_line --index 0 --regexp "^[0-9]+ +read\\($fd, .* = -1 EINTR .*\\(INJECTED\\)\$"
}

@test "H28: --caps as root where the bounding set cannot be narrowed (no CAP_SETPCAP, or PR_CAPBSET_DROP denied): exit 1, the program never runs" {
	require_root
	require_strace_inject
	require_cmd setpriv
	start_target --net
	local log=$BATS_TEST_TMPDIR/strace.log n

	# Without CAP_SETPCAP, libcap-ng 0.8.3 skips the bounding set and
	# capng_apply() still returns 0 (it only syslogs): the program, run as
	# root, gets every capability of the bounding set back at execve.
	run --separate-stderr setpriv --bounding-set=-setpcap \
		"$NSJOIN" -t "$TARGET" -n --caps=-all,+net_admin "$PROBE" caps
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: cannot set the capability bounding set"

	# PR_CAPBSET_DROP denied (a seccomp filter): the same
	run timeout 10 strace -qq -o "$log" -e trace=prctl "$NSJOIN" -t "$TARGET" -n --caps=-all,+net_admin "$PROBE" caps
	assert_success
	n=$(prctl_ordinal "$log" PR_CAPBSET_DROP)
	[[ $n =~ ^[0-9]+$ ]]
	inject "$log" "prctl:error=EPERM:when=$n+" -t "$TARGET" -n --caps=-all,+net_admin "$PROBE" caps
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" "^nsjoin: cannot set the capability bounding set"
	run injected_lines "$log"
	assert_line --index 0 --partial "prctl(PR_CAPBSET_DROP"
	run grep -c "execve(\"$PROBE\"" "$log"
	assert_output 0
}
