"""gdb commands for saltysim's simulated threads.

Load with:   (gdb) source sim/gdb/saltysim.py
Commands:    saltysim-threads           list simulated threads
             saltysim-bt THREAD         backtrace of a suspended thread (id or name)

Works on a live process and on a core file: the backtrace is unwound from
the registers Boost.Context saved on the fiber's stack (no register writes).
"""

import gdb
import gdb.unwinder

# Layout of the block jump_fcontext (x86-64 SysV) saves at the fcontext
# pointer: mxcsr/x87 cw, then r12 r13 r14 r15 rbx rbp, then the return address.
_SAVED = {"r12": 0x10, "r13": 0x18, "r14": 0x20, "r15": 0x28, "rbx": 0x30, "rbp": 0x38}
_RIP = 0x40
_SP = 0x48

_STATE_NAMES = {
    "Created": "created", "Ready": "ready", "Running": "running", "Blocked": "blocked",
    "Finished": "finished", "Crashed": "crashed", "Killed": "killed",
}


def _u64(addr):
    ptr = gdb.lookup_type("unsigned long").pointer()
    return int(gdb.Value(addr).cast(ptr).dereference())


def _threads():
    head = gdb.parse_and_eval("saltysim_thread_list")
    seen = 0
    while int(head) != 0 and seen < 1000000:
        t = head.dereference()
        yield t
        head = t["dbg_next_"]
        seen += 1


def _name(t):
    return t["name_"]["_M_dataplus"]["_M_p"].string()


def _state(t):
    s = str(t["state_"]).split("::")[-1]
    return _STATE_NAMES.get(s, s)


def _wait(t):
    w = t["waiting_on_"]
    if int(w) == 0:
        return ""
    target = w.dereference()
    kind = target["kind_"].string() if int(target["kind_"]) != 0 else "?"
    return "%s #%d" % (kind, int(target["object_id_"]))


def _vtime(ns):
    return "%d.%09d" % (ns // 1000000000, ns % 1000000000)


def _find(spec):
    for t in _threads():
        if str(int(t["id_"])) == spec or _name(t) == spec:
            return t
    return None


class _FiberUnwinder(gdb.unwinder.Unwinder):
    """When armed, makes the caller of frame 0 the suspended fiber's frame."""

    def __init__(self):
        super().__init__("saltysim-fiber")
        self.ctx = None

    def __call__(self, pending_frame):
        if self.ctx is None or pending_frame.level() != 0:
            return None
        sp = pending_frame.read_register("rsp")
        pc = pending_frame.read_register("rip")

        class FrameId:
            # A `special` address makes gdb treat frame 0 as not comparable
            # with the fiber's frames, which live on another stack (else it
            # stops with "previous frame inner to this frame").
            def __init__(self, sp, pc):
                self.sp = sp
                self.pc = pc
                self.special = gdb.Value(1).cast(gdb.lookup_type("unsigned long"))

        info = pending_frame.create_unwind_info(FrameId(sp, pc))
        u64 = gdb.lookup_type("unsigned long")
        for reg, off in _SAVED.items():
            info.add_saved_register(reg, gdb.Value(_u64(self.ctx + off)).cast(u64))
        info.add_saved_register("rip", gdb.Value(_u64(self.ctx + _RIP)).cast(u64))
        info.add_saved_register("rsp", gdb.Value(self.ctx + _SP).cast(u64))
        return info


_unwinder = _FiberUnwinder()
gdb.unwinder.register_unwinder(None, _unwinder, replace=True)


class ThreadsCommand(gdb.Command):
    """List simulated threads: id, name, state, priority, what each waits on."""

    def __init__(self):
        super().__init__("saltysim-threads", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        rows = list(_threads())
        if not rows:
            print("no simulated threads")
            return
        print("%-5s %-24s %-9s %-8s %-18s %s" % ("id", "name", "state", "prio", "blocked since", "waits on"))
        for t in reversed(rows):
            state = _state(t)
            since = _vtime(int(t["blocked_since_"])) if state == "blocked" else ""
            print("%-5d %-24s %-9s %-8d %-18s %s" % (
                int(t["id_"]), _name(t), state, int(t["effective_priority_"]), since, _wait(t)))


class BacktraceCommand(gdb.Command):
    """Backtrace of a suspended simulated thread: saltysim-bt ID|NAME [MAX-FRAMES]."""

    def __init__(self):
        super().__init__("saltysim-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if not args:
            raise gdb.GdbError("usage: saltysim-bt ID|NAME [MAX-FRAMES]")
        limit = int(args[1]) if len(args) > 1 else 64
        t = _find(args[0])
        if t is None:
            raise gdb.GdbError("no simulated thread '%s' (see saltysim-threads)" % args[0])
        state = _state(t)
        ctx = int(t["fiber_"]["ctx_"])
        if state == "running":
            print("thread '%s' is running on the current stack: use 'bt'" % _name(t))
            return
        if ctx == 0:
            print("thread '%s' is %s and has no saved context" % (_name(t), state))
            return
        print("thread %d '%s' (%s%s):" % (int(t["id_"]), _name(t), state,
                                          ", waits on " + _wait(t) if _wait(t) else ""))
        _unwinder.ctx = ctx
        gdb.invalidate_cached_frames()
        try:
            frame = gdb.newest_frame().older()
            level = 0
            while frame is not None and level < limit:
                sal = frame.find_sal()
                where = ""
                if sal.symtab is not None:
                    where = " at %s:%d" % (sal.symtab.filename, sal.line)
                print("#%-3d 0x%016x in %s%s" % (level, frame.pc(), frame.name() or "??", where))
                older = frame.older()
                if older is None and frame.unwind_stop_reason() not in (gdb.FRAME_UNWIND_NO_REASON, gdb.FRAME_UNWIND_OUTERMOST):
                    print("     (unwinding stopped: %s)" % gdb.frame_stop_reason_string(frame.unwind_stop_reason()))
                frame = older
                level += 1
        finally:
            _unwinder.ctx = None
            gdb.invalidate_cached_frames()


ThreadsCommand()
BacktraceCommand()
