package benchmarks.report;

import java.util.List;
import java.util.Optional;

/** The speed targets of the benchmarks issue, each a ratio of two rows measured in the same run. */
final class Targets {
    private record Target(String description, String group, String name, String baseGroup, String baseName,
            int size, double limit) {
        Optional<Double> ratio(Results results) {
            return results.find(group, name, size).flatMap(row -> results.find(baseGroup, baseName, size)
                    .map(base -> row.score() / base.score()));
        }
    }

    private static final int MIB = 1 << 20;
    private static final String C = Report.C_REFERENCE;

    private static final List<Target> TARGETS = List.of(
            new Target("`Buffer.fill()` 16 B, confined, vs raw JNI", "FillBenchmark", "bufferConfined",
                    "FillBenchmark", "rawJni", 16, 1.15),
            new Target("`Buffer.fill()` 16 B, shared, vs raw JNI", "FillBenchmark", "bufferShared",
                    "FillBenchmark", "rawJni", 16, 1.5),
            new Target("`DemoLib.fill(byte[])` 16 B vs raw JNI on native memory", "CallerOwnedFillBenchmark",
                    "byteArray", "CallerOwnedFillBenchmark", "rawJniNativeMemory", 16, 2.0),
            new Target("lifecycle with the Cleaner backstop (`Buffer`) vs raw JNI", "LifecycleBenchmark",
                    "bufferConfined", "LifecycleBenchmark", "rawJni", 16, 2.0),
            new Target("safe JNI vs its Panama counterpart, 16 B", "FillBenchmark", "bufferConfined",
                    "FillBenchmark", "panamaBufferConfined", 16, 1.15),
            new Target("1 MiB: raw JNI vs C", "FillBenchmark", "rawJni", "C", C, MIB, 1.1),
            new Target("1 MiB: `Buffer.fill()` confined vs C", "FillBenchmark", "bufferConfined", "C", C, MIB, 1.1),
            new Target("1 MiB: `Buffer.fill()` shared vs C", "FillBenchmark", "bufferShared", "C", C, MIB, 1.1),
            new Target("1 MiB: Panama counterpart vs C", "FillBenchmark", "panamaBufferConfined", "C", C, MIB, 1.1),
            new Target("1 MiB: JNA direct vs C", "FillBenchmark", "jnaDirect", "C", C, MIB, 1.1),
            new Target("1 MiB: `DemoLib.fill(byte[])` vs C", "CallerOwnedFillBenchmark", "byteArray", "C", C, MIB,
                    1.1),
            new Target("1 MiB: `DemoLib.fill` direct `ByteBuffer` vs C", "CallerOwnedFillBenchmark",
                    "directByteBuffer", "C", C, MIB, 1.1),
            new Target("1 MiB: `DemoLib.fill` heap `ByteBuffer` vs C", "CallerOwnedFillBenchmark", "heapByteBuffer",
                    "C", C, MIB, 1.1),
            new Target("1 MiB: Panama `DemoLib.fill(byte[])` vs C", "CallerOwnedFillBenchmark", "panamaByteArray",
                    "C", C, MIB, 1.1));

    private Targets() {}

    static void appendTable(Results results, StringBuilder out) {
        out.append("#### Targets\n\n| target | measured | limit | met |\n|---|---|---|---|\n");
        for (Target target : TARGETS) {
            Optional<Double> ratio = target.ratio(results);
            out.append("| ").append(target.description()).append(" | ")
                    .append(ratio.map(Report::ratio).orElse("not run")).append(" | ≤ ")
                    .append(Report.ratio(target.limit())).append(" | ")
                    .append(ratio.map(r -> r <= target.limit() ? "yes" : "**no**").orElse("—")).append(" |\n");
        }
        out.append("\n");
    }
}
