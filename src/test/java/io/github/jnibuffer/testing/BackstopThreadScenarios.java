package io.github.jnibuffer.testing;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Child JVM scenarios for BackstopThreadTest, about the thread that frees leaked buffers and what it keeps
 * reachable. Each prints {@code key=value} lines. The thread is found by its name, so that the scenarios run
 * against any version of the library.
 *
 * <p>Usage: {@code BackstopThreadScenarios lifecycle|class-loader <classes directory>}.
 */
public final class BackstopThreadScenarios {
    private static final String NAME = "jni-buffer-backstop";
    private static final long WAIT_NANOS = 30_000_000_000L;
    private static final InheritableThreadLocal<Object> INHERITED = new InheritableThreadLocal<>();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lifecycle" -> lifecycle(Implementations.named(args[1]));
            case "class-loader" -> classLoader(Path.of(args[1]));
            default -> throw new IllegalArgumentException("no scenario " + args[0]);
        }
    }

    /**
     * The thread starts when needed, from a thread with a context class loader and an inheritable ThreadLocal of its
     * own, inherits neither, ends once idle with nothing live, and starts again for the next leak.
     */
    private static void lifecycle(Implementation implementation) throws Exception {
        ClassLoader contextLoader = new URLClassLoader(new URL[0], null);
        Thread starter = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(contextLoader);
            INHERITED.set("the starter's");
            implementation.allocate(16).close();
        });
        starter.start();
        starter.join();
        Thread backstop = find();
        System.out.println("started=" + (backstop != null));
        if (backstop != null) {
            System.out.println("contextLoaderNull=" + (backstop.getContextClassLoader() == null));
            System.out.println("inheritedThreadLocals=" + inheritedThreadLocals(backstop));
            System.out.println("daemon=" + backstop.isDaemon());
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (find() != null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("endedWhenIdle=" + (find() == null));
        implementation.allocate(16).fill(); // leaked: the thread must start again and free it
        deadline = System.nanoTime() + WAIT_NANOS;
        while (implementation.liveCount() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        System.out.println(NativeAllocations.report(implementation.liveCount()));
    }

    /**
     * A deployment's class loader, used from a pooled thread (which, as in an application server, outlives it, with
     * that loader as its context loader during the request), must be collectable once dropped.
     */
    private static void classLoader(Path classes) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(); // the server's request thread, kept throughout
        WeakReference<ClassLoader> dropped = useAndDrop(classes, pool);
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (dropped.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        System.out.println("loaderCollected=" + (dropped.get() == null));
        System.out.println("backstopThreadLeft=" + (find() != null));
        pool.shutdown();
    }

    private static WeakReference<ClassLoader> useAndDrop(Path classes, ExecutorService pool) throws Exception {
        URLClassLoader deployment = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        pool.submit(() -> {
            Thread.currentThread().setContextClassLoader(deployment);
            try {
                Class<?> buffer = deployment.loadClass("io.github.jnibuffer.Buffer");
                try (AutoCloseable closed = (AutoCloseable) buffer.getMethod("allocate", int.class).invoke(null, 16)) {
                    buffer.getMethod("fill").invoke(closed);
                }
                buffer.getMethod("fill").invoke(buffer.getMethod("allocate", int.class).invoke(null, 16)); // leaked
                System.out.println("used=true");
            } finally {
                Thread.currentThread().setContextClassLoader(null);
            }
            return null;
        }).get();
        deployment.close();
        return new WeakReference<>(deployment);
    }

    private static Thread find() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(NAME) && thread.isAlive())
                .findFirst().orElse(null);
    }

    /** Whether the thread holds inheritable ThreadLocals (needs --add-opens java.base/java.lang=ALL-UNNAMED). */
    private static boolean inheritedThreadLocals(Thread thread) throws ReflectiveOperationException {
        Field field = Thread.class.getDeclaredField("inheritableThreadLocals");
        field.setAccessible(true);
        return field.get(thread) != null;
    }

    private BackstopThreadScenarios() {}
}
