print("ok")
s = "unterminated
print(s)
