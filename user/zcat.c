/*
 * zcat: write the uncompressed contents of gzip files (or of standard input,
 * when there are none, or for the name "-") to standard output, as
 * `gzip -cd` does.  No options.
 *
 * A gzip file (RFC 1952) is one or more members, each a header, data
 * compressed with deflate (RFC 1951), and a trailer: the CRC-32 and the
 * length (mod 2^32) of the uncompressed data.  Deflate data is a sequence of
 * blocks of three kinds:
 *   stored       the bytes as they are, after a length and its complement;
 *   fixed        Huffman codes the RFC defines once and for all;
 *   dynamic      Huffman codes described at the start of the block (their
 *                code lengths, themselves Huffman-coded).
 * A Huffman-coded block is a stream of literal bytes and (length, distance)
 * pairs: "copy length bytes from distance bytes back in the output".
 *
 * The whole input is read into memory and inflated into a growing buffer:
 * simple to step through, enough for what shmos reads (LTP reads
 * /proc/config.gz with it).  Messages and exit statuses are gzip's: the
 * data decoded so far is written before an error is reported; 1 after an
 * error, 2 after a warning (trailing garbage).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXBITS 15		/* longest Huffman code deflate allows */
#define NLITLEN 288		/* literal/length symbols, 286 used, fixed code has 288 */
#define NDIST 30		/* distance symbols */

/* Why a member could not be inflated; the text is gzip's. */
enum zerr { Z_OK, Z_EOF, Z_FORMAT, Z_CRC, Z_LENGTH, Z_CRC_LENGTH, Z_NOTGZ, Z_NOMEM };
static const char *const zmsg[] = {
	[Z_EOF] = "unexpected end of file",
	[Z_FORMAT] = "invalid compressed data--format violated",
	[Z_CRC] = "invalid compressed data--crc error",
	[Z_LENGTH] = "invalid compressed data--length error",
	[Z_CRC_LENGTH] = "invalid compressed data--crc error\n\n"
			 "gzip: %s: invalid compressed data--length error",	/* both wrong */
	[Z_NOTGZ] = "not in gzip format",
	[Z_NOMEM] = "out of memory",
};

struct inflate {
	const uint8_t *in;	/* the whole compressed input */
	size_t inlen, inpos;	/* its length, the next byte to read */
	uint32_t bitbuf;	/* bits read but not used, the next in bit 0 */
	int bitcnt;		/* how many */
	uint8_t *out;		/* the output so far: back-references read it */
	size_t outlen, outcap;
};

/* A canonical Huffman code: how many codes of each length, and the symbols
 * in code order (shorter codes first, equal lengths by symbol value). */
struct huffman {
	short count[MAXBITS + 1];
	short symbol[NLITLEN];
};

