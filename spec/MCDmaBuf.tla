------------------------------ MODULE MCDmaBuf ------------------------------
(***************************************************************************)
(* Finite values for model checking DmaBuf. The cfg files choose among    *)
(* them; every bound is explained here.                                   *)
(***************************************************************************)
EXTENDS DmaBuf, TLC

\* Model bound: how many things (fds, kernel references, user mappings, outstanding or stalled
\* maps, cpu windows, vmaps) may be held at once across all buffers. Every behaviour that never
\* holds more than MaxLoad of them at a time is explored. Attachments and kmaps are not
\* counted: they are bounded by |Devices| and |Pages| already, and each needs a reference.
\* No step that fairness demands (release, migration, the resumed map) raises the load, so
\* the bound cuts no fair behaviour short.
CONSTANT MaxLoad

\* Model values for the symmetric sets (buffers, processes, contexts are interchangeable),
\* so that the checking configs can use SYMMETRY. Devices are not symmetric: they differ in
\* their constraints.
CONSTANTS b1, b2, p1, p2, c1, c2
MVBuffers == {b1, b2}
MVProcs == {p1, p2}
MVContexts == {c1, c2}
Symmetric == Permutations(MVBuffers) \cup Permutations(MVProcs) \cup Permutations(MVContexts)

\* Two buffers: enough for two buffers to interact in one fd table, one context's atomic
\* kmaps, and for a process to hold one buffer it created and one it was sent.
MCBuffers == {"b1", "b2"}
MCOneBuffer == {"b1"}
\* Three importers with different constraints: d1 takes any storage (it has an IOMMU),
\* d2 needs physically contiguous memory, d3 needs plain system pages. d2 after d1 forces a
\* migration; d2 and d3 together cannot be served (attach fails).
MCDevices == {"d1", "d2", "d3"}
MCTwoDevices == {"d1", "d2"}
MCOneDevice == {"d1"}
MCAccepts == "d1" :> {"sys", "contig"} @@ "d2" :> {"contig"} @@ "d3" :> {"sys"}
\* Storage kinds from least to most strict: the exporter prefers "sys".
MCStorages == <<"sys", "contig">>
\* Two processes, to send an fd from one to the other; two contexts for atomic kmaps.
MCProcs == {"p1", "p2"}
MCOneProc == {"p1"}
MCContexts == {"c1", "c2"}
MCOneContext == {"c1"}
\* Two directions suffice: the spec treats every direction alike.
MCDirections == {"DMA_TO_DEVICE", "DMA_FROM_DEVICE"}
MCOneDirection == {"DMA_BIDIRECTIONAL"}
\* Sync flags: START|RW and END|RW are valid, 0 and 8 are not (IGT test_invalid_sync_flags).
MCSyncFlags == {3, 7, 0, 8}
MCOneSyncFlag == {3}
MCNames == {"cam"}

Held(b) == FdRefs(b) + DrvRefTotal(b) + MmapRefs(b)
           + Cardinality({d \in Devices : mapped[b][d] # "none" \/ stalled[b][d] # "none"})
           + (IF cpuWindow[b] # NoWindow THEN 1 ELSE 0) + vmapCount[b]
RECURSIVE SumLoad(_)
SumLoad(S) == IF S = {} THEN 0 ELSE LET b == CHOOSE x \in S : TRUE IN Held(b) + SumLoad(S \ {b})
Load == SumLoad(Buffers)
LoadConstraint == Load <= MaxLoad
=============================================================================
