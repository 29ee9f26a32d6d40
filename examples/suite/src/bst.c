/* Unbalanced binary search tree: 2500 random keys inserted into malloc'd
 * 64-byte nodes, then 5000 searches, 3 in 4 of them for keys in the tree.
 * Memory behaviour: a dependent chain of loads from the root down (about
 * 2 ln n = 16 nodes deep): the top levels stay cached while the lower ones,
 * spread over a ~200 KiB heap (80-byte chunks in insertion order), miss the
 * L1; a skewed, tree-shaped reuse. */
#include <stdio.h>
#include <stdlib.h>
#define KEYS 2500
#define SEARCHES 5000
struct node { unsigned long key; struct node *left, *right; long count; long payload[4]; };
static unsigned long long s = 0xD1B54A32D192ED03ULL;
static unsigned long rnd(void) { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return (unsigned long)(s * 2685821657736338717ULL); }

static struct node *insert(struct node *root, unsigned long key) {
    struct node **link = &root;
    while (*link) {
        if (key == (*link)->key) { (*link)->count++; return root; }
        link = key < (*link)->key ? &(*link)->left : &(*link)->right;
    }
    struct node *n = malloc(sizeof *n);
    n->key = key; n->left = n->right = NULL; n->count = 1;
    *link = n;
    return root;
}

static const struct node *search(const struct node *n, unsigned long key) {
    while (n && n->key != key) n = key < n->key ? n->left : n->right;
    return n;
}

static int depth(const struct node *n) {
    if (!n) return 0;
    int l = depth(n->left), r = depth(n->right);
    return 1 + (l > r ? l : r);
}

int main(void) {
    static unsigned long keys[KEYS];
    struct node *root = NULL;
    for (int i = 0; i < KEYS; i++) { keys[i] = rnd(); root = insert(root, keys[i]); }
    long found = 0;
    for (int i = 0; i < SEARCHES; i++) {
        unsigned long key = (i & 3) ? keys[rnd() % KEYS] : rnd();
        const struct node *n = search(root, key);
        if (n) found += n->count;
    }
    printf("%ld %d\n", found, depth(root));
    return 0;
}
