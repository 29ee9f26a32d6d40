/*
 * gen-trace: writes a deterministic synthetic Valgrind Lackey trace
 * (--tool=lackey --trace-mem=yes format) that resembles a real program.
 *
 * Usage: gen-trace RECORDS [OUT.lackey]     (stdout when OUT is omitted)
 *
 * Model (fixed-seed xorshift64*, so the output depends only on RECORDS):
 *  - code: 96 functions of 64 B .. 8 KiB laid out in a ~160 KiB text
 *    region at 0x401000 (the last few at 0x4870000, like a shared library).
 *    Execution runs basic blocks of 2..12 instructions (lengths 1..15,
 *    mostly 2..7); blocks end in loop back-edges, calls (which push a
 *    return address: an 8-byte store to the stack), returns (an 8-byte
 *    load) or forward jumps.  Calls pick a hot set of 24 functions 80% of
 *    the time.
 *  - data: about 0.43 data records per instruction, so I records are about
 *    67% of all records; kinds L/S/M in about 60/30/10; sizes 1,2,4,8,16,32.
 *    Streams: the stack near 0x1ffefff000 (60%), a 4 KiB global area (25%),
 *    a sequential sweep over a 2 MiB array (9%), a 64 KiB working set (3%),
 *    strided walks over a 1 MiB matrix (2%), random accesses over 8 MiB (1%).
 *  - Valgrind "==pid==" lines at the top and bottom, as Lackey prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* output                                                              */
/* ------------------------------------------------------------------ */

#define OUT_BYTES (4u << 20)
static char *obuf;
static size_t opos;
static int ofd = 1;
static const char *opath = "stdout";

static void flush_out(void)
{
    size_t off = 0;
    while (off < opos) {
        ssize_t w = write(ofd, obuf + off, opos - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "gen-trace: %s: %s\n", opath, strerror(errno));
            exit(2);
        }
        off += (size_t)w;
    }
    opos = 0;
}

static void put_str(const char *s)
{
    size_t n = strlen(s);
    if (opos + n > OUT_BYTES)
        flush_out();
    memcpy(obuf + opos, s, n);
    opos += n;
}

static const char hexdig[16] = "0123456789abcdef";

/* Emits "I  %08lx,%lu\n" or " K %08lx,%lu\n" exactly as Lackey does. */
static inline void put_rec(char kind, uint64_t addr, unsigned size)
{
    if (opos + 48 > OUT_BYTES)
        flush_out();
    char *p = obuf + opos;
    if (kind == 'I') {
        p[0] = 'I';
        p[1] = ' ';
    } else {
        p[0] = ' ';
        p[1] = kind;
    }
    p[2] = ' ';
    p += 3;
    /* number of hex digits, at least 8 */
    int nd = 8;
    while (nd < 16 && (addr >> (4 * nd)) != 0)
        nd++;
    for (int i = nd - 1; i >= 0; i--) {
        p[i] = hexdig[addr & 15];
        addr >>= 4;
    }
    p += nd;
    *p++ = ',';
    if (size >= 100) {
        *p++ = (char)('0' + size / 100);
        *p++ = (char)('0' + size / 10 % 10);
        *p++ = (char)('0' + size % 10);
    } else if (size >= 10) {
        *p++ = (char)('0' + size / 10);
        *p++ = (char)('0' + size % 10);
    } else {
        *p++ = (char)('0' + size);
    }
    *p++ = '\n';
    opos = (size_t)(p - obuf);
}

