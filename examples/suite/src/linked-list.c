/* Linked list: 2500 malloc'd 128-byte nodes (144-byte heap chunks, so a
 * node's first bytes fall anywhere in a cache line) get random keys, are
 * sorted by a linked-list merge sort (which relinks them, so the list order
 * scatters across the heap), then the list is traversed 4 times.
 * Memory behaviour: dependent loads that jump around a ~350 KiB heap, one
 * line per node; no spatial locality, none a prefetcher could guess. */
#include <stdio.h>
#include <stdlib.h>
#define NODES 2500
#define LAPS 4
struct node { unsigned long key; struct node *next; long payload[14]; };
static unsigned long long s = 0x9E3779B97F4A7C15ULL;
static unsigned long rnd(void) { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return (unsigned long)(s * 2685821657736338717ULL); }

static struct node *merge(struct node *a, struct node *b) {
    struct node head, *t = &head;
    while (a && b) {
        if (a->key <= b->key) { t->next = a; a = a->next; }
        else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static struct node *sort(struct node *list, int n) {
    if (n < 2) return list;
    struct node *mid = list;
    for (int i = 1; i < n / 2; i++) mid = mid->next;
    struct node *right = mid->next;
    mid->next = NULL;
    return merge(sort(list, n / 2), sort(right, n - n / 2));
}

int main(void) {
    struct node *list = NULL;
    for (int i = 0; i < NODES; i++) {
        struct node *n = malloc(sizeof *n);
        n->key = rnd();
        n->payload[0] = i;
        n->next = list;
        list = n;
    }
    list = sort(list, NODES);
    long sum = 0;
    unsigned long prev = 0;
    int ok = 1;
    for (int lap = 0; lap < LAPS; lap++) {
        for (struct node *p = list; p; p = p->next) {
            sum += p->payload[0] ^ lap;
            if (lap == 0 && p->key < prev) ok = 0;
            prev = p->key;
        }
        prev = 0;
    }
    printf("%d %ld\n", ok, sum);
    return 0;
}
