/* Open-addressing hash table: 2^15 slots of 16 bytes (a 512 KiB table),
 * linear probing, Fibonacci hashing of 64-bit keys. 6000 inserts (load
 * factor 0.18), then 12000 lookups, half of them for keys never inserted.
 * Memory behaviour: uniformly random accesses over the table, each a short
 * run of adjacent slots within one or two lines; reads and writes mixed. */
#include <stdio.h>
#define BITS 15
#define SLOTS (1u << BITS)
#define INSERTS 6000
#define LOOKUPS 12000
struct slot { unsigned long key; unsigned long value; };
static struct slot table[SLOTS]; /* key 0 marks an empty slot */
static unsigned long long s = 0x2545F4914F6CDD1DULL;
static unsigned long rnd(void) { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return (unsigned long)(s * 2685821657736338717ULL) | 1; }
static unsigned hash(unsigned long key) { return (unsigned)((key * 11400714819323198485ULL) >> (64 - BITS)); }

static void insert(unsigned long key, unsigned long value) {
    unsigned i = hash(key);
    while (table[i].key != 0 && table[i].key != key) i = (i + 1) & (SLOTS - 1);
    table[i].key = key;
    table[i].value = value;
}

static int lookup(unsigned long key, unsigned long *value) {
    for (unsigned i = hash(key);; i = (i + 1) & (SLOTS - 1)) {
        if (table[i].key == key) { *value = table[i].value; return 1; }
        if (table[i].key == 0) return 0;
    }
}

int main(void) {
    static unsigned long keys[INSERTS];
    for (int i = 0; i < INSERTS; i++) { keys[i] = rnd(); insert(keys[i], (unsigned long)i); }
    unsigned long found = 0, sum = 0, v;
    for (int i = 0; i < LOOKUPS; i++) {
        unsigned long key = (i & 1) ? rnd() : keys[(i * 7919u) % INSERTS];
        if (lookup(key, &v)) { found++; sum += v; }
    }
    printf("%lu %lu\n", found, sum);
    return 0;
}
