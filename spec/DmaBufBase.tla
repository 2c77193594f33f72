------------------------------ MODULE DmaBufBase ------------------------------
(***************************************************************************)
(* Constants, variables and helper definitions shared by every part of the *)
(* dma-buf specification. The actions live in DmaBufLifecycle (guide       *)
(* "dma-buf operations for device dma only"), DmaBufCpu ("Kernel cpu       *)
(* access to a dma-buf buffer object") and DmaBufFile ("Direct Userspace   *)
(* Access/mmap Support", "Other Interfaces Exposed to Userspace", and      *)
(* "Miscellaneous notes": FD_CLOEXEC). DmaBuf.tla puts them together.      *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    Buffers,          \* the buffers an exporter may export
    Devices,          \* importer devices (buffer-users)
    Exporter,         \* the exporting driver, as a holder of kernel references
    Procs,            \* user-space processes
    Contexts,         \* kernel process contexts that take atomic kmaps
    Storages,         \* backing-storage kinds, a sequence from least to most strict
    Accepts,          \* [Devices -> SUBSET storage kinds]: each device's DMA constraints
    Directions,       \* enum dma_data_direction values used in calls
    NPages,           \* buffer size in pages (dma-buf sizes never change)
    PageSize,         \* bytes per page, for llseek results
    MaxFds,           \* fd table size of each process (EMFILE beyond it)
    MaxRefs,          \* model bound: kernel references one driver holds on one buffer
    MaxVmaps,         \* model bound: concurrent vmaps of one buffer
    Names,            \* names user space may give with DMA_BUF_SET_NAME
    SyncFlags,        \* struct dma_buf_sync flag values user space may pass
    AllocPolicy,      \* exporter choice: "at_export" or "at_first_map"
    MigrationPolicy,  \* exporter choice on attach after a map: "migrate" or "refuse"
    VmapSupported,    \* exporter choice: does it implement the vmap callback?
    Profile,          \* kernel profile: "pre312", "seed", "v5" or "modern"
    ErrorCalls,       \* explore caller mistakes that fail with an errno (bad fds, ranges...)
    Faults,           \* explore injected faults: ENOMEM, and EINTR from a signal
    Bugs              \* bug toggles, each of which breaks one guarantee (see DmaBufBugs)

Drivers == Devices \cup {Exporter}
StorageKinds == {Storages[i] : i \in 1..Len(Storages)}
Pages == 0..(NPages - 1)
FdSlots == 3..(2 + MaxFds)                 \* fds 0..2 are stdin, stdout, stderr
NoFd == [buf |-> "none", cloexec |-> FALSE]
NoWindow == [start |-> 0, len |-> 0, dir |-> "none"]
Whences == {"SEEK_SET", "SEEK_CUR", "SEEK_END"}
Profiles == {"pre312", "seed", "v5", "modern"}

\* What each kernel profile offers (KERNEL-ABI: kmap gone after 5.4, SET_NAME's EBUSY
\* dropped in 6.x, llseek since 3.12, the dma-buf ioctls since 4.x).
HasKmap == Profile \in {"pre312", "seed"}
HasLlseek == Profile # "pre312"
HasIoctls == Profile \in {"v5", "modern"}
SetNameBusyWhenAttached == Profile = "v5"

Bug(name) == name \in Bugs

\* dma_buf_sync flags (include/uapi/linux/dma-buf.h)
SYNC_READ == 1
SYNC_WRITE == 2
SYNC_END == 4
SyncFlagsValid(f) == f \in {1, 2, 3, 5, 6, 7}   \* READ and/or WRITE, optionally END, nothing else

VARIABLES
    bufState,      \* [Buffers -> {"unexported", "live", "released"}]
    refcount,      \* [Buffers -> Nat]: the file's reference count as the kernel keeps it
    drvRefs,       \* [Buffers -> [Drivers -> Nat]]: kernel references each driver holds
    attached,      \* [Buffers -> SUBSET Devices]: dma_buf->attachments
    mapped,        \* [Buffers -> [Devices -> Directions \cup {"none"}]]: outstanding sg_tables
    stalled,       \* [Buffers -> [Devices -> Directions \cup {"none"}]]: maps waiting on migration
    storage,       \* [Buffers -> StorageKinds \cup {"none"}]: current backing storage
    everMapped,    \* [Buffers -> BOOLEAN]: has map_dma_buf been called once?
    releases,      \* [Buffers -> Nat]: times the exporter's release callback ran
    cpuWindow,     \* [Buffers -> window record]: the open begin_cpu_access range
    kmapped,       \* [Buffers -> SUBSET Pages]: pages held by dma_buf_kmap
    atomics,       \* [Contexts -> SUBSET (Buffers \X Pages)]: pages held by kmap_atomic
    vmapCount,     \* [Buffers -> Nat]: dma_buf->vmapping_counter
    exporterVmaps, \* [Buffers -> Nat]: exporter vmap calls not yet undone by vunmap
    name,          \* [Buffers -> STRING]: dma_buf->name
    fds,           \* [Procs -> [FdSlots -> fd entry]]: each process's fd table
    mmaps,         \* [Procs -> [Buffers -> <<>> or <<pgoff, len>>]]: user mappings
    granted,       \* [Procs -> SUBSET Buffers]: buffers a process created or was sent
    lastAction     \* the call that produced this state: name, args, outcome, ret

lifeVars == <<bufState, refcount, drvRefs, attached, mapped, stalled, storage, everMapped, releases>>
cpuVars == <<cpuWindow, kmapped, atomics, vmapCount, exporterVmaps>>
fileVars == <<name, fds, mmaps, granted>>
vars == <<lifeVars, cpuVars, fileVars, lastAction>>

\* The record of one call, kept in lastAction so that traces need no guessing.
Call(n, args, outcome, ret) == [name |-> n, args |-> args, outcome |-> outcome, ret |-> ret]

\* The kernel references drivers in S hold on b.
RECURSIVE RefsOf(_, _)
RefsOf(b, S) == IF S = {} THEN 0
                ELSE LET d == CHOOSE x \in S : TRUE IN drvRefs[b][d] + RefsOf(b, S \ {d})

Min(S) == CHOOSE x \in S : \A y \in S : x <= y

\* ---- references actually held (what refcount must count) ----
FdRefs(b) == Cardinality({pf \in Procs \X FdSlots : fds[pf[1]][pf[2]].buf = b})
DrvRefTotal(b) == RefsOf(b, Drivers)
MmapRefs(b) == Cardinality({p \in Procs : mmaps[p][b] # <<>>})
Holders(b) == FdRefs(b) + DrvRefTotal(b) + MmapRefs(b)
\* Kernel cpu access is the importers' (guide: "cpu access from the kernel to a dma-buf object
\* from the importers side"): it needs an importer's reference.
ImporterRefs(b) == RefsOf(b, Devices)
ImporterRefHeld(b) == ImporterRefs(b) > 0

\* ---- backing storage (guide: NOTES, "Migration of backing storage if needed") ----
Compatible(S) == {k \in StorageKinds : \A d \in S : k \in Accepts[d]}
\* The least strict storage that suits every device in S (the exporter's collation).
Choose(S) == Storages[Min({i \in 1..Len(Storages) : Storages[i] \in Compatible(S)})]
MigrationPending(b) == storage[b] # "none" /\ \E d \in attached[b] : storage[b] \notin Accepts[d]
NoMaps(b) == \A d \in Devices : mapped[b][d] = "none"

\* ---- kernel cpu access ----
WindowPages(b) == {pg \in Pages : cpuWindow[b].start <= pg /\ pg < cpuWindow[b].start + cpuWindow[b].len}
AtomicPages(b) == {pr[2] : pr \in UNION {{q \in atomics[c] : q[1] = b} : c \in Contexts}}
CpuBusy(b) == cpuWindow[b] # NoWindow \/ kmapped[b] # {} \/ AtomicPages(b) # {} \/ vmapCount[b] > 0

\* ---- file side ----
OpenFd(p, fd) == fds[p][fd] # NoFd
FreeSlots(p) == {fd \in FdSlots : fds[p][fd] = NoFd}
Live(b) == bufState[b] = "live"

\* A call that only returns (outcome, ret) and changes nothing but lastAction.
Returns(n, args, outcome, ret) == /\ lastAction' = Call(n, args, outcome, ret)
                                  /\ UNCHANGED <<lifeVars, cpuVars, fileVars>>
\* A call that fails with errno e.
Fails(n, args, e) == Returns(n, args, e, 0)
=============================================================================
