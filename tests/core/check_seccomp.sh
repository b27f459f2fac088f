#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A tracee's own seccomp filter that fails bpf() with EPERM outranks
# injtrace's SECCOMP_RET_TRACE: every such call must still be printed with
# its result, as strace prints it, whether the filter was there before
# injtrace started (it is inherited) or the tracee installs it later
# (seccomp(2), prctl).  A tracee with no filter keeps the fast path.
# The filter of ours is -f's (without -f there is none: every syscall
# stops), so these run with -f.
. "$(dirname "$0")/lib.sh"
need_root
prog=$BIN/seccomp_deny
n=20

count() { grep -c "$1" "$2" || true; }

for how in seccomp prctl; do
	"$INJTRACE" -f -o "$TMP/$how" "$prog" $how $n ||
		fail "$how: exited $?: $(cat "$TMP/$how")"
	ok=$(count '^bpf(BPF_MAP_LOOKUP_ELEM, .* = 0' "$TMP/$how")
	denied=$(count '^bpf(BPF_MAP_LOOKUP_ELEM, .* = -1 EPERM (Operation not permitted)' "$TMP/$how")
	[ "$ok" -eq $n ] && [ "$denied" -eq $n ] ||
		fail "$how: $ok allowed, $denied denied lookups printed, want $n and $n: $(tail -3 "$TMP/$how")"
	# strace sees the same calls
	strace -f -e trace=bpf -o "$TMP/$how.strace" "$prog" $how $n
	[ "$(count '^[0-9 ]*bpf(' "$TMP/$how.strace")" -eq \
		"$(count '^bpf(' "$TMP/$how")" ] ||
		fail "$how: strace and injtrace count different calls"
done

# the filter was there before injtrace: injtrace runs under it, as inside
# a container with a default seccomp profile
"$prog" exec "$INJTRACE" -f -o "$TMP/inherited" "$prog" try $n ||
	fail "inherited: exited $?: $(cat "$TMP/inherited")"
[ "$(count '^bpf(BPF_MAP_CREATE, .* = -1 EPERM' "$TMP/inherited")" -eq 1 ] ||
	fail "inherited: map create not printed: $(head -3 "$TMP/inherited")"
denied=$(count '^bpf(BPF_MAP_LOOKUP_ELEM, .* = -1 EPERM' "$TMP/inherited")
[ "$denied" -eq $n ] || fail "inherited: $denied of $n denied lookups printed"

# -f: a child inherits the filter, and its denied calls are printed too
"$INJTRACE" -f -o "$TMP/fork" sh -c "\"$prog\" prctl $n; exit \$?" ||
	fail "fork: exited $?"
denied=$(count 'bpf(BPF_MAP_LOOKUP_ELEM, .* = -1 EPERM' "$TMP/fork")
[ "$denied" -eq $n ] || fail "fork: $denied of $n denied lookups printed"
# -p on a process whose filter denies bpf(): the injected map info is
# refused too, so the tracer gets the map itself (pidfd_getfd, BTF by id)
"$prog" hold "$TMP/held" &
holder=$!
trap 'kill -9 $holder 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 400); do [ -e "$TMP/held" ] && break; sleep 0.05; done
[ -e "$TMP/held" ] || { wait $holder || st=$?; [ "${st:-0}" = 77 ] && exit 77
	fail "hold: not ready"; }
maps_before=$(cat /proc/$holder/maps)
"$INJTRACE" -p "$holder" -o "$TMP/held.out" &
tracer=$!
for _ in $(seq 400); do
	[ "$(count LOOKUP "$TMP/held.out")" -ge 3 ] && break
	sleep 0.05
done
kill -INT $tracer
wait $tracer || fail "-p: exited $?"
n=$(count LOOKUP "$TMP/held.out")
typed=$(count '^bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:#[0-9]*>, key=\[1\], .* = -1 EPERM (Operation not permitted)$' "$TMP/held.out")
[ "$n" -ge 3 ] && [ "$typed" -eq "$n" ] ||
	fail "-p: $typed of $n lookups typed: $(head -2 "$TMP/held.out")"
[ "$(cat /proc/$holder/maps)" = "$maps_before" ] || fail "-p: mappings changed"
echo ok
