#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# injtrace and real containers: podman with runc, a rootfs of busybox-static
# and the statically linked ctr_victim, in three shapes:
#   priv    --privileged: the program makes a BTF-typed map itself
#   userns  a user namespace with podman's default seccomp profile: every
#           bpf() fails with EPERM (the filter outranks ours)
#   scm     a user namespace, seccomp unconfined: the map comes from the
#           host over SCM_RIGHTS
# In each, one container runs the program untraced, then waits while the
# host attaches (injtrace -p, detached by SIGINT), then under an injtrace
# run inside the container.  Every call must be printed, typed where the
# privileges allow, with a precise note where not; checksums and exit
# statuses equal the untraced run's; maps and fds are unchanged after the
# detach.  Between the two, "injtrace --dump -p" from the host dumps the
# program's map (check_dump), leaving maps and fds as they were.
set -euo pipefail
: "${INJTRACE:?}" "${VICTIM:?}"
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/../common/wait.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (podman with runc as root)"
command -v podman >/dev/null || skip "podman is not installed (scripts/setup.sh)"
command -v runc >/dev/null || skip "runc is not installed (scripts/setup.sh)"
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 ||
	skip "no static busybox (busybox-static, scripts/setup.sh)"

TMP=$(mktemp -d /tmp/injtrace-ctr.XXXXXX)
server=
tracer=
names=()
for n in probe priv userns scm; do names+=("injtrace-$$-$n"); done
cleanup() {
	[ -n "$tracer" ] && kill -KILL "$tracer" 2>/dev/null
	[ -n "$server" ] && kill -KILL "$server" 2>/dev/null
	for n in "${names[@]}"; do podman rm -f "$n" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
trap cleanup EXIT
chmod 755 "$TMP"

# the rootfs: busybox, and the host's /usr read-only for injtrace's libraries
root=$TMP/rootfs
mkdir -p "$root"/{bin,proc,sys,dev,tmp,etc,usr,x}
cp "$busybox" "$root/bin/busybox"
for cmd in sh cat echo sleep true; do ln -s busybox "$root/bin/$cmd"; done
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
share=$TMP/x
mkdir -p "$share"
chmod 1777 "$share"
cp "$VICTIM" "$share/ctr_victim"
cp "$INJTRACE" "$share/injtrace"
chmod 755 "$share/ctr_victim" "$share/injtrace"

base=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
	--network none -v "$share:/x" -v /usr:/usr:ro)
userns=(--uidmap 0:200000:65536 --gidmap 0:200000:65536)
ctr_run() {	# name podman-options... -- command...
	local name=injtrace-$$-$1
	shift
	podman run --rm --name "$name" "$@"
}

# the runtime at all?
if ! out=$(ctr_run probe "${base[@]}" --rootfs "$root" /bin/true 2>&1); then
	skip "podman --runtime runc cannot run a container here: $out"
fi

