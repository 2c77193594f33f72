--------------------------- MODULE MCDmaBufHistory ---------------------------
(***************************************************************************)
(* Finite values for the history models (spec/history/*.cfg, listed in    *)
(* spec/HISTORY.md). One buffer, one importer, one or two processes, the  *)
(* modern kernel profile (DMA_BUF_SET_NAME and poll exist), no caller     *)
(* mistakes and no injected faults: each counterexample comes from its    *)
(* bug toggle alone. Each config turns on the concepts (HistParts) its    *)
(* bug needs and checks one property.                                      *)
(***************************************************************************)
EXTENDS DmaBufHistory, TLC

HOneBuffer == {"b1"}
HOneDevice == {"d1"}
HOneProc == {"p1"}
HTwoProcs == {"p1", "p2"}
HOneContext == {"c1"}
HStorages == <<"sys">>
HAccepts == "d1" :> {"sys"}
HDirections == {"DMA_BIDIRECTIONAL"}
HNames == {"cam"}
HSyncFlags == {3}
HItemPages == 0..3
HNoParts == {}
HNameParts == {"name"}
HPollParts == {"poll"}
HFaultParts == {"fault"}
HUdmabufParts == {"udmabuf"}
HHeapParts == {"heap"}

\* udmabuf and heap registration do not involve the exported buffers of the base spec: their
\* models leave the base spec at its initial state (nothing exported) to stay small.
HistConstraint == HistParts \subseteq {"udmabuf", "heap"} => \A b \in Buffers : bufState[b] = "unexported"
=============================================================================
