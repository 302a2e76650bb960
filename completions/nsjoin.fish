# fish completion for nsjoin(1)
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Argument forms, as nsjoin parses them (src/options.c):
#  - namespace options, -r and -w take their argument only when attached
#    (-nFILE, -n=FILE, --net=FILE); "-n FILE" runs FILE;
#  - -t -N -S -G -W and --caps take it attached or as the next word;
#  - --caps, --type and --output take comma-separated lists: the last item
#    is completed, the ones before it kept;
#  - option parsing stops at the first non-option word, or after "--".

# nsjoin's options in argparse's spelling: "=?" is an optional argument,
# which argparse, like nsjoin, only takes when attached.
set -g __fish_nsjoin_optspec a/all t/target= 'U/user=?' 'C/cgroup=?' \
    'i/ipc=?' 'u/uts=?' 'n/net=?' 'p/pid=?' 'm/mount=?' 'T/time=?' \
    N/net-socket= user-parent S/setuid= G/setgid= preserve-credentials \
    keep-caps caps= no-new-privs 'r/root=?' 'w/wd=?' W/wdns= e/env \
    F/no-fork c/join-cgroup Z/follow-context show list tree= dot type= \
    output= output-all noheadings raw nowrap json h/help V/version \
    container= ip-netns as-target pty each=