# the host's map server for the scm shape
"$VICTIM" serve "$share/sock" &
server=$!
# Every wait is for a condition, polled; its bound (WAIT_S) is only there
# to fail with a message before ctest's timeout, and is generous: three
# podman runs at once on a loaded 2-CPU machine took over 60 s to start.
WAIT_S=240
wait_until() {	# what command...
	local what=$1
	shift
	WAIT_FOR_S=$WAIT_S wait_for "$@" || fail "waited $WAIT_S s for $what"
}
wait_until "the map server" test -S "$share/sock"
wait_file() { wait_until "$1" test -e "$1"; }
# host pid of the program run with the tag
host_pid() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' ' ' 2>/dev/null <"$p/cmdline" |
			grep -q "ctr_victim .* /x $1 \$" && { echo "${p#/proc/}"; return; }
	done
	return 0
}
fds() { for f in /proc/"$1"/fd/*; do echo "$f $(readlink "$f")"; done; }
count() { grep -c "$1" "$2" || true; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$2"; }

# "injtrace --dump -p" from the host, after the calls: the map typed (text
# and JSON) and its JSON elements equal to "bpftool map dump id N -j";
# userns: the program holds no map (every bpf() failed), nothing printed
check_dump() {	# shape pid
	local shape=$1 pid=$2 out=$TMP/d-$1 rc=0
	"$INJTRACE" --dump --json -p "$pid" >"$out.json" 2>"$out.err" || rc=$?
	"$INJTRACE" --dump -p "$pid" >"$out.txt" 2>>"$out.err" || rc=$?
	[ "$rc" -eq 0 ] || fail "$shape: --dump exited $rc: $(cat "$out.err")"
	if [ "$shape" = userns ]; then
		[ ! -s "$out.json" ] && [ ! -s "$out.txt" ] ||
			fail "userns: no map held, but --dump printed: $(head -3 "$out.txt")"
		return
	fi
	python3 - "$out.json" "$pid" <<-'EOF' || fail "$shape: --dump --json: $(cat "$out.json")"
	import json, shutil, subprocess, sys
	maps = [json.loads(line) for line in open(sys.argv[1])]
	assert [(m['pid'], m['name']) for m in maps] == \
	    [(int(sys.argv[2]), 'ctr_map')], maps
	want = json.loads(subprocess.run(
	    [shutil.which('bpftool') or '/usr/sbin/bpftool', 'map', 'dump', '-j',
	     'id', str(maps[0]['id'])],
	    capture_output=True, text=True, check=True).stdout)
	assert maps[0]['elements'] == want, (maps[0]['elements'], want)
	assert all('formatted' in e for e in want), want
	EOF
	local k
	for k in 0 1 2 3; do
		grep -qx "	key=\[$k\], value={count=$((36 + k)), flags=$((108 + 3 * k))}" \
			"$out.txt" || fail "$shape: --dump text: $(cat "$out.txt" "$out.err")"
	done
	echo "$shape: --dump from the host: $(tail -1 "$out.txt")"
}

run_shape() {	# shape source podman-options...
	local shape=$1 src=$2
	shift 2
	# the run's pid in the tag: host_pid() must not find the program of
	# another run of this test (same shape, same /x) on the same host
	local tag=wait-$shape-$$
	ctr_run "$shape" "${base[@]}" "$@" --rootfs "$root" /bin/sh -c "
		/x/ctr_victim $src /x untraced-$shape; echo \$? >/x/untraced-$shape.st
		/x/ctr_victim $src /x $tag; echo \$? >/x/$tag.st
		/x/injtrace -o /x/inside-$shape.out /x/ctr_victim $src /x inside-$shape \
			2>/x/inside-$shape.err
		echo \$? >/x/inside-$shape.st" >"$TMP/$shape.log" 2>&1 &
	local ctr=$!

	wait_file "$share/$tag.ready"
	local pid
	pid=$(host_pid "$tag")
	[ -n "$pid" ] || fail "$shape: no host pid for the program"
	local maps_before fds_before
	maps_before=$(cat "/proc/$pid/maps")
	fds_before=$(fds "$pid")
	"$INJTRACE" -p "$pid" -o "$TMP/p-$shape.out" 2>"$TMP/p-$shape.err" &
	tracer=$!
	trap '[ -n "$tracer" ] && kill -KILL "$tracer" 2>/dev/null' EXIT
	traced() {
		grep -q "TracerPid:[[:space:]]*$tracer\$" "/proc/$pid/status" ||
			! kill -0 "$tracer" 2>/dev/null
	}
	wait_until "$shape: injtrace -p to attach" traced
	grep -q "TracerPid:[[:space:]]*$tracer\$" "/proc/$pid/status" ||
		fail "$shape: injtrace -p did not attach: $(cat "$TMP/p-$shape.err")"
	touch "$share/$tag.go"
	wait_file "$share/$tag.res"
	kill -INT "$tracer"
	local rc=0
	wait "$tracer" || rc=$?
	tracer=
	[ "$rc" -eq 0 ] || fail "$shape: injtrace -p exited $rc: $(cat "$TMP/p-$shape.err")"
	grep -q "TracerPid:[[:space:]]*0\$" "/proc/$pid/status" ||
		fail "$shape: still traced after the detach"
	[ "$(cat "/proc/$pid/maps")" = "$maps_before" ] ||
		fail "$shape: mappings changed: $(diff <(echo "$maps_before") "/proc/$pid/maps")"
	[ "$(fds "$pid")" = "$fds_before" ] ||
		fail "$shape: fds changed: $(diff <(echo "$fds_before") <(fds "$pid"))"
	check_dump "$shape" "$pid"
	[ "$(cat "/proc/$pid/maps")" = "$maps_before" ] ||
		fail "$shape: mappings changed by --dump: $(diff <(echo "$maps_before") "/proc/$pid/maps")"
	[ "$(fds "$pid")" = "$fds_before" ] ||
		fail "$shape: fds changed by --dump: $(diff <(echo "$fds_before") <(fds "$pid"))"
	touch "$share/$tag.end"
	wait "$ctr" || fail "$shape: podman run failed: $(cat "$TMP/$shape.log")"

	# the same sums and exit statuses, traced or not
	local want
	want=$(cat "$share/untraced-$shape.res")
	for run in "$tag" "inside-$shape"; do
		[ -e "$share/$run.res" ] ||
			fail "$shape: $run did not finish: $(cat "$share/inside-$shape.err" 2>/dev/null)"
		[ "$(cat "$share/$run.res")" = "$want" ] ||
			fail "$shape: $run: '$(cat "$share/$run.res")', untraced '$want'"
		[ "$(cat "$share/$run.st")" = "$(cat "$share/untraced-$shape.st")" ] ||
			fail "$shape: $run exited $(cat "$share/$run.st"), untraced $(cat "$share/untraced-$shape.st")"
	done
	# every call printed: -p sees those after the attach, inside sees all
	local calls setup
	calls=$(field calls "$share/$tag.res")
	setup=$(field setup "$share/$tag.res")
	[ "$(count '^bpf(' "$TMP/p-$shape.out")" -eq "$calls" ] ||
		fail "$shape: -p printed $(count '^bpf(' "$TMP/p-$shape.out") of $calls calls: $(head -3 "$TMP/p-$shape.out"; cat "$TMP/p-$shape.err")"
	[ "$(count '^bpf(' "$share/inside-$shape.out")" -eq $((setup + calls)) ] ||
		fail "$shape: inside printed $(count '^bpf(' "$share/inside-$shape.out") of $((setup + calls)) calls: $(cat "$share/inside-$shape.err")"
	"check_$shape"
	echo "$shape: $setup + $calls calls, $(cat "$share/$tag.res"), exit $(cat "$share/$tag.st")"
}

typed='BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:ctr_map>, key=\[[0-9]\], value={count=[0-9]*, flags=[0-9]*}'

check_priv() {
	for out in "$TMP/p-priv.out" "$share/inside-priv.out"; do
		[ "$(count "$typed" "$out")" -eq 40 ] ||
			fail "priv: lookups not typed in $out: $(grep LOOKUP "$out" | head -2)"
	done
}

check_userns() {
	for out in "$TMP/p-userns.out" "$share/inside-userns.out"; do
		[ "$(count '= -1 EPERM (Operation not permitted)$' "$out")" -eq \
			"$(count '^bpf(' "$out")" ] ||
			fail "userns: not every call printed as denied in $out: $(head -3 "$out")"
	done
}

# from the host, privileged: typed; inside, no privilege to read the BTF:
# identified, and a note that says why
check_scm() {
	[ "$(count "$typed" "$TMP/p-scm.out")" -eq 40 ] ||
		fail "scm: -p lookups not typed: $(grep LOOKUP "$TMP/p-scm.out" | head -2)"
	[ "$(count 'BPF_MAP_LOOKUP_ELEM, {map_fd=[0-9]*<map:ctr_map>, .* = 0 /\* btf: BTF id [0-9]*: opening BTF by id needs CAP_SYS_ADMIN; .*by injtrace: Operation not permitted.* \*/$' "$share/inside-scm.out")" -eq 40 ] ||
		fail "scm: inside, lookups without their note: $(grep LOOKUP "$share/inside-scm.out" | head -2)"
	echo "scm inside: $(grep -m1 LOOKUP "$share/inside-scm.out" | sed 's/.*\/\*/\/*/')"
}

# the three shapes at once: most of the time is the runtime's
run_shape priv own --privileged &
priv=$!
run_shape userns own "${userns[@]}" &
userns_job=$!
run_shape scm /x/sock "${userns[@]}" --security-opt seccomp=unconfined &
scm=$!
failed=0
for job in $priv $userns_job $scm; do
	wait "$job" || failed=1
done
[ "$failed" -eq 0 ] || exit 1
echo ok
