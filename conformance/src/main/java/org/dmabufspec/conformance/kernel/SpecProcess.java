package org.dmabufspec.conformance.kernel;

import com.sun.jna.LastErrorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One spec process (p1, p2, ...) as a real process: the {@code dmabuf-proc} helper
 * ({@link ProcHelper}), driven one request at a time over its stdin and stdout. The JVM also
 * holds a pidfd on it, through which a driver takes a reference on a file in its fd table
 * ({@code pidfd_getfd}, the user-space image of {@code dma_buf_get(fd)} called in this
 * process's context).
 *
 * <p>A request that takes longer than {@link #TIMEOUT_MS} kills the helper; a helper that dies
 * fails the request with an {@link IllegalStateException} naming the process and the request.
 */
final class SpecProcess implements AutoCloseable {
    /** Longest a single request may take (TCG included). */
    static final long TIMEOUT_MS = 30_000;
    /** The helper keeps its own fds at this number and above (dmabuf-proc.c's HIGH). */
    static final int HELPER_FDS = 500;

    private static final Set<SpecProcess> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Thread watchdog = new Thread(SpecProcess::watch, "dmabuf-proc watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** One reply line: "ok k=v ..." or "err errno=N call=TEXT". */
    record Reply(boolean ok, Map<String, String> fields, int errno, String call, String raw) {
        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalStateException("reply without " + key + ": " + raw);
            }
            return v;
        }

        int intValue(String key) {
            return Integer.parseInt(get(key));
        }

        long longValue(String key) {
            return Long.decode(get(key));
        }

        /** The errno's name ("EBADF"), or "errno N" for one {@link KernelErrno} does not name. */
        String errnoName() {
            return KernelErrno.of(errno).map(Enum::name).orElse("errno " + errno);
        }

        static Reply parse(String line) {
            if (line.startsWith("err ")) {
                int call = line.indexOf(" call=");
                String errno = line.substring(4, call < 0 ? line.length() : call).strip();
                if (!errno.startsWith("errno=")) {
                    throw new IllegalStateException("malformed reply: " + line);
                }
                return new Reply(false, Map.of(), Integer.parseInt(errno.substring(6)),
                        call < 0 ? "?" : line.substring(call + 6), line);
            }
            if (!line.equals("ok") && !line.startsWith("ok ")) {
                throw new IllegalStateException("malformed reply: " + line);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String tok : line.substring(2).strip().split(" ")) {
                int eq = tok.indexOf('=');
                if (eq > 0) {
                    fields.put(tok.substring(0, eq), tok.substring(eq + 1));
                } else if (!tok.isEmpty()) {
                    fields.put(tok, "");
                }
            }
            return new Reply(true, fields, 0, null, line);
        }
    }

    final String name;
    private final Process process;
    private final OutputStream stdin;
    private final BufferedReader stdout;
    private final int pid;
    private final int pidfd;
    private final LibC libc;
    private volatile long deadline = Long.MAX_VALUE;
    private volatile String current = "";

    private SpecProcess(String name, Process process, LibC libc) throws IOException {
        this.name = name;
        this.process = process;
        this.libc = libc;
        this.stdin = process.getOutputStream();
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        WATCHED.add(this);
        Reply ready = read("(start)");
        if (!ready.ok() || !ready.fields().containsKey("ready")) {
            throw new IllegalStateException("dmabuf-proc " + name + " did not start: " + ready.raw());
        }
        this.pid = ready.intValue("pid");
        int fd;
        try {
            fd = (int) libc.syscall(LibC.SYS_pidfd_open, (long) pid, 0L);
        } catch (LastErrorException e) {
            kill();
            throw new KernelCallException("pidfd_open(pid=" + pid + ")", e.getErrorCode());
        }
        this.pidfd = fd;
    }

    /**
     * Starts the helper for process {@code name} with {@code maxFds} fd slots (3 .. 2+maxFds),
     * listening on the abstract socket {@code sockPrefix.name}.
     */
    static SpecProcess start(String name, int maxFds, String sockPrefix, String udmabufDevice, String heapDevice,
            LibC libc) {
        return start(name, maxFds, sockPrefix, udmabufDevice, heapDevice, -1, libc);
    }

    /** The same, the helper running on CPU {@code cpu} only when it is not negative. */
    static SpecProcess start(String name, int maxFds, String sockPrefix, String udmabufDevice, String heapDevice,
            int cpu, LibC libc) {
        List<String> cmd = List.of(ProcHelper.binary().toString(), name, Integer.toString(maxFds), sockPrefix,
                udmabufDevice == null ? "-" : udmabufDevice, heapDevice == null ? "-" : heapDevice);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            if (cpu >= 0) {
                pb.environment().put("DMABUF_PROC_CPU", Integer.toString(cpu));
            } else {
                pb.environment().remove("DMABUF_PROC_CPU");
            }
            Process p = pb.start();
            try {
                return new SpecProcess(name, p, libc);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    int pid() {
        return pid;
    }

    int pidfd() {
        return pidfd;
    }

    /** /proc/PID/... of this process. */
    Path proc(String entry) {
        return Path.of("/proc", Integer.toString(pid), entry);
    }

    /** Sends one request and waits for its reply line. */
    Reply request(String line) {
        send(line);
        return receive();
    }

    private String pending;
    private long sent;

    /** Requests sent so far: a helper acts only on requests, so an unchanged count means an unchanged process. */
    long sent() {
        return sent;
    }

    /**
     * Sends one request without waiting: the helper works on it while the caller does something
     * else (another helper's request, its own reading of the kernel); {@link #receive()} takes
     * the reply. One request at a time.
     */
    void send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a request is one line: " + line);
        }
        if (pending != null) {
            throw new IllegalStateException(name + ": '" + pending + "' still waits for its reply");
        }
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            pending = line;
            sent++;
        } catch (IOException e) {
            throw died(line, e.getMessage());
        }
    }

    /** The reply to the request {@link #send} sent. */
    Reply receive() {
        String line = pending;
        if (line == null) {
            throw new IllegalStateException(name + ": no request is waiting for a reply");
        }
        pending = null;
        try {
            return read(line);
        } catch (IOException e) {
            throw died(line, e.getMessage());
        }
    }

    private Reply read(String request) throws IOException {
        current = request;
        deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String reply;
        try {
            reply = stdout.readLine();
        } finally {
            deadline = Long.MAX_VALUE;
        }
        if (reply == null) {
            throw died(request, "end of its output");
        }
        return Reply.parse(reply);
    }

    private IllegalStateException died(String request, String what) {
        String status = process.isAlive() ? "alive" : "exited " + process.exitValue();
        return new IllegalStateException("dmabuf-proc " + name + " (pid " + process.pid() + ", " + status
                + ") failed during '" + request + "': " + what);
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.currentTimeMillis();
            for (SpecProcess p : WATCHED) {
                if (now > p.deadline) {
                    System.err.println("dmabuf-proc " + p.name + ": '" + p.current + "' took more than "
                            + TIMEOUT_MS + " ms; killing it");
                    p.kill();
                }
            }
        }
    }

    private void kill() {
        process.destroyForcibly();
        WATCHED.remove(this);
    }

    @Override
    public void close() {
        WATCHED.remove(this);
        try {
            if (process.isAlive()) {
                stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
        } catch (IOException ignored) {
            // It is going anyway.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close();
                stdout.close();
                process.getErrorStream().close();
            } catch (IOException ignored) {
                // Closing pipes of a dead process.
            }
            try {
                libc.close(pidfd);
            } catch (LastErrorException ignored) {
                // Already closed.
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}
