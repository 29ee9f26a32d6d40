# unsupported: async def
async def fetch():
    return 1

print("defined", fetch.__name__)
