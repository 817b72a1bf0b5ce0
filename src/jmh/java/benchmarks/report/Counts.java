package benchmarks.report;

import java.util.List;
import java.util.Optional;

/**
 * How many atomic read-modify-write instructions and full memory fences each measured path executes per operation,
 * counted from the code (and checked against the JIT's assembly, see docs/benchmarks.md). On the CPUs this project
 * runs on, these instructions are most of the difference between a safe path and raw JNI, and their price differs
 * from one CPU to the next: the time of a row is about its plain work plus count times price, and
 * {@code LifecycleCostBenchmark} measures both prices on the machine that runs it. Every count includes the fence
 * HotSpot executes on the way back from each native call (or downcall), which raw JNI pays too.
 */
final class Counts {
    record Count(String path, String group, String name, int atomics, int fences, String where) {}

    static final List<Count> ALL = List.of(
            new Count("fill 16 B, raw JNI", "FillBenchmark", "rawJni", 0, 1,
                    "the return from the native call"),
            new Count("fill 16 B, confined `Buffer`", "FillBenchmark", "bufferConfined", 0, 1,
                    "one comparison of the owner field, no more"),
            new Count("fill 16 B, shared `Buffer`", "FillBenchmark", "bufferShared", 0, 1,
                    "the guard: two plain stores and a load (one more fence where the kernel has no membarrier())"),
            new Count("fill 16 B, confined Panama `Buffer`", "FillBenchmark", "panamaBufferConfined", 0, 1,
                    "a confined arena's checks are plain"),
            new Count("fill 16 B, shared Panama `Buffer`", "FillBenchmark", "panamaBufferShared", 2, 1,
                    "the shared arena is acquired and released around the downcall (a compare-and-set each)"),
            new Count("allocate, fill, free: raw JNI", "LifecycleBenchmark", "rawJni", 0, 3,
                    "three native calls"),
            new Count("allocate, fill, close: confined `Buffer`", "LifecycleBenchmark", "bufferConfined", 0, 4,
                    "the backstop's phantom reference stores its queue in a volatile field (and one G1 barrier"
                            + " fence per batch of 64 buffers)"),
            new Count("allocate, fill, close: shared `Buffer`", "LifecycleBenchmark", "bufferShared", 14, 5,
                    "a ticket, the guard cell's pool lock (twice), a locked table's monitor (twice), the close's"
                            + " compare-and-set, the ticket's retirement (at close and again in the batch's flush) and"
                            + " the retirement queue's lock; plus a 64th of a flush's membarrier() system call and two"
                            + " fences"),
            new Count("allocate, fill, close: confined Panama `Buffer`", "LifecycleBenchmark",
                    "panamaBufferConfined", 0, 4, "as the JNI `Buffer`: three downcalls and the phantom reference"),
            new Count("register and close a tracker (backstop alone)", "LifecycleCostBenchmark",
                    "backstopRegisterAndClose", 0, 1, "the phantom reference's volatile store"),
            new Count("register and clean with a `java.lang.ref.Cleaner`", "LifecycleCostBenchmark",
                    "cleanerRegisterAndClean", 4, 1,
                    "the Cleaner's list lock, to insert and to remove (two compare-and-sets each), and the"
                            + " phantom reference"));

    /** close() alone, not measured apart: what it adds to the lifecycle rows. */
    static final String CLOSE = "`close()` alone: confined, 0 atomic instructions and 1 fence (the native call that"
            + " frees); shared, 9 atomic instructions (the close's compare-and-set, the ticket's retirement at close"
            + " and again in the flush, the retirement queue's lock, the pool lock and a locked table's monitor) and"
            + " 1 fence, plus a 64th of a flush: one `membarrier()` system call and two fences for up to 64 closes.";

    private Counts() {}

    static void appendTable(Results results, StringBuilder out) {
        out.append("#### Atomic instructions and fences per operation\n\n")
                .append("| path | atomic RMW | fences | ns/op | where they are |\n|---|---|---|---|---|\n");
        for (Count count : ALL) {
            Optional<Result> row = results.find(count.group(), count.name(), 16);
            out.append("| ").append(count.path()).append(" | ").append(count.atomics()).append(" | ")
                    .append(count.fences()).append(" | ")
                    .append(row.map(r -> Report.number(r.score())).orElse("not run")).append(" | ")
                    .append(count.where()).append(" |\n");
        }
        out.append("\n").append(CLOSE).append("\n\n");
    }

    /** The counts of a row, e.g. "0 atomic, 1 fence", or empty if it has none. */
    static Optional<String> of(String group, String name) {
        return ALL.stream().filter(count -> count.group().equals(group) && count.name().equals(name)).findFirst()
                .map(count -> count.atomics() + " atomic, " + count.fences() + " fence"
                        + (count.fences() == 1 ? "" : "s"));
    }
}
