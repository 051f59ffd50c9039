namespace Dataflow.Installer.Environments;

/// <summary>The Python program run once per interpreter (and cached) to learn everything dfi needs about it.</summary>
internal static class InterpreterQueryScript
{
    /// <summary>Prints one JSON object; runs on any CPython or PyPy 3.8+ with only the standard library.</summary>
    public const string Source = """
import json, os, platform, sys, sysconfig

def libc():
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION") or ""
        name, _, version = text.partition(" ")
        if name == "glibc" and version:
            return "glibc", version
    except (AttributeError, OSError, ValueError):
        pass
    if sys.platform.startswith("linux"):
        # musl prints its version when its loader is run with no arguments (PEP 656).
        import glob, subprocess
        for loader in sorted(glob.glob("/lib/ld-musl-*.so.1")):
            try:
                out = subprocess.run([loader], capture_output=True, text=True).stderr
            except OSError:
                continue
            for line in out.splitlines():
                if line.startswith("Version "):
                    return "musl", line.split()[1]
    return None, None

def manylinux_module(libc_name, libc_version):
    # PEP 600: a `_manylinux` module importable by the interpreter may refuse manylinux wheels (e.g. the
    # no-manylinux distribution, or a distributor's policy); asked as pypa/packaging asks it, per glibc version.
    if libc_name != "glibc" or not sys.platform.startswith("linux"):
        return None, None
    try:
        import _manylinux
    except ImportError:
        return None, None
    linux = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if sys.maxsize <= 2**32:
        linux = {"linux_x86_64": "linux_i686", "linux_aarch64": "linux_armv7l"}.get(linux, linux)
    arch = linux.split("_", 1)[1] if "_" in linux else linux
    import re
    parsed = re.match(r"([0-9]+)[.]([0-9]+)", libc_version)
    if not parsed:
        return None, None
    glibc_major, glibc_minor = int(parsed.group(1)), int(parsed.group(2))
    legacy = {(2, 17): "manylinux2014_compatible", (2, 12): "manylinux2010_compatible", (2, 5): "manylinux1_compatible"}
    refused = []
    for major in range(glibc_major, 1, -1):
        for minor in range(glibc_minor if major == glibc_major else 50, -1, -1):
            if hasattr(_manylinux, "manylinux_compatible"):
                answer = _manylinux.manylinux_compatible(major, minor, arch)
                allowed = True if answer is None else bool(answer)
            elif (major, minor) in legacy and hasattr(_manylinux, legacy[(major, minor)]):
                allowed = bool(getattr(_manylinux, legacy[(major, minor)]))
            else:
                allowed = True
            if not allowed:
                refused.append("%d.%d" % (major, minor))
    return getattr(_manylinux, "__file__", None) or "", refused

def version_string(info):
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text

in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
scheme_name = None
if in_venv and "venv" in sysconfig.get_scheme_names():
    scheme_name = "venv"
paths = sysconfig.get_paths(scheme=scheme_name) if scheme_name else sysconfig.get_paths()

def prefix_scheme():
    # `--prefix DIR`: the scheme pip picks for a prefix, with a marker where DIR goes (dfi puts the folder in later).
    mark = "/@DFI_PREFIX@"
    name = scheme_name
    if name is None:
        preferred = getattr(sysconfig, "get_preferred_scheme", None)
        if preferred is not None:
            name = preferred("prefix")
        else:
            names = sysconfig.get_scheme_names()
            for candidate in ("%s_%s" % (sys.implementation.name, os.name), sys.implementation.name):
                if candidate in names:
                    name = candidate
                    break
            else:
                name = "nt" if os.name == "nt" else "posix_prefix"
    found = sysconfig.get_paths(scheme=name, vars={"base": mark, "platbase": mark, "installed_base": mark, "installed_platbase": mark})
    found["headers"] = os.path.join(mark, "include", "site", "python%d.%d" % sys.version_info[:2]) if in_venv else found["include"]
    return {key: found[key] for key in ("purelib", "platlib", "scripts", "headers", "data")}
major, minor = sys.version_info[:2]
libc_name, libc_version = libc()
manylinux_file, manylinux_refused = manylinux_module(libc_name, libc_version)
base = getattr(sys, "_base_executable", None) or sys.executable
print(json.dumps({
    "executable": sys.executable,
    "real_executable": os.path.realpath(sys.executable),
    "base_executable": os.path.realpath(base),
    "implementation_name": sys.implementation.name,
    "major": major,
    "minor": minor,
    "full_version": platform.python_version(),
    "abiflags": getattr(sys, "abiflags", ""),
    "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "sysconfig_platform": sysconfig.get_platform(),
    "machine": platform.machine(),
    "pointer_bits": 64 if sys.maxsize > 2**32 else 32,
    "libc_name": libc_name,
    "libc_version": libc_version,
    "manylinux_module": manylinux_file,
    "manylinux_refused": manylinux_refused,
    "prefix": sys.prefix,
    "base_prefix": getattr(sys, "base_prefix", sys.prefix),
    "purelib": paths["purelib"],
    "platlib": paths["platlib"],
    "scripts": paths["scripts"],
    "data": paths["data"],
    # pip's: a venv's headers go below its own include/site, an interpreter's own to sysconfig's include.
    "headers": os.path.join(sys.prefix, "include", "site", "python%d.%d" % (major, minor)) if in_venv else paths["include"],
    "stdlib": paths["stdlib"],
    "prefix_scheme": prefix_scheme(),
    "markers": {
        "implementation_name": sys.implementation.name,
        "implementation_version": version_string(sys.implementation.version),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": "%d.%d" % (major, minor),
        "sys_platform": sys.platform,
    },
}))
""";
}
