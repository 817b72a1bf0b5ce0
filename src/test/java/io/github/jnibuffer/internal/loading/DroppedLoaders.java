package io.github.jnibuffer.internal.loading;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The redeploy tests' bookkeeping. In the child: weak references to the class loaders it dropped, and a report of
 * how many of them GC cannot take and how many glue copies stay mapped, printed as
 * {@code <label>: reachable=<n> mapped=<n>}. In the test: reading those lines back. Holds nothing but
 * WeakReferences, so it keeps no loader reachable itself.
 */
final class DroppedLoaders {
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    void add(ClassLoader loader) {
        loaders.add(new WeakReference<>(loader));
    }

    int reachable() {
        int reachable = 0;
        for (WeakReference<ClassLoader> loader : loaders) {
            if (loader.get() != null) {
                reachable++;
            }
        }
        return reachable;
    }

    /**
     * Forces GC, as a running server's heap would, until at most {@code inUse} loaders are reachable (those still
     * deployed) and no more glue copies are mapped than loaders are reachable, or until {@code millis} are up; then
     * prints what remains. A glue copy goes a little after its loader: a Cleaner unloads it.
     */
    void report(String label, int inUse, long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int reachable;
        int mapped;
        do {
            System.gc();
            Thread.sleep(20);
            reachable = reachable();
            mapped = mappedGlueCopies();
        } while ((reachable > inUse || mapped > reachable) && System.nanoTime() < deadline);
        System.out.println(label + ": reachable=" + reachable + " mapped=" + mapped);
    }

    /**
     * The glue copies this process has mapped: distinct files (device and inode: each copy is deleted once loaded,
     * and a later one may get its name) among the lines of /proc/self/maps that name libdemo_jni.
     */
    static int mappedGlueCopies() throws IOException {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return (int) maps.filter(line -> line.contains("libdemo_jni"))
                    .map(line -> line.trim().split("\\s+"))
                    .map(fields -> fields[3] + " " + fields[4])
                    .distinct()
                    .count();
        }
    }

    /** In the test: the value of {@code name=<n>} in the last line of the child's output that starts with label. */
    static int reported(ChildJvm.Result result, String label, String name, String progress) {
        String line = result.output().lines().filter(l -> l.startsWith(label + ": ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no line '" + label + ": ...' in " + summary(result, progress)));
        for (String field : line.split(" ")) {
            if (field.startsWith(name + "=")) {
                return Integer.parseInt(field.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + "= in '" + line + "'");
    }

    /**
     * In the test: the child's exit code, its last progress line (how far it got) and every other line of its
     * output, without the thousand progress lines.
     */
    static String summary(ChildJvm.Result result, String progress) {
        List<String> lines = result.output().lines().toList();
        String last = lines.stream().filter(line -> line.startsWith(progress)).reduce((a, b) -> b)
                .orElse("no '" + progress + "' line");
        return "exit code " + result.exitCode() + ", last progress line '" + last + "', other output:\n"
                + lines.stream().filter(line -> !line.startsWith(progress)).collect(Collectors.joining("\n"));
    }
}
