package org.rnn4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads for parallel jobs of a few microseconds, such as one vector–matrix product of a
 * sampling step. A job is cut into parts; the calling thread and the team's workers take parts until none is
 * left, and {@link #run} returns when all are done. Two things make it fit short jobs:
 * <ul>
 *   <li>A fork-join pool takes tens of microseconds to wake a worker; these workers spin for
 *       {@value #SPIN_MICROS} µs after a job before they park, so the next job starts at once, and an idle
 *       team costs no CPU.</li>
 *   <li>The caller never waits for a worker that has not started: when the other cores are busy with other
 *       programs, it takes the parts itself, so the job takes no longer than on one thread.</li>
 * </ul>
 * Jobs run one at a time (callers from different threads queue on the team's lock); a part that starts a job of
 * its own team runs that job whole on its own thread. Writes made by any part happen-before {@link #run}
 * returns. The workers are daemon threads.
 */
public final class WorkerTeam {
    /** How long an idle worker spins, waiting for the next job, before it parks. */
    private static final long SPIN_MICROS = 50;
    private static final int PART_BITS = 20;
    private static final long PART_MASK = (1L << PART_BITS) - 1;
    /** The part field of a job whose fields are still being written; part counts stay below it. */
    private static final long CLOSED = PART_MASK;

    /** One part of a job: {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Job {
        void run(int part, int parts);
    }

    /** One part of a {@link #runRanges} job: the run [from, to) of its total. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** The shared teams, by size: one set of workers per process serves every product and layer. */
    private static final Map<Integer, WorkerTeam> SHARED = new ConcurrentHashMap<>();

    private final int size;
    private final Worker[] workers;
    /**
     * (job number << PART_BITS) | next unclaimed part: a part is claimed by a compare-and-set on it. While a job's
     * fields are being written the part is {@link #CLOSED}, so that no part can be claimed with one job's number
     * and another job's fields.
     */
    private final AtomicLong claims = new AtomicLong();
    /** Parts claimed or not yet claimed that have not finished. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile Job job;
    private volatile int parts;
    private volatile Throwable failure;
    private long jobNumber;
    /** The thread inside {@link #run} while a job is shared out, else null. */
    private volatile Thread caller;

    /** A team of {@code size} threads: the calling thread and {@code size - 1} workers. */
    public WorkerTeam(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("team size must be positive");
        }
        this.size = size;
        this.workers = new Worker[size - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].setDaemon(true);
            workers[i].setName("rnn4j-team-" + (i + 1));
            workers[i].start();
        }
    }

    /** The process-wide team of {@code size} threads, started on first use. */
    public static WorkerTeam of(int size) {
        return SHARED.computeIfAbsent(size, WorkerTeam::new);
    }

    /** Where part {@code part} of {@code parts} starts when [0, total) is cut into nearly equal runs in order. */
    public static int splitPoint(int total, int part, int parts) {
        return (int) ((long) total * part / parts);
    }

    /**
     * Which member of its team the calling thread is: i for the team's worker i (1 … size-1), 0 for any thread
     * that is not a worker (the caller of {@link #run}). Lets a job give each thread the same share every call,
     * so that the data of that share stays in the thread's core's caches.
     */
    public static int memberIndex() {
        return Thread.currentThread() instanceof Worker w ? w.index : 0;
    }

    /** The number of threads, the caller included. */
    public int size() {
        return size;
    }

    /**
     * Cuts [0, total) into {@code partCount} nearly equal runs in order ({@link #splitPoint}) and runs them as the
     * parts of one job ({@link #run}).
     */
    public void runRanges(int total, int partCount, Range range) {
        run(partCount, (part, parts) -> range.run(splitPoint(total, part, parts), splitPoint(total, part + 1, parts)));
    }

    /**
     * Cuts [0, total) into one run per thread in order ({@link #splitPoint}, at most 31 runs) and runs them as one
     * job in which each thread takes the run of its own {@link #memberIndex} while that run is still free, and
     * any run left otherwise. So every call with the same total gives a thread the same run, whose data then
     * stays in, or streams steadily through, that core's caches; a thread that comes late leaves its run to the
     * others, as with {@link #runRanges}.
     */
    public void runOwnRanges(int total, Range range) {
        int runs = Math.min(Math.min(total, size), 31);     // one bit per run in taken
        if (runs <= 1) {
            range.run(0, total);
            return;
        }
        AtomicInteger taken = new AtomicInteger();
        run(runs, (part, parts) -> {
            int run = takeRun(taken, memberIndex() % parts, parts);
            range.run(splitPoint(total, run, parts), splitPoint(total, run + 1, parts));
        });
    }

    /** Marks run {@code preferred} as taken in the bit set {@code taken} if it is free, else the lowest free run. */
    private static int takeRun(AtomicInteger taken, int preferred, int runs) {
        while (true) {
            int bits = taken.get();
            int run = (bits & (1 << preferred)) == 0 ? preferred : Integer.numberOfTrailingZeros(~bits);
            if (run >= runs) {
                throw new IllegalStateException("more parts than runs");
            }
            if (taken.compareAndSet(bits, bits | (1 << run))) {
                return run;
            }
        }
    }

    /** Runs parts 0 … parts-1 of the job, on this thread and the workers, and waits for all of them. */
    public void run(int partCount, Job work) {
        if (partCount <= 0 || partCount >= CLOSED) {
            throw new IllegalArgumentException("parts must be in 1.." + (CLOSED - 1));
        }
        Thread me = Thread.currentThread();
        if (size == 1 || partCount == 1 || me == caller || me instanceof Worker w && w.team() == this) {
            for (int p = 0; p < partCount; p++) {
                work.run(p, partCount);
            }
            return;
        }
        synchronized (this) {
            caller = me;
            try {
                runShared(partCount, work);
            } finally {
                caller = null;
            }
        }
    }

    private void runShared(int partCount, Job work) {
        // Close the last job before writing this one's fields: a worker that read the last job's claim word
        // (all its parts taken) could otherwise claim "part p" of it with a compare-and-set that still succeeds,
        // after parts and job already belong to this job, and run a part twice or count one too many.
        jobNumber++;
        claims.set(jobNumber << PART_BITS | CLOSED);
        failure = null;
        job = work;
        parts = partCount;
        unfinished.set(partCount);
        claims.set(jobNumber << PART_BITS);        // opens the job to the workers
        for (Worker w : workers) {
            if (w.sleeping) {
                LockSupport.unpark(w);
            }
        }
        Throwable own = null;
        try {
            workOn(jobNumber);
        } catch (Throwable t) {
            own = t;
        }
        for (int spins = 0; unfinished.get() != 0; spins++) {
            if (spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();                    // a worker that claimed a part was descheduled
            }
        }
        job = null;
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException r) {
            throw r;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** Claims and runs parts of job {@code number} until none is left (or a newer job has started). */
    private void workOn(long number) {
        while (true) {
            long c = claims.get();
            int part = (int) (c & PART_MASK);
            int count = parts;
            if ((c >>> PART_BITS) != number || part >= count) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                job.run(part, count);
            } catch (Throwable t) {
                failure = t;
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    /** Whether claim word c shows an open job other than job {@code seen}. */
    private static boolean opensNewJob(long c, long seen) {
        return (c >>> PART_BITS) != seen && (c & PART_MASK) != CLOSED;
    }

    private final class Worker extends Thread {
        private final int index;
        private volatile boolean sleeping;

        Worker(int index) {
            this.index = index;
        }

        WorkerTeam team() {
            return WorkerTeam.this;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long c;
                long spinStart = System.nanoTime();
                while (!opensNewJob(c = claims.get(), seen)) {
                    if (System.nanoTime() - spinStart < TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS)) {
                        Thread.onSpinWait();
                        continue;
                    }
                    // the flag goes up before the last look: run() either sees it and unparks, or we see its job
                    sleeping = true;
                    if (!opensNewJob(claims.get(), seen)) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    spinStart = System.nanoTime();
                }
                seen = c >>> PART_BITS;
                workOn(seen);
            }
        }
    }
}
