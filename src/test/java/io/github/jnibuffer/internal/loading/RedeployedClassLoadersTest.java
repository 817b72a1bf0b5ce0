package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.DroppedLoaders.reported;
import static io.github.jnibuffer.internal.loading.DroppedLoaders.summary;
import static io.github.jnibuffer.internal.loading.Loading.withNativeAccess;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application server redeploys an application that holds the library again and again: each time a new class
 * loader loads the library's classes and its own copy of the glue, uses them, and is dropped. The JVM must survive
 * far more redeploys than glibc has thread-specific keys (1,024), and the dropped loaders, with their glue, must go.
 * Tagged {@code redeploy} (bash .ci/checks/tagged redeploy): a minute or more on a busy 2-CPU machine.
 */
@Tag("redeploy")
class RedeployedClassLoadersTest {
    /**
     * Well past glibc's PTHREAD_KEYS_MAX of 1,024, which the JVM and every library in it share; -Djnibuffer.redeploys=N
     * runs fewer.
     */
    static final int REDEPLOYS = Integer.getInteger("jnibuffer.redeploys", 1_500);
    /**
     * How many dropped loaders, and how many glue copies, may remain at the end. A leak keeps every one (1,500, or
     * the JVM dies near 1,000); without one a full GC takes them all, and the margin is for what may outlive the
     * last GC by a little: a helper thread that sees its loader is gone only when it next wakes, a glue copy that
     * a Cleaner unloads after the GC. Far below 1,024, so it cannot hide the key exhaustion either.
     */
    static final int LINGERING = 50;
    static final String PROGRESS = "redeployed ";
    private static final long TIMEOUT_SECONDS = 600;

    @TempDir
    Path root;

    /**
     * Child JVM entry point: {@code <classes directory> <redeploys>}. Each redeploy is a class loader of its own
     * over the library's classes, in which a confined and a shared buffer are allocated, filled, read and closed on
     * this thread, as on a server's request thread, which outlives the application; then the loader is closed and
     * dropped. Every {@value #GC_EVERY} redeploys, and at the end, it forces GC (so that a library that can be
     * unloaded is, before the keys run out) and reports what remains; it prints {@code redeployed <n>} after each,
     * so that a crash shows how far it got, and {@code survived} at the end.
     */
    public static final class Redeploys {
        static final int GC_EVERY = 100;

        public static void main(String[] args) throws Exception {
            URL[] classes = {Path.of(args[0]).toUri().toURL()};
            int redeploys = Integer.parseInt(args[1]);
            DroppedLoaders dropped = new DroppedLoaders();
            for (int n = 1; n <= redeploys; n++) {
                dropped.add(deployUseAndUndeploy(classes));
                System.out.println(PROGRESS + n);
                if (n % GC_EVERY == 0) {
                    dropped.report("after " + n, 0, 500);
                }
            }
            dropped.report("at the end", 0, 15_000);
            System.out.println("survived " + redeploys);
        }

        /** Returns the loader it used, closed: the caller keeps it only weakly. */
        private static ClassLoader deployUseAndUndeploy(URL[] classes) throws Exception {
            URLClassLoader loader = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader());
            Class<?> buffer = loader.loadClass("io.github.jnibuffer.Buffer");
            use(buffer, buffer.getMethod("allocate", int.class));
            use(buffer, buffer.getMethod("allocateShared", int.class));
            loader.close();
            return loader;
        }

        private static void use(Class<?> buffer, Method allocate) throws Exception {
            try (AutoCloseable instance = (AutoCloseable) allocate.invoke(null, 20)) {
                buffer.getMethod("fill").invoke(instance);
                Object byte19 = buffer.getMethod("get", int.class).invoke(instance, 19);
                if (!Byte.valueOf((byte) 19).equals(byte19)) {
                    throw new AssertionError("byte 19 is " + byte19);
                }
            }
        }
    }

    @Test
    void fifteenHundredRedeploysLeaveTheJvmAliveAndTheirLoadersCollected() throws Exception {
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.finish(ChildJvm.start(ChildJvm.mainCommand(
                withNativeAccess("-Xmx64m", "-Djnibuffer.tmpdir=" + root), Redeploys.class,
                ChildJvm.classesDirectory(), Integer.toString(REDEPLOYS))), TIMEOUT_SECONDS));
        String summary = summary(result, PROGRESS);
        assertEquals(0, result.exitCode(), summary);
        assertAll(
                () -> assertTrue(result.output().contains("survived " + REDEPLOYS), summary),
                () -> assertTrue(reported(result, "at the end", "reachable", PROGRESS) <= LINGERING,
                        () -> "dropped loaders still reachable: " + summary),
                () -> assertTrue(reported(result, "at the end", "mapped", PROGRESS) <= LINGERING,
                        () -> "glue copies still mapped: " + summary));
    }
}
