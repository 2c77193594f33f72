-------------------------------- MODULE DmaBuf --------------------------------
(***************************************************************************)
(* Linux dma-buf buffer sharing, after the guide dma-buf-sharing.txt and   *)
(* the user-space ABI of later kernels. Each action is named after the     *)
(* kernel entry point it models (see DmaBufLifecycle, DmaBufCpu,           *)
(* DmaBufFile); each state records in lastAction the call that produced    *)
(* it. Invariants end in Inv, temporal properties in Prop.                 *)
(***************************************************************************)
EXTENDS DmaBufLifecycle, DmaBufCpu, DmaBufFile

ASSUME /\ Profile \in Profiles
       /\ AllocPolicy \in {"at_export", "at_first_map"}
       /\ MigrationPolicy \in {"migrate", "refuse"}
       /\ VmapSupported \in BOOLEAN /\ ErrorCalls \in BOOLEAN /\ Faults \in BOOLEAN
       /\ Exporter \notin Devices
       /\ \A d \in Devices : Accepts[d] \subseteq StorageKinds
       /\ NPages >= 1 /\ MaxFds >= 1 /\ MaxRefs >= 1 /\ MaxVmaps >= 1

Init ==
    /\ bufState = [b \in Buffers |-> "unexported"]
    /\ refcount = [b \in Buffers |-> 0]
    /\ drvRefs = [b \in Buffers |-> [d \in Drivers |-> 0]]
    /\ attached = [b \in Buffers |-> {}]
    /\ mapped = [b \in Buffers |-> [d \in Devices |-> "none"]]
    /\ stalled = [b \in Buffers |-> [d \in Devices |-> "none"]]
    /\ storage = [b \in Buffers |-> "none"]
    /\ everMapped = [b \in Buffers |-> FALSE]
    /\ releases = [b \in Buffers |-> 0]
    /\ cpuWindow = [b \in Buffers |-> NoWindow]
    /\ kmapped = [b \in Buffers |-> {}]
    /\ atomics = [c \in Contexts |-> {}]
    /\ vmapCount = [b \in Buffers |-> 0]
    /\ exporterVmaps = [b \in Buffers |-> 0]
    /\ name = [b \in Buffers |-> ""]
    /\ fds = [p \in Procs |-> [fd \in FdSlots |-> NoFd]]
    /\ mmaps = [p \in Procs |-> [b \in Buffers |-> <<>>]]
    /\ granted = [p \in Procs |-> {}]
    /\ lastAction = Call("Init", <<>>, "ok", 0)

\* The explicit final state: every buffer released. Nothing else happens (no deadlock).
Done ==
    /\ \A b \in Buffers : bufState[b] = "released"
    /\ lastAction' = Call("Done", <<>>, "ok", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars>>

CpuRanges == {r \in (0..(NPages - 1)) \X (1..NPages) : TRUE}
MmapLens == 1..(NPages + 1)
MmapPgoffs == 0..1
LlseekOffsets == {0, 1}

LifecycleNext ==
    \/ \E b \in Buffers : DmaBufExport(b) \/ DmaBufRelease(b) \/ ExporterMigrate(b)
    \/ \E p \in Procs, b \in Buffers, ce \in BOOLEAN : DmaBufFd(p, b, ce)
    \/ \E d \in Devices, p \in Procs, fd \in FdSlots : DmaBufGet(d, p, fd)
    \/ \E d \in Devices, b \in Buffers :
          \/ DmaBufAttach(d, b) \/ DmaBufDetach(d, b) \/ DmaBufUnmapAttachment(d, b)
          \/ DmaBufMapAttachmentResume(d, b) \/ DmaBufMapAttachmentInterrupted(d, b)
          \/ \E dir \in Directions : DmaBufMapAttachment(d, b, dir)
    \/ \E d \in Drivers, b \in Buffers : DmaBufPut(d, b)

