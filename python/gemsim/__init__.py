# SPDX-License-Identifier: MIT
"""gemsim from Python: load a scenario, set keys, run it, read the results.

A thin ctypes layer over libgemsim.so (api/gemsim.h); results are plain
dicts and lists, and ``to_pandas()`` makes DataFrames when pandas is
installed.  docs/library.md has the walk-through.

    import gemsim
    with gemsim.Scenario("scenarios/talk-vmap-weak.json") as g:
        g.set("policy.vmap_pins=true")
        code = g.run()
        print(code, g.stats()["pages_evicted"], g.objects())

The library is found through $GEMSIM_LIB, the package's own folder, the
system's (ldconfig, ``make install``), or a tree's build/shared.
"""
import ctypes
import ctypes.util
import os

__all__ = ["Scenario", "GemsimError", "version"]


class GemsimError(Exception):
    """A scenario that cannot be loaded, a bad key, a run that cannot go on."""


class _Latency(ctypes.Structure):
    _fields_ = [("count", ctypes.c_uint64), ("mean_ns", ctypes.c_double),
                ("p50_ns", ctypes.c_uint64), ("p99_ns", ctypes.c_uint64),
                ("max_ns", ctypes.c_uint64)]


class _Object(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("size_pages", ctypes.c_uint64),
                ("pages_use_count", ctypes.c_int32), ("pages_pin_count", ctypes.c_int32),
                ("vmap_use_count", ctypes.c_int32), ("madv", ctypes.c_int),
                ("evicted", ctypes.c_int), ("resident_pages", ctypes.c_uint64),
                ("swapped_pages", ctypes.c_uint64)]


class _Event(ctypes.Structure):
    _fields_ = [("at_ns", ctypes.c_uint64), ("op", ctypes.c_char_p), ("what", ctypes.c_char_p),
                ("result", ctypes.c_int), ("line", ctypes.c_uint32), ("col", ctypes.c_uint32)]


_EVENT_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_Event))


def _find_library():
    here = os.path.dirname(os.path.abspath(__file__))
    tree = os.path.join(here, "..", "..", "build", "shared", "libgemsim.so")
    for path in (os.environ.get("GEMSIM_LIB"), os.path.join(here, "libgemsim.so.0"),
                 ctypes.util.find_library("gemsim"), tree):
        if path and (os.path.exists(path) or not os.path.dirname(path)):
            try:
                return ctypes.CDLL(path)
            except OSError:
                continue
    raise GemsimError("libgemsim.so not found: make lib (or make install), or set GEMSIM_LIB")


_lib = None


def _api():
    global _lib
    if _lib is None:
        lib = _find_library()
        p = ctypes.c_void_p
        lib.gemsim_version.restype = ctypes.c_char_p
        lib.gemsim_open_file.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
        lib.gemsim_open_file.restype = p
        lib.gemsim_open_string.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                           ctypes.c_char_p, ctypes.c_size_t]
        lib.gemsim_open_string.restype = p
        lib.gemsim_close.argtypes = [p]
        lib.gemsim_set.argtypes = [p, ctypes.c_char_p]
        lib.gemsim_error.argtypes = [p]
        lib.gemsim_error.restype = ctypes.c_char_p
        lib.gemsim_run.argtypes = [p]
        lib.gemsim_run_until.argtypes = [p, ctypes.c_uint64]
        lib.gemsim_now.argtypes = [p]
        lib.gemsim_now.restype = ctypes.c_uint64
        lib.gemsim_stat_count.restype = ctypes.c_size_t
        lib.gemsim_stat_name.argtypes = [ctypes.c_size_t]
        lib.gemsim_stat_name.restype = ctypes.c_char_p
        lib.gemsim_stat.argtypes = [p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint64)]
        lib.gemsim_latency_name.argtypes = [ctypes.c_size_t]
        lib.gemsim_latency_name.restype = ctypes.c_char_p
        lib.gemsim_latency.argtypes = [p, ctypes.c_char_p, ctypes.POINTER(_Latency)]
        lib.gemsim_object_slots.argtypes = [p]
        lib.gemsim_object_slots.restype = ctypes.c_uint32
        lib.gemsim_object.argtypes = [p, ctypes.c_uint32, ctypes.POINTER(_Object)]
        lib.gemsim_on_event.argtypes = [p, _EVENT_FN, p]
        _lib = lib
    return _lib


