# str literals and escapes, concatenation, repetition, indexing, comparison,
# `in`, len, iteration, and str of each kind (ASCII, Latin-1, UCS-2, UCS-4).
s = "hello"
t = 'world'
print(s + " " + t, s * 3, len(s), s[0], s[-1], s[1:4], s[::-1], s[::2])
print("tab\there", "nl\\n", 'quote\'s', "dq\"s", "\x41\u00e9\u4e2d\U0001F600", "\101")
print(repr("tab\there"), repr('it\'s'), repr("say \"hi\""), repr("both ' and \""), repr("\x00\x1f\x7f"))
print(repr("caf\u00e9"), repr("\u4e2d\u6587"), repr("\U0001F600"), repr("\\"), repr(""))
print("abc" < "abd", "abc" < "ab", "Z" < "a", "" < "a", "abc" == "ab" + "c", "a" != "b")
print("ell" in s, "xyz" in s, "" in s, "h" not in t)
for ch in "mem\u00e9\u4e2d":
    print(ch, end="|")
print()
words = []
for w in ["alpha", "beta", "gamma", "delta", "epsilon"]:
    words.append(w[0].upper() + w[1:] + str(len(w)))
print(words)
print(str(12), str(-3.5), str(True), str(None), str([1, "a"]), str((1,)), str({"k": "v"}))
print(repr(12), repr([1, "a", 'b"c']), repr(("x",)), repr({"k": ["v"]}))
print(bool(""), bool(" "), str(), len(""), "" * 5 == "")
u = "na\u00efve r\u00e9sum\u00e9"
print(u, len(u), u.upper(), u[2], u[::-1])
w = "\u4e2d\u6587\u5b57"
print(w, len(w), w * 2, w[1], w + "abc")
e = "\U0001F600\U0001F601"
print(e, len(e), e[1], e + "x" + w)
print(max("hello"), min("hello"), sorted("banana"), list("abc"), tuple("xy"))
print(sorted(["pear", "Apple", "fig", "apple", "Banana", "\u00e9clair"]))
print("a" "b" "c", ("x" "y") * 2)
print("line1\nline2", "cr\r".strip(), "bell\a" == "bell\x07")
