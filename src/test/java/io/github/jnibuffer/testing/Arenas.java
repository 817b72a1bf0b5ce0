package io.github.jnibuffer.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Arenas of {@code java.lang.foreign} for tests that are compiled for Java 17, where that API does not exist: every
 * call goes through reflection. Only for JDK 22+ ({@link #AVAILABLE}), where the API is final.
 */
public final class Arenas {
    /** Whether this JVM has the final foreign memory API. */
    public static final boolean AVAILABLE = Runtime.version().feature() >= 22;

    /** Why a test is skipped below JDK 22, for JUnit's assumptions. */
    public static final String SKIPPED = "Arena is final API from JDK 22; this JVM is " + Runtime.version();

    private Arenas() {}

    /** An arena made by {@code Arena.<factory>()}: ofConfined, ofShared, ofAuto or global. */
    public static Arena of(String factory) {
        return new Arena(call(arenaClass(), factory, new Class<?>[0], null));
    }

    /** An {@code Arena}; close() as the real one (never for ofAuto and global, which throw). */
    public record Arena(Object arena) implements AutoCloseable {
        /** A direct buffer over {@code size} new bytes of this arena. */
        public ByteBuffer allocate(int size) {
            Object segment = call(arenaClass(), "allocate", new Class<?>[] {long.class, long.class}, arena,
                    (long) size, 1L);
            return asByteBuffer(segment);
        }

        /** {@code channel.map(READ_WRITE, 0, size, arena).asByteBuffer()}. */
        public ByteBuffer map(FileChannel channel, int size) {
            Object segment = call(FileChannel.class, "map",
                    new Class<?>[] {FileChannel.MapMode.class, long.class, long.class, arenaClass()}, channel,
                    FileChannel.MapMode.READ_WRITE, 0L, (long) size, arena);
            return asByteBuffer(segment);
        }

        @Override
        public void close() {
            call(arenaClass(), "close", new Class<?>[0], arena);
        }
    }

    private static ByteBuffer asByteBuffer(Object segment) {
        return (ByteBuffer) call(segmentClass(), "asByteBuffer", new Class<?>[0], segment);
    }

    private static Class<?> arenaClass() {
        return load("java.lang.foreign.Arena");
    }

    private static Class<?> segmentClass() {
        return load("java.lang.foreign.MemorySegment");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(SKIPPED, e);
        }
    }

    /** Calls a public method and rethrows what it threw, unwrapped, so tests see the API's own exceptions. */
    private static Object call(Class<?> owner, String name, Class<?>[] parameters, Object target, Object... arguments) {
        try {
            Method method = owner.getMethod(name, parameters);
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
