# bash completion for nsjoin(1)                            -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installed as <bashcompletiondir>/nsjoin.  Works with or without the
# bash-completion package; uses its helpers when they are there.
#
# Argument forms, as nsjoin parses them (src/options.c):
#  - namespace options, -r and -w take their argument only when attached
#    (-nFILE, -n=FILE, --net=FILE); "-n FILE" runs FILE;
#  - -t -N -S -G -W and --caps take it attached or as the next word;
#  - --caps, --type and --output take comma-separated lists: the last item
#    is completed, the ones before it kept;
#  - option parsing stops at the first non-option word or after "--".

# Long options; a trailing "=" marks an optional argument that must be
# attached, a trailing ":" a required one.
_nsjoin_longopts=(
    all target: user= cgroup= ipc= uts= net= pid= mount= time=
    net-socket: user-parent setuid: setgid: preserve-credentials keep-caps
    caps: no-new-privs root= wd= wdns: env no-fork join-cgroup
    follow-context show list tree: dot type: output: output-all noheadings
    raw nowrap json help version container: ip-netns as-target pty each:
)

# Every option, as offered when a word starting with "-" is completed.
_nsjoin_options=(
    -a --all -t --target -U --user -C --cgroup -i --ipc -u --uts -n --net
    -p --pid -m --mount -T --time -N --net-socket --user-parent
    -S --setuid -G --setgid --preserve-credentials --keep-caps --caps
    --no-new-privs -r --root -w --wd -W --wdns -e --env -F --no-fork
    -c --join-cgroup -Z --follow-context --show --list --tree --dot --type
    --output --output-all --noheadings --raw --nowrap --json -h --help
    -V --version --container --ip-netns --as-target --pty --each
)

# The namespace types of --type and --each (src/nstype.c: "mount" is
# "mnt" too).
_nsjoin_types=(cgroup ipc mnt mount net pid time user uts)

# The columns of --output, as "nsjoin --list --output=help" prints them;
# only used when the nsjoin being completed cannot say (see
# _nsjoin_columns).  tests/80-completions.bats checks this copy against
# --output=help.
_nsjoin_column_names=(NS NSID TYPE PATH NPROCS PID PPID COMMAND UID USER
    NETNSID NSFS PNS ONS OWNER-UID HOLDER)

# Short option letters taking an optional argument (attached only), and a
# required one (attached or the next word); the others take none.
_nsjoin_short_optarg=UCiunpmTrw
_nsjoin_short_reqarg=tNSGW

# Resolve a long option name, possibly abbreviated, to its table entry
# (name plus "=" or ":" marker).  Prints nothing when unknown or ambiguous.
_nsjoin_longopt()
{
    local name=$1 o hit="" n=0
    for o in "${_nsjoin_longopts[@]}"; do
        if [[ ${o%[=:]} == "$name" ]]; then
            printf '%s\n' "$o"
            return
        fi
        if [[ ${o%[=:]} == "$name"* ]]; then
            hit=$o
            n=$((n + 1))
        fi
    done
    ((n == 1)) && printf '%s\n' "$hit"
}

# The short letter, or long name, of the namespace option that takes a file.
_nsjoin_ns_of()
{
    case $1 in
        U | user) echo user ;;
        C | cgroup) echo cgroup ;;
        i | ipc) echo ipc ;;
        u | uts) echo uts ;;
        n | net) echo net ;;
        p | pid) echo pid ;;
        m | mount) echo mnt ;;
        T | time) echo time ;;
    esac
}

