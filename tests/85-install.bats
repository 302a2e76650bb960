#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 85-install: what "make install" and the Debian package put where.
#
#  - With NSJOIN in a build tree (BUILDDIR/src/nsjoin, the default of "make
#    check"): "make install DESTDIR=..." puts the program, the man page and
#    the three completions in the directories configure chose, the nsenter
#    link with --enable-nsenter-link, and "make uninstall" removes them.
#  - With NSJOIN=/usr/bin/nsjoin (the Debian package): man finds the page
#    and renders it without a warning, and bash-completion, zsh's compinit
#    and fish each find the completion on their own, as for a user who
#    just installed the package.

# stderr is set by bats' run --separate-stderr
# shellcheck disable=SC2154

load helpers

bats_require_minimum_version 1.5.0

# The build tree of NSJOIN, or skip.
build_tree() {
	BUILDDIR=$(cd "$(dirname "$NSJOIN")/.." && pwd)
	[[ ${NSJOIN##*/} == nsjoin && $(basename "$(dirname "$NSJOIN")") == src &&
		-f $BUILDDIR/Makefile && -f $BUILDDIR/config.status ]] ||
		skip "NSJOIN ($NSJOIN) is not in a configured build tree"
}

# The value of make variable NAME in the build tree, fully expanded.
make_var() {
	make -s --no-print-directory -C "$BUILDDIR" -f Makefile -f - print-var VAR="$1" <<'EOF'
print-var:
	@echo '$($(VAR))'
EOF
}

@test "the default zsh completion directory is one zsh searches for this prefix" {
	build_tree
	require_cmd zsh
	local prefix zshdir
	prefix=$(make_var prefix)
	zshdir=$(make_var zshcompletiondir)
	grep -q -- '--with-zshcompletiondir' "$BUILDDIR/config.log" &&
		skip "configured with an explicit --with-zshcompletiondir"
	if [[ $prefix == /usr ]]; then
		assert_equal "$zshdir" /usr/share/zsh/vendor-completions
	else
		assert_equal "$zshdir" "$prefix/share/zsh/site-functions"
	fi
	# and zsh's own default fpath has it, for /usr and /usr/local
	if [[ $prefix == /usr || $prefix == /usr/local ]]; then
		run zsh -fc 'print -l -- $fpath'
		assert_line "$zshdir"
	fi
}

# An installed nsjoin in /usr/bin (the Debian package), or skip.
installed_in_usr() {
	[[ $NSJOIN == /usr/bin/nsjoin ]] ||
		skip "NSJOIN is not /usr/bin/nsjoin (run NSJOIN=/usr/bin/nsjoin tests/run-tests after installing the package)"
}

@test "make install: the program, the man page and the completions where configure put them; make uninstall removes them" {
	build_tree
	local dest=$BATS_TEST_TMPDIR/dest bindir man1dir bashdir zshdir fishdir link f
	bindir=$(make_var bindir)
	man1dir=$(make_var man1dir)
	bashdir=$(make_var bashcompletiondir)
	zshdir=$(make_var zshcompletiondir)
	fishdir=$(make_var fishcompletiondir)
	[[ $bindir == /* && $man1dir == /* && $bashdir == /* ]] ||
		fail "directories not absolute: '$bindir' '$man1dir' '$bashdir'"

	run make -s -C "$BUILDDIR" install DESTDIR="$dest"
	assert_success
	[[ -x $dest$bindir/nsjoin ]] || fail "no $bindir/nsjoin"
	run "$dest$bindir/nsjoin" --version
	assert_success
	for f in "$man1dir/nsjoin.1" "$bashdir/nsjoin" "$zshdir/_nsjoin" "$fishdir/nsjoin.fish"; do
		[[ -f $dest$f ]] || fail "not installed: $f"
	done
	cmp "$dest$bashdir/nsjoin" "$BATS_TEST_DIRNAME/../completions/nsjoin.bash"
	cmp "$dest$man1dir/nsjoin.1" "$BATS_TEST_DIRNAME/../man/nsjoin.1"
	# configured with --enable-nsenter-link: the hook's recipe is not
	# commented out
	if grep -q "^[[:space:]].*\$(LN_S).* nsenter\$" "$BUILDDIR/Makefile"; then
		link=$(readlink "$dest$bindir/nsenter")
		assert_equal "$link" nsjoin
	else
		[[ ! -e $dest$bindir/nsenter ]] || fail "nsenter installed without --enable-nsenter-link"
	fi

	run make -s -C "$BUILDDIR" uninstall DESTDIR="$dest"
	assert_success
	run find "$dest" ! -type d
	assert_output ""
}

@test "installed: man nsjoin finds the page, renders it without warnings, every section there" {
	installed_in_usr
	require_cmd man
	local page s
	page=$(man -w nsjoin)
	[[ $page == /usr/share/man/man1/nsjoin.1* ]] || fail "man -w nsjoin: '$page'"
	run --separate-stderr env MANWIDTH=80 man --warnings -E UTF-8 nsjoin
	assert_success
	assert_equal "$stderr" ""
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT SECURITY \
		COMPATIBILITY EXAMPLES "SEE ALSO"; do
		assert_line "$s"
	done
}

@test "installed: bash-completion loads the nsjoin completion on demand" {
	installed_in_usr
	[[ -f /usr/share/bash-completion/bash_completion ]] || skip "bash-completion not installed"
	[[ -f /usr/share/bash-completion/completions/nsjoin ]] || fail "no /usr/share/bash-completion/completions/nsjoin"
	run bash --norc --noprofile -c '
		source /usr/share/bash-completion/bash_completion
		complete -p nsjoin 2>/dev/null && exit 3
		__load_completion nsjoin && complete -p nsjoin'
	assert_success
	assert_output "complete -F _nsjoin nsjoin"
}

@test "installed: zsh's compinit finds _nsjoin in its default fpath" {
	installed_in_usr
	require_cmd zsh
	[[ -f /usr/share/zsh/vendor-completions/_nsjoin ]] || fail "no /usr/share/zsh/vendor-completions/_nsjoin"
	run zsh -fc 'autoload -U compinit; compinit -u -D; print -r -- ${_comps[nsjoin]-none}'
	assert_success
	assert_output "_nsjoin"
}

@test "installed: fish autoloads the nsjoin completion" {
	installed_in_usr
	require_cmd fish
	[[ -f /usr/share/fish/vendor_completions.d/nsjoin.fish ]] || fail "no /usr/share/fish/vendor_completions.d/nsjoin.fish"
	XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/xdg-config \
	XDG_DATA_HOME=$BATS_TEST_TMPDIR/xdg-data \
	XDG_CACHE_HOME=$BATS_TEST_TMPDIR/xdg-cache \
		run fish -c 'complete -C"nsjoin --preserve-c"'
	assert_success
	assert_output --regexp $'^--preserve-credentials\t'
}

@test "installed from the Debian package: dpkg knows every file" {
	installed_in_usr
	require_cmd dpkg-query
	local pkg f
	pkg=$(dpkg-query -S /usr/bin/nsjoin 2>/dev/null | cut -d: -f1)
	[[ -n $pkg ]] || skip "/usr/bin/nsjoin does not come from a package"
	assert_equal "$pkg" nsjoin
	run dpkg-query -L nsjoin
	assert_success
	for f in /usr/bin/nsjoin /usr/share/man/man1/nsjoin.1.gz \
		/usr/share/bash-completion/completions/nsjoin \
		/usr/share/zsh/vendor-completions/_nsjoin \
		/usr/share/fish/vendor_completions.d/nsjoin.fish \
		/usr/share/doc/nsjoin/copyright; do
		assert_line "$f"
	done
}
