namespace Dataflow.Installer.Build;

/// <summary>
/// The Python side of a PEP 517 hook call, run as <c>python -c Source HOOK RESULT_FILE</c> in the source tree with a
/// JSON request on stdin (<c>backend</c>, <c>backend_path</c>, <c>config_settings</c>, <c>wheel_directory</c>). The answer
/// goes to RESULT_FILE as JSON because backends print freely to stdout. Standard library only; Python 3.8 and later.
/// </summary>
internal static class Pep517Driver
{
    public const string GetRequiresForBuildWheel = "get_requires_for_build_wheel";

    public const string BuildWheel = "build_wheel";

    public const string GetRequiresForBuildEditable = "get_requires_for_build_editable";

    public const string BuildEditable = "build_editable";

    public const string Source = """
import importlib
import json
import os
import sys
import traceback


class DriverError(Exception):
    pass


def inside(path, folder):
    path = os.path.normcase(os.path.realpath(path))
    folder = os.path.normcase(os.path.realpath(folder))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def load_backend(reference, backend_path):
    # PEP 517: the source tree is not importable unless backend-path says so; 'python -c' put the working directory first.
    while sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    sys.path[:0] = backend_path
    module_name, _, object_path = reference.partition(":")
    try:
        backend = importlib.import_module(module_name)
    except ImportError:
        raise DriverError("cannot import the build backend %r:\n%s" % (module_name, traceback.format_exc()))
    if backend_path:
        # PEP 517: an in-tree backend must really be loaded from backend-path, not from an installed copy.
        location = getattr(backend, "__file__", None) or ""
        if not any(inside(location, folder) for folder in backend_path):
            raise DriverError("the build backend %r was loaded from %r, not from backend-path %r" % (module_name, location, backend_path))
    for name in filter(None, object_path.split(".")):
        backend = getattr(backend, name)
    return backend


def main():
    # One stream for everything the backend and its compilers print: two pipes read by two readers interleave
    # arbitrarily, and a failure's traceback must come last in the quoted tail, as it was written.
    sys.stdout.flush()
    os.dup2(2, 1)
    hook, result_file = sys.argv[1], sys.argv[2]
    request = json.load(sys.stdin)
    backend = load_backend(request["backend"], request.get("backend_path") or [])
    config_settings = request.get("config_settings") or {}
    if hook in ("get_requires_for_build_wheel", "get_requires_for_build_editable"):
        function = getattr(backend, hook, None)
        # PEP 517 and PEP 660: a backend without this optional hook needs nothing more.
        value = [] if function is None else function(config_settings)
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
            raise DriverError("%s returned %r, not a list of strings" % (hook, value))
        value = list(value)
    elif hook in ("build_wheel", "build_editable"):
        function = getattr(backend, hook, None)
        if function is None and hook == "build_editable":
            raise DriverError("the build backend %r cannot install a project in place: it has no build_editable hook (PEP 660)" % request["backend"])
        if function is None:
            raise DriverError("the build backend %r has no build_wheel hook" % request["backend"])
        wheel_directory = request["wheel_directory"]
        value = function(wheel_directory, config_settings)
        if not isinstance(value, str) or not os.path.isfile(os.path.join(wheel_directory, value)):
            raise DriverError("%s returned %r, which is not a wheel in %s" % (hook, value, wheel_directory))
    else:
        raise DriverError("unknown hook %r" % hook)
    temp = result_file + ".tmp"
    with open(temp, "w", encoding="utf-8") as stream:
        json.dump({"hook": hook, "return": value}, stream)
    os.replace(temp, result_file)


if __name__ == "__main__":
    try:
        main()
    except DriverError as error:
        sys.stdout.flush()
        sys.stderr.write("dfi: %s\n" % error)
        sys.exit(2)
""";
}