# The pids of user processes, in numeric order, shown as "PID (comm)" when
# listed and inserted as bare pids.  Kernel threads (the PF_KTHREAD flag
# of /proc/PID/stat: kthreadd, pid 2 of the host, and its children; they
# have no command line) are left out: they all run in the initial
# namespaces, pid 1's, so the hundreds of them would offer no target pid 1
# does not; a kernel thread's pid typed in full still works.  Zombies are
# left out too: they have no namespaces left to join.
_nsjoin_pids()
{
    local cur=$1 d pid stat comm
    # after "(comm) ": state ppid pgrp session tty_nr tpgid flags
    local fields='^([A-Za-z]) (-?[0-9]+ ){5}([0-9]+) '
    # indexed by pid: an indexed array lists its indices in numeric order
    local -a shown=()
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [[ $pid == "$cur"* ]] || continue
        { IFS= read -r stat <"$d/stat"; } 2>/dev/null || continue
        # (escaped: "*(" is a pattern of its own with extglob, which
        # bash-completion sets)
        comm=${stat#*\(}
        comm=${comm%\)*}
        [[ ${stat##*\) } =~ $fields && ${BASH_REMATCH[1]} != [ZX] ]] ||
            continue
        ((BASH_REMATCH[3] & 0x200000)) && continue
        shown[pid]="$pid ($comm)"
    done
    # Decorated entries share only the PID's common prefix, so bash never
    # inserts more than a PID; menu completion (%) inserts whole entries.
    if ((${#shown[@]} > 1)) && [[ ${COMP_TYPE-} != 37 ]]; then
        COMPREPLY+=("${shown[@]}")
    else
        COMPREPLY+=("${!shown[@]}")
    fi
    # bash would list them in text order (5009 before 50)
    compopt -o nosort 2>/dev/null
}

# Numeric ids (nsjoin accepts no names) from the passwd or group database,
# shown as "ID (name)" when listed; plus "follow".
_nsjoin_ids()
{
    local db=$1 cur=$2 line name id
    local -a ids=() shown=()
    [[ follow == "$cur"* ]] && ids+=(follow) && shown+=(follow)
    while IFS= read -r line; do
        name=${line%%:*}
        id=${line#*:*:}
        id=${id%%:*}
        [[ $id == [0-9]* && $id == "$cur"* ]] || continue
        ids+=("$id")
        shown+=("$id ($name)")
    done < <(getent "$db" 2>/dev/null || cat "/etc/$db" 2>/dev/null)
    if ((${#ids[@]} > 1)) && [[ ${COMP_TYPE-} != 37 ]]; then
        COMPREPLY+=("${shown[@]}")
    else
        COMPREPLY+=("${ids[@]}")
    fi
}

# Socket descriptors of the target process.
_nsjoin_sockets()
{
    local pid=$1 cur=$2 f fd
    [[ $pid == [1-9]* ]] || return
    for f in "/proc/$pid/fd/"*; do
        fd=${f##*/}
        [[ $fd == "$cur"* && $(readlink "$f" 2>/dev/null) == socket:* ]] &&
            COMPREPLY+=("$fd")
    done
}

# Complete the last item of the comma-separated list $1 from the words
# after $2; the items before it are kept and not offered again.  With $2
# "+", the list may start with "+" (--output=+LIST: added to the default).
_nsjoin_list()
{
    local cur=$1 plus=$2 head="" tail sign="" w
    shift 2
    [[ $cur == *,* ]] && head=${cur%,*},
    tail=${cur##*,}
    if [[ -z $head && -n $plus && $tail == "$plus"* ]]; then
        sign=$plus
        tail=${tail#"$plus"}
    fi
    for w; do
        [[ $w == "$tail"* && ,${head#"$plus"} != *,"$w",* ]] &&
            COMPREPLY+=("$head$sign$w")
    done
    compopt -o nospace 2>/dev/null
}

# The columns of --output, asked of the nsjoin being completed ($1, as
# typed: "nsjoin", "./src/nsjoin"), so that they are its own whatever its
# version; _nsjoin_column_names when it cannot say (not found, or older
# than --output=help).
_nsjoin_columns()
{
    local cmd out name rest
    local -a names=()
    if cmd=$(type -P -- "$1") &&
        out=$("$cmd" --list --output=help 2>/dev/null); then
        while read -r name rest; do
            [[ $name =~ ^[A-Z][A-Z0-9-]*$ && -n $rest ]] && names+=("$name")
        done <<<"$out"
    fi
    ((${#names[@]})) || names=("${_nsjoin_column_names[@]}")
    printf '%s\n' "${names[@]}"
}

_nsjoin_caps()
{
    local -a caps=(all chown dac_override dac_read_search fowner fsetid kill
        setgid setuid setpcap linux_immutable net_bind_service net_broadcast
        net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot
        sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource
        sys_time sys_tty_config mknod lease audit_write audit_control setfcap
        mac_override mac_admin syslog wake_alarm block_suspend audit_read
        perfmon bpf checkpoint_restore)
    _nsjoin_list "$1" "" "${caps[@]/#/+}" "${caps[@]/#/-}"
}

# Files for a namespace option; for --net also names from /run/netns.
# Candidates are whole words: $prefix (the option, when attached) + file.
_nsjoin_nsfile()
{
    local ns=$1 cur=$2 prefix=$3 f
    local -a r=()
    [[ $cur == :* ]] && return  # =:NSID, a number nothing here can guess
    if [[ $cur != */* && $ns == net && -d /run/netns ]]; then
        for f in /run/netns/*; do
            [[ -e $f && ${f##*/} == "$cur"* ]] && r+=("${f##*/}")
        done
    fi
    mapfile -t -O "${#r[@]}" r < <(compgen -f -- "$cur")
    for f in "${r[@]}"; do
        COMPREPLY+=("$prefix$f")
    done
    _nsjoin_plen=${#prefix}
}

_nsjoin_dirs()
{
    local cur=$1 prefix=$2 f
    while IFS= read -r f; do
        COMPREPLY+=("$prefix$f")
    done < <(compgen -d -- "$cur")
    _nsjoin_plen=${#prefix}
}

# Container ids and names, from the runtimes' state that --container reads
# too (src/container.c; no engine is asked): the ids in runc's state roots
# (the running containers of runc, Podman, CRI-O, containerd and Docker),
# the ids and names in Docker's config.v2.json and containers-storage's
# containers.json (Podman, CRI-O; also stopped containers).  Not read here:
# a data-root or graphroot that daemon.json or storage.conf moved, and
# other users' rootless storage.  NSJOIN_STATE_ROOT, nsjoin's test hook,
# stands for "/" here as it does for nsjoin.
_nsjoin_containers()
{
    local top=${NSJOIN_STATE_ROOT-} f
    [[ $top == /* ]] || top=
    for f in "$top"/run/runc/*/state.json \
        "$top"/run/containerd/runc/*/*/state.json \
        "$top"/run/docker/runtime-runc/moby/*/state.json \
        "$top"/run/user/*/runc/*/state.json; do
        [[ -e $f ]] || continue
        f=${f%/state.json}
        printf '%s\n' "${f##*/}"
    done
    for f in "$top"/var/lib/docker/containers/*/config.v2.json; do
        [[ -r $f ]] || continue
        f=${f%/config.v2.json}
        printf '%s\n' "${f##*/}"
        sed -n 's/.*"Name":"\/\([^"]*\)".*/\1/p' "$f/config.v2.json" 2>/dev/null
    done
    for f in "$top"/var/lib/containers/storage/*-containers/containers.json \
        "$top${HOME-/nonexistent}"/.local/share/containers/storage/*-containers/containers.json; do
        [[ -r $f ]] || continue
        grep -o '"names":\["[^"]*"' "$f" 2>/dev/null | sed 's/.*\["//; s/"$//'
        grep -o '"id":"[0-9a-f]*"' "$f" 2>/dev/null | sed 's/.*:"//; s/"$//'
    done
}

# Complete the argument of option $1 (a short letter or a long name), with
# $2 the text typed so far, $3 what to put in front of each candidate and
# $4 the target PID, if known.
_nsjoin_optarg()
{
    local opt=$1 cur=$2 prefix=$3 target=$4 ns n
    local -a names
    ns=$(_nsjoin_ns_of "$opt")
    if [[ -n $ns ]]; then
        _nsjoin_nsfile "$ns" "$cur" "$prefix"
        return
    fi
    n=${#COMPREPLY[@]}
    case $opt in
        t | target)
            _nsjoin_pids "$cur" ;;
        N | net-socket)
            _nsjoin_sockets "$target" "$cur" ;;
        S | setuid)
            _nsjoin_ids passwd "$cur" ;;
        G | setgid)
            _nsjoin_ids group "$cur" ;;
        caps)
            _nsjoin_caps "$cur" ;;
        tree)
            mapfile -t -O "$n" COMPREPLY < <(compgen -W "user pid" -- "$cur") ;;
        type)
            _nsjoin_list "$cur" "" "${_nsjoin_types[@]}" ;;
        each)
            mapfile -t -O "$n" COMPREPLY < <(compgen -W "${_nsjoin_types[*]}" -- "$cur") ;;
        output)
            mapfile -t names < <(_nsjoin_columns "$_nsjoin_cmd")
            _nsjoin_list "$cur" + "${names[@]}" ;;
        container)
            mapfile -t -O "$n" COMPREPLY < <(compgen -W "$(_nsjoin_containers | sort -u)" -- "$cur") ;;
        r | root | w | wd | W | wdns)
            _nsjoin_dirs "$cur" "$prefix"
            return ;;
    esac
    # the attached forms: -t123, --target=123
    if [[ -n $prefix ]]; then
        for ((; n < ${#COMPREPLY[@]}; n++)); do
            COMPREPLY[n]=$prefix${COMPREPLY[n]%% (*}
        done
    fi
}

# bash replaces only the part of the word after its last COMP_WORDBREAKS
# character ("--net=/pr" -> "/pr"): cut what comes before from each
# candidate, and finish file names the way -o filenames would.
_nsjoin_finish()
{
    local cur=$1 keep="" i c f
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        c=${cur:i:1}
        if [[ $c != [[:space:]\"\'] && $COMP_WORDBREAKS == *"$c"* ]]; then
            keep=${cur:0:i+1}
            break
        fi
    done
    if [[ -n $keep ]]; then
        for i in "${!COMPREPLY[@]}"; do
            COMPREPLY[i]=${COMPREPLY[i]#"$keep"}
        done
    fi
    ((_nsjoin_plen >= 0)) || return 0
    if ((_nsjoin_plen <= ${#keep})); then
        compopt -o filenames 2>/dev/null
        return 0
    fi
    # the option is still part of the word (-r/srv): bash would take
    # "-r/srv" for the file name, so mark directories by hand
    for i in "${!COMPREPLY[@]}"; do
        f=${COMPREPLY[i]}
        f=${f:_nsjoin_plen - ${#keep}}
        if [[ -d $f ]]; then
            COMPREPLY[i]+=/
            compopt -o nospace 2>/dev/null
        fi
    done
}

_nsjoin()
{
    local cur i k w ent letter rest line glue opt want="" target="" start=0
    local cword=0 _nsjoin_plen=-1 _nsjoin_cmd=$1
    local -a words=() rawidx=()
    COMPREPLY=()

    # Rejoin what COMP_WORDBREAKS split ("--net" "=" "file"): tokens with
    # no blank between them in the command line form one word.
    line=${COMP_LINE:0:COMP_POINT}
    for ((k = 0; k <= COMP_CWORD; k++)); do
        w=${COMP_WORDS[k]}
        glue=1
        if [[ $line =~ ^[[:space:]]+ ]]; then
            glue=0
            line=${line:${#BASH_REMATCH[0]}}
        fi
        # the cursor may be inside the word: complete what is before it
        ((k == COMP_CWORD && ${#line} < ${#w})) && w=${w:0:${#line}}
        if ((glue && k > 0)); then
            words[${#words[@]} - 1]+=$w
        else
            words+=("$w")
            rawidx+=("$k")
        fi
        line=${line:${#w}}
    done
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}

    # Walk the words before the cursor: which option wants the next word,
    # where the program starts, and which target was given.
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $want ]]; then
            [[ $want == t ]] && target=${w%%:*}
            want=""
            continue
        fi
        case $w in
            --)
                start=$((i + 1))
                break
                ;;
            --*=*)
                w=${w#--}
                ent=$(_nsjoin_longopt "${w%%=*}")
                [[ ${ent%[=:]} == target ]] && target=${w#*=} target=${target%%:*}
                ;;
            --?*)
                ent=$(_nsjoin_longopt "${w#--}")
                if [[ $ent == *: ]]; then
                    want=${ent%:}
                    [[ $want == target ]] && want=t
                fi
                ;;
            -?*)
                rest=${w#-}
                while [[ -n $rest ]]; do
                    letter=${rest:0:1}
                    rest=${rest:1}
                    if [[ $_nsjoin_short_optarg == *"$letter"* ]]; then
                        break
                    elif [[ $_nsjoin_short_reqarg == *"$letter"* ]]; then
                        if [[ -z $rest ]]; then
                            want=$letter
                        elif [[ $letter == t ]]; then
                            target=${rest%%:*}
                        fi
                        break
                    fi
                done
                ;;
            *)
                start=$i
                break
                ;;
        esac
    done

    # The program and its arguments.
    if ((start > 0)); then
        if ((start > cword)); then
            mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        elif declare -F _command_offset >/dev/null; then
            _command_offset "${rawidx[start]}"
        elif ((cword == start)); then
            mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        else
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return 0
    fi

    if [[ -n $want ]]; then
        # the argument of the option in the previous word
        _nsjoin_optarg "$want" "$cur" "" "$target"
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        ent=$(_nsjoin_longopt "${opt#--}")
        [[ $ent == *[=:] ]] &&
            _nsjoin_optarg "${ent%[=:]}" "${cur#*=}" "$opt=" "$target"
    elif [[ $cur == -[!-]?* ]]; then
        # a bundle of short options, or one with its argument attached
        COMPREPLY=("$cur")
        rest=${cur#-}
        w=-
        while [[ -n $rest ]]; do
            letter=${rest:0:1}
            rest=${rest:1}
            w+=$letter
            [[ $_nsjoin_short_optarg$_nsjoin_short_reqarg == *"$letter"* ]] ||
                continue
            if [[ -n $rest ]]; then
                # "-n=FILE": nsjoin drops the "=", as nsenter does
                [[ $rest == =* && UCiunpmTrwW == *"$letter"* ]] && w+="="
                COMPREPLY=()
                _nsjoin_optarg "$letter" "${cur#"$w"}" "$w" "$target"
            fi
            break
        done
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_nsjoin_options[*]}" -- "$cur")
    else
        # the program
        mapfile -t COMPREPLY < <(compgen -c -- "$cur")
    fi
    _nsjoin_finish "$cur"
    return 0
}

complete -F _nsjoin nsjoin
