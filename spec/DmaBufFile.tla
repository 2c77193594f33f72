------------------------------ MODULE DmaBufFile ------------------------------
(***************************************************************************)
(* The user-space side: the fd's lifetime (dup, close, SCM_RIGHTS, exec    *)
(* and FD_CLOEXEC: guide "Miscellaneous notes"), mmap (guide "Direct       *)
(* Userspace Access/mmap Support"), llseek (guide "Other Interfaces        *)
(* Exposed to Userspace on the dma-buf FD"), and the ioctls of later       *)
(* kernels (DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME).                         *)
(***************************************************************************)
EXTENDS DmaBufBase

BufOf(p, fd) == fds[p][fd].buf
Size == NPages * PageSize

\* fs/file.c dup(2): a new fd on the same file, FD_CLOEXEC clear; the file count goes up.
FdDup(p, fd) ==
    \/ /\ OpenFd(p, fd) /\ FreeSlots(p) # {}
       /\ LET nfd == Min(FreeSlots(p)) IN
          /\ fds' = [fds EXCEPT ![p][nfd] = [buf |-> BufOf(p, fd), cloexec |-> FALSE]]
          /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ + 1]
          /\ lastAction' = Call("FdDup", <<p, fd>>, "fd", nfd)
          /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
                         releases, cpuVars, name, mmaps, granted>>
    \/ /\ OpenFd(p, fd) /\ FreeSlots(p) = {} /\ Fails("FdDup", <<p, fd>>, "EMFILE")
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdDup", <<p, fd>>, "EBADF")

\* close(2): drops the fd's reference; the last one leads to DmaBufRelease.
FdClose(p, fd) ==
    \/ /\ OpenFd(p, fd)
       /\ fds' = [fds EXCEPT ![p][fd] = NoFd]
       /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ - 1]
       /\ lastAction' = Call("FdClose", <<p, fd>>, "ok", 0)
       /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
                      releases, cpuVars, name, mmaps, granted>>
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdClose", <<p, fd>>, "EBADF")

\* sendmsg(2)/recvmsg(2) with SCM_RIGHTS from p to q ("share the fd with other ... processes",
\* guide step 2): q gets a new fd on the same file, without FD_CLOEXEC.
FdSend(p, q, fd) ==
    /\ p # q
    /\ \/ /\ OpenFd(p, fd) /\ FreeSlots(q) # {}
          /\ LET nfd == Min(FreeSlots(q)) IN
             /\ fds' = [fds EXCEPT ![q][nfd] = [buf |-> BufOf(p, fd), cloexec |-> FALSE]]
             /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = IF Bug("SendForgetsRef") THEN @ ELSE @ + 1]
             /\ granted' = [granted EXCEPT ![q] = @ \cup {BufOf(p, fd)}]
             /\ lastAction' = Call("FdSend", <<p, q, fd>>, "fd", nfd)
             /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
                            releases, cpuVars, name, mmaps>>
       \/ /\ OpenFd(p, fd) /\ FreeSlots(q) = {} /\ Fails("FdSend", <<p, q, fd>>, "EMFILE")
       \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdSend", <<p, q, fd>>, "EBADF")

\* execve(2): the fds with FD_CLOEXEC are closed, the others kept; the old address space and
\* its mappings go. Guide "Miscellaneous notes": a CLOEXEC fd must not leak into the new image.
ProcessExec(p) ==
    LET closing == {fd \in FdSlots : OpenFd(p, fd) /\ fds[p][fd].cloexec /\ ~Bug("ExecKeepsCloexec")}
        dropped(b) == Cardinality({fd \in closing : BufOf(p, fd) = b})
                      + (IF mmaps[p][b] # <<>> THEN 1 ELSE 0)
    IN /\ fds' = [fds EXCEPT ![p] = [fd \in FdSlots |-> IF fd \in closing THEN NoFd ELSE @[fd]]]
       /\ mmaps' = [mmaps EXCEPT ![p] = [b \in Buffers |-> <<>>]]
       /\ refcount' = [b \in Buffers |-> refcount[b] - dropped(b)]
       /\ lastAction' = Call("ProcessExec", <<p>>, "ok", 0)
       /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
                      releases, cpuVars, name, granted>>

\* mmap(2) on the dma-buf fd -> dma-buf.c::dma_buf_mmap_internal(); guide "Direct Userspace
\* Access/mmap Support", "3. Implementation notes": sizes never change, so the core rejects a
\* mapping past the end (EINVAL). The mapping holds a file reference. len and pgoff in pages.
DmaBufMmap(p, fd, len, pgoff) ==
    LET args == <<p, fd, len, pgoff>> IN
    \/ /\ OpenFd(p, fd) /\ mmaps[p][BufOf(p, fd)] = <<>>
       /\ pgoff + len <= NPages \/ Bug("MmapNoSizeCheck")
       /\ mmaps' = [mmaps EXCEPT ![p][BufOf(p, fd)] = <<pgoff, len>>]
       /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ + 1]
       /\ lastAction' = Call("DmaBufMmap", args, "ok", 0)
       /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
                      releases, cpuVars, name, fds, granted>>
    \/ /\ ErrorCalls /\ OpenFd(p, fd) /\ pgoff + len > NPages /\ ~Bug("MmapNoSizeCheck")
       /\ Fails("DmaBufMmap", args, "EINVAL")
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufMmap", args, "EBADF")

