# Word frequencies over a generated text: str splitting, lowercasing,
# dict counting, sorting by count then word, a set of distinct words.
base = "It was the best of times it was the worst of times it was the age of wisdom it was the age of foolishness it was the epoch of belief it was the epoch of incredulity"
text = (base + " ") * 30
words = text.lower().split()
print(len(words))
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(len(counts))
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
for w, c in top[:8]:
    print(w.ljust(12), str(c).rjust(4), "#" * (c // 30))
distinct = set(words)
print(distinct)
by_len = {}
for w in distinct:
    by_len.setdefault(len(w), []).append(w)
for n in sorted(by_len):
    print(n, sorted(by_len[n]))
letters = {}
for ch in text:
    if ch.isalpha():
        letters[ch.lower()] = letters.get(ch.lower(), 0) + 1
print(sorted(letters.items(), key=lambda kv: -kv[1])[:5])
bigrams = {}
for i in range(len(words) - 1):
    key = (words[i], words[i + 1])
    bigrams[key] = bigrams.get(key, 0) + 1
print(len(bigrams), max(bigrams.values()), sorted(bigrams)[:3])
