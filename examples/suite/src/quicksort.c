/* Quicksort of 7000 pseudo-random longs (a 55 KiB array, larger than a
 * 32 KiB L1d): Hoare partitioning around a median of three, recursing into the
 * smaller part, insertion sort below 16 elements; then a check pass.
 * Memory behaviour: sequential scans from both ends of ever smaller ranges,
 * swaps (stores) on the same lines, a shallow stack; high spatial locality. */
#include <stdio.h>
#define N 7000
static long a[N];
static unsigned x = 2463534242u;
static unsigned xorshift(void) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x; }

static void insertion(long *v, int lo, int hi) {
    for (int i = lo + 1; i <= hi; i++) {
        long t = v[i]; int j = i - 1;
        while (j >= lo && v[j] > t) { v[j + 1] = v[j]; j--; }
        v[j + 1] = t;
    }
}

static void quicksort(long *v, int lo, int hi) {
    while (hi - lo >= 16) {
        int mid = lo + (hi - lo) / 2;
        long t;
        if (v[mid] < v[lo]) { t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
        if (v[hi] < v[lo]) { t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
        if (v[hi] < v[mid]) { t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
        long p = v[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
    insertion(v, lo, hi);
}

int main(void) {
    for (int i = 0; i < N; i++) a[i] = (long)(xorshift() % 1000000);
    quicksort(a, 0, N - 1);
    long chk = 0;
    int ok = 1;
    for (int i = 0; i < N; i++) { chk = chk * 31 + a[i]; if (i && a[i - 1] > a[i]) ok = 0; }
    printf("%d %ld\n", ok, chk);
    return 0;
}
