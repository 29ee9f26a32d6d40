/* The oracle for memsim's system allocator (tests/system-malloc.test.ts):
 * runs a script of malloc/free/realloc on glibc and prints each result as an
 * offset from the script's first block, or "mmap" for a page-aligned chunk of
 * its own. argv[1]: the script, e.g. "m2000 m2000 f0 m4000 r1:4000".
 * mN: malloc(N); fI: free(block I); rI:N: realloc(block I, N) (a new block
 * index). The mmap threshold is fixed at 128 KiB, as memsim's is (glibc
 * would raise it when an mmap'd chunk is freed). */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS 256

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    static char script[4096];
    strncpy(script, argv[1], sizeof script - 1);
    static char *blocks[MAX_OPS];
    static uintptr_t out[MAX_OPS];
    static int isMmap[MAX_OPS];
    int nb = 0, no = 0;
    for (char *tok = strtok(script, " "); tok; tok = strtok(NULL, " ")) {
        char *p = NULL;
        if (tok[0] == 'm') p = malloc(strtoul(tok + 1, NULL, 10));
        else if (tok[0] == 'f') { free(blocks[atoi(tok + 1)]); continue; }
        else if (tok[0] == 'r') { char *colon = strchr(tok, ':'); p = realloc(blocks[atoi(tok + 1)], strtoul(colon + 1, NULL, 10)); }
        else return 2;
        blocks[nb++] = p;
        /* An mmap'd chunk: glibc sets IS_MMAPPED (2) in its size word. */
        isMmap[no] = (((size_t *)p)[-1] & 2) != 0;
        out[no++] = (uintptr_t)p;
    }
    for (int i = 0; i < no; i++) {
        if (isMmap[i]) printf("mmap%s\n", (out[i] & 4095) == 16 ? "" : "-misaligned");
        else printf("%ld\n", (long)(out[i] - out[0]));
    }
    return 0;
}
