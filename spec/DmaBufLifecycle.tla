--------------------------- MODULE DmaBufLifecycle ---------------------------
(***************************************************************************)
(* Guide section "dma-buf operations for device dma only", steps 1 to 6,   *)
(* and its NOTES: export, fd, get, attach, map (deferred allocation and    *)
(* the stall during migration), unmap, detach, put, release, migration.    *)
(***************************************************************************)
EXTENDS DmaBufBase

\* dma-buf.c::dma_buf_export(); guide "1. Exporter's announcement of buffer export".
\* The exporter holds the first reference. With AllocPolicy "at_export" the backing storage
\* is chosen now, knowing no device; otherwise it waits for the first map (guide step 3).
DmaBufExport(b) ==
    /\ bufState[b] = "unexported"
    /\ \/ /\ bufState' = [bufState EXCEPT ![b] = "live"]
          /\ refcount' = [refcount EXCEPT ![b] = 1]
          /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = 1]
          /\ storage' = [storage EXCEPT ![b] = IF AllocPolicy = "at_export" THEN Storages[1] ELSE "none"]
          /\ lastAction' = Call("DmaBufExport", <<b>>, "ok", 0)
          /\ UNCHANGED <<attached, mapped, stalled, everMapped, releases, cpuVars, fileVars>>
       \/ Faults /\ Fails("DmaBufExport", <<b>>, "ENOMEM")

\* dma-buf.c::dma_buf_fd(); guide "2. Userspace gets a handle to pass around" and
\* "Miscellaneous notes": O_CLOEXEC is set atomically when the fd is installed.
\* The exporter's reference becomes the fd's; on EMFILE the exporter keeps it (and must put it).
DmaBufFd(p, b, cloexec) ==
    /\ Live(b) /\ drvRefs[b][Exporter] > 0
    /\ LET into == IF Bug("FdInstallOther") THEN CHOOSE q \in Procs : q # p ELSE p IN
       IF FreeSlots(into) # {}
       THEN LET fd == Min(FreeSlots(into)) IN
            /\ fds' = [fds EXCEPT ![into][fd] = [buf |-> b, cloexec |-> cloexec]]
            /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = @ - 1]
            /\ granted' = [granted EXCEPT ![p] = @ \cup {b}]
            /\ lastAction' = Call("DmaBufFd", <<p, b, cloexec>>, "fd", fd)
            /\ UNCHANGED <<bufState, refcount, attached, mapped, stalled, storage, everMapped,
                           releases, cpuVars, name, mmaps>>
       ELSE IF Bug("FdFailLeaks")
            \* the historical leak: the exporter forgets its reference without a put
            THEN /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = @ - 1]
                 /\ lastAction' = Call("DmaBufFd", <<p, b, cloexec>>, "EMFILE", 0)
                 /\ UNCHANGED <<bufState, refcount, attached, mapped, stalled, storage,
                                everMapped, releases, cpuVars, fileVars>>
            ELSE Fails("DmaBufFd", <<p, b, cloexec>>, "EMFILE")

\* dma-buf.c::dma_buf_get(); guide "3. Each buffer-user 'connects' itself to the buffer":
\* driver d takes a reference through process p's fd; the reference count goes up.
DmaBufGet(d, p, fd) ==
    \/ /\ OpenFd(p, fd)
       /\ LET b == fds[p][fd].buf IN
          /\ Live(b)
          /\ drvRefs[b][d] < MaxRefs
          /\ drvRefs' = [drvRefs EXCEPT ![b][d] = @ + 1]
          /\ refcount' = [refcount EXCEPT ![b] = @ + 1]
          /\ lastAction' = Call("DmaBufGet", <<d, p, fd>>, "ok", 0)
          /\ UNCHANGED <<bufState, attached, mapped, stalled, storage, everMapped, releases,
                         cpuVars, fileVars>>
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufGet", <<d, p, fd>>, "EBADF")

