package org.dmabufspec.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one reference-count contract (Netty's ReferenceCounted shape). */
class RefCountTest {

  @Test
  void startsAtOneAndReleaseSaysWhenFreed() {
    RefCount r = new RefCount();
    assertEquals(1, r.refCnt());
    r.retain().retain(2);
    assertEquals(4, r.refCnt());
    assertFalse(r.release());
    assertFalse(r.release(2));
    assertTrue(r.release());
    assertEquals(0, r.refCnt());
  }

  @Test
  void misuseThrowsTyped() {
    RefCount r = new RefCount();
    IllegalReferenceCountException e = assertThrows(IllegalReferenceCountException.class, () -> r.release(2));
    assertEquals(1, e.count());
    assertEquals(-2, e.delta());
    assertTrue(r.release());
    assertThrows(IllegalReferenceCountException.class, r::retain, "use after free");
    assertThrows(IllegalReferenceCountException.class, r::release, "underflow");
    assertThrows(IllegalArgumentException.class, () -> new RefCount().retain(0));
    assertThrows(IllegalArgumentException.class, () -> new RefCount().release(-1));
  }

  @Test
  void exactlyOneConcurrentReleaseFrees() throws InterruptedException {
    for (int round = 0; round < 50; round++) {
      RefCount r = new RefCount();
      r.retain(15);
      AtomicInteger freed = new AtomicInteger();
      List<Thread> ts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Thread t = new Thread(() -> {
          if (r.release()) {
            freed.incrementAndGet();
          }
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join();
      }
      assertEquals(1, freed.get());
      assertEquals(0, r.refCnt());
    }
  }
}
