# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/helpers.py get_load_dotenv
def dotenv_enabled(default=True):
    raw = os.getenv("FLASK_SKIP_DOTENV", "")
    if raw == "":
        return default
    return raw.lower() in {"0", "false", "no"}
