# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/json/provider.py JSONProvider._prepare_response_obj
def response_payload(self, args, kwargs):
    if args:
        if kwargs:
            raise TypeError("app.json.response() takes either args or kwargs, not both")
        return args[0] if len(args) == 1 else args
    return kwargs or None