# Container ids and names, from the runtimes' state that --container reads
# too (src/container.c; no engine is asked): the ids in runc's state roots
# (the running containers of runc, Podman, CRI-O, containerd and Docker),
# the ids and names in Docker's config.v2.json and containers-storage's
# containers.json (Podman, CRI-O; also stopped containers).  Not read here:
# a data-root or graphroot that daemon.json or storage.conf moved, and
# other users' rootless storage.  NSJOIN_STATE_ROOT, nsjoin's test hook,
# stands for "/" here as it does for nsjoin.
function __fish_nsjoin_containers
    # one empty word, not none: "$top/run" must still be "/run"
    set -l top ''
    string match -q -- '/*' "$NSJOIN_STATE_ROOT"
    and set top $NSJOIN_STATE_ROOT
    begin
        for f in $top/run/runc/*/state.json \
                $top/run/containerd/runc/*/*/state.json \
                $top/run/docker/runtime-runc/moby/*/state.json \
                $top/run/user/*/runc/*/state.json
            basename (dirname $f)
        end
        for f in $top/var/lib/docker/containers/*/config.v2.json
            test -r $f; or continue
            basename (dirname $f)
            string match -rg '"Name":"/([^"]*)"' <$f
        end
        for f in $top/var/lib/containers/storage/*-containers/containers.json \
                $top$HOME/.local/share/containers/storage/*-containers/containers.json
            test -r $f; or continue
            string match -rag '"names":\["([^"]*)"' <$f
            string match -rag '"id":"([0-9a-f]*)"' <$f
        end
    end | sort -u
end

# The program and its arguments (NUL-separated), or false while options
# are still being typed.
function __fish_nsjoin_program_args
    set -l tokens (commandline -opc) (commandline -ct)
    set -e tokens[1]
    argparse -s $__fish_nsjoin_optspec -- $tokens 2>/dev/null
    or return 1
    set -q argv[1]
    or return 1
    # an option being typed in the program's place
    if test (count $argv) -eq 1; and string match -q -- '-*' $argv[1]
        return 1
    end
    string join0 -- $argv
end

function __fish_nsjoin_no_program
    not __fish_nsjoin_program_args >/dev/null
end

function __fish_nsjoin_complete_program
    set -l args (__fish_nsjoin_program_args | string split0)
    or return
    if test (count $args) -le 1
        __fish_complete_command
    else
        __fish_complete_subcommand --commandline $args
    end
end

# The pids of user processes, in numeric order (fish sorts a glob's
# numbers by value; -k keeps the order), described by their command lines.
# Kernel threads (the PF_KTHREAD flag of /proc/PID/stat: kthreadd, pid 2
# of the host, and its children; they have no command line) are left out:
# they all run in the initial namespaces, pid 1's, so the hundreds of them
# would offer no target pid 1 does not; a kernel thread's pid typed in
# full still works.  Zombies are left out too: they have no namespaces
# left to join.
function __fish_nsjoin_pids
    for d in (string match -r '^/proc/[0-9]+$' -- /proc/*)
        test -r $d/stat; and read -l stat <$d/stat; or continue
        # after "(comm) ": state ppid pgrp session tty_nr tpgid flags
        set -l f (string match -r '^\d+ \((.*)\) ([^ZX]) \S+ \S+ \S+ \S+ \S+ (\d+) ' -- $stat)
        or continue
        test (math "bitand($f[4], 2097152)") -eq 0; or continue
        set -l args
        test -r $d/cmdline; and set args (string split0 <$d/cmdline)
        set -q args[1]; or set args $f[2]
        # one line: arguments may hold newlines and tabs
        printf '%s\t%s\n' (string replace /proc/ '' -- $d) \
            (string replace -ra -- '[[:cntrl:]]+' ' ' $args | string join ' ')
    end
end

# Complete the last item of a comma-separated list (--type, --output,
# --caps) from the lines "ITEM<TAB>DESCRIPTION" on stdin; the items before
# it are kept and not offered again.  With "+", the list may start with
# "+" (--output=+LIST: added to the default columns).
function __fish_nsjoin_list --argument-names plus
    set -l token (string replace -r -- '^--[a-z-]+=' '' (commandline -ct))
    set -l head (string replace -r -- '[^,]*$' '' $token)
    set -l sign
    if test -z "$head" -a -n "$plus"; and string match -q -- "$plus*" $token
        set sign $plus
    end
    set -l used (string split , -- $head)
    test -n "$plus"; and set used (string replace -r -- '^\+' '' $used)
    while read -l line
        set -l item (string split -f 1 \t -- $line)
        contains -- $item $used; and continue
        printf '%s%s%s\n' $head $sign $line
    end
end

# The columns of --output, with their descriptions, asked of the nsjoin
# being completed (as typed: "nsjoin", "./src/nsjoin"), so that they are
# its own whatever its version; this copy of --output=help's table when it
# cannot say (not found, or older than --output=help).
# tests/80-completions.bats checks the copy against --output=help.
function __fish_nsjoin_columns
    set -l cmd (commandline -opc)[1]
    set -l out
    set -l cols
    if command -q -- $cmd; and set out (command $cmd --list --output=help 2>/dev/null)
        set cols (string replace -rf -- '^ +([A-Z][A-Z0-9-]*)  +(.+)$' '$1'\t'$2' $out)
    end
    set -q cols[1]; or set cols \
        NS\t'namespace identifier (inode number)' \
        NSID\t'64-bit namespace id (for --net=:NSID)' \
        TYPE\t'kind of namespace' \
        PATH\t'path to the namespace' \
        NPROCS\t'number of processes in the namespace' \
        PID\t'lowest PID in the namespace' \
        PPID\t'PPID of the PID' \
        COMMAND\t'command line of the PID' \
        UID\t'UID of the PID' \
        USER\t'username of the PID' \
        NETNSID\t'namespace ID as used by network subsystem' \
        NSFS\t'nsfs mountpoint (usually used network subsystem)' \
        PNS\t'parent namespace identifier (inode number)' \
        ONS\t'owner namespace identifier (inode number)' \
        OWNER-UID\t'UID that created a user namespace' \
        HOLDER\t'what keeps a namespace with no process alive'
    printf '%s\n' $cols | __fish_nsjoin_list +
end

# Numeric ids (nsjoin accepts no names), described by their names.
function __fish_nsjoin_ids --argument-names db what
    printf 'follow\tthe %s of the target process\n' $what
    begin
        getent $db 2>/dev/null; or cat /etc/$db 2>/dev/null
    end | while read -l line
        set -l f (string split : -- $line)
        printf '%s\t%s\n' $f[3] $f[1]
    end
end

# Socket descriptors of the target process given with -t/--target.
function __fish_nsjoin_sockets
    set -l tokens (commandline -opc)
    set -e tokens[1]
    # the last word may be -N itself, still without its argument
    set -q tokens[1]
    and string match -qr -- '^(-[^-]*N|--net-socket)$' $tokens[-1]
    and set -e tokens[-1]
    argparse -s $__fish_nsjoin_optspec -- $tokens 2>/dev/null
    or return
    set -q _flag_target[1]
    or return
    set -l pid (string split -f 1 : -- $_flag_target[-1])
    for f in /proc/$pid/fd/*
        if string match -q 'socket:*' -- (readlink $f 2>/dev/null)
            printf '%s\tsocket\n' (basename $f)
        end
    end
end

# The argument attached to a namespace option, -r or -w (--net=FILE,
# -nFILE, -n=FILE): files, or directories with "dirs"; for "net" also
# names from "ip netns add NAME".
function __fish_nsjoin_attached --argument-names kind
    set -l token (commandline -ct)
    set -l opt ''
    set -l val
    if string match -qr -- '^--[a-z-]+=' $token
        set val (string replace -r -- '^--[a-z-]+=' '' $token)
    else if set -l m (string match -r -- '^(-[aeFcZhV]*([UCiunpmTrw])=?)(.*)$' $token)
        # nsjoin, like getopt, gives the rest of the word to the first
        # option that takes an argument: that option says what it is
        set opt $m[2]
        set val $m[4]
        switch $m[3]
            case n
                set kind net
            case r w
                set kind dirs
            case '*'
                set kind files
        end
    else
        return
    end
    # =:NSID is a namespace id: nothing to complete
    string match -q -- ':*' $val
    and return
    set -l cands
    if test "$kind" = net; and not string match -q -- '*/*' $val
        for f in /run/netns/*
            set -a cands (basename $f)\t'ip netns name'
        end
    end
    # file completions, as for a command that has none of its own
    set -l out (complete -C"__fish_nsjoin_no_such_command "(string escape -- $val))
    if test "$kind" = dirs
        set out (string match -r -- '^[^\t]*/(?:\t.*)?$' $out)
    end
    set -a cands $out
    test -n "$opt"
    or begin
        printf '%s\n' $cands
        return
    end
    # fish reads "-mnsjc-f" as the cluster -m -n and completes an argument
    # of -n from "sjc-f": say each whole word relative to where fish thinks
    # the argument starts (after the last of a run of known option letters)
    set -l letters aeFcZhVtUCiunpmTNSGrwW
    set -l chars (string split '' -- $token)
    set -l i 2
    while test $i -lt (count $chars)
        contains -- $chars[$i] (string split '' $letters)
        and contains -- $chars[(math $i + 1)] (string split '' $letters)
        or break
        set i (math $i + 1)
    end
    set -l fishpre (string sub -l $i -- $token)
    for c in $cands
        set -l word $opt$c
        string match -q -- "$fishpre*" $word
        and printf '%s\n' (string sub -s (math $i + 1) -- $word)
    end
