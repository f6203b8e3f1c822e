# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/helpers.py _split_blueprint_path
def blueprint_chain(name):
    parts = name.split(".")
    chain = []
    while parts:
        chain.append(".".join(parts))
        parts.pop()
    return chain
