# The common str methods.
s = "  Hello, Memory World!  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip(" !H")))
print(s.upper(), s.lower(), s.title(), "hello world".capitalize())
print(s.split(), s.split(","), "a,b,,c".split(","), "a b  c".split(" "), "k=v=w".split("=", 1))
print("a-b-c-d".rsplit("-", 2), "one\ntwo\r\nthree".splitlines(), "".split(), "x".split(","))
print("-".join(["a", "b", "c"]), "".join(["x", "y"]), ", ".join([]), " ".join("abc"))
print("banana".replace("a", "o"), "banana".replace("an", "AN", 1), "aaa".replace("a", ""))
print("banana".find("an"), "banana".find("an", 2), "banana".find("x"), "banana".rfind("an"))
print("banana".count("a"), "banana".count("an"), "banana".count(""), "banana".index("n"))
print("prefix_rest".startswith("prefix"), "x.py".endswith(".py"), "abc".startswith("b"))
print("abc".startswith(("x", "a")), "file.txt".endswith((".py", ".txt")))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalpha(), "  ".isspace())
print("ABC".isupper(), "AbC".isupper(), "abc".islower(), "".isdigit())
print("42".zfill(5), "-42".zfill(6), "ab".ljust(5, "."), "ab".rjust(5), "ab".center(7, "*"))
print("key: value".partition(": "), "novalue".partition(":"))
text = "the quick brown fox jumps over the lazy dog the end"
print(text.split().count("the"), text.upper().split()[3], len(text.split()))
print([w.capitalize() for w in text.split() if len(w) > 3])
print(" | ".join([w.center(7) for w in ["a", "bb", "ccc"]]))
csv = "name,age,city\nann,31,oslo\nbob,27,rome\ncid,45,lima"
rows = [line.split(",") for line in csv.splitlines()]
print(rows)
for r in rows[1:]:
    print(r[0].title().ljust(6), r[1].rjust(4), r[2].upper())
print("caf\u00e9".upper(), "\u00c9COLE".lower(), "stra\u00dfe".upper(), "\u4e2d".upper())
