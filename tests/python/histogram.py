# Histograms of pseudo-random data (a linear congruential generator on
# ints): dict counting, str bars, float statistics.
seed = 12345

def rand():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed

rolls = []
for i in range(6000):
    rolls.append(rand() % 6 + 1 + rand() % 6 + 1)
hist = {}
for r in rolls:
    hist[r] = hist.get(r, 0) + 1
for k in sorted(hist):
    print(f"{k:2} {hist[k]:5} " + "*" * (hist[k] // 25))
mean = sum(rolls) / len(rolls)
var = sum([(r - mean) ** 2 for r in rolls]) / len(rolls)
print(f"mean {mean:.4f} var {var:.4f}", min(rolls), max(rolls))
buckets = [0] * 10
for i in range(10000):
    buckets[rand() % 10] += 1
print(buckets, sum(buckets))
words = ["alpha", "beta", "gamma", "delta"]
picks = {}
for i in range(1000):
    w = words[rand() % 4]
    picks[w] = picks.get(w, 0) + 1
print(picks, sorted(picks, key=lambda k: picks[k]))
