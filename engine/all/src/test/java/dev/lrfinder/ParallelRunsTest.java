package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs at once behave as runs one after another: results in run order, failures and interrupts as a loop has them. */
class ParallelRunsTest {

    @Test
    void resultsComeInRunOrderWhicheverEndsFirstAndRunsOverlap() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> results = ParallelRuns.run(5, 2, i -> {
            threads.add(Thread.currentThread().getName());
            if (i < 2) {
                bothStarted.countDown();
                await(bothStarted); // runs 0 and 1 are under way at the same time, or this never returns
            }
            sleep(i == 0 ? 40 : 0); // run 0 ends last
            return i * 10;
        });
        assertEquals(List.of(0, 10, 20, 30, 40), results);
        assertEquals(Set.of("lrfinder-run-1", "lrfinder-run-2"), threads, "two runs at once, each on its own thread");
    }

    @Test
    void oneAtATimeRunsOnTheCallersThread() {
        String caller = Thread.currentThread().getName();
        assertEquals(List.of(caller, caller), ParallelRuns.run(2, 1, i -> Thread.currentThread().getName()));
    }

    @Test
    void aFailureStopsTheOtherRunsAndIsThrownAsItself() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("run 1 broke");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ParallelRuns.run(6, 2, i -> {
            started.incrementAndGet();
            if (i == 1) {
                sleep(20);
                throw boom;
            }
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(30)); // a long sweep, cut short by the interrupt
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
            return i;
        }));
        assertSame(boom, thrown);
        assertEquals(2, started.get(), "no run starts after the failure");
        assertEquals(1, interrupted.get(), "the run under way was interrupted");
    }

    @Test
    void aFailureEveryRunRepeatsIsThrownOnceAndDifferentOnesAreKept() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        IllegalStateException same = assertThrows(IllegalStateException.class, () -> ParallelRuns.run(2, 2, i -> {
            bothStarted.countDown();
            awaitIgnoringInterrupts(bothStarted); // both fail, as every run does when a native library is missing
            throw new IllegalStateException("the native shim liblrfinder_shim.so is missing");
        }));
        assertEquals(0, same.getSuppressed().length, "the repeated message is not printed again as suppressed");

        CountDownLatch bothStartedAgain = new CountDownLatch(2);
        IllegalStateException different = assertThrows(IllegalStateException.class, () -> ParallelRuns.run(2, 2, i -> {
            bothStartedAgain.countDown();
            awaitIgnoringInterrupts(bothStartedAgain);
            throw new IllegalStateException("run " + i + " broke");
        }));
        assertEquals(1, different.getSuppressed().length, "a different failure is still reported");
    }

    @Test
    void anInterruptedCallerInterruptsEveryRunAndGetsTheirResults() throws InterruptedException {
        AtomicInteger sawInterrupt = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Thread interrupter = Thread.ofPlatform().start(() -> {
            sleep(50);
            caller.interrupt();
        });
        List<Integer> results = ParallelRuns.run(4, 2, i -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // a sweep checks the interrupt before every step
            }
            if (Thread.currentThread().isInterrupted()) {
                sawInterrupt.incrementAndGet();
            }
            return i;
        });
        assertTrue(Thread.interrupted(), "the caller's interrupt is set again");
        interrupter.join();
        assertEquals(List.of(0, 1, 2, 3), results);
        assertEquals(4, sawInterrupt.get(), "the runs under way and those started later all see the interrupt");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the other run never started");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The first run to fail interrupts the other, which must still get to its own failure. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latch.getCount() > 0) {
            assertTrue(System.nanoTime() < deadline, "the other run never started");
            Thread.onSpinWait();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