end

# "--caps -all,+x" as two words: fish would take "-all..." for an option.
function __fish_nsjoin_after_caps
    set -l tokens (commandline -opc)
    test "$tokens[-1]" = --caps
end

function __fish_nsjoin_caps
    for c in all chown dac_override dac_read_search fowner fsetid kill setgid \
            setuid setpcap linux_immutable net_bind_service net_broadcast \
            net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio \
            sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice \
            sys_resource sys_time sys_tty_config mknod lease audit_write \
            audit_control setfcap mac_override mac_admin syslog wake_alarm \
            block_suspend audit_read perfmon bpf checkpoint_restore
        printf '+%s\n-%s\n' $c $c
    end | __fish_nsjoin_list
end

complete -c nsjoin -e
set -l opt -c nsjoin -n __fish_nsjoin_no_program

# The program, then its own arguments.
complete -c nsjoin -x -a '(__fish_nsjoin_complete_program)'

complete $opt -s a -l all -d 'Enter all namespaces of the target'
complete $opt -s t -l target -x -k -a '(__fish_nsjoin_pids)' -d 'Target process: PID[:inode]'

# Namespaces: the file only when attached (-nFILE, --net=FILE).
complete $opt -s U -l user -a '(__fish_nsjoin_attached files)' -d 'Enter user namespace [=file|=:nsid]'
complete $opt -s C -l cgroup -a '(__fish_nsjoin_attached files)' -d 'Enter cgroup namespace [=file|=:nsid]'
complete $opt -s i -l ipc -a '(__fish_nsjoin_attached files)' -d 'Enter System V IPC namespace [=file|=:nsid]'
complete $opt -s u -l uts -a '(__fish_nsjoin_attached files)' -d 'Enter UTS namespace [=file|=:nsid]'
complete $opt -s n -l net -a '(__fish_nsjoin_attached net)' -d 'Enter network namespace [=file|=:nsid|=name]'
complete $opt -s p -l pid -a '(__fish_nsjoin_attached files)' -d 'Enter pid namespace [=file|=:nsid]'
complete $opt -s m -l mount -a '(__fish_nsjoin_attached files)' -d 'Enter mount namespace [=file|=:nsid]'
complete $opt -s T -l time -a '(__fish_nsjoin_attached files)' -d 'Enter time namespace [=file|=:nsid]'
complete $opt -s N -l net-socket -x -a '(__fish_nsjoin_sockets)' -d "Enter network namespace of a socket of the target"
complete $opt -l user-parent -d 'Enter parent user namespace'
complete $opt -l container -x -a '(__fish_nsjoin_containers)' -d 'Target the init process of a container (id, prefix or name)'
complete $opt -l ip-netns -d "With --net=NAME: what 'ip netns exec' adds"

