// SPDX-License-Identifier: MIT

// gomaps is a Go BPF agent in miniature for the benchmarks and the tests:
// it makes a hash map with BTF through cilium/ebpf (struct gokey ->
// struct goval, the BTF written here and loaded with btf.LoadSpecFromReader,
// as an agent's loader would take it from an object file), then G
// goroutines each update and look up their own keys, checking every value
// read back.  It prints one line,
//
//	gomaps: goroutines=G updates=U lookups=L checksum=0x...
//
// the same line however the goroutines were scheduled, and exits 0 when every
// call returned what was written, 1 otherwise.
//
//	gomaps [-n CALLS] [-g GOROUTINES] [-s SLOTS]
//
// CALLS is the number of map calls in all (half updates, half lookups).
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
)

// The key and value as the BTF below describes them (no padding).
type goKey struct {
	Goroutine uint32
	Slot      uint32
}

type goVal struct {
	Seq uint64
	Sum uint64
	Tag [16]byte
}

// BTF kinds and int encodings of include/uapi/linux/btf.h.
const (
	kindInt    = 1
	kindArray  = 3
	kindStruct = 4
	intSigned  = 1
)

// rawBTF writes the types as a kernel BTF blob:
// [1] __u32, [2] __u64, [3] char, [4] char[16],
// [5] struct gokey {goroutine, slot}, [6] struct goval {seq, sum, tag}.
func rawBTF() []byte {
	var strs bytes.Buffer
	name := func(s string) uint32 {
		off := uint32(strs.Len())
		strs.WriteString(s)
		strs.WriteByte(0)
		return off
	}
	name("")

	var types []uint32
	typ := func(nameOff uint32, kind, vlen, sizeOrType uint32, rest ...uint32) {
		types = append(types, nameOff, kind<<24|vlen, sizeOrType)
		types = append(types, rest...)
	}
	typ(name("__u32"), kindInt, 0, 4, 32)
	typ(name("__u64"), kindInt, 0, 8, 64)
	typ(name("char"), kindInt, 0, 1, intSigned<<24|8)
	typ(0, kindArray, 0, 0, 3, 1, 16)
	typ(name("gokey"), kindStruct, 2, 8,
		name("goroutine"), 1, 0,
		name("slot"), 1, 32)
	typ(name("goval"), kindStruct, 3, 32,
		name("seq"), 2, 0,
		name("sum"), 2, 64,
		name("tag"), 4, 128)

	// Little-endian whatever the host: the loader parses the blob by its
	// magic and hands the kernel the types in the host's order.
	var blob bytes.Buffer
	typeLen := uint32(4 * len(types))
	hdr := []interface{}{
		uint16(0xeb9f), uint8(1), uint8(0), uint32(24),
		uint32(0), typeLen, typeLen, uint32(strs.Len()),
	}
	for _, v := range hdr {
		binary.Write(&blob, binary.LittleEndian, v)
	}
	binary.Write(&blob, binary.LittleEndian, types)
	blob.Write(strs.Bytes())
	return blob.Bytes()
}

func newMap(entries uint32) (*ebpf.Map, error) {
	spec, err := btf.LoadSpecFromReader(bytes.NewReader(rawBTF()))
	if err != nil {
		return nil, fmt.Errorf("BTF: %w", err)
	}
	var key, value *btf.Struct
	if err := spec.TypeByName("gokey", &key); err != nil {
		return nil, err
	}
	if err := spec.TypeByName("goval", &value); err != nil {
		return nil, err
	}
	return ebpf.NewMap(&ebpf.MapSpec{
		Name:       "gomaps",
		Type:       ebpf.Hash,
		KeySize:    8,
		ValueSize:  32,
		MaxEntries: entries,
		Key:        key,
		Value:      value,
		BTF:        spec,
	})
}

// value is what goroutine g writes at its i-th update.
func value(g, i uint32) goVal {
	v := goVal{Seq: uint64(i), Sum: uint64(g)<<32 ^ uint64(i)*0x9e3779b97f4a7c15}
	copy(v.Tag[:], fmt.Sprintf("g%d", g))
	return v
}

// worker makes n updates and n lookups on its own keys; it returns the
// checksum of what it read, or an error at the first wrong call.
func worker(m *ebpf.Map, g, n, slots uint32) (uint64, error) {
	var sum uint64
	for i := uint32(0); i < n; i++ {
		k := goKey{Goroutine: g, Slot: i % slots}
		want := value(g, i)
		if err := m.Update(k, want, ebpf.UpdateAny); err != nil {
			return 0, fmt.Errorf("goroutine %d: update %d: %w", g, i, err)
		}
		var got goVal
		if err := m.Lookup(k, &got); err != nil {
			return 0, fmt.Errorf("goroutine %d: lookup %d: %w", g, i, err)
		}
		if got != want {
			return 0, fmt.Errorf("goroutine %d: lookup %d: %+v, wrote %+v",
				g, i, got, want)
		}
		sum = sum*31 + got.Sum ^ got.Seq
	}
	return sum, nil
}

func main() {
	calls := flag.Uint("n", 20000, "map calls in all, half updates, half lookups")
	goroutines := flag.Uint("g", 8, "goroutines making the calls at once")
	slots := flag.Uint("s", 4, "keys per goroutine")
	flag.Parse()
	if *goroutines < 1 || *slots < 1 || *calls < 2**goroutines {
		fmt.Fprintln(os.Stderr, "gomaps: need -g >= 1, -s >= 1, -n >= 2 * g")
		os.Exit(2)
	}
	g, s := uint32(*goroutines), uint32(*slots)
	per := uint32(*calls) / 2 / g

	m, err := newMap(g * s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gomaps:", err)
		os.Exit(1)
	}
	defer m.Close()

	sums := make([]uint64, g)
	errs := make([]error, g)
	var wg sync.WaitGroup
	for i := uint32(0); i < g; i++ {
		wg.Add(1)
		go func(i uint32) {
			defer wg.Done()
			sums[i], errs[i] = worker(m, i, per, s)
		}(i)
	}
	wg.Wait()

	var checksum uint64
	for i := range sums {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, "gomaps:", errs[i])
			os.Exit(1)
		}
		checksum = checksum*1000003 ^ sums[i]
	}
	fmt.Printf("gomaps: goroutines=%d updates=%d lookups=%d checksum=%#x\n",
		g, g*per, g*per, checksum)
}
