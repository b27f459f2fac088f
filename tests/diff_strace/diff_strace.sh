#!/bin/bash
# SPDX-License-Identifier: MIT
# diff_strace.sh INJTRACE GOLDEN_DIR: runs each golden_* program of
# GOLDEN_DIR under `strace -e trace=bpf` and under injtrace, normalises
# pointer values only, and compares line by line.  Where strace 6.1 is
# wrong or older than the kernel, the injtrace line is rewritten to what
# strace 6.1 prints, by the rules below, each with its reason.
set -u
injtrace=$1
golden_dir=$2
command -v strace >/dev/null || { echo "no strace: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Pointers differ run to run (ASLR); the id and fd numbers do not
# matter either when the kernel hands out new ones between the two runs.
normalise() {
	sed -E -e 's/0x[0-9a-f]{6,}/PTR/g' \
		-e 's/(next_id=[0-9]+ => )[0-9]+/\1ID/' \
		-e '# The first *_GET_NEXT_ID sees every object on the machine:' \
		-e '# tests running beside this one may create or free the only' \
		-e '# program or link between the two runs (ENOENT in one, an id in' \
		-e '# the other). The golden test checks these lines exactly.' \
		-e 's/^(bpf\(BPF_[A-Z]+_GET_NEXT_ID, \{start_id=0, next_id=0)( => ID)?\}, 8\) += .*/\1 => ANY}, 8) = ANY/' \
		-e 's/(map_id|next_id|prog_id)=[0-9]+/\1=ID/g' \
		-e 's/prog_ids=\[[0-9, ]*\]/prog_ids=[IDS]/g' \
		-e 's/([{ ]pid)=[0-9]+/\1=PID/g' \
		-e '# strace reads iter_info as iter_info_len 4-byte items (a bug:' \
		-e '# it is the length in bytes of one union): compare the rest.' \
		-e 's/iter_info=(\[[^]]*\]|\{map=\{map_fd=-?[0-9]+\}\})/iter_info=ITER/' \
		-e 's/ +=( |$)/ =\1/' "$1"
}

# What strace 6.1 prints instead, for attrs it predates (Linux >= 6.2).
# $2: the commands this strace printed undecoded, as an ERE alternation.
as_strace61() {
	sed -E \
	-e '# MAP_CREATE: Linux 6.9 value_type_btf_obj_fd, map_token_fd and' \
	-e '# Linux 6.18 excl_prog_hash*: 6.1 stops at map_extra.' \
	-e 's/, value_type_btf_obj_fd=[^,]*, map_token_fd=[^,]*, excl_prog_hash=[^,]*, excl_prog_hash_size=[0-9]+//' \
	-e '# OBJ_PIN/OBJ_GET: path_fd is Linux 6.5.' \
	-e 's/^(bpf\(BPF_OBJ_(PIN|GET), .*), path_fd=0\}/\1}/' \
	-e 's/^(bpf\(BPF_OBJ_(PIN|GET), .*), path_fd=(AT_FDCWD|-?[0-9]+)\}/\1, ...}/' \
	-e '# BPF_F_CPU, BPF_F_ALL_CPUS lookup flags are Linux 6.19.' \
	-e 's/flags=BPF_F_CPU([,}])/flags=0x8 \/* BPF_??? *\/\1/' \
	-e 's/flags=BPF_F_ALL_CPUS([,}])/flags=0x10 \/* BPF_??? *\/\1/' \
	-e '# BTF_GET_FD_BY_ID: open_flags/fd_by_id_token_fd are Linux 6.15;' \
	-e '# strace 6.1 shows "..." when they are non-zero.' \
	-e 's/(BPF_BTF_GET_FD_BY_ID, \{btf_id=[0-9]+), open_flags=0, fd_by_id_token_fd=0\}/\1}/' \
	-e 's/(BPF_BTF_GET_FD_BY_ID, \{btf_id=[0-9]+), open_flags=[^}]*\}/\1, ...}/' \
	-e '# BTF_LOAD: btf_log_true_size (6.4), btf_flags, btf_token_fd (6.9).' \
	-e '# strace 6.1 checks those bytes at entry: "..." if non-zero then;' \
	-e '# the exit values are a close enough guess.' \
	-e 's/, btf_log_true_size=0(, btf_flags=0, btf_token_fd=0)?\}/}/' \
	-e 's/, btf_log_true_size=[0-9]+(, btf_flags=[^,]*, btf_token_fd=-?[0-9]+)?\}/, ...}/' \
	-e '# PROG_QUERY: strace 6.1 stops before prog_attach_flags (6.3).' \
	-e 's/, prog_attach_flags=NULL\}\}/}}/' \
	-e 's/, prog_attach_flags=[^}]*\}\}/}, ...}/' \
	-e '# PROG_DETACH: strace 6.1 prints target_fd and attach_type only.' \
	-e 's/^(bpf\(BPF_PROG_DETACH, \{target_fd=[^,]*), attach_bpf_fd=[^,]*, (attach_type=[^,}]*)[^}]*\}/\1, \2}/' \
	-e '# PROG_LOAD: strace 6.1 stops at fd_array (core_relo_* are 5.17,' \
	-e '# log_true_size, written at exit, is 6.4).' \
	-e 's/, core_relo_cnt=0, fd_array=([^,]*), core_relos=NULL, core_relo_rec_size=0(, log_true_size=[0-9]+)?\}/, fd_array=\1}/' \
	-e '# BPF_COMMON_ATTRS (Linux 6.19) is unknown to strace 6.1.' \
	-e 's/^bpf\(BPF_[A-Z_]+\|BPF_COMMON_ATTRS, .*/COMMON_ATTRS_CALL/' \
	-e '# Commands 32..35 have no decoder in strace 6.1 (later strace,' \
	-e '# e.g. trixie 6.13 in the riscv64 guest, has): those of them that' \
	-e '# this strace left undecoded ($2). 36.. have no name in 6.1.' \
	-e "s/^bpf\\(($2), \\{.*\\}, ([0-9]+)\\) /bpf(\\1, PTR, \\2) /" \
	-e 's/^bpf\(BPF_TOKEN_CREATE, [^)]*, ([0-9]+)\) /bpf(0x24 \/* BPF_??? *\/, PTR, \1) /' \
	-e 's/^bpf\(BPF_PROG_STREAM_READ_BY_FD, [^)]*, ([0-9]+)\) /bpf(0x25 \/* BPF_??? *\/, PTR, \1) /' \
	-e 's/^bpf\(BPF_PROG_ASSOC_STRUCT_OPS, [^)]*, ([0-9]+)\) /bpf(0x26 \/* BPF_??? *\/, PTR, \1) /' \
	"$1"
}

# The rules are strace 6.1's (bookworm's); a later strace (trixie's, in
# the riscv64 guest) decodes more, which is compared as it prints it.
echo "against $(strace -V | head -n 1)"
status=0
found=0
compared=0
for prog in "$golden_dir"/golden_*; do
	[ -x "$prog" ] || continue
	found=1
	name=$(basename "$prog")
	(cd "$dir" && strace -qq -e trace=bpf -o "$dir/$name.s" "$prog" \
		>/dev/null 2>&1)
	rc=$?
	[ "$rc" -eq 77 ] && { echo "$name: skipped"; continue; }
	# --plain: fds as numbers, keys/values as addresses, as strace
	"$injtrace" --plain -qq -o "$dir/$name.i" "$prog" >/dev/null 2>&1
	# strace 6.1 sees cmd|BPF_COMMON_ATTRS as an unknown command
	normalise "$dir/$name.s" | grep '^bpf(' | sed -E \
		's/^bpf\(0x100([01][0-9a-f]|2[0-6]) \/\* BPF_\?\?\? \*\/, .*/COMMON_ATTRS_CALL/' \
		>"$dir/$name.s.n"
	normalise "$dir/$name.i" >"$dir/$name.i.n"
	undecoded=$(sed -n -E 's/^bpf\((BPF_(ENABLE_STATS|ITER_CREATE|LINK_DETACH|PROG_BIND_MAP)), PTR, .*/\1/p' \
		"$dir/$name.s.n" | sort -u | paste -s -d '|')
	as_strace61 "$dir/$name.i.n" "${undecoded:-NONE}" >"$dir/$name.i.61"
	if ! diff -u "$dir/$name.s.n" "$dir/$name.i.61" >"$dir/$name.diff"
	then
		echo "$name: injtrace differs from strace:"
		cat "$dir/$name.diff"
		status=1
		compared=1
	else
		echo "$name: same as strace"
		compared=1
	fi
done
[ "$found" -eq 1 ] || { echo "no golden programs in $golden_dir: skipped"; exit 77; }
[ "$compared" -eq 1 ] || { echo "nothing comparable: skipped"; exit 77; }
exit $status
