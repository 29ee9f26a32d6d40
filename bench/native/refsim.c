/*
 * refsim: native C reference for the memsim benchmark.
 *
 * A plain, straightforward C implementation of the Valgrind 3.19 Cachegrind
 * cache model (I1, D1, LL; true LRU with move-to-front; tags are whole block
 * numbers; an access straddling two lines looks up both and counts at most
 * one miss per level; LL is consulted only on an L1 miss).  Built with
 * gcc -O2, no intrinsics.  See README.md in this directory.
 *
 * Usage:
 *   refsim bulk   TRACE.bin    I1 D1 LL [repeat]
 *   refsim lackey TRACE.lackey I1 D1 LL
 * Geometry arguments are "size,assoc,line", e.g. 32768,8,64.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Binary trace format                                                 */
/* ------------------------------------------------------------------ */

#define TRACE_MAGIC "MEMSIMTR"
#define TRACE_VERSION 1u
#define TRACE_HEADER_BYTES 16

#define KIND_I 0u
#define KIND_L 1u
#define KIND_S 2u
#define KIND_M 3u

#define ADDR_MASK ((UINT64_C(1) << 48) - 1)
#define MAX_SIZE 4096u


/* ------------------------------------------------------------------ */
/* Cache model                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    uint64_t *tags;      /* sets * assoc tags, each set in MRU-first order */
    uint32_t sets_min_1; /* sets - 1 (sets is a power of two) */
    uint32_t assoc;
    uint32_t line_bits;
    uint32_t sets;
    uint32_t size, line;
} cache_t;

typedef struct {
    uint64_t Ir, I1mr, ILmr;
    uint64_t Dr, D1mr, DLmr;
    uint64_t Dw, D1mw, DLmw;
} counters_t;

typedef struct {
    cache_t I1, D1, LL;
    counters_t ev;
} sim_t;

static void die(const char *msg)
{
    fprintf(stderr, "refsim: %s\n", msg);
    exit(2);
}

static int log2_exact(uint64_t x)
{
    if (x == 0 || (x & (x - 1)) != 0)
        return -1;
    int b = 0;
    while ((UINT64_C(1) << b) != x)
        b++;
    return b;
}

/* Parses "size,assoc,line" and applies Cachegrind's validity rules. */
static void parse_geometry(const char *name, const char *arg, cache_t *c)
{
    unsigned long v[3];
    const char *p = arg;
    for (int i = 0; i < 3; i++) {
        if (*p < '0' || *p > '9')
            goto bad;
        unsigned long x = 0;
        while (*p >= '0' && *p <= '9') {
            x = x * 10 + (unsigned long)(*p - '0');
            if (x > 0xFFFFFFFFul)
                goto bad;
            p++;
        }
        v[i] = x;
        if (i < 2) {
            if (*p != ',')
                goto bad;
            p++;
        }
    }
    if (*p != '\0')
        goto bad;

    unsigned long size = v[0], assoc = v[1], line = v[2];
    if (assoc == 0 || line == 0 || size == 0) {
        fprintf(stderr, "refsim: %s=%s: size, associativity and line size must be positive\n", name, arg);
        exit(2);
    }
    if (log2_exact(line) < 0) {
        fprintf(stderr, "refsim: %s=%s: line size %lu is not a power of two\n", name, arg, line);
        exit(2);
    }
    if (line < 16) {
        fprintf(stderr, "refsim: %s=%s: line size %lu is below the minimum of 16 bytes\n", name, arg, line);
        exit(2);
    }
    if (size <= line) {
        fprintf(stderr, "refsim: %s=%s: cache size must be larger than the line size\n", name, arg);
        exit(2);
    }
    if (size % (assoc * line) != 0 || log2_exact(size / (assoc * line)) < 0) {
        fprintf(stderr, "refsim: %s=%s: number of sets (size/(assoc*line)) is not a power of two\n", name, arg);
        exit(2);
    }
    c->size = (uint32_t)size;
    c->assoc = (uint32_t)assoc;
    c->line = (uint32_t)line;
    c->line_bits = (uint32_t)log2_exact(line);
    c->sets = (uint32_t)(size / (assoc * line));
    c->sets_min_1 = c->sets - 1;
    c->tags = malloc((size_t)c->sets * c->assoc * sizeof(uint64_t));
    if (!c->tags)
        die("out of memory");
    return;
bad:
    fprintf(stderr, "refsim: %s: bad geometry '%s' (expected size,assoc,line e.g. 32768,8,64)\n", name, arg);
    exit(2);
}

static void sim_reset(sim_t *s)
{
    memset(s->I1.tags, 0, (size_t)s->I1.sets * s->I1.assoc * sizeof(uint64_t));
    memset(s->D1.tags, 0, (size_t)s->D1.sets * s->D1.assoc * sizeof(uint64_t));
    memset(s->LL.tags, 0, (size_t)s->LL.sets * s->LL.assoc * sizeof(uint64_t));
    memset(&s->ev, 0, sizeof s->ev);
}