def version():
    """The library's version, "0.1.0"."""
    return _api().gemsim_version().decode()


class Scenario:
    """One scenario and its run (a gemsim handle)."""

    def __init__(self, path=None, text=None, name=None):
        lib = _api()
        err = ctypes.create_string_buffer(1024)
        if (path is None) == (text is None):
            raise ValueError("give a path or a text")
        if path is not None:
            h = lib.gemsim_open_file(os.fsencode(path), err, len(err))
        else:
            data = text.encode() if isinstance(text, str) else bytes(text)
            h = lib.gemsim_open_string(data, len(data), (name or "<string>").encode(), err,
                                       len(err))
        if not h:
            raise GemsimError(err.value.decode(errors="replace"))
        self._h = h
        self._events = None
        self._cb = _EVENT_FN(self._on_event)
        lib.gemsim_on_event(self._h, self._cb, None)

    def _on_event(self, _ctx, ev):
        if self._events is not None:
            e = ev.contents
            self._events.append({"at_ns": e.at_ns, "op": e.op.decode(), "what": e.what.decode(),
                                 "result": e.result, "line": e.line, "col": e.col})

    def _check(self, ret):
        if ret < 0:
            raise GemsimError(_api().gemsim_error(self._h).decode(errors="replace"))
        return ret

    def close(self):
        if getattr(self, "_h", None):
            _api().gemsim_close(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def set(self, key_value):
        """Override a value as --set KEY=VALUE does ("seed=N" sets the seed)."""
        self._check(_api().gemsim_set(self._h, key_value.encode()))

    def run(self, events=False):
        """Run to the end: 0 every expectation held, 1 not, 2 the run stopped.
        With events=True, also return the scenario events as dicts."""
        self._events = [] if events else None
        code = self._check(_api().gemsim_run(self._h))
        if code == 2:
            raise GemsimError(_api().gemsim_error(self._h).decode(errors="replace"))
        out = (code, self._events) if events else code
        self._events = None
        return out

    def run_until(self, t_ns):
        """Run every event at or before t_ns; True when the run is over."""
        return bool(self._check(_api().gemsim_run_until(self._h, int(t_ns))))

    def now(self):
        return _api().gemsim_now(self._h)

    def stats(self):
        """Every counter, by name (the JSON summary's "stats")."""
        lib, out, v = _api(), {}, ctypes.c_uint64()
        for i in range(lib.gemsim_stat_count()):
            name = lib.gemsim_stat_name(i)
            lib.gemsim_stat(self._h, name, ctypes.byref(v))
            out[name.decode()] = v.value
        return out

    def latencies(self):
        """Each latency's count, mean, p50, p99 and max (ns), by name."""
        lib, out, i = _api(), {}, 0
        while True:
            name = lib.gemsim_latency_name(i)
            if not name:
                return out
            lat = _Latency()
            lib.gemsim_latency(self._h, name, ctypes.byref(lat))
            out[name.decode()] = {f: getattr(lat, f) for f, _ in _Latency._fields_}
            i += 1

    def objects(self):
        """The live objects and their counts, in slot order."""
        lib, out, o = _api(), [], _Object()
        for slot in range(lib.gemsim_object_slots(self._h)):
            if lib.gemsim_object(self._h, slot, ctypes.byref(o)) == 0:
                d = {f: getattr(o, f) for f, _ in _Object._fields_}
                d["name"] = o.name.decode()
                d["madv"] = {0: "willneed", 1: "dontneed", -1: "purged"}.get(o.madv, o.madv)
                d["evicted"] = bool(o.evicted)
                out.append(d)
        return out

    def to_pandas(self):
        """The objects as a pandas DataFrame (pandas must be installed)."""
        import pandas  # noqa: only when asked
        return pandas.DataFrame(self.objects())
