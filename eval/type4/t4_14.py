# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/json/provider.py _default
def json_fallback(obj):
    result = None
    if isinstance(obj, date):
        result = http_date(obj)
    elif isinstance(obj, (decimal.Decimal, uuid.UUID)):
        result = str(obj)
    elif dataclasses and dataclasses.is_dataclass(obj):
        result = dataclasses.asdict(obj)
    elif hasattr(obj, "__html__"):
        result = str(obj.__html__())
    else:
        raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)
    return result
