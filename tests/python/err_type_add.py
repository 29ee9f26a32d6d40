# TypeError from an operator on mismatched types.
n = 5
label = "items"
print(n, label)
print(n + label)
