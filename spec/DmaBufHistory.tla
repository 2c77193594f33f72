---------------------------- MODULE DmaBufHistory ----------------------------
(***************************************************************************)
(* Bugs the kernel's dma-buf, udmabuf and dma-heap code really had, as    *)
(* bug toggles (Bug(name), see DmaBufBase) of a small extension of DmaBuf. *)
(* The extension adds the few concepts the base spec lacks:               *)
(*   "name"    a reader of the dentry name (readlink of /proc/PID/fd/N ->  *)
(*             d_path -> dmabuffs_dname), racing DMA_BUF_SET_NAME and the  *)
(*             release;                                                    *)
(*   "poll"    poll(2) on the dma-buf fd and its fence callback;          *)
(*   "fault"   page faults in a user mapping, and mremap(2) growing it;   *)
(*   "udmabuf" UDMABUF_CREATE from a sealed memfd, and its vmap;           *)
(*   "heap"    dma_heap_add() registering a heap name.                     *)
(* HistParts chooses which concepts a model explores. With Bugs = {} every *)
(* property below holds; each toggle re-introduces one historical bug, and *)
(* spec/HISTORY.md lists the commit that fixed it. Base steps leave the    *)
(* new variables alone except where a concept observes them (a SET_NAME   *)
(* or a release under a name reader, a release under a poll callback).    *)
(***************************************************************************)
EXTENDS DmaBuf

CONSTANTS
    HistParts,         \* SUBSET {"name", "poll", "fault", "udmabuf", "heap"}
    UdmabufSizeLimit,  \* udmabuf's size_limit_mb, in pages
    ItemPages          \* page counts user space may put in one udmabuf_create_item

Registrants == {"r1", "r2"}   \* two drivers registering a heap of the same name
Seals == {"SHRINK", "WRITE", "FUTURE_WRITE"}
WriteSeals == {"WRITE", "FUTURE_WRITE"}
NoUbuf == [state |-> "none", pages |-> 0]

VARIABLES
    dnameHeld,   \* [Buffers -> BOOLEAN]: a dmabuffs_dname reader is between reading and copying
    dnameFreed,  \* [Buffers -> BOOLEAN]: the name or dma_buf it reads was freed under it
    pollCb,      \* [Buffers -> BOOLEAN]: a poll fence callback is armed on the buffer
    memSeals,    \* SUBSET Seals: the memfd's F_ADD_SEALS so far
    ubuf,        \* [state: {"none", "checked", "created"}, pages: Nat]: the one udmabuf
    ubufVmap,    \* <<>> or the buffer page each page of the udmabuf's vmap shows
    heapAdd      \* [Registrants -> {"idle", "checked", "added"}]

histVars == <<dnameHeld, dnameFreed, pollCb, memSeals, ubuf, ubufVmap, heapAdd>>
allVars == <<vars, histVars>>

Part(x) == x \in HistParts

HInit ==
    /\ Init
    /\ dnameHeld = [b \in Buffers |-> FALSE]
    /\ dnameFreed = [b \in Buffers |-> FALSE]
    /\ pollCb = [b \in Buffers |-> FALSE]
    /\ memSeals = {}
    /\ ubuf = NoUbuf
    /\ ubufVmap = <<>>
    /\ heapAdd = [r \in Registrants |-> "idle"]

HCall(n, args, outcome, ret) == lastAction' = Call(n, args, outcome, ret)
HFails(n, args, e) == /\ HCall(n, args, e, 0)
                      /\ UNCHANGED <<lifeVars, cpuVars, fileVars, histVars>>

-----------------------------------------------------------------------------
(* Base steps, as seen by the new concepts *)

\* The buffer whose name the base step freed: DMA_BUF_SET_NAME kfree()s the old name; the
\* release frees the dma_buf and its name.
SetNameOn(b) == /\ lastAction'.name = "DmaBufSetName" /\ lastAction'.outcome = "ok"
                /\ fds[lastAction'.args[1]][lastAction'.args[2]].buf = b
ReleaseOf(b) == lastAction'.name = "DmaBufRelease" /\ lastAction'.args[1] = b

\* What the fixed kernel forbids while a name reader or a poll callback is active:
\* dmabuffs_dname reads the name under dmabuf->name_lock, which DMA_BUF_SET_NAME takes too;
\* the release runs from the dentry's d_release, after the last reader of the dentry; and the
\* armed poll callback holds a file reference (get_file), so no release until it has run.
Forbidden(b) ==
    \/ dnameHeld[b] /\ SetNameOn(b) /\ ~Bug("DnameNoNameLock")
    \/ dnameHeld[b] /\ ReleaseOf(b) /\ ~Bug("ReleaseInFileOps")
    \/ pollCb[b] /\ ReleaseOf(b) /\ ~Bug("PollNoFileRef")

BaseStep ==
    /\ Next
    /\ \A b \in Buffers : ~Forbidden(b)
    /\ dnameFreed' = [b \in Buffers |-> dnameFreed[b] \/ (dnameHeld[b] /\ (SetNameOn(b) \/ ReleaseOf(b)))]
    /\ UNCHANGED <<dnameHeld, pollCb, memSeals, ubuf, ubufVmap, heapAdd>>

-----------------------------------------------------------------------------
(* "name": readlink("/proc/PID/fd/N") of a dma-buf fd -> d_path -> dmabuffs_dname().
   Two steps: the reader looks up the name, then copies it out. *)

DmabuffsDnameBegin(p, fd) ==
    /\ Part("name") /\ OpenFd(p, fd)
    /\ LET b == fds[p][fd].buf IN
       /\ ~dnameHeld[b]
       /\ dnameHeld' = [dnameHeld EXCEPT ![b] = TRUE]
       /\ HCall("DmabuffsDname", <<p, fd>>, "reading", 0)
       /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameFreed, pollCb, memSeals, ubuf, ubufVmap, heapAdd>>

DmabuffsDnameEnd(b) ==
    /\ dnameHeld[b]
    /\ dnameHeld' = [dnameHeld EXCEPT ![b] = FALSE]
    /\ HCall("DmabuffsDnameCopy", <<b>>, IF dnameFreed[b] THEN "use_after_free" ELSE "ok", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameFreed, pollCb, memSeals, ubuf, ubufVmap, heapAdd>>

-----------------------------------------------------------------------------
(* "poll": poll(2) on the fd arms a callback on the buffer's fence; the fence signals later. *)

DmaBufPoll(p, fd) ==
    /\ Part("poll") /\ OpenFd(p, fd)
    /\ LET b == fds[p][fd].buf IN
       /\ ~pollCb[b]
       /\ pollCb' = [pollCb EXCEPT ![b] = TRUE]
       /\ HCall("DmaBufPoll", <<p, fd>>, "armed", 0)
       /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, memSeals, ubuf, ubufVmap, heapAdd>>

DmaBufPollCb(b) ==
    /\ pollCb[b]
    /\ pollCb' = [pollCb EXCEPT ![b] = FALSE]
    /\ HCall("DmaBufPollCb", <<b>>, IF bufState[b] = "released" THEN "use_after_free" ELSE "ok", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, memSeals, ubuf, ubufVmap, heapAdd>>

-----------------------------------------------------------------------------
(* "fault": a page fault at buffer page pg inside p's mapping of b, and mremap(2) growing the
   mapping. The exporter's fault handler must refuse (SIGBUS) a page past the buffer. *)

FaultPages == 0..(NPages + 1)

DmaBufFault(p, b, pg) ==
    /\ Part("fault") /\ mmaps[p][b] # <<>>
    /\ mmaps[p][b][1] <= pg /\ pg < mmaps[p][b][1] + mmaps[p][b][2]
    /\ LET refused == IF Bug("FaultNoPgoffCheck") THEN FALSE
                      ELSE IF Bug("FaultOffByOne") THEN pg > NPages
                      ELSE pg >= NPages
       IN HCall("DmaBufFault", <<p, b, pg>>, IF refused THEN "SIGBUS" ELSE "page", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, histVars>>

\* mremap(2) to a larger size. The dma-buf core checks the size only in mmap(2); a mapping
\* that may not grow (VM_DONTEXPAND) fails with EFAULT.
Mremap(p, b, len) ==
    /\ Part("fault") /\ mmaps[p][b] # <<>> /\ len \in MmapLens /\ len > mmaps[p][b][2]
    /\ IF mmaps[p][b][1] + len <= NPages \/ Bug("MremapGrows")
       THEN /\ mmaps' = [mmaps EXCEPT ![p][b] = <<@[1], len>>]
            /\ HCall("Mremap", <<p, b, len>>, "ok", 0)
            /\ UNCHANGED <<lifeVars, cpuVars, name, fds, granted, histVars>>
       ELSE HFails("Mremap", <<p, b, len>>, "EFAULT")

-----------------------------------------------------------------------------
(* "udmabuf": UDMABUF_CREATE_LIST with two items of n1 and n2 pages from one memfd, which
   must be sealed against shrinking and not against writing. The fixed kernel checks the seals
   and pins the pages under the memfd's inode lock, which F_ADD_SEALS takes too: one step. *)

MemfdAddSeal(s) ==
    /\ Part("udmabuf") /\ s \notin memSeals
    \* a write seal fails while something can write the pages (EBUSY for writable mappings;
    \* in this model, also while a udmabuf holds them pinned)
    /\ IF s \in WriteSeals /\ ubuf.state = "created"
       THEN HFails("MemfdAddSeal", <<s>>, "EBUSY")
       ELSE /\ memSeals' = memSeals \cup {s}
            /\ HCall("MemfdAddSeal", <<s>>, "ok", 0)
            /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, ubuf, ubufVmap, heapAdd>>

\* The total the size check sees: a narrow counter wraps (modulo 4 pages here) with the bug.
CheckedPages(n1, n2) == IF Bug("UdmabufSizeOverflow") THEN (n1 + n2) % 4 ELSE n1 + n2
SealsOk == /\ "SHRINK" \in memSeals
           /\ IF Bug("UdmabufIgnoresFutureWrite") THEN "WRITE" \notin memSeals
              ELSE memSeals \cap WriteSeals = {}

UdmabufCreate(n1, n2) ==
    /\ Part("udmabuf") /\ ubuf.state = "none"
    /\ LET args == <<n1, n2>> IN
       IF CheckedPages(n1, n2) > UdmabufSizeLimit
          \/ (CheckedPages(n1, n2) = 0 /\ ~Bug("UdmabufZeroPages"))
       THEN HFails("UdmabufCreate", args, "EINVAL")
       ELSE IF ~SealsOk
       THEN HFails("UdmabufCreate", args, "EINVAL")
       ELSE /\ ubuf' = [state |-> IF Bug("UdmabufSealCheckRace") THEN "checked" ELSE "created",
                        pages |-> n1 + n2]
            /\ HCall("UdmabufCreate", args, IF Bug("UdmabufSealCheckRace") THEN "checked" ELSE "fd", 0)
            /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, memSeals, ubufVmap, heapAdd>>

\* With the bug the pages are pinned after the seal check, outside the inode lock.
UdmabufPin ==
    /\ ubuf.state = "checked"
    /\ ubuf' = [ubuf EXCEPT !.state = "created"]
    /\ HCall("UdmabufPin", <<ubuf.pages>>, "fd", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, memSeals, ubufVmap, heapAdd>>

\* vmap_udmabuf(): page i of the vmap must show page i of the udmabuf.
UdmabufVmap ==
    /\ Part("udmabuf") /\ ubuf.state = "created" /\ ubufVmap = <<>> /\ ubuf.pages > 0
    /\ ubufVmap' = [i \in 1..ubuf.pages |-> IF Bug("UdmabufVmapHeadPage") THEN 0 ELSE i - 1]
    /\ HCall("UdmabufVmap", <<>>, "addr", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, memSeals, ubuf, heapAdd>>

-----------------------------------------------------------------------------
(* "heap": two drivers register a heap of the same name. The fixed dma_heap_add() checks for
   the name and adds the heap under heap_list_lock: one step. *)

DmaHeapAdd(r) ==
    /\ Part("heap") /\ heapAdd[r] = "idle"
    /\ IF \E q \in Registrants : heapAdd[q] = "added"
       THEN HFails("DmaHeapAdd", <<r>>, "EEXIST")
       ELSE /\ heapAdd' = [heapAdd EXCEPT ![r] = IF Bug("HeapAddRace") THEN "checked" ELSE "added"]
            /\ HCall("DmaHeapAdd", <<r>>, IF Bug("HeapAddRace") THEN "checked" ELSE "ok", 0)
            /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, memSeals, ubuf, ubufVmap>>

DmaHeapAddInsert(r) ==
    /\ heapAdd[r] = "checked"
    /\ heapAdd' = [heapAdd EXCEPT ![r] = "added"]
    /\ HCall("DmaHeapAddInsert", <<r>>, "ok", 0)
    /\ UNCHANGED <<lifeVars, cpuVars, fileVars, dnameHeld, dnameFreed, pollCb, memSeals, ubuf, ubufVmap>>

-----------------------------------------------------------------------------

HistNext ==
    \/ \E p \in Procs, fd \in FdSlots : DmabuffsDnameBegin(p, fd) \/ DmaBufPoll(p, fd)
    \/ \E b \in Buffers : DmabuffsDnameEnd(b) \/ DmaBufPollCb(b)
    \/ \E p \in Procs, b \in Buffers :
          \/ \E pg \in FaultPages : DmaBufFault(p, b, pg)
          \/ \E len \in MmapLens : Mremap(p, b, len)
    \/ \E s \in Seals : MemfdAddSeal(s)
    \/ \E n1, n2 \in ItemPages : UdmabufCreate(n1, n2)
    \/ UdmabufPin \/ UdmabufVmap
    \/ \E r \in Registrants : DmaHeapAdd(r) \/ DmaHeapAddInsert(r)

HNext == BaseStep \/ HistNext

HSpec == HInit /\ [][HNext]_allVars

-----------------------------------------------------------------------------
(* Properties of the history concepts *)

\* No reader of the dentry name copies freed memory (dmabuffs_dname vs SET_NAME and release).
DnameNoUseAfterFreeInv == \A b \in Buffers : ~dnameFreed[b]

\* No poll callback is left armed on a released buffer.
PollCallbackLiveInv == \A b \in Buffers : pollCb[b] => bufState[b] # "released"

\* A fault gets a page only inside the buffer (else SIGBUS).
FaultInBufferInv ==
    (lastAction.name = "DmaBufFault" /\ lastAction.outcome = "page") => lastAction.args[3] < NPages

\* A memfd sealed against writes is not writable through a udmabuf.
UdmabufSealInv == (memSeals \cap WriteSeals # {}) => ubuf.state # "created"

\* A udmabuf has at least one page and at most the size limit.
UdmabufSizeInv == ubuf.state # "none" => 1 <= ubuf.pages /\ ubuf.pages <= UdmabufSizeLimit

\* The vmap shows every page of the udmabuf in order.
UdmabufVmapInv == \A i \in DOMAIN ubufVmap : ubufVmap[i] = i - 1

\* Heap names are unique (one /dev/dma_heap/NAME).
HeapNamesUniqueInv == Cardinality({r \in Registrants : heapAdd[r] = "added"}) <= 1
=============================================================================
