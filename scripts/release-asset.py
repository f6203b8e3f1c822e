#!/usr/bin/env python3
"""release-asset.py WHEEL TARGET OUTDIR

Makes the release binary of TARGET out of its wheel, so that the binary attached to a
release is byte for byte the one `pip install dedupe-check` installs:

    OUTDIR/dedupe-check-TARGET.tar.gz           dedupe-check (.zip with dedupe-check.exe
                                                for Windows targets)
    OUTDIR/dedupe-check-TARGET.tar.gz.sha256    "<sha256>  <asset name>", as sha256sum writes

The GitHub Action (scripts/action/install.sh) downloads these two files. Standard
library only: it runs on every release runner (Linux, macOS, Windows).
"""

import hashlib
import io
import os
import sys
import tarfile
import zipfile


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    wheel, target, outdir = argv[1:]
    windows = "windows" in target
    exe = "dedupe-check.exe" if windows else "dedupe-check"
    with zipfile.ZipFile(wheel) as whl:
        # maturin's bin wheels carry the executable as <name>-<version>.data/scripts/<exe>.
        names = [n for n in whl.namelist() if n.split("/")[1:] == ["scripts", exe] and ".data/" in n]
        if len(names) != 1:
            sys.stderr.write(f"error: {wheel} has no single .data/scripts/{exe}: {whl.namelist()}\n")
            return 1
        binary = whl.read(names[0])

    os.makedirs(outdir, exist_ok=True)
    asset = f"dedupe-check-{target}.{'zip' if windows else 'tar.gz'}"
    path = os.path.join(outdir, asset)
    if windows:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo(exe, date_time=(1980, 1, 1, 0, 0, 0)), binary)
    else:
        info = tarfile.TarInfo(exe)
        info.size = len(binary)
        info.mode = 0o755
        info.mtime = 0
        with tarfile.open(path, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            tar.addfile(info, io.BytesIO(binary))
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(path + ".sha256", "w", encoding="ascii", newline="\n") as f:
        f.write(f"{digest}  {asset}\n")
    print(f"{path} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
