"""Regenerates the tag-order snapshots that CompatibilityTagsTests compares against.

Run with the CPython 3.11 that has pip 23.2.1 (packaging 21.3 vendored) on a glibc 2.36 x86_64 machine:
    python3 generate_tag_fixtures.py
The musl and i686 snapshots patch packaging's libc probes, so they are "what packaging would say" there.
"""
from pip._internal.utils.compatibility_tags import get_supported
from pip._vendor.packaging import _manylinux, _musllinux, tags


def write(name, items):
    with open(name, "w", encoding="ascii") as f:
        f.write("".join(f"{t}\n" for t in items))


# What pip itself ranks wheels by on this machine: sys_tags() plus cp311-none-any.
write("pip-supported-tags-cp311-glibc236-x86_64.txt", get_supported())
write("packaging-sys-tags-cp311-glibc236-x86_64.txt", tags.sys_tags())

_manylinux._have_compatible_abi = lambda arch: True

# A 32-bit CPython 3.11 on an x86_64 glibc 2.36 kernel.
platforms = list(tags._linux_platforms(is_32bit=True))
write("pip-supported-tags-cp311-glibc236-i686.txt",
      list(tags.cpython_tags(platforms=platforms)) + list(tags.compatible_tags(interpreter="cp311", platforms=platforms)))

# A 64-bit CPython 3.11 linked against musl 1.2.
_manylinux._get_glibc_version = lambda: (-1, -1)
_musllinux._get_musl_version = lambda executable: _musllinux._MuslVersion(1, 2)
platforms = list(tags._linux_platforms(is_32bit=False))
write("pip-supported-tags-cp311-musl12-x86_64.txt",
      list(tags.cpython_tags(platforms=platforms)) + list(tags.compatible_tags(interpreter="cp311", platforms=platforms)))
