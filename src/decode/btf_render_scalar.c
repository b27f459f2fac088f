// SPDX-License-Identifier: MIT
/*
 * Typed rendering, scalars: ints of every width, bitfields, enums (32 and
 * 64 bit), floats, pointers.  Values are assembled byte by byte in host
 * order, so nothing relies on alignment and nothing reads past the bytes
 * checked with render_fits().
 */
#include "decode/btf_render_priv.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

/* Host-order unsigned value of n <= 16 bytes. */
static u128 load(const unsigned char *s, size_t n)
{
	u128 v = 0;
	size_t i;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (i = n; i-- > 0;)
		v = v << 8 | s[i];
#else
	for (i = 0; i < n; i++)
		v = v << 8 | s[i];
#endif
	return v;
}

static int64_t sign_extend(u128 v, unsigned int bits)
{
	if (bits && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~(u128)0 << bits;
	return (int64_t)(uint64_t)v;
}

/*
 * nr_bits (1-128) starting bit_off bits into byte off.  Bit numbering is
 * the compiler's: from the least significant bit on little-endian hosts,
 * from the most significant one on big-endian hosts (as bpftool).
 */
static bool load_bits(struct render *r, size_t off, unsigned int bit_off,
		      unsigned int nr_bits, u128 *out)
{
	const unsigned char *d = r->data + off;
	unsigned int i;
	u128 v = 0;

	if (!render_fits(r, off, (bit_off + nr_bits + 7) / 8))
		return false;
	for (i = 0; i < nr_bits; i++) {
		unsigned int k = bit_off + i;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		v |= (u128)((d[k / 8] >> (k % 8)) & 1) << i;
#else
		v = v << 1 | ((d[k / 8] >> (7 - k % 8)) & 1);
#endif
	}
	*out = v;
	return true;
}

/* bpftool's shape for 128-bit ints and bitfields: "0x1f"; text 0x1f. */
static void print_hex128(struct render *r, u128 v)
{
	uint64_t hi = v >> 64, lo = (uint64_t)v;
	char buf[40];

	if (hi)
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "%016" PRIx64, hi, lo);
	else
		snprintf(buf, sizeof(buf), "0x%" PRIx64, lo);
	pr_token(r->p, buf);
}

/* Name of the enumerator equal to the low bits of raw, or NULL. */
static const char *enum_name(const struct render *r, const struct btf_type *t,
			     u128 raw, unsigned int bits)
{
	uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	uint64_t v = (uint64_t)raw & mask;
	unsigned int i, n = btf_vlen(t);

	for (i = 0; i < n; i++) {
		uint64_t ev;
		uint32_t name_off;

		if (btf_is_enum64(t)) {
			ev = btf_enum64_value(&btf_enum64(t)[i]);
			name_off = btf_enum64(t)[i].name_off;
		} else {
			int32_t sv = btf_enum(t)[i].val;

			ev = btf_kflag(t) ? (uint64_t)(int64_t)sv :
					    (uint64_t)(uint32_t)sv;
			name_off = btf_enum(t)[i].name_off;
		}
		if ((ev & mask) == v)
			return render_name(r, name_off);
	}
	return NULL;
}

/*
 * A bitfield, or an int whose width or position is not a whole C type.
 * bpftool: the raw bits as a hex string, never sign-extended ("0x1f" for
 * a signed 5-bit -1).  That is valid JSON in bpftool 7.1, so JSON keeps it
 * for equality.  Text shows the C value: signed, or the enumerator name.
 */
static void render_bits(struct render *r, size_t off, unsigned int bit_off,
			unsigned int nr_bits, bool is_signed,
			const struct btf_type *enum_t)
{
	const char *name;
	u128 v;

	if (!nr_bits || nr_bits > 128) {
		render_bad(r, -EINVAL);
		return;
	}
	if (!load_bits(r, off, bit_off, nr_bits, &v))
		return;
	if (r->json || nr_bits > 64) {
		print_hex128(r, v);
		return;
	}
	name = enum_t ? enum_name(r, enum_t, v, nr_bits) : NULL;
	if (name)
		pr_token(r->p, name);
	else if (is_signed)
		pr_int(r->p, sign_extend(v, nr_bits));
	else
		pr_uint(r->p, (uint64_t)v);
}

void render_bitfield(struct render *r, uint32_t type_id, size_t off,
		     unsigned int bit_off, unsigned int nr_bits)
{
	const struct btf_type *t = render_skip_mods(r->btf, type_id, true);
	bool is_signed = false;

	if (t && btf_is_int(t))
		is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
	else if (t && btf_is_any_enum(t))
		is_signed = btf_kflag(t);
	render_bits(r, off, bit_off, nr_bits, is_signed,
		    t && btf_is_any_enum(t) ? t : NULL);
}

static void render_char(struct render *r, unsigned char c)
{
	if (r->json) {
		/* bpftool: "c", or "\u00NN" when not printable */
		pr_quoted(r->p, &c, 1, QUOTE_OMIT_LIMIT);
	} else if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
		pr_printf(r->p, "'%c'", c);
	} else {
		pr_printf(r->p, "'\\x%02x'", c);
	}
}