CpuNext ==
    \E b \in Buffers :
       \/ DmaBufVmap(b) \/ DmaBufVunmap(b)
       \/ \E r \in CpuRanges, dir \in Directions :
             DmaBufBeginCpuAccess(b, r[1], r[2], dir) \/ DmaBufEndCpuAccess(b, r[1], r[2], dir)
       \/ \E pg \in Pages :
             \/ DmaBufKmap(b, pg) \/ DmaBufKunmap(b, pg)
             \/ \E c \in Contexts : DmaBufKmapAtomic(c, b, pg) \/ DmaBufKunmapAtomic(c, b, pg)

FileNext ==
    \E p \in Procs :
       \/ ProcessExec(p)
       \/ \E b \in Buffers : Munmap(p, b)
       \/ \E fd \in FdSlots :
             \/ FdDup(p, fd) \/ FdClose(p, fd)
             \/ \E q \in Procs : FdSend(p, q, fd)
             \/ \E len \in MmapLens, pgoff \in MmapPgoffs : DmaBufMmap(p, fd, len, pgoff)
             \/ \E off \in LlseekOffsets, wh \in Whences : DmaBufLlseek(p, fd, off, wh)
             \/ \E fl \in SyncFlags : DmaBufIoctlSync(p, fd, fl)
             \/ \E n \in Names : DmaBufSetName(p, fd, n)

Next == LifecycleNext \/ CpuNext \/ FileNext \/ Done

(***************************************************************************)
(* Fairness. Callers (importers, processes) owe the system nothing: their  *)
(* calls carry no fairness. The kernel and the exporter do: the deferred   *)
(* fput runs the release once the count is 0 (WF), the exporter migrates   *)
(* once nothing is mapped (WF), and the wait queue wakes a stalled map     *)
(* whenever the migration is done; that condition can come and go as       *)
(* devices attach and detach, hence strong fairness.                       *)
(***************************************************************************)
Fairness ==
    \A b \in Buffers :
       /\ WF_vars(DmaBufRelease(b))
       /\ WF_vars(ExporterMigrate(b))
       /\ \A d \in Devices : SF_vars(DmaBufMapAttachmentResume(d, b))

Spec == Init /\ [][Next]_vars /\ Fairness

\* The state without lastAction. Model-checking configs that only check properties use it as
\* their VIEW, so that calls which change nothing do not multiply the states; the properties
\* about the last call are then checked on every transition as the *Step properties below.
CoreView == <<lifeVars, cpuVars, fileVars>>

-----------------------------------------------------------------------------
(* Type correctness *)

Dirs == Directions \cup {"none"}
TypeOK ==
    /\ bufState \in [Buffers -> {"unexported", "live", "released"}]
    /\ refcount \in [Buffers -> Nat]
    /\ drvRefs \in [Buffers -> [Drivers -> Nat]]
    /\ attached \in [Buffers -> SUBSET Devices]
    /\ mapped \in [Buffers -> [Devices -> Dirs]]
    /\ stalled \in [Buffers -> [Devices -> Dirs]]
    /\ storage \in [Buffers -> StorageKinds \cup {"none"}]
    /\ everMapped \in [Buffers -> BOOLEAN]
    /\ releases \in [Buffers -> Nat]
    /\ \A b \in Buffers : cpuWindow[b] = NoWindow \/ cpuWindow[b] \in
          [start : Pages, len : 1..NPages, dir : Directions]
    /\ kmapped \in [Buffers -> SUBSET Pages]
    /\ atomics \in [Contexts -> SUBSET (Buffers \X Pages)]
    /\ vmapCount \in [Buffers -> Nat]
    /\ exporterVmaps \in [Buffers -> Nat]
    /\ name \in [Buffers -> Names \cup {""}]
    /\ fds \in [Procs -> [FdSlots -> {NoFd} \cup [buf : Buffers, cloexec : BOOLEAN]]]
    /\ \A p \in Procs, b \in Buffers : mmaps[p][b] = <<>> \/ mmaps[p][b] \in MmapPgoffs \X MmapLens
    /\ granted \in [Procs -> SUBSET Buffers]
    /\ lastAction.name \in STRING /\ lastAction.outcome \in STRING /\ lastAction.ret \in Nat

-----------------------------------------------------------------------------
(* Safety. Each invariant names the guide sentence or kernel check it states. *)