/* Cachegrind's cachesim_setref_is_miss: MRU-ordered set, move to front. */
static inline int setref_is_miss(const cache_t *c, uint32_t set, uint64_t tag)
{
    uint64_t *t = c->tags + (size_t)set * c->assoc;
    uint32_t assoc = c->assoc;
    uint32_t i, j;

    if (t[0] == tag)
        return 0;
    for (i = 1; i < assoc; i++) {
        if (t[i] == tag) {
            for (j = i; j > 0; j--)
                t[j] = t[j - 1];
            t[0] = tag;
            return 0;
        }
    }
    for (j = assoc - 1; j > 0; j--)
        t[j] = t[j - 1];
    t[0] = tag;
    return 1;
}

/* Cachegrind's cachesim_ref_is_miss: one or two block lookups. */
static inline int ref_is_miss(const cache_t *c, uint64_t addr, uint32_t size)
{
    uint64_t block1 = addr >> c->line_bits;
    uint64_t block2 = (addr + size - 1) >> c->line_bits;
    uint32_t set1 = (uint32_t)block1 & c->sets_min_1;

    if (block1 == block2)
        return setref_is_miss(c, set1, block1);

    /* Straddles two lines: always do both, the LRU state changes. */
    uint32_t set2 = (uint32_t)block2 & c->sets_min_1;
    int m1 = setref_is_miss(c, set1, block1);
    int m2 = setref_is_miss(c, set2, block2);
    return m1 | m2;
}

static inline void sim_access(sim_t *s, uint32_t kind, uint64_t addr, uint32_t size)
{
    if (kind == KIND_I) {
        s->ev.Ir++;
        if (ref_is_miss(&s->I1, addr, size)) {
            s->ev.I1mr++;
            if (ref_is_miss(&s->LL, addr, size))
                s->ev.ILmr++;
        }
    } else if (kind == KIND_S) {
        s->ev.Dw++;
        if (ref_is_miss(&s->D1, addr, size)) {
            s->ev.D1mw++;
            if (ref_is_miss(&s->LL, addr, size))
                s->ev.DLmw++;
        }
    } else { /* KIND_L, KIND_M: a modify is simulated once, as a read */
        s->ev.Dr++;
        if (ref_is_miss(&s->D1, addr, size)) {
            s->ev.D1mr++;
            if (ref_is_miss(&s->LL, addr, size))
                s->ev.DLmr++;
        }
    }
}

/* The timed loop of bulk mode.  Returns the number of records whose kind
 * field is not 0..3 (they are skipped). */
static uint64_t simulate_records(sim_t *s, const uint64_t *rec, size_t n)
{
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rec[i];
        uint32_t kind = (uint32_t)(r >> 60);
        uint32_t size = (uint32_t)((r >> 48) & 0xFFF) + 1;
        uint64_t addr = r & ADDR_MASK;
        if (kind > KIND_M) {
            bad++;
            continue;
        }
        sim_access(s, kind, addr, size);
    }
    return bad;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void print_json(const char *mode, uint64_t records, double seconds, const counters_t *e)
{
    double rps = seconds > 0 ? (double)records / seconds : 0.0;
    printf("{\"mode\":\"%s\",\"records\":%llu,\"seconds\":%.6f,\"recordsPerSecond\":%.0f,"
           "\"events\":{\"Ir\":%llu,\"I1mr\":%llu,\"ILmr\":%llu,\"Dr\":%llu,\"D1mr\":%llu,"
           "\"DLmr\":%llu,\"Dw\":%llu,\"D1mw\":%llu,\"DLmw\":%llu}}\n",
           mode, (unsigned long long)records, seconds, rps,
           (unsigned long long)e->Ir, (unsigned long long)e->I1mr, (unsigned long long)e->ILmr,
           (unsigned long long)e->Dr, (unsigned long long)e->D1mr, (unsigned long long)e->DLmr,
           (unsigned long long)e->Dw, (unsigned long long)e->D1mw, (unsigned long long)e->DLmw);
}

/* ------------------------------------------------------------------ */
/* bulk mode                                                           */
/* ------------------------------------------------------------------ */