\* munmap(2) of p's mapping of b: the vma's file reference goes.
Munmap(p, b) ==
    /\ mmaps[p][b] # <<>>
    /\ mmaps' = [mmaps EXCEPT ![p][b] = <<>>]
    /\ refcount' = [refcount EXCEPT ![b] = @ - 1]
    /\ lastAction' = Call("Munmap", <<p, b>>, "ok", 0)
    /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped, releases,
                   cpuVars, name, fds, granted>>

\* dma-buf.c::dma_buf_llseek(); guide "Other Interfaces Exposed to Userspace": only offset 0
\* with SEEK_END (the size) or SEEK_SET (0); anything else EINVAL; ESPIPE before 3.12.
DmaBufLlseek(p, fd, off, whence) ==
    LET args == <<p, fd, off, whence>>
        good == off = 0 /\ (whence \in {"SEEK_SET", "SEEK_END"} \/ (Bug("LlseekAcceptsCur")))
    IN \/ /\ OpenFd(p, fd) /\ HasLlseek /\ good
          /\ Returns("DmaBufLlseek", args, "ok", IF whence = "SEEK_END" THEN Size ELSE 0)
       \/ ErrorCalls /\ OpenFd(p, fd) /\ HasLlseek /\ ~good /\ Fails("DmaBufLlseek", args, "EINVAL")
       \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasLlseek /\ Fails("DmaBufLlseek", args, "ESPIPE")
       \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufLlseek", args, "EBADF")

\* dma-buf.c::dma_buf_ioctl(DMA_BUF_IOCTL_SYNC): flags need READ and/or WRITE and nothing
\* outside RW|END (EINVAL); unknown on kernels without the ioctl (ENOTTY).
DmaBufIoctlSync(p, fd, flags) ==
    LET args == <<p, fd, flags>> IN
    \/ OpenFd(p, fd) /\ HasIoctls /\ SyncFlagsValid(flags) /\ Returns("DmaBufIoctlSync", args, "ok", 0)
    \/ ErrorCalls /\ OpenFd(p, fd) /\ HasIoctls /\ ~SyncFlagsValid(flags)
       /\ Fails("DmaBufIoctlSync", args, "EINVAL")
    \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasIoctls /\ Fails("DmaBufIoctlSync", args, "ENOTTY")
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufIoctlSync", args, "EBADF")

\* dma-buf.c::dma_buf_set_name() (DMA_BUF_SET_NAME): 5.x kernels refuse while attached (EBUSY).
DmaBufSetName(p, fd, n) ==
    LET args == <<p, fd, n>> IN
    \/ /\ OpenFd(p, fd) /\ HasIoctls
       /\ IF SetNameBusyWhenAttached /\ attached[BufOf(p, fd)] # {}
          THEN Fails("DmaBufSetName", args, "EBUSY")
          ELSE /\ name' = [name EXCEPT ![BufOf(p, fd)] = n]
               /\ lastAction' = Call("DmaBufSetName", args, "ok", 0)
               /\ UNCHANGED <<lifeVars, cpuVars, fds, mmaps, granted>>
    \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasIoctls /\ Fails("DmaBufSetName", args, "ENOTTY")
    \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufSetName", args, "EBADF")
=============================================================================