/* ------------------------------------------------------------------ */
/* random numbers                                                      */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static inline uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* uniform in [0, n) */
static inline uint32_t rndn(uint32_t n)
{
    return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* ------------------------------------------------------------------ */
/* program model                                                       */
/* ------------------------------------------------------------------ */

#define NFUNC 96
#define NHOT 24
#define MAXDEPTH 48

#define TEXT_BASE UINT64_C(0x0401000)
#define LIBC_BASE UINT64_C(0x04870000)
#define GLOBALS_BASE UINT64_C(0x04a0000)
#define STACK_TOP UINT64_C(0x1ffefff000)
#define HEAP_BASE UINT64_C(0x04b00000)
#define SEQ_BYTES (2u << 20)
#define MATRIX_BASE (HEAP_BASE + (16u << 20))
#define MATRIX_BYTES (1u << 20)
#define WORKSET_BASE (HEAP_BASE + (24u << 20))
#define WORKSET_BYTES (64u << 10)
#define RANDOM_BASE (HEAP_BASE + (32u << 20))
#define RANDOM_BYTES (8u << 20)

typedef struct {
    uint64_t start;
    uint32_t len;
} func_t;

static func_t funcs[NFUNC];
static uint32_t hot[NHOT];

/* instruction length: 1..15, mostly 2..7 */
static inline unsigned insn_len(void)
{
    static const unsigned char table[32] = {
        1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5,
        5, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 10, 11, 12, 15};
    return table[rnd() & 31];
}

/* data size: 1,2,4,8,16,32 */
static inline unsigned data_size(void)
{
    static const unsigned char table[32] = {
        1, 1, 2, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8,
        8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 16, 16, 16, 32, 8};
    return table[rnd() & 31];
}

/* kind: L 60%, S 30%, M 10% */
static inline char data_kind(void)
{
    uint32_t r = rndn(10);
    return r < 6 ? 'L' : r < 9 ? 'S' : 'M';
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen-trace RECORDS [OUT.lackey]\n");
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long long total = strtoull(argv[1], &end, 10);
    if (errno || *end != '\0' || argv[1][0] == '-') {
        fprintf(stderr, "gen-trace: bad record count '%s'\n", argv[1]);
        return 2;
    }
    if (argc == 3) {
        opath = argv[2];
        ofd = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (ofd < 0) {
            fprintf(stderr, "gen-trace: %s: %s\n", opath, strerror(errno));
            return 2;
        }
    }
    obuf = malloc(OUT_BYTES);
    if (!obuf) {
        fprintf(stderr, "gen-trace: out of memory\n");
        return 2;
    }

    /* lay out the functions */
    uint64_t a = TEXT_BASE;
    for (int i = 0; i < NFUNC; i++) {
        if (i == NFUNC - 8)
            a = LIBC_BASE; /* the last few live in "libc" */
        uint32_t len = 64u << rndn(7); /* 64 B .. 4 KiB, plus up to 100% */
        len += rndn(len);
        funcs[i].start = a;
        funcs[i].len = len;
        a += len + 16 * rndn(8);
        a = (a + 15) & ~UINT64_C(15);
    }
    for (int i = 0; i < NHOT; i++)
        hot[i] = rndn(NFUNC);

    put_str("==4242== Lackey, an example Valgrind tool\n"
            "==4242== Copyright (C) 2002-2017, and GNU GPL'd, by Nicholas Nethercote.\n"
            "==4242== Using Valgrind-3.19.0 and LibVEX; rerun with -h for copyright info\n"
            "==4242== Command: ./synthetic\n"
            "==4242== Parent PID: 4241\n"
            "==4242== \n");

    /* execution state */
    uint32_t fn = hot[0];
    uint64_t pc = funcs[fn].start;
    uint64_t fend = pc + funcs[fn].len;
    uint64_t ret_pc[MAXDEPTH];
    uint32_t ret_fn[MAXDEPTH];
    uint64_t ret_sp[MAXDEPTH];
    int depth = 0;
    uint64_t sp = STACK_TOP - 0x200;
    uint64_t loop_pc = pc;
    uint32_t loop_left = 0;
    uint32_t block_left = 2 + rndn(11);
    uint64_t seq = 0;    /* offset in the sequential array */
    uint64_t mat = 0;    /* offset in the matrix */
    uint32_t stride = 64;
    uint64_t instrs = 0;

    unsigned long long n = 0;
    while (n < total) {
        /* one instruction */
        unsigned ilen = insn_len();
        put_rec('I', pc, ilen);
        n++;
        instrs++;
        pc += ilen;

        /* ~0.43 data records per instruction */
        uint32_t r = rndn(100);
        if (r < 43 && n < total) {
            uint32_t stream = rndn(1000);
            unsigned size = data_size();
            char kind = data_kind();
            uint64_t addr;
            if (stream < 600) {
                /* stack frame: small offsets above sp */
                addr = sp + (rndn(48) * 8);
                if (size > 8)
                    addr &= ~(uint64_t)(size - 1);
            } else if (stream < 850) {
                /* globals: a few KiB */
                addr = GLOBALS_BASE + (rndn(4096) & ~(size - 1));
            } else if (stream < 940) {
                /* sequential sweep over a 2 MiB array */
                addr = HEAP_BASE + seq;
                seq += size;
                if (seq + 32 > SEQ_BYTES)
                    seq = 0;
            } else if (stream < 970) {
                /* a 64 KiB working set (fits LL, not L1) */
                addr = WORKSET_BASE + (rndn(WORKSET_BYTES) & ~(size - 1));
            } else if (stream < 990) {
                /* strided walk over a 1 MiB matrix, column by column */
                addr = MATRIX_BASE + mat;
                mat += stride;
                if (mat >= MATRIX_BYTES) {
                    mat = (mat + 8) % stride; /* next column */
                    stride = 8u << rndn(10);  /* 8 B .. 4 KiB */
                }
                addr &= ~(uint64_t)(size - 1);
            } else {
                /* random heap access over 8 MiB */
                addr = RANDOM_BASE + (rndn(RANDOM_BYTES) & ~(size - 1));
            }
            if (rndn(256) == 0)
                addr += 1 + rndn(7); /* the odd unaligned access */
            put_rec(kind, addr, size);
            n++;
            if (r < 6 && n < total) {
                /* a second access from the same instruction, e.g. push/pop */
                put_rec(rndn(2) ? 'L' : 'S', sp + 8 * rndn(4), 8);
                n++;
            }
        }

        if (--block_left)
            continue;

        /* end of basic block: decide where control goes */
        block_left = 2 + rndn(11);
        uint32_t c = rndn(100);
        if (loop_left) {
            loop_left--;
            pc = loop_pc;
        } else if (c < 9 && depth < MAXDEPTH && n < total) {
            /* call: push the return address */
            ret_pc[depth] = pc;
            ret_fn[depth] = fn;
            sp -= 8;
            put_rec('S', sp, 8);
            n++;
            ret_sp[depth] = sp;
            depth++;
            sp -= 16 * (1 + rndn(8)); /* the callee's frame */
            fn = rndn(10) < 8 ? hot[rndn(NHOT)] : rndn(NFUNC);
            pc = funcs[fn].start;
            fend = pc + funcs[fn].len;
        } else if ((c < 18 || pc >= fend) && depth > 0 && n < total) {
            /* return: pop the return address */
            depth--;
            sp = ret_sp[depth];
            put_rec('L', sp, 8);
            n++;
            sp += 8;
            fn = ret_fn[depth];
            pc = ret_pc[depth];
            fend = funcs[fn].start + funcs[fn].len;
        } else if (c < 45) {
            /* start a loop at the current block */
            loop_pc = pc;
            loop_left = rndn(4) == 0 ? 20 + rndn(400) : 1 + rndn(12);
        } else if (c < 70) {
            /* forward jump inside the function */
            pc += 8 + rndn(96);
        }
        if (pc >= fend) {
            if (depth == 0) {
                /* top level: pick a new function to run */
                fn = hot[rndn(NHOT)];
                pc = funcs[fn].start;
                fend = pc + funcs[fn].len;
            } else {
                pc = funcs[fn].start + rndn(funcs[fn].len / 2);
            }
        }
    }

    char tail[512];
    snprintf(tail, sizeof tail,
             "==4242== \n"
             "==4242== Counted 1 call to main()\n"
             "==4242== \n"
             "==4242== Executed:\n"
             "==4242==   guest instrs:  %llu\n"
             "==4242== \n"
             "==4242== Exit code:       0\n",
             (unsigned long long)instrs);
    put_str(tail);
    flush_out();
    if (ofd != 1 && close(ofd) != 0) {
        fprintf(stderr, "gen-trace: %s: %s\n", opath, strerror(errno));
        return 2;
    }
    return 0;
}
