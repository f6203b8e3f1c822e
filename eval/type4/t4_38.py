# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_version_info.py VersionInfo._from_version_string
def parse_version(cls, s):
    parts = s.split(".")
    year, minor, micro = (int(x) for x in parts[:3])
    level = parts[3] if len(parts) > 3 else "final"
    return cls(year=year, minor=minor, micro=micro, releaselevel=level)