/* The next n (<= 16) bits of the input, first bit lowest; -1 at its end. */
static int bits(struct inflate *s, int n)
{
	uint32_t v;

	while (s->bitcnt < n) {
		if (s->inpos == s->inlen)
			return -1;
		s->bitbuf |= (uint32_t)s->in[s->inpos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	v = s->bitbuf & ((1u << n) - 1);
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return v;
}

static int put(struct inflate *s, uint8_t c)
{
	if (s->outlen == s->outcap) {
		size_t cap = s->outcap ? 2 * s->outcap : 65536;
		uint8_t *p = realloc(s->out, cap);

		if (!p)
			return Z_NOMEM;
		s->out = p;
		s->outcap = cap;
	}
	s->out[s->outlen++] = c;
	return Z_OK;
}

/*
 * Build h from the code length of each of n symbols (0: unused).  Canonical
 * codes of one length are consecutive numbers, so the counts and the symbol
 * order are all decode() needs.  An over-subscribed set of lengths is no
 * code at all; an incomplete one is allowed (a code unused is an error when
 * met).
 */
static int build(struct huffman *h, const uint8_t *length, int n)
{
	short offs[MAXBITS + 1];
	int left = 1, len, sym;

	memset(h->count, 0, sizeof h->count);
	for (sym = 0; sym < n; sym++)
		h->count[length[sym]]++;
	for (len = 1; len <= MAXBITS; len++) {
		left = 2 * left - h->count[len];	/* codes of this length still free */
		if (left < 0)
			return Z_FORMAT;
	}
	offs[1] = 0;
	for (len = 1; len < MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (sym = 0; sym < n; sym++)
		if (length[sym])
			h->symbol[offs[length[sym]]++] = sym;
	return Z_OK;
}

/*
 * Decode one symbol, a bit at a time (Huffman codes are sent first bit
 * first).  code is the bits so far; first the first code of length len;
 * index where that length's symbols start in h->symbol.  -1 at the end of
 * the input, -2 for a code the table does not have.
 */
static int decode(struct inflate *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0, len, b;

	for (len = 1; len <= MAXBITS; len++) {
		if ((b = bits(s, 1)) < 0)
			return -1;
		code |= b;
		if (code - first < h->count[len])
			return h->symbol[index + code - first];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -2;
}

/* Length symbols 257..285 and distance symbols 0..29: a base and how many
 * extra bits follow the symbol, to add to the base. */
static const short lbase[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const short lext[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const short dbase[NDIST] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577 };
static const short dext[NDIST] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Turn decode()'s and bits()' failures into an error. */
static int bad(int v)
{
	return v == -1 ? Z_EOF : Z_FORMAT;
}

/* The literals and copies of a Huffman-coded block, up to its end (256). */
static int codes(struct inflate *s, const struct huffman *lencode,
		 const struct huffman *distcode)
{
	int sym, len, dist, extra, err;

	for (;;) {
		if ((sym = decode(s, lencode)) < 0)
			return bad(sym);
		if (sym < 256) {
			if ((err = put(s, sym)) != Z_OK)
				return err;
			continue;
		}
		if (sym == 256)
			return Z_OK;
		sym -= 257;
		if (sym >= 29)
			return Z_FORMAT;
		if ((extra = bits(s, lext[sym])) < 0)
			return Z_EOF;
		len = lbase[sym] + extra;
		if ((sym = decode(s, distcode)) < 0)
			return bad(sym);
		if (sym >= NDIST)
			return Z_FORMAT;
		if ((extra = bits(s, dext[sym])) < 0)
			return Z_EOF;
		dist = dbase[sym] + extra;
		if ((size_t)dist > s->outlen)	/* before the start of the output */
			return Z_FORMAT;
		while (len--)		/* byte by byte: the copy may overlap itself */
			if ((err = put(s, s->out[s->outlen - dist])) != Z_OK)
				return err;
	}
}

/* A stored block: to a byte boundary, LEN, NLEN (LEN's complement), data. */
static int stored(struct inflate *s)
{
	unsigned len;
	int err;

	s->bitbuf = 0;		/* the rest of the current byte is padding */
	s->bitcnt = 0;
	if (s->inlen - s->inpos < 4)
		return Z_EOF;
	len = s->in[s->inpos] | s->in[s->inpos + 1] << 8;
	if ((unsigned)(s->in[s->inpos + 2] | s->in[s->inpos + 3] << 8) != (~len & 0xffff))
		return Z_FORMAT;
	s->inpos += 4;
	if (s->inlen - s->inpos < len)
		return Z_EOF;
	while (len--)
		if ((err = put(s, s->in[s->inpos++])) != Z_OK)
			return err;
	return Z_OK;
}

/* A block with the fixed codes: literal/length code lengths 8, 9, 7, 8 for
 * symbols 0-143, 144-255, 256-279, 280-287; every distance code 5 bits. */
static int fixed(struct inflate *s)
{
	static struct huffman lencode, distcode;
	static int built;
	uint8_t length[NLITLEN];
	int sym;

	if (!built) {
		for (sym = 0; sym < NLITLEN; sym++)
			length[sym] = sym < 144 ? 8 : sym < 256 ? 9 : sym < 280 ? 7 : 8;
		build(&lencode, length, NLITLEN);
		for (sym = 0; sym < NDIST; sym++)
			length[sym] = 5;
		build(&distcode, length, NDIST);
		built = 1;
	}
	return codes(s, &lencode, &distcode);
}

/*
 * A block with its own codes.  It starts with how many literal/length
 * (HLIT+257) and distance (HDIST+1) code lengths follow, and the lengths of
 * a small code (HCLEN+4 of them, 3 bits each, in the order below) in which
 * those lengths are written: 0-15 a length, 16 "the previous one 3-6
 * times", 17 "zero 3-10 times", 18 "zero 11-138 times".
 */
static int dynamic(struct inflate *s)
{
	static const uint8_t order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	struct huffman lencode, distcode;
	uint8_t length[NLITLEN + NDIST];
	int nlen, ndist, ncode, i, sym, rep, prev, err;

	if ((nlen = bits(s, 5)) < 0 || (ndist = bits(s, 5)) < 0 || (ncode = bits(s, 4)) < 0)
		return Z_EOF;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > 286 || ndist > NDIST)
		return Z_FORMAT;
	memset(length, 0, 19);
	for (i = 0; i < ncode; i++) {
		if ((sym = bits(s, 3)) < 0)
			return Z_EOF;
		length[order[i]] = sym;
	}
	if ((err = build(&lencode, length, 19)) != Z_OK)
		return err;
	for (i = 0; i < nlen + ndist;) {
		if ((sym = decode(s, &lencode)) < 0)
			return bad(sym);
		if (sym < 16) {
			length[i++] = sym;
			continue;
		}
		prev = 0;
		if (sym == 16) {
			if (i == 0)	/* nothing to repeat */
				return Z_FORMAT;
			prev = length[i - 1];
			rep = bits(s, 2) + 3;
		} else if (sym == 17) {
			rep = bits(s, 3) + 3;
		} else {
			rep = bits(s, 7) + 11;
		}
		if (rep < 3)		/* bits() said -1 */
			return Z_EOF;
		if (i + rep > nlen + ndist)
			return Z_FORMAT;
		while (rep--)
			length[i++] = prev;
	}
	if (length[256] == 0)	/* a block must be able to end */
		return Z_FORMAT;
	if ((err = build(&lencode, length, nlen)) != Z_OK ||
	    (err = build(&distcode, length + nlen, ndist)) != Z_OK)
		return err;
	return codes(s, &lencode, &distcode);
}

/* Deflate data: blocks, each with BFINAL (1 bit) and BTYPE (2 bits). */
static int inflate_blocks(struct inflate *s)
{
	int last, type, err;

	do {
		if ((last = bits(s, 1)) < 0 || (type = bits(s, 2)) < 0)
			return Z_EOF;
		if (type == 0)
			err = stored(s);
		else if (type == 1)
			err = fixed(s);
		else if (type == 2)
			err = dynamic(s);
		else
			err = Z_FORMAT;	/* type 3 is reserved */
		if (err != Z_OK)
			return err;
	} while (!last);
	s->bitbuf = 0;		/* the trailer starts at the next byte */
	s->bitcnt = 0;
	return Z_OK;
}

/* CRC-32 as gzip computes it (IEEE 802.3, reflected), a bit at a time. */
static uint32_t crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffff;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Skip a zero-terminated string of the header (file name, comment). */
static int skip_string(struct inflate *s)
{
	while (s->inpos < s->inlen)
		if (s->in[s->inpos++] == 0)
			return Z_OK;
	return Z_EOF;
}

/*
 * The header: magic 1f 8b, method 8 (deflate), flags, time, extra flags,
 * OS; then, as the flags say, an extra field, a name, a comment and a
 * header CRC, none of which zcat needs.
 */
#define FHCRC 0x02
#define FEXTRA 0x04
#define FNAME 0x08
#define FCOMMENT 0x10
static int header(struct inflate *s)
{
	const uint8_t *h = s->in + s->inpos;
	int flags, err;

	if (s->inlen - s->inpos < 2)
		return Z_EOF;
	if (h[0] != 0x1f || h[1] != 0x8b)
		return Z_NOTGZ;
	if (s->inlen - s->inpos < 10)
		return Z_EOF;
	if (h[2] != 8 || (h[3] & 0xe0))	/* another method, reserved flags */
		return Z_FORMAT;
	flags = h[3];
	s->inpos += 10;
	if (flags & FEXTRA) {
		size_t xlen;

		if (s->inlen - s->inpos < 2)
			return Z_EOF;
		xlen = s->in[s->inpos] | s->in[s->inpos + 1] << 8;
		if (s->inlen - s->inpos - 2 < xlen)
			return Z_EOF;
		s->inpos += 2 + xlen;
	}
	if ((flags & FNAME) && (err = skip_string(s)) != Z_OK)
		return err;
	if ((flags & FCOMMENT) && (err = skip_string(s)) != Z_OK)
		return err;
	if (flags & FHCRC) {
		if (s->inlen - s->inpos < 2)
			return Z_EOF;
		s->inpos += 2;
	}
	return Z_OK;
}

/* One member, from s->inpos: its data are appended to s->out. */
static int member(struct inflate *s)
{
	size_t start = s->outlen;
	int err, crc_ok, len_ok;

	if ((err = header(s)) != Z_OK || (err = inflate_blocks(s)) != Z_OK)
		return err;
	if (s->inlen - s->inpos < 8)
		return Z_EOF;
	crc_ok = get_le32(s->in + s->inpos) == crc32(s->out + start, s->outlen - start);
	len_ok = get_le32(s->in + s->inpos + 4) == (uint32_t)(s->outlen - start);
	s->inpos += 8;
	return crc_ok ? (len_ok ? Z_OK : Z_LENGTH) : (len_ok ? Z_CRC : Z_CRC_LENGTH);
}

static int write_all(const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, p, n);

		if (w < 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* Read all of fd into *buf; its length, or -1 with errno. */
static ssize_t read_all(int fd, uint8_t **buf)
{
	size_t len = 0, cap = 0;
	uint8_t *p = NULL;
	ssize_t n;

	for (;;) {
		if (len == cap) {
			uint8_t *q = realloc(p, cap = cap ? 2 * cap : 65536);

			if (!q) {
				free(p);
				errno = ENOMEM;
				return -1;
			}
			p = q;
		}
		n = read(fd, p + len, cap - len);
		if (n < 0) {
			free(p);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	*buf = p;
	return len;
}

/*
 * Inflate every member of one input, write the output, and report as gzip
 * does; 0, 1 (error) or 2 (warning: bytes after the last member that do not
 * start another).
 */
static int zcat(int fd, const char *name)
{
	struct inflate s = { 0 };
	uint8_t *in;
	ssize_t n = read_all(fd, &in);
	int err, status = 0;

	if (n < 0) {
		fprintf(stderr, "gzip: %s: %s\n", name, strerror(errno));
		return 1;
	}
	s.in = in;
	s.inlen = n;
	do {
		err = member(&s);
	} while (err == Z_OK && s.inlen - s.inpos >= 2 &&
		 s.in[s.inpos] == 0x1f && s.in[s.inpos + 1] == 0x8b);
	if (write_all(s.out, s.outlen) < 0) {
		fprintf(stderr, "gzip: stdout: %s\n", strerror(errno));
		status = 1;
	} else if (err != Z_OK) {
		fprintf(stderr, "\ngzip: %s: ", name);
		fprintf(stderr, zmsg[err], name);
		fputc('\n', stderr);
		status = 1;
	} else if (s.inpos < s.inlen) {
		fprintf(stderr, "\ngzip: %s: decompression OK, trailing garbage ignored\n", name);
		status = 2;
	}
	free(s.out);
	free(in);
	return status;
}

int main(int argc, char **argv)
{
	int i, fd, r, status = 0;

	if (argc < 2)
		return zcat(0, "stdin");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			r = zcat(0, "stdin");
		} else if ((fd = open(argv[i], O_RDONLY)) < 0) {
			fprintf(stderr, "gzip: %s: %s\n", argv[i], strerror(errno));
			r = 1;
		} else {
			r = zcat(fd, argv[i]);
			close(fd);
		}
		if (r == 1 || (r == 2 && status == 0))	/* an error outranks a warning */
			status = r;
	}
	return status;
}