void render_int(struct render *r, const struct btf_type *t, size_t off,
		unsigned int bit_off)
{
	unsigned int enc = btf_int_encoding(t);
	unsigned int nr_bits = btf_int_bits(t);
	unsigned int total = bit_off + btf_int_offset(t);
	u128 v;

	if (nr_bits > 128) {
		render_bad(r, -EINVAL);
		return;
	}
	/* bpftool's rule for what goes the bitfield way */
	if (total || (nr_bits != 8 && nr_bits != 16 && nr_bits != 32 &&
		      nr_bits != 64 && nr_bits != 128)) {
		render_bits(r, off + total / 8, total % 8, nr_bits,
			    enc & BTF_INT_SIGNED, NULL);
		return;
	}
	if (!render_fits(r, off, nr_bits / 8))
		return;
	v = load(r->data + off, nr_bits / 8);
	if (nr_bits == 128)
		print_hex128(r, v);	/* bpftool: "0x..", even if signed */
	else if (enc & BTF_INT_CHAR)
		render_char(r, r->data[off]);
	else if (enc & BTF_INT_BOOL)
		/* bpftool reads 4 bytes for any bool; we read its own size */
		pr_bool(r->p, v != 0);
	else if (enc & BTF_INT_SIGNED)
		pr_int(r->p, sign_extend(v, nr_bits));
	else
		pr_uint(r->p, (uint64_t)v);
}

/*
 * Enumerator name, or the number.  Names are matched in the enum's own
 * width with its own signedness (bpftool compares sign-extended values and
 * so misses names above 0x7f.. in 1- and 2-byte unsigned enums).  Unknown
 * values: bpftool prints them sign-extended whatever the enum's sign, JSON
 * keeps that; text follows the enum's signedness (kflag).
 */
void render_enum(struct render *r, const struct btf_type *t, size_t off)
{
	unsigned int size = t->size;
	const char *name;
	u128 v;

	if (size != 1 && size != 2 && size != 4 && size != 8) {
		render_bad(r, -EINVAL);
		return;
	}
	if (!render_fits(r, off, size))
		return;
	v = load(r->data + off, size);
	name = enum_name(r, t, v, size * 8);
	if (name)
		pr_token(r->p, name);
	else if (r->json || btf_kflag(t))
		pr_int(r->p, sign_extend(v, size * 8));
	else
		pr_uint(r->p, (uint64_t)v);
}

/* IEEE 754 binary16, without libm. */
static double half_to_double(uint16_t h)
{
	int exp = (h >> 10) & 0x1f;
	double v = h & 0x3ff;
	int shift;

	if (exp == 0x1f)
		v = (h & 0x3ff) ? NAN : INFINITY;
	else {
		if (exp)
			v += 0x400;
		shift = (exp ? exp : 1) - 25;
		for (; shift < 0; shift++)
			v /= 2;
		for (; shift > 0; shift--)
			v *= 2;
	}
	return (h & 0x8000) ? -v : v;
}

/*
 * Shortest "%g" that reads back as the same value: 0.1, not 0.10000000149.
 * Halves round-trip through float, which holds them exactly.
 */
static void format_float(char *buf, size_t n, long double v, int size)
{
	int prec;

	for (prec = 1; prec < 40; prec++) {
		snprintf(buf, n, "%.*Lg", prec, v);
		if (size <= 4 && strtof(buf, NULL) == (float)v)
			return;
		if (size == 8 && strtod(buf, NULL) == (double)v)
			return;
		if (size > 8 && strtold(buf, NULL) == v)
			return;
	}
}

/*
 * bpftool 7.1 cannot print floats ("(unsupported-kind", invalid JSON).
 * Here they are JSON numbers; NaN and infinities, which JSON numbers
 * cannot express, are the strings "nan", "inf", "-inf".
 */
void render_float(struct render *r, const struct btf_type *t, size_t off)
{
	unsigned int size = t->size;
	long double v;
	char buf[64];

	if (!render_fits(r, off, size))
		return;
	if (size == 2) {
		v = half_to_double((uint16_t)load(r->data + off, 2));
	} else if (size == sizeof(float)) {
		float f;

		memcpy(&f, r->data + off, sizeof(f));
		v = f;
	} else if (size == sizeof(double)) {
		double d;

		memcpy(&d, r->data + off, sizeof(d));
		v = d;
	} else if (size == sizeof(long double)) {
		/* tracee and tracer share the arch: same long double */
		memcpy(&v, r->data + off, sizeof(v));
	} else {
		render_bad(r, -EINVAL);
		return;
	}
	if (isnan(v)) {
		pr_token(r->p, "nan");
	} else if (isinf(v)) {
		pr_token(r->p, v < 0 ? "-inf" : "inf");
	} else {
		format_float(buf, sizeof(buf), v, size);
		pr_raw(r->p, buf);
	}
}

/* bpftool: the address as a decimal number; text: strace's 0x... / NULL. */
void render_ptr(struct render *r, size_t off)
{
	size_t n = btf__pointer_size(r->btf);
	uint64_t v;

	if (n != 4 && n != 8)
		n = sizeof(void *);
	if (!render_fits(r, off, n))
		return;
	v = (uint64_t)load(r->data + off, n);
	if (r->json)
		pr_uint(r->p, v);
	else
		pr_addr(r->p, v);
}