static int cmd_bulk(int argc, char **argv)
{
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: refsim bulk TRACE.bin I1 D1 LL [repeat]\n");
        return 2;
    }
    sim_t s;
    parse_geometry("I1", argv[3], &s.I1);
    parse_geometry("D1", argv[4], &s.D1);
    parse_geometry("LL", argv[5], &s.LL);
    long repeat = 1;
    if (argc == 7) {
        char *end;
        repeat = strtol(argv[6], &end, 10);
        if (*end != '\0' || repeat < 1)
            die("repeat must be a positive integer");
    }

    int fd = open(argv[2], O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "refsim: %s: %s\n", argv[2], strerror(errno));
        return 2;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        perror("refsim: fstat");
        return 2;
    }
    size_t total = (size_t)st.st_size;
    if (total < TRACE_HEADER_BYTES || (total - TRACE_HEADER_BYTES) % 8 != 0) {
        fprintf(stderr, "refsim: %s: not a memsim binary trace (bad length)\n", argv[2]);
        return 2;
    }
    unsigned char *buf = malloc(total ? total : 1);
    if (!buf)
        die("out of memory");
    size_t got = 0;
    while (got < total) {
        ssize_t r = read(fd, buf + got, total - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("refsim: read");
            return 2;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != total)
        die("short read");
    uint32_t version = (uint32_t)buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16 | (uint32_t)buf[11] << 24;
    uint32_t reserved = (uint32_t)buf[12] | (uint32_t)buf[13] << 8 | (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24;
    if (memcmp(buf, TRACE_MAGIC, 8) != 0 || version != TRACE_VERSION || reserved != 0) {
        fprintf(stderr, "refsim: %s: not a memsim binary trace v1 (bad header)\n", argv[2]);
        return 2;
    }
    size_t n = (total - TRACE_HEADER_BYTES) / 8;
    /* Records are little-endian uint64; copy to an aligned array (x86-64
     * is little-endian, so this is a plain copy). */
    uint64_t *rec = malloc(n ? n * sizeof(uint64_t) : 8);
    if (!rec)
        die("out of memory");
    memcpy(rec, buf + TRACE_HEADER_BYTES, n * sizeof(uint64_t));
    free(buf);

    double best = -1;
    counters_t ev;
    for (long k = 0; k < repeat; k++) {
        sim_reset(&s);
        double t0 = now_seconds();
        uint64_t bad = simulate_records(&s, rec, n);
        double t1 = now_seconds();
        if (bad) {
            fprintf(stderr, "refsim: %s: %llu records have an invalid kind\n", argv[2], (unsigned long long)bad);
            return 2;
        }
        if (best < 0 || t1 - t0 < best)
            best = t1 - t0;
        ev = s.ev;
    }
    print_json("bulk", n, best, &ev);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Lackey text reader                                                  */
/* ------------------------------------------------------------------ */

#define READ_BUF_BYTES (8u << 20) /* 8 MiB */

typedef struct {
    int fd;
    const char *path;
    char *buf;       /* READ_BUF_BYTES + spare bytes */
    size_t tail_off; /* an unfinished line starts at buf[tail_off] ... */
    size_t keep;     /* ... and is keep bytes long */
    int eof;
} reader_t;

static void reader_open(reader_t *r, const char *path)
{
    r->fd = open(path, O_RDONLY);
    if (r->fd < 0) {
        fprintf(stderr, "refsim: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    r->path = path;
    r->buf = malloc(READ_BUF_BYTES + 16);
    if (!r->buf)
        die("out of memory");
    r->tail_off = 0;
    r->keep = 0;
    r->eof = 0;
}

static void reader_close(reader_t *r)
{
    close(r->fd);
    free(r->buf);
}

/* Delivers the next run of complete lines as [*start, *end), where *end
 * is one past a '\n' (so every line, including the last, ends in '\n':
 * a final line without one gets it appended).  The lines stay valid until
 * the next call.  Returns 0 when the input is exhausted. */
static int reader_next(reader_t *r, char **start, char **end)
{
    if (r->keep && r->tail_off)
        memmove(r->buf, r->buf + r->tail_off, r->keep);
    r->tail_off = 0;
    for (;;) {
        if (r->eof) {
            if (r->keep == 0)
                return 0;
            r->buf[r->keep] = '\n'; /* the buffer has one spare byte */
            *start = r->buf;
            *end = r->buf + r->keep + 1;
            r->keep = 0;
            return 1;
        }
        size_t fill = r->keep;
        ssize_t n = read(r->fd, r->buf + fill, READ_BUF_BYTES - fill);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "refsim: %s: %s\n", r->path, strerror(errno));
            exit(2);
        }
        if (n == 0) {
            r->eof = 1;
            continue;
        }
        char *nl = memrchr(r->buf + fill, '\n', (size_t)n);
        fill += (size_t)n;
        if (!nl) {
            if (fill == READ_BUF_BYTES) {
                fprintf(stderr, "refsim: %s: line longer than %u bytes\n", r->path, READ_BUF_BYTES);
                exit(2);
            }
            r->keep = fill;
            continue;
        }
        *start = r->buf;
        *end = nl + 1;
        r->tail_off = (size_t)(*end - r->buf);
        r->keep = fill - r->tail_off;
        return 1;
    }
}

/* hex digit value, or 0xFF */
static unsigned char hexval[256];
/* decimal digit value, or 0xFF */
static unsigned char decval[256];

static void init_tables(void)
{
    memset(hexval, 0xFF, sizeof hexval);
    memset(decval, 0xFF, sizeof decval);
    for (int c = '0'; c <= '9'; c++)
        hexval[c] = decval[c] = (unsigned char)(c - '0');
    for (int c = 'a'; c <= 'f'; c++)
        hexval[c] = (unsigned char)(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++)
        hexval[c] = (unsigned char)(c - 'A' + 10);
}

#define LINE_RECORD 0
#define LINE_SKIP 1
#define LINE_ERROR 2

/* Parses one line starting at p (the line is known to end in '\n').
 * On LINE_RECORD fills kind/addr/size.  *next is set past the '\n'. */
static inline int parse_line(const char *p, const char **next,
                             uint32_t *kind, uint64_t *addr, uint32_t *size)
{
    const unsigned char *q = (const unsigned char *)p;
    uint32_t k;

    if (q[0] == 'I' && q[1] == ' ' && q[2] == ' ') {
        k = KIND_I;
        q += 3;
    } else if (q[0] == ' ' && (q[1] == 'L' || q[1] == 'S' || q[1] == 'M') && q[2] == ' ') {
        k = q[1] == 'L' ? KIND_L : q[1] == 'S' ? KIND_S : KIND_M;
        q += 3;
    } else if ((q[0] == '=' && q[1] == '=') || (q[0] == '-' && q[1] == '-')) {
        while (*q != '\n') /* the line is known to end in '\n' */
            q++;
        *next = (const char *)q + 1;
        return LINE_SKIP;
    } else {
        goto error;
    }

    /* address: 8..16 hex digits */
    {
        const unsigned char *a0 = q;
        uint64_t a = 0;
        unsigned v;
        while ((v = hexval[*q]) != 0xFF) {
            a = (a << 4) | v;
            q++;
        }
        size_t nd = (size_t)(q - a0);
        if (nd < 8 || nd > 16 || *q != ',')
            goto error;
        q++;
        *addr = a;
    }
    /* size: decimal 1..4096 */
    {
        uint32_t sz = 0;
        unsigned v;
        const unsigned char *s0 = q;
        while ((v = decval[*q]) != 0xFF && q - s0 < 5) {
            sz = sz * 10 + v;
            q++;
        }
        if (q == s0 || sz == 0 || sz > MAX_SIZE)
            goto error;
        if (*q == '\r')
            q++;
        if (*q != '\n')
            goto error;
        *size = sz;
    }
    *kind = k;
    *next = (const char *)q + 1;
    return LINE_RECORD;

error:
    while (*q != '\n')
        q++;
    *next = (const char *)q + 1;
    return LINE_ERROR;
}

static void line_error(const char *path, uint64_t lineno, const char *line, const char *next)
{
    int len = (int)(next - 1 - line);
    if (len > 80)
        len = 80;
    fprintf(stderr, "refsim: %s:%llu: not a Lackey trace line: '%.*s'\n",
            path, (unsigned long long)lineno, len, line);
    exit(2);
}

/* ------------------------------------------------------------------ */
/* lackey mode: read, parse and simulate, all timed                    */
/* ------------------------------------------------------------------ */

static int cmd_lackey(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: refsim lackey TRACE.lackey I1 D1 LL\n");
        return 2;
    }
    sim_t s;
    parse_geometry("I1", argv[3], &s.I1);
    parse_geometry("D1", argv[4], &s.D1);
    parse_geometry("LL", argv[5], &s.LL);
    init_tables();
    sim_reset(&s);

    double t0 = now_seconds();
    reader_t r;
    reader_open(&r, argv[2]);
    uint64_t lineno = 0, records = 0;
    char *start, *end;
    while (reader_next(&r, &start, &end)) {
        const char *p = start;
        while (p < end) {
            const char *next;
            uint32_t kind, size;
            uint64_t addr;
            lineno++;
            int t = parse_line(p, &next, &kind, &addr, &size);
            if (t == LINE_RECORD) {
                sim_access(&s, kind, addr, size);
                records++;
            } else if (t == LINE_ERROR) {
                line_error(argv[2], lineno, p, next);
            }
            p = next;
        }
    }
    reader_close(&r);
    double t1 = now_seconds();
    print_json("lackey", records, t1 - t0, &s.ev);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "bulk") == 0)
        return cmd_bulk(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "lackey") == 0)
        return cmd_lackey(argc, argv);
    fprintf(stderr,
            "usage: refsim bulk TRACE.bin I1 D1 LL [repeat]\n"
            "       refsim lackey TRACE.lackey I1 D1 LL\n"
            "geometry: size,assoc,line (e.g. 32768,8,64)\n");
    return 2;
}
