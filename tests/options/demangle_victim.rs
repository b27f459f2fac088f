// SPDX-License-Identifier: MIT
// A bpf() call made from a Rust function: -k prints it demangled (legacy
// mangling, hash dropped), as strace -k does.
extern "C" {
    fn syscall(n: i64, ...) -> i64;
}

#[cfg(target_arch = "x86_64")]
const NR_BPF: i64 = 321;
#[cfg(any(target_arch = "aarch64", target_arch = "riscv64"))]
const NR_BPF: i64 = 280;
const BPF_MAP_GET_FD_BY_ID: i64 = 14;

#[inline(never)]
fn open_by_id(id: u32) -> i64 {
    let mut attr = [0u8; 144];
    attr[0..4].copy_from_slice(&id.to_ne_bytes());
    unsafe { syscall(NR_BPF, BPF_MAP_GET_FD_BY_ID, attr.as_mut_ptr(), 144i64) }
}

fn main() {
    std::process::exit(if open_by_id(0) < 0 { 0 } else { 1 });
}