\* The file count equals the references actually held: fds, kernel references, mappings.
RefcountInv == \A b \in Buffers : Live(b) => refcount[b] = Holders(b)

\* Nothing is used after release (dma_buf_release: WARN on attachments, BUG on vmaps).
NoUseAfterReleaseInv ==
    \A b \in Buffers : bufState[b] = "released" =>
       /\ Holders(b) = 0 /\ attached[b] = {} /\ ~CpuBusy(b)
       /\ \A d \in Devices : mapped[b][d] = "none" /\ stalled[b][d] = "none"

\* The exporter's release runs exactly once, when the buffer is released.
ReleaseOnceInv == \A b \in Buffers : releases[b] = IF bufState[b] = "released" THEN 1 ELSE 0

\* "At least one attach to the buffer must have happened before map_dma_buf can be called."
MapNeedsAttachInv ==
    \A b \in Buffers, d \in Devices :
       (mapped[b][d] # "none" \/ stalled[b][d] # "none") => d \in attached[b]

\* Migration happens only "once all users have finished accessing and have unmapped".
NoMigrationWhileMappedInv ==
    lastAction.name = "ExporterMigrate" => NoMaps(lastAction.args[1])

\* Every outstanding mapping sits on storage its device accepts.
MappedConstraintsInv ==
    \A b \in Buffers, d \in Devices : mapped[b][d] # "none" => storage[b] \in Accepts[d]

\* "an importer shall only hold onto at most 2 atomic dma_buf kmaps at the same time".
AtomicKmapLimitInv == \A c \in Contexts : Cardinality(atomics[c]) <= 2

\* "dma_buf kmap calls outside of the range specified in begin_cpu_access are undefined".
KmapInRangeInv == \A b \in Buffers : kmapped[b] \cup AtomicPages(b) \subseteq WindowPages(b)

\* "calls down into the exporter's vmap function only when no vmapping exists, and only
\* unmaps it once": one exporter vmap per vmapping period.
VmapOnceInv == \A b \in Buffers : exporterVmaps[b] = IF vmapCount[b] > 0 THEN 1 ELSE 0

\* "the dma-buf core checks whether a vma is too large and rejects such mappings".
MmapWithinSizeInv ==
    \A p \in Procs, b \in Buffers : mmaps[p][b] # <<>> => mmaps[p][b][1] + mmaps[p][b][2] <= NPages

\* After exec the process holds no FD_CLOEXEC fd (guide "Miscellaneous notes").
ExecClosesCloexecInv ==
    (lastAction.name = "ProcessExec") =>
       \A fd \in FdSlots : ~fds[lastAction.args[1]][fd].cloexec

\* A process holds only buffers it created (dma_buf_fd into it) or was sent.
FdProvenanceInv ==
    \A p \in Procs, fd \in FdSlots : OpenFd(p, fd) => fds[p][fd].buf \in granted[p]

\* llseek reports the size (SEEK_END, 0) or 0 (SEEK_SET, 0) and nothing else.
LlseekResultInv ==
    (lastAction.name = "DmaBufLlseek" /\ lastAction.outcome = "ok") =>
       /\ lastAction.args[3] = 0
       /\ \/ lastAction.args[4] = "SEEK_END" /\ lastAction.ret = Size
          \/ lastAction.args[4] = "SEEK_SET" /\ lastAction.ret = 0

\* The invariants about the last call, as properties of every step (for VIEW configs).
NoMigrationWhileMappedStep == [][NoMigrationWhileMappedInv']_vars
ExecClosesCloexecStep == [][ExecClosesCloexecInv']_vars
LlseekResultStep == [][LlseekResultInv']_vars

-----------------------------------------------------------------------------
(* Liveness *)

\* Every stalled map completes once the holders have unmapped.
StalledMapCompletesProp ==
    \A b \in Buffers, d \in Devices :
       (stalled[b][d] # "none" /\ NoMaps(b)) ~> (stalled[b][d] = "none")

\* Every buffer whose last reference is gone is released.
ReleaseProp ==
    \A b \in Buffers : (Live(b) /\ Holders(b) = 0) ~> (bufState[b] = "released")
=============================================================================
