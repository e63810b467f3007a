#!/usr/bin/env python3
"""Trunk post-build hook: makes the built index.html run under its own strict
Content-Security-Policy (no 'unsafe-inline' for scripts).

1. Under `trunk serve` (scripts/serve), trunk appends its live-reload script inline and
   rewrites it on every request (it writes the request's Host into it), so no hash
   computed here could match what the browser gets. The script is moved to a file of the
   site instead (trunk-autoreload.js, allowed by script-src 'self'); the two values trunk
   fills in per request are kept on the <script> tag as data attributes, which trunk still
   rewrites. `trunk build` injects no such script, so the release dist/ is unchanged.
2. Puts the sha256 of every remaining inline <script> (trunk's module loader) into the
   policy in place of __TRUNK_INLINE_HASHES__.
"""
import base64
import hashlib
import os
import re
import sys

AUTORELOAD_FILE = "trunk-autoreload.js"
# trunk 0.21's autoreload.js: `const address = '{{__TRUNK_ADDRESS__}}';` and
# `const base = '{{__TRUNK_WS_BASE__}}';`, replaced by its dev server in HTML responses only.
ADDRESS = "'{{__TRUNK_ADDRESS__}}'"
WS_BASE = "'{{__TRUNK_WS_BASE__}}'"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()


def externalise_autoreload(m):
    """Replaces trunk's inline live-reload script by a file and a <script src> tag."""
    body = m.group(1)
    if ADDRESS not in body:
        return m.group(0)
    if WS_BASE not in body:
        sys.exit("csp_hash.py: trunk's autoreload script changed (no %s); update this hook" % WS_BASE)
    tag = "document.currentScript.dataset"
    # Without a Host header trunk writes the bare expression window.location.host.
    address = "(%s.address === 'window.location.host' ? window.location.host : %s.address)" % (tag, tag)
    script = body.replace(ADDRESS, address).replace(WS_BASE, tag + ".wsBase")
    open(os.path.join(staging, AUTORELOAD_FILE), "w", encoding="utf-8").write(script)
    return '<script src="./%s" data-address=%s data-ws-base="%s"></script>' % (
        AUTORELOAD_FILE, ADDRESS, WS_BASE.strip("'"))


html = INLINE_SCRIPT.sub(externalise_autoreload, html)
dev = os.path.exists(os.path.join(staging, AUTORELOAD_FILE))
hashes = []
for m in INLINE_SCRIPT.finditer(html):
    digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
    hashes.append("'sha256-%s'" % base64.b64encode(digest).decode())
if "__TRUNK_INLINE_HASHES__" not in html:
    sys.exit("csp_hash.py: placeholder __TRUNK_INLINE_HASHES__ missing from index.html")
html = html.replace("__TRUNK_INLINE_HASHES__", " ".join(hashes))
open(path, "w", encoding="utf-8").write(html)
print("csp_hash.py: allowed %d inline script(s) by hash%s" % (
    len(hashes), "; live reload moved to " + AUTORELOAD_FILE if dev else ""))
