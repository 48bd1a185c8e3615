package org.rnn4j.math;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WorkerTeam runs every part of every job exactly once, makes the parts' writes visible when run returns,
 * passes a part's exception to the caller, and runs a job started from inside one of its own parts on that
 * thread instead of deadlocking.
 */
class WorkerTeamTest {
    @Test
    void everyPartOfEveryJobRunsExactlyOnce() {
        WorkerTeam team = new WorkerTeam(3);
        int jobs = 20_000;
        for (int parts : new int[] {1, 2, 3, 7}) {
            AtomicIntegerArray counts = new AtomicIntegerArray(parts);
            long[] sums = new long[parts];
            for (int j = 0; j < jobs; j++) {
                int job = j;
                team.run(parts, (part, n) -> {
                    assertEquals(parts, n);
                    counts.incrementAndGet(part);
                    sums[part] += job;       // plain writes, read below after run returns
                });
            }
            for (int p = 0; p < parts; p++) {
                assertEquals(jobs, counts.get(p), "part " + p + " of " + parts);
                assertEquals((long) jobs * (jobs - 1) / 2, sums[p], "part " + p + " of " + parts);
            }
        }
    }

    /**
     * A job with many parts right after one with few: a worker still looking at the last job's claims (all taken)
     * must not claim a part of it once the next job's fields are written. Before the claim word was closed while
     * they were written, this ran a part twice or hung within about a second.
     */
    @Test
    void jobsOfChangingPartCountsRunEachPartOnce() {
        WorkerTeam team = new WorkerTeam(2);
        AtomicIntegerArray counts = new AtomicIntegerArray(48);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int j = 0; j < 1_000_000; j++) {
                int parts = j % 2 == 0 ? 2 : 48;
                for (int p = 0; p < parts; p++) {
                    counts.set(p, 0);
                }
                team.run(parts, (part, n) -> counts.incrementAndGet(part));
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, counts.get(p), "job " + j + ", part " + p + " of " + parts);
                }
            }
        });
    }

    @Test
    void rangesCoverTheTotalOnceInSplitPointOrder() {
        WorkerTeam team = new WorkerTeam(3);
        for (int total : new int[] {0, 1, 2, 7, 50, 1000}) {
            for (int parts : new int[] {1, 2, 3, 5}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(total, 1));
                AtomicIntegerArray starts = new AtomicIntegerArray(parts + 1);
                team.runRanges(total, parts, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                    for (int p = 0; p < parts; p++) {
                        if (WorkerTeam.splitPoint(total, p, parts) == from
                                && WorkerTeam.splitPoint(total, p + 1, parts) == to) {
                            starts.incrementAndGet(p);
                        }
                    }
                });
                for (int i = 0; i < total; i++) {
                    assertEquals(1, seen.get(i), "total " + total + ", " + parts + " parts, element " + i);
                }
                for (int p = 0; p < parts; p++) {
                    assertTrue(starts.get(p) >= 1, "total " + total + ", " + parts + " parts: no run for part " + p);
                }
            }
        }
    }

    /** runOwnRanges cuts [0, total) into min(total, size) runs at the split points and runs each once. */
    @Test
    void ownRangesCoverTheTotalOnceOneRunPerThread() {
        WorkerTeam team = new WorkerTeam(3);
        for (int total : new int[] {0, 1, 2, 7, 50, 1000}) {
            for (int round = 0; round < 20; round++) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(total, 1));
                int runs = Math.min(total, 3);
                List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
                team.runOwnRanges(total, (from, to) -> {
                    ranges.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < total; i++) {
                    assertEquals(1, seen.get(i), "total " + total + ", element " + i);
                }
                assertEquals(Math.max(runs, 1), ranges.size(), "total " + total);
                for (int[] r : ranges) {
                    boolean atSplitPoints = false;
                    for (int p = 0; p < Math.max(runs, 1); p++) {
                        atSplitPoints |= r[0] == WorkerTeam.splitPoint(total, p, Math.max(runs, 1))
                                && r[1] == WorkerTeam.splitPoint(total, p + 1, Math.max(runs, 1));
                    }
                    assertTrue(atSplitPoints, "total " + total + ": run [" + r[0] + ", " + r[1] + ")");
                }
            }
        }
    }

    @Test
    void aPartsExceptionReachesTheCaller() {
        WorkerTeam team = new WorkerTeam(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> team.run(4, (part, n) -> {
            if (part == 3) {
                throw new IllegalArgumentException("part 3 failed");
            }
        }));
        assertEquals("part 3 failed", e.getMessage());
        int[] ran = new int[2];
        team.run(2, (part, n) -> ran[part]++);       // the team still works afterwards
        assertEquals(1, ran[0]);
        assertEquals(1, ran[1]);
    }

    @Test
    void aJobStartedInsideAPartRunsOnThatThread() {
        WorkerTeam team = new WorkerTeam(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(4);
        team.run(2, (part, n) -> team.run(2, (p, m) -> inner.incrementAndGet(2 * part + p)));
        for (int i = 0; i < 4; i++) {
            assertEquals(1, inner.get(i), "inner part " + i);
        }
    }

    @Test
    void sharedTeamsAreOnePerSize() {
        assertSame(WorkerTeam.of(2), WorkerTeam.of(2));
        assertEquals(3, WorkerTeam.of(3).size());
        assertThrows(IllegalArgumentException.class, () -> WorkerTeam.of(2).run(0, (p, n) -> { }));
    }

    @Test
    void memberIndexIsZeroForTheCallerAndOneToSizeMinusOneForTheWorkers() {
        assertEquals(0, WorkerTeam.memberIndex());
        WorkerTeam team = new WorkerTeam(3);
        AtomicIntegerArray seen = new AtomicIntegerArray(3);
        for (int round = 0; round < 2_000; round++) {
            team.run(6, (part, parts) -> {
                try {
                    Thread.sleep(0, 50_000);           // long enough for the workers to take parts too
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.incrementAndGet(WorkerTeam.memberIndex());
            });
            if (seen.get(1) > 0 && seen.get(2) > 0) {
                break;
            }
        }
        assertTrue(seen.get(0) > 0, "the caller ran no part");
        assertTrue(seen.get(1) > 0 && seen.get(2) > 0, "a worker ran no part (or reported another index)");
    }
}