\* dma-buf.c::dma_buf_attach() -> ops->attach(); guide step 3 and NOTES "Migration of
\* backing storage if needed". The exporter learns d's constraints. After a map, an exporter
\* with MigrationPolicy "refuse" rejects every attach; one that cannot meet the collated
\* constraints of all attached devices rejects it too. A stricter device attached after a
\* map makes a migration pending: maps stall until it is done.
DmaBufAttach(d, b) ==
    /\ Live(b)
    /\ \/ ErrorCalls /\ drvRefs[b][d] = 0 /\ Fails("DmaBufAttach", <<d, b>>, "EINVAL")
       \/ ErrorCalls /\ drvRefs[b][d] > 0 /\ d \in attached[b]
          /\ Fails("DmaBufAttach", <<d, b>>, "EBUSY")
       \/ /\ drvRefs[b][d] > 0 /\ d \notin attached[b]
          /\ IF MigrationPolicy = "refuse" /\ everMapped[b]
             THEN Fails("DmaBufAttach", <<d, b>>, "EBUSY")
             ELSE IF Compatible(attached[b] \cup {d}) = {}
             THEN Fails("DmaBufAttach", <<d, b>>, "EINVAL")
             ELSE /\ attached' = [attached EXCEPT ![b] = @ \cup {d}]
                  /\ lastAction' = Call("DmaBufAttach", <<d, b>>, "attachment", 0)
                  /\ UNCHANGED <<bufState, refcount, drvRefs, mapped, stalled, storage,
                                 everMapped, releases, cpuVars, fileVars>>

\* dma-buf.c::dma_buf_map_attachment() -> ops->map_dma_buf(); guide "4. When needed,
\* buffer-user requests access to the buffer". Needs an attach first. The first map chooses
\* the backing storage from the collated constraints (deferred allocation). While a migration
\* is pending the call stalls (outcome "stalled"); it may be interrupted by a signal (EINTR).
DmaBufMapAttachment(d, b, dir) ==
    /\ Live(b) /\ stalled[b][d] = "none"
    /\ LET attachedOk == d \in attached[b] \/ Bug("MapWithoutAttach") IN
       \/ ErrorCalls /\ ~attachedOk /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EINVAL")
       \/ ErrorCalls /\ attachedOk /\ mapped[b][d] # "none"
          /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EBUSY")
       \/ /\ attachedOk /\ mapped[b][d] = "none"
          /\ \/ Faults /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EINTR")
             \/ /\ MigrationPending(b) /\ ~Bug("MapIgnoresMigration")
                /\ stalled' = [stalled EXCEPT ![b][d] = dir]
                /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, dir>>, "stalled", 0)
                /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, storage,
                               everMapped, releases, cpuVars, fileVars>>
             \/ /\ ~MigrationPending(b) \/ Bug("MapIgnoresMigration")
                /\ storage' = [storage EXCEPT ![b] = IF @ = "none" THEN Choose(attached[b] \cup {d}) ELSE @]
                /\ mapped' = [mapped EXCEPT ![b][d] = dir]
                /\ everMapped' = [everMapped EXCEPT ![b] = TRUE]
                /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, dir>>, "sg_table", 0)
                /\ UNCHANGED <<bufState, refcount, drvRefs, attached, stalled, releases,
                               cpuVars, fileVars>>

\* The stalled dma_buf_map_attachment() returns: the exporter has migrated (guide NOTES:
\* "then allow further {map,unmap}_dma_buf operations ... from the migrated backing-storage").
DmaBufMapAttachmentResume(d, b) ==
    /\ stalled[b][d] # "none" /\ ~MigrationPending(b)
    /\ mapped' = [mapped EXCEPT ![b][d] = stalled[b][d]]
    /\ stalled' = [stalled EXCEPT ![b][d] = "none"]
    /\ everMapped' = [everMapped EXCEPT ![b] = TRUE]
    /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, stalled[b][d]>>, "sg_table", 0)
    /\ UNCHANGED <<bufState, refcount, drvRefs, attached, storage, releases, cpuVars, fileVars>>

\* A signal interrupts the stalled map (guide step 4: "can return -EINTR").
DmaBufMapAttachmentInterrupted(d, b) ==
    /\ Faults /\ stalled[b][d] # "none"
    /\ stalled' = [stalled EXCEPT ![b][d] = "none"]
    /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, stalled[b][d]>>, "EINTR", 0)
    /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, storage, everMapped, releases,
                   cpuVars, fileVars>>

\* dma-buf.c::dma_buf_unmap_attachment() -> ops->unmap_dma_buf(); guide "5. When finished,
\* the buffer-user notifies end-of-DMA to exporter".
DmaBufUnmapAttachment(d, b) ==
    /\ Live(b)
    /\ \/ /\ mapped[b][d] # "none"
          /\ mapped' = [mapped EXCEPT ![b][d] = "none"]
          /\ lastAction' = Call("DmaBufUnmapAttachment", <<d, b>>, "ok", 0)
          /\ UNCHANGED <<bufState, refcount, drvRefs, attached, stalled, storage, everMapped,
                         releases, cpuVars, fileVars>>
       \/ ErrorCalls /\ mapped[b][d] = "none" /\ stalled[b][d] = "none"
          /\ Fails("DmaBufUnmapAttachment", <<d, b>>, "EINVAL")