# Credentials and capabilities.
complete $opt -s S -l setuid -x -a '(__fish_nsjoin_ids passwd uid)' -d 'Set uid in entered namespace'
complete $opt -s G -l setgid -x -a '(__fish_nsjoin_ids group gid)' -d 'Set gid in entered namespace'
complete $opt -l preserve-credentials -d 'Do not touch uids or gids'
complete $opt -l keep-caps -d 'Retain capabilities granted in user namespaces'
complete $opt -l caps -x -a '(__fish_nsjoin_caps)' -d 'Set the capabilities of the program (-all,+net_admin)'
complete -c nsjoin -n __fish_nsjoin_after_caps -x -a '(__fish_nsjoin_caps)'
complete $opt -l no-new-privs -d 'Set no_new_privs for the program'
complete $opt -l as-target -d "Run as the target's own processes (namespaces, ids, caps...)"

# Root, working directory, environment, cgroup.
complete $opt -s r -l root -a '(__fish_nsjoin_attached dirs)' -d 'Set the root directory [=dir]'
complete $opt -s w -l wd -a '(__fish_nsjoin_attached dirs)' -d 'Set the working directory [=dir]'
complete $opt -s W -l wdns -x -a '(__fish_complete_directories)' -d 'Set the working directory in namespace'
complete $opt -s e -l env -d 'Inherit environment variables from target process'
complete $opt -s F -l no-fork -d 'Do not fork before executing the program'
complete $opt -l pty -d 'Run the program on a new pseudo-terminal'
complete $opt -l each -x -a 'cgroup ipc mnt net pid time user uts' -d 'Run the program in every namespace of this type'
complete $opt -s c -l join-cgroup -d 'Join the cgroup of the target process'
complete $opt -s Z -l follow-context -d 'Set SELinux context according to --target PID'

# Showing and listing instead of entering.
complete $opt -l show -d 'Print what would be joined, and exit'
complete $opt -l list -d 'List the namespaces of this host, and exit'
complete $opt -l tree -x -a 'user pid' -d 'Draw the user or pid namespace hierarchy'
complete $opt -l dot -d 'With --list or --tree: print Graphviz DOT'
complete $opt -l type -x -a '(printf "%s\n" cgroup ipc mnt net pid time user uts | __fish_nsjoin_list)' -d 'With --list: only namespaces of these types (net,pid)'
complete $opt -l output -x -k -a '(__fish_nsjoin_columns)' -d 'With --list or --tree: the columns to show (NS,PID or +NSFS)'
complete $opt -l output-all -d 'With --list or --tree: show every column'
complete $opt -l noheadings -d 'With --list or --tree: do not print the headings'
complete $opt -l raw -d 'With --list or --tree: unaligned output, blanks escaped'
complete $opt -l nowrap -d 'With --list or --tree: one line per namespace, nothing cut'
complete $opt -l json -d 'With --show, --list or --tree: print JSON'

complete $opt -s h -l help -d 'Display help'
complete $opt -s V -l version -d 'Display version'
