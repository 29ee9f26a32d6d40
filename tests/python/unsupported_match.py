# unsupported: match statement
for cmd in ["go", "stop", "other"]:
    match cmd:
        case "go":
            print("going")
        case "stop":
            print("stopping")
        case _:
            print("unknown")
