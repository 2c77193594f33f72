package org.dmabufspec.reference;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code dma_buf_map_attachment} call running on a thread of its own, for callers that must
 * go on while the map is stalled (a trace replayer, a test). It is handed back once the call has
 * either returned or stalled; {@link #interrupt()} is the signal that makes a stalled map return
 * EINTR.
 */
public final class MapCall {
  private final String device;
  private final String buffer;
  private final DataDirection dir;
  private final CountDownLatch settled = new CountDownLatch(1);
  private final CompletableFuture<Result<SgTable>> result = new CompletableFuture<>();
  private volatile boolean stalled;
  private Thread thread; // guarded by this

  private MapCall(String device, String buffer, DataDirection dir) {
    this.device = device;
    this.buffer = buffer;
    this.dir = dir;
  }

  static MapCall start(ReferenceKernel kernel, KernelState k, String d, String b, DataDirection dir,
      Executor executor) {
    MapCall call = new MapCall(d, b, dir);
    executor.execute(() -> call.run(kernel, k));
    boolean interrupted = false;
    while (true) {
      try {
        call.settled.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return call;
  }

  private void run(ReferenceKernel kernel, KernelState k) {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    k.onStall.set(() -> {
      stalled = true;
      settled.countDown();
    });
    Result<SgTable> r = null;
    Throwable failure = null;
    try {
      r = kernel.dmaBufMapAttachment(device, buffer, dir);
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      k.onStall.remove();
      synchronized (this) {
        thread = null;
        Thread.interrupted(); // an interrupt() that came after the call returned was for it alone
      }
    }
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(r);
    }
    settled.countDown();
  }

  /** The device that maps. */
  public String device() {
    return device;
  }

  /** The buffer mapped. */
  public String buffer() {
    return buffer;
  }

  /** The direction asked for. */
  public DataDirection direction() {
    return dir;
  }

  /** True once the call returned (or threw). */
  public boolean isDone() {
    return result.isDone();
  }

  /** True while the call is waiting for a migration. */
  public boolean isStalled() {
    return stalled && !result.isDone();
  }

  /** True when the call stalled at some point. */
  public boolean hasStalled() {
    return stalled;
  }

  /** Interrupts the call's thread if the call is still running (a signal: EINTR if stalled). */
  public synchronized void interrupt() {
    if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * Waits for the call's result.
   *
   * @throws NotEnabledException or any other exception the call threw
   */
  public Result<SgTable> join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Waits at most {@code timeout} for the result.
   *
   * @return the result, or empty when the call is still running
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Optional<Result<SgTable>> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** The result if the call returned. */
  public Optional<Result<SgTable>> resultNow() {
    return result.isDone() ? Optional.of(join()) : Optional.empty();
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(t);
  }

  @Override
  public String toString() {
    return "MapCall(" + device + ", " + buffer + ", " + dir.spec() + ", "
        + (isDone() ? "returned " + resultNow().orElseThrow() : isStalled() ? "stalled" : "running") + ")";
  }
}
