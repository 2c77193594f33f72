------------------------------ MODULE DmaBufCpu ------------------------------
(***************************************************************************)
(* Guide section "Kernel cpu access to a dma-buf buffer object": the       *)
(* begin/end_cpu_access bracket, page-by-page kmap and kmap_atomic (the    *)
(* seed-era API, absent from modern kernels), and the counted vmap.        *)
(* Kernel cpu access needs an importer's reference on the buffer.         *)
(***************************************************************************)
EXTENDS DmaBufBase

Window(start, len, dir) == [start |-> start, len |-> len, dir |-> dir]

\* dma-buf.c::dma_buf_begin_cpu_access() -> ops->begin_cpu_access(); guide "1. Prepare
\* access": the exporter makes the range available; "This step might fail, e.g. in oom
\* conditions" (ENOMEM). One open range per buffer in this model.
DmaBufBeginCpuAccess(b, start, len, dir) ==
    /\ Live(b) /\ ImporterRefHeld(b)
    /\ LET args == <<b, start, len, dir>> IN
       \/ ErrorCalls /\ start + len > NPages /\ Fails("DmaBufBeginCpuAccess", args, "EINVAL")
       \/ ErrorCalls /\ start + len <= NPages /\ cpuWindow[b] # NoWindow
          /\ Fails("DmaBufBeginCpuAccess", args, "EBUSY")
       \/ /\ start + len <= NPages /\ cpuWindow[b] = NoWindow
          /\ \/ Faults /\ Fails("DmaBufBeginCpuAccess", args, "ENOMEM")
             \/ /\ cpuWindow' = [cpuWindow EXCEPT ![b] = Window(start, len, dir)]
                /\ lastAction' = Call("DmaBufBeginCpuAccess", args, "ok", 0)
                /\ UNCHANGED <<lifeVars, kmapped, atomics, vmapCount, exporterVmaps, fileVars>>

\* dma-buf.c::dma_buf_end_cpu_access(); guide "3. Finish access". The range and direction
\* must be the ones begun; kmaps of the range must be gone ("The result of any dma_buf kmap
\* calls after end_cpu_access is undefined").
DmaBufEndCpuAccess(b, start, len, dir) ==
    /\ Live(b) /\ ImporterRefHeld(b)
    /\ LET args == <<b, start, len, dir>>
           matches == cpuWindow[b] = Window(start, len, dir)
           kmapsHeld == kmapped[b] # {} \/ AtomicPages(b) # {}
       IN \/ /\ matches /\ ~kmapsHeld
             /\ cpuWindow' = [cpuWindow EXCEPT ![b] = NoWindow]
             /\ lastAction' = Call("DmaBufEndCpuAccess", args, "ok", 0)
             /\ UNCHANGED <<lifeVars, kmapped, atomics, vmapCount, exporterVmaps, fileVars>>
          \/ ErrorCalls /\ ~matches /\ Fails("DmaBufEndCpuAccess", args, "EINVAL")
          \/ ErrorCalls /\ matches /\ kmapsHeld /\ Fails("DmaBufEndCpuAccess", args, "EBUSY")

\* dma-buf.c::dma_buf_kmap() -> ops->map (seed era); guide "2. Accessing the buffer":
\* page by page, "kmap calls outside of the range specified in begin_cpu_access are undefined"
\* (here EINVAL). A page is held once at a time in this model.
DmaBufKmap(b, pg) ==
    /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
    /\ LET inRange == pg \in WindowPages(b) \/ Bug("KmapOutsideRange") IN
       \/ /\ inRange /\ pg \notin kmapped[b]
          /\ kmapped' = [kmapped EXCEPT ![b] = @ \cup {pg}]
          /\ lastAction' = Call("DmaBufKmap", <<b, pg>>, "ptr", 0)
          /\ UNCHANGED <<lifeVars, cpuWindow, atomics, vmapCount, exporterVmaps, fileVars>>
       \/ ErrorCalls /\ ~inRange /\ Fails("DmaBufKmap", <<b, pg>>, "EINVAL")
       \/ ErrorCalls /\ inRange /\ pg \in kmapped[b] /\ Fails("DmaBufKmap", <<b, pg>>, "EBUSY")

\* dma-buf.c::dma_buf_kunmap() -> ops->unmap.
DmaBufKunmap(b, pg) ==
    /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
    /\ \/ /\ pg \in kmapped[b]
          /\ kmapped' = [kmapped EXCEPT ![b] = @ \ {pg}]
          /\ lastAction' = Call("DmaBufKunmap", <<b, pg>>, "ok", 0)
          /\ UNCHANGED <<lifeVars, cpuWindow, atomics, vmapCount, exporterVmaps, fileVars>>
       \/ ErrorCalls /\ pg \notin kmapped[b] /\ Fails("DmaBufKunmap", <<b, pg>>, "EINVAL")

\* dma-buf.c::dma_buf_kmap_atomic() -> ops->map_atomic; guide: "an importer shall only hold
\* onto at most 2 atomic dma_buf kmaps at the same time (in any given process context)".
DmaBufKmapAtomic(c, b, pg) ==
    /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
    /\ LET args == <<c, b, pg>>
           full == Cardinality(atomics[c]) >= 2 /\ ~Bug("ThirdAtomicKmap")
       IN \/ /\ pg \in WindowPages(b) /\ <<b, pg>> \notin atomics[c] /\ ~full
             /\ atomics' = [atomics EXCEPT ![c] = @ \cup {<<b, pg>>}]
             /\ lastAction' = Call("DmaBufKmapAtomic", args, "ptr", 0)
             /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, vmapCount, exporterVmaps, fileVars>>
          \/ ErrorCalls /\ pg \notin WindowPages(b) /\ Fails("DmaBufKmapAtomic", args, "EINVAL")
          \/ ErrorCalls /\ pg \in WindowPages(b) /\ (<<b, pg>> \in atomics[c] \/ full)
             /\ Fails("DmaBufKmapAtomic", args, "EBUSY")

\* dma-buf.c::dma_buf_kunmap_atomic() -> ops->unmap_atomic.
DmaBufKunmapAtomic(c, b, pg) ==
    /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
    /\ \/ /\ <<b, pg>> \in atomics[c]
          /\ atomics' = [atomics EXCEPT ![c] = @ \ {<<b, pg>>}]
          /\ lastAction' = Call("DmaBufKunmapAtomic", <<c, b, pg>>, "ok", 0)
          /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, vmapCount, exporterVmaps, fileVars>>
       \/ ErrorCalls /\ <<b, pg>> \notin atomics[c]
          /\ Fails("DmaBufKunmapAtomic", <<c, b, pg>>, "EINVAL")

\* dma-buf.c::dma_buf_vmap(); guide: "the dma-buf layer keeps a reference count for all vmap
\* access and calls down into the exporter's vmap function only when no vmapping exists",
\* under dma_buf->lock. EINVAL without exporter vmap support; ENOMEM when vmalloc space runs
\* out (the caller falls back to kmap).
DmaBufVmap(b) ==
    /\ Live(b) /\ ImporterRefHeld(b)
    /\ \/ ~VmapSupported /\ Fails("DmaBufVmap", <<b>>, "EINVAL")
       \/ VmapSupported /\ vmapCount[b] = 0 /\ Faults /\ Fails("DmaBufVmap", <<b>>, "ENOMEM")
       \/ /\ VmapSupported /\ vmapCount[b] < MaxVmaps
          /\ vmapCount' = [vmapCount EXCEPT ![b] = @ + 1]
          /\ exporterVmaps' = [exporterVmaps EXCEPT ![b] =
                                 IF vmapCount[b] = 0 \/ Bug("VmapEveryCall") THEN @ + 1 ELSE @]
          /\ lastAction' = Call("DmaBufVmap", <<b>>, "addr", 0)
          /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, atomics, fileVars>>

\* dma-buf.c::dma_buf_vunmap(): the exporter's vunmap runs once, on the last vunmap.
\* Vunmap without a vmapping is a kernel BUG; here EINVAL.
DmaBufVunmap(b) ==
    /\ Live(b) /\ ImporterRefHeld(b)
    /\ \/ /\ vmapCount[b] > 0
          /\ vmapCount' = [vmapCount EXCEPT ![b] = @ - 1]
          /\ exporterVmaps' = [exporterVmaps EXCEPT ![b] = IF vmapCount[b] = 1 THEN @ - 1 ELSE @]
          /\ lastAction' = Call("DmaBufVunmap", <<b>>, "ok", 0)
          /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, atomics, fileVars>>
       \/ ErrorCalls /\ vmapCount[b] = 0 /\ Fails("DmaBufVunmap", <<b>>, "EINVAL")
=============================================================================
