// SPDX-License-Identifier: MIT
/*
 * Typed rendering, scalars: ints of every width, bitfields, enums (32 and
 * 64 bit), floats, pointers.  Values are assembled byte by byte in host
 * order, so nothing relies on alignment and nothing reads past the bytes
 * checked with btf_render_fits().
 */
#include "decode/btf_render_priv.h"

#include <errno.h>
#include <float.h>
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
	/* the usual sizes in one load, not a shift per byte */
	switch (n) {
	case 2: {
		uint16_t x;

		memcpy(&x, s, 2);
		return x;
	}
	case 4: {
		uint32_t x;

		memcpy(&x, s, 4);
		return x;
	}
	case 8: {
		uint64_t x;

		memcpy(&x, s, 8);
		return x;
	}
	}
	for (i = n; i-- > 0;)
		v = v << 8 | s[i];
#else
	for (i = 0; i < n; i++)
		v = v << 8 | s[i];
#endif
	return v;
}

/* The low bits (1-64) of v as a signed number. */
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

	if (!btf_render_fits(r, off, (bit_off + nr_bits + 7) / 8))
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

typedef __int128 s128;

/* The value of raw (bits wide) as an integer of the enum's signedness. */
static s128 enum_stored(const struct btf_type *t, u128 raw, unsigned int bits)
{
	if (btf_kflag(t))
		return sign_extend(raw, bits);
	return (uint64_t)raw;
}

/*
 * Name of the enumerator equal to v, or NULL.  Both sides are integers of
 * the enum's signedness (kflag, kernel 6.0): a value is named only by an
 * enumerator that equals it, never by one that agrees in its low bits
 * (enum : u8 { A = 476 } does not name 220).
 */
static const char *enum_name(const struct render *r, const struct btf_type *t,
			     s128 v)
{
	unsigned int i, n = btf_vlen(t);
	bool is_signed = btf_kflag(t);

	for (i = 0; i < n; i++) {
		uint32_t name_off;
		s128 ev;

		if (btf_is_enum64(t)) {
			uint64_t u = btf_enum64_value(&btf_enum64(t)[i]);

			ev = is_signed ? (s128)(int64_t)u : (s128)u;
			name_off = btf_enum64(t)[i].name_off;
		} else {
			uint32_t u = (uint32_t)btf_enum(t)[i].val;

			ev = is_signed ? (s128)(int32_t)u : (s128)u;
			name_off = btf_enum(t)[i].name_off;
		}
		if (ev == v)
			return btf_render_name(r, name_off);
	}
	return NULL;
}

/* An enum's value: the enumerator's name, or the number. */
static void print_enum_value(struct render *r, const struct btf_type *t, s128 v)
{
	const char *name = enum_name(r, t, v);

	if (name)
		pr_token(r->p, name);
	else if (v < 0)
		pr_int(r->p, (int64_t)v);
	else
		pr_uint(r->p, (uint64_t)v);
}

/*
 * A bitfield, or an int whose width or position is not a whole C type.
 * bpftool: the raw bits as a hex string, never sign-extended ("0x1f" for
 * a signed 5-bit -1).  That is valid JSON in bpftool 7.1, so JSON keeps it
 * for equality.  Text shows the C value: signed, or the enumerator that
 * equals it.
 */
static void render_bits(struct render *r, size_t off, unsigned int bit_off,
			unsigned int nr_bits, bool is_signed,
			const struct btf_type *enum_t)
{
	u128 v;

	if (!nr_bits || nr_bits > 128) {
		btf_render_bad(r, -EINVAL);
		return;
	}
	if (!load_bits(r, off, bit_off, nr_bits, &v))
		return;
	if (r->json || nr_bits > 64)
		print_hex128(r, v);
	else if (enum_t)
		print_enum_value(r, enum_t, enum_stored(enum_t, v, nr_bits));
	else if (is_signed)
		pr_int(r->p, sign_extend(v, nr_bits));
	else
		pr_uint(r->p, (uint64_t)v);
}