\* dma-buf.c::dma_buf_detach() -> ops->detach(); guide "6. ... it first detaches itself".
DmaBufDetach(d, b) ==
    /\ Live(b) /\ stalled[b][d] = "none"
    /\ \/ /\ d \in attached[b] /\ mapped[b][d] = "none"
          /\ attached' = [attached EXCEPT ![b] = @ \ {d}]
          /\ lastAction' = Call("DmaBufDetach", <<d, b>>, "ok", 0)
          /\ UNCHANGED <<bufState, refcount, drvRefs, mapped, stalled, storage, everMapped,
                         releases, cpuVars, fileVars>>
       \/ ErrorCalls /\ d \notin attached[b] /\ Fails("DmaBufDetach", <<d, b>>, "EINVAL")
       \/ ErrorCalls /\ d \in attached[b] /\ mapped[b][d] # "none"
          /\ Fails("DmaBufDetach", <<d, b>>, "EBUSY")

\* dma-buf.c::dma_buf_put(); guide "6. ... returns the buffer reference to exporter".
\* A driver must detach before its last put, and the last importer reference cannot go while
\* kernel cpu access is open (dma_buf_release would BUG on a counted vmap).
DmaBufPut(d, b) ==
    /\ Live(b)
    /\ LET attachedLast == d \in attached[b] /\ drvRefs[b][d] = 1
           cpuLast == d \in Devices /\ ImporterRefs(b) = 1 /\ CpuBusy(b)
       IN \/ ErrorCalls /\ drvRefs[b][d] = 0 /\ ~Bug("PutUnderflow")
             /\ Fails("DmaBufPut", <<d, b>>, "EINVAL")
          \/ ErrorCalls /\ drvRefs[b][d] > 0 /\ (attachedLast \/ cpuLast)
             /\ Fails("DmaBufPut", <<d, b>>, "EBUSY")
          \/ /\ drvRefs[b][d] > 0 \/ Bug("PutUnderflow")
             /\ ~attachedLast /\ ~cpuLast
             /\ drvRefs' = [drvRefs EXCEPT ![b][d] = @ - 1]
             /\ refcount' = [refcount EXCEPT ![b] = @ - 1]
             /\ lastAction' = Call("DmaBufPut", <<d, b>>, "ok", 0)
             /\ UNCHANGED <<bufState, attached, mapped, stalled, storage, everMapped, releases,
                            cpuVars, fileVars>>

\* dma-buf.c::dma_buf_release() -> ops->release(), run by the deferred fput of the last
\* reference; guide step 6: "If ... the refcount becomes 0, the 'release' file operation ...
\* is called". It runs exactly once.
DmaBufRelease(b) ==
    /\ IF Bug("ReleaseEarly") THEN refcount[b] <= 1 ELSE refcount[b] = 0
    /\ Live(b) \/ (Bug("DoubleRelease") /\ bufState[b] = "released")
    /\ bufState' = [bufState EXCEPT ![b] = "released"]
    /\ releases' = [releases EXCEPT ![b] = @ + 1]
    /\ storage' = [storage EXCEPT ![b] = "none"]
    /\ lastAction' = Call("DmaBufRelease", <<b>>, "ok", 0)
    /\ UNCHANGED <<refcount, drvRefs, attached, mapped, stalled, everMapped, cpuVars, fileVars>>

\* The exporter moves the backing storage to what every attached device accepts (guide NOTES:
\* "Once all users have finished accessing and have unmapped this buffer, the exporter could
\* potentially move the buffer to the stricter backing-storage"). Exporter-internal: no
\* kernel entry point, it runs in the exporter's map_dma_buf or a worker.
ExporterMigrate(b) ==
    /\ Live(b) /\ MigrationPending(b)
    /\ NoMaps(b) \/ Bug("MigrateWhileMapped")
    /\ ~Bug("MigrateWaitsForIdle") \/ \A d \in Devices : stalled[b][d] = "none"
    /\ storage' = [storage EXCEPT ![b] = Choose(attached[b])]
    /\ lastAction' = Call("ExporterMigrate", <<b>>, "ok", 0)
    /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, stalled, everMapped, releases,
                   cpuVars, fileVars>>
=============================================================================
