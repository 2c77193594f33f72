----------------------------- MODULE MCDmaBufBug -----------------------------
(***************************************************************************)
(* Bug models. Each MCDmaBuf_<Property>_bug.cfg turns on one bug toggle    *)
(* (BugName) of DmaBuf and checks one property, which TLC must reject      *)
(* with a counterexample: proof that the property can fail. The model is   *)
(* small (one or two buffers, importers d1 and d2, two processes, one      *)
(* context) and explores no caller mistakes or faults, so each verdict     *)
(* comes from the bug alone.                                               *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    BugName,    \* the toggle, one of the names tested with Bug(_) in the DmaBuf modules
    NBuffers,   \* 1 or 2
    NPagesBug,  \* buffer size in pages
    MaxLoad     \* as in MCDmaBuf: things held at once

VARIABLES bufState, refcount, drvRefs, attached, mapped, stalled, storage, everMapped,
          releases, cpuWindow, kmapped, atomics, vmapCount, exporterVmaps, name, fds, mmaps,
          granted, lastAction

M == INSTANCE DmaBuf WITH
        Buffers <- IF NBuffers = 1 THEN {"b1"} ELSE {"b1", "b2"},
        Devices <- {"d1", "d2"},
        Exporter <- "exp",
        Procs <- {"p1", "p2"},
        Contexts <- {"c1"},
        Storages <- <<"sys", "contig">>,
        Accepts <- ("d1" :> {"sys", "contig"} @@ "d2" :> {"contig"}),
        Directions <- {"DMA_BIDIRECTIONAL"},
        NPages <- NPagesBug,
        PageSize <- 4096,
        MaxFds <- 1,
        MaxRefs <- 1,
        MaxVmaps <- 2,
        Names <- {"cam"},
        SyncFlags <- {3},
        AllocPolicy <- "at_first_map",
        MigrationPolicy <- "migrate",
        VmapSupported <- TRUE,
        Profile <- "seed",
        ErrorCalls <- FALSE,
        Faults <- FALSE,
        Bugs <- {BugName}

Init == M!Init
Next == M!Next
Spec == M!Spec

Held(b) == M!FdRefs(b) + M!DrvRefTotal(b) + M!MmapRefs(b)
           + Cardinality({d \in {"d1", "d2"} : mapped[b][d] # "none" \/ stalled[b][d] # "none"})
           + (IF cpuWindow[b] # M!NoWindow THEN 1 ELSE 0) + vmapCount[b]
LoadConstraint == Held("b1") + (IF NBuffers = 2 THEN Held("b2") ELSE 0) <= MaxLoad

TypeOK == M!TypeOK
RefcountInv == M!RefcountInv
NoUseAfterReleaseInv == M!NoUseAfterReleaseInv
ReleaseOnceInv == M!ReleaseOnceInv
MapNeedsAttachInv == M!MapNeedsAttachInv
NoMigrationWhileMappedInv == M!NoMigrationWhileMappedInv
MappedConstraintsInv == M!MappedConstraintsInv
AtomicKmapLimitInv == M!AtomicKmapLimitInv
KmapInRangeInv == M!KmapInRangeInv
VmapOnceInv == M!VmapOnceInv
MmapWithinSizeInv == M!MmapWithinSizeInv
ExecClosesCloexecInv == M!ExecClosesCloexecInv
FdProvenanceInv == M!FdProvenanceInv
LlseekResultInv == M!LlseekResultInv
StalledMapCompletesProp == M!StalledMapCompletesProp
ReleaseProp == M!ReleaseProp
=============================================================================
