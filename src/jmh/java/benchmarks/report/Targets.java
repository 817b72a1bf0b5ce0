package benchmarks.report;

import java.util.List;
import java.util.Optional;

/**
 * The speed targets, each a ratio of two rows measured in the same run. The headline ones are those the quick
 * benchmark ({@link QuickBenchmark}) checks; the 1 MiB ones compare with the fastest C build of the run.
 */
final class Targets {
    /** Stands for the fastest C reference row of the same size, whichever build and variant that was. */
    static final String BEST_C = "best C build";

    record Target(String description, String group, String name, String baseGroup, String baseName, int size,
            double limit, boolean headline) {
        Optional<Double> ratio(Results results) {
            return results.find(group, name, size).flatMap(row -> base(results).map(base -> row.score() / base));
        }

        /** The time the row must stay at or under, in ns. */
        Optional<Double> limitNanos(Results results) {
            return base(results).map(base -> base * limit);
        }

        private Optional<Double> base(Results results) {
            if (baseGroup.equals("C") && baseName.equals(BEST_C)) {
                return results.group("C", size).stream().map(Result::score).min(Double::compare);
            }
            return results.find(baseGroup, baseName, size).map(Result::score);
        }

        boolean isFor(Result row) {
            return row.group().equals(group) && row.name().equals(name) && row.size() == size;
        }
    }

    private static final int MIB = 1 << 20;
    private static final String FILL = "FillBenchmark";
    private static final String CALLER = "CallerOwnedFillBenchmark";
    private static final String LIFECYCLE = "LifecycleBenchmark";

    static final List<Target> ALL = List.of(
            new Target("`Buffer.fill()` 16 B, confined, vs raw JNI", FILL, "bufferConfined", FILL, "rawJni", 16,
                    1.15, true),
            new Target("`Buffer.fill()` 16 B, shared, vs raw JNI", FILL, "bufferShared", FILL, "rawJni", 16, 1.5,
                    true),
            new Target("`DemoLib.fill(byte[])` 16 B vs raw JNI on native memory", CALLER, "byteArray", CALLER,
                    "rawJniNativeMemory", 16, 2.0, true),
            new Target("lifecycle with the GC backstop (`Buffer`) vs raw JNI", LIFECYCLE, "bufferConfined",
                    LIFECYCLE, "rawJni", 16, 2.0, true),
            new Target("safe JNI vs its Panama counterpart, 16 B", FILL, "bufferConfined", FILL,
                    "panamaBufferConfined", 16, 1.15, false),
            vsBestC("raw JNI", FILL, "rawJni"),
            vsBestC("`Buffer.fill()` confined", FILL, "bufferConfined"),
            vsBestC("`Buffer.fill()` shared", FILL, "bufferShared"),
            vsBestC("Panama counterpart", FILL, "panamaBufferConfined"),
            vsBestC("JNA direct", FILL, "jnaDirect"),
            vsBestC("`DemoLib.fill(byte[])` (pinned array)", CALLER, "byteArray"),
            vsBestC("`DemoLib.fill` direct `ByteBuffer`", CALLER, "directByteBuffer"),
            vsBestC("`DemoLib.fill` heap `ByteBuffer`", CALLER, "heapByteBuffer"),
            vsBestC("Panama `DemoLib.fill(byte[])`", CALLER, "panamaByteArray"),
            vsBestC("critical downcall on a Java array", CALLER, "panamaCriticalHeapSegment"),
            vsBestC("critical downcall on a Java array, JIT's default AVX-512", "AvxTransitionBenchmark",
                    "criticalHeapDowncall"));

    private Targets() {}

    private static Target vsBestC(String what, String group, String name) {
        return new Target("1 MiB: " + what + " vs the best C build", group, name, "C", BEST_C, MIB, 1.1, false);
    }

    /** The tightest limit of any target on this row, in ns; empty if the row has no target or its base did not run. */
    static Optional<Double> limitNanos(Results results, Result row) {
        return ALL.stream().filter(target -> target.isFor(row))
                .flatMap(target -> target.limitNanos(results).stream())
                .min(Double::compare);
    }

    static void appendTable(Results results, StringBuilder out) {
        appendTable(results, ALL, out);
    }

    static void appendTable(Results results, List<Target> targets, StringBuilder out) {
        out.append("#### Targets\n\n| target | measured | limit | met |\n|---|---|---|---|\n");
        for (Target target : targets) {
            Optional<Double> ratio = target.ratio(results);
            out.append("| ").append(target.description()).append(" | ")
                    .append(ratio.map(Report::ratio).orElse("not run")).append(" | ≤ ")
                    .append(Report.ratio(target.limit())).append(" | ")
                    .append(ratio.map(r -> r <= target.limit() ? "yes" : "**no**").orElse("—")).append(" |\n");
        }
        out.append("\n");
    }
}