void btf_render_bitfield(struct render *r, uint32_t type_id, size_t off,
			 unsigned int bit_off, unsigned int nr_bits)
{
	const struct btf_type *t =
	    btf_render_skip_mods(r->btf, type_id, true, NULL);
	bool is_signed = false;

	if (t && btf_is_int(t))
		is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
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

void btf_render_int(struct render *r, const struct btf_type *t, size_t off,
		    unsigned int bit_off)
{
	unsigned int enc = btf_int_encoding(t);
	unsigned int nr_bits = btf_int_bits(t);
	unsigned int total = bit_off + btf_int_offset(t);
	u128 v;

	if (nr_bits > 128) {
		btf_render_bad(r, -EINVAL);
		return;
	}
	/* bpftool's rule for what goes the bitfield way */
	if (total || (nr_bits != 8 && nr_bits != 16 && nr_bits != 32 &&
		      nr_bits != 64 && nr_bits != 128)) {
		render_bits(r, off + total / 8, total % 8, nr_bits,
			    enc & BTF_INT_SIGNED, NULL);
		return;
	}
	if (!btf_render_fits(r, off, nr_bits / 8))
		return;
	v = load(r->data + off, nr_bits / 8);
	if (nr_bits == 128)
		print_hex128(r, v); /* bpftool: "0x..", even if signed */
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
 * Enumerator name, or the number, in the enum's own signedness in text and
 * JSON alike.  bpftool 7.1 reads every enum as signed: it misses names
 * above 0x7f.. of unsigned 1- and 2-byte enums and prints unsigned values
 * with the top bit set as negative numbers; both are its bugs.
 */
void btf_render_enum(struct render *r, const struct btf_type *t, size_t off)
{
	unsigned int size = t->size;

	if (size != 1 && size != 2 && size != 4 && size != 8) {
		btf_render_bad(r, -EINVAL);
		return;
	}
	if (!btf_render_fits(r, off, size))
		return;
	print_enum_value(r, t,
			 enum_stored(t, load(r->data + off, size), size * 8));
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

#if LDBL_MANT_DIG == 64
/*
 * x87 80-bit extended, the x86 long double, in the low 10 bytes of a 12-
 * (i386) or 16-byte (x86_64) float.  Read as the FPU reads it (Intel SDM
 * vol. 1, 8.2.2 and table 8-3), not as printf would: a pseudo-denormal
 * (exponent 0, integer bit set) has the denormal exponent, so it is the
 * same number as exponent 1 with that integer bit; unnormals,
 * pseudo-infinities and pseudo-NaNs are invalid operands since the 80387,
 * which the FPU replaces with its default NaN.
 */
static bool load_x87(const unsigned char *s, long double *v)
{
	unsigned char b[sizeof(long double)] = {0};
	uint64_t mant = (uint64_t)load(s, 8);
	unsigned int exp = (unsigned int)load(s + 8, 2) & 0x7fff;
	bool integer_bit = mant >> 63;

	if (exp && !integer_bit)
		return false;
	memcpy(b, s, 10);
	if (!exp && integer_bit)
		b[8] |= 1;
	memcpy(v, b, sizeof(*v));
	return true;
}
#endif

/* Size 2, 4, 8, and the host's long double (x87 also in 12 bytes). */
static bool load_float(const unsigned char *s, unsigned int size,
		       long double *v)
{
	float f;
	double d;

	switch (size) {
	case 2:
		*v = half_to_double((uint16_t)load(s, 2));
		return true;
	case sizeof(float):
		memcpy(&f, s, sizeof(f));
		*v = f;
		return true;
	case sizeof(double):
		memcpy(&d, s, sizeof(d));
		*v = d;
		return true;
	}
#if LDBL_MANT_DIG == 64
	if (size != 12 && size != 16)
		return false;
	if (!load_x87(s, v))
		*v = NAN;
#else
	/* tracee and tracer share the arch: the same long double */
	if (size != sizeof(long double))
		return false;
	memcpy(v, s, sizeof(*v));
#endif
	return true;
}

/*
 * bpftool 7.1 cannot print floats ("(unsupported-kind", invalid JSON).
 * Here they are JSON numbers; NaN and infinities, which JSON numbers
 * cannot express, are the strings "nan", "inf", "-inf".
 */
void btf_render_float(struct render *r, const struct btf_type *t, size_t off)
{
	long double v;
	char buf[64];

	if (!btf_render_fits(r, off, t->size))
		return;
	if (!load_float(r->data + off, t->size, &v)) {
		btf_render_bad(r, -EINVAL);
		return;
	}
	if (isnan(v)) {
		pr_token(r->p, "nan");
	} else if (isinf(v)) {
		pr_token(r->p, v < 0 ? "-inf" : "inf");
	} else {
		format_float(buf, sizeof(buf), v, t->size);
		pr_raw(r->p, buf);
	}
}

/* bpftool: the address as a decimal number; text: strace's 0x... / NULL. */
void btf_render_ptr(struct render *r, size_t off)
{
	size_t n = btf__pointer_size(r->btf);
	uint64_t v;

	if (n != 4 && n != 8)
		n = sizeof(void *);
	if (!btf_render_fits(r, off, n))
		return;
	v = (uint64_t)load(r->data + off, n);
	if (r->json)
		pr_uint(r->p, v);
	else
		pr_addr(r->p, v);
}
