package io.github.jnibuffer.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The one adapter from the behavioural suite to an implementation. Both have a {@code Buffer} and a {@code DemoLib}
 * with the same public methods but no common type, so their methods are found by name and called through method
 * handles; a method missing from either fails the suite at once.
 */
final class ContractImplementation implements Implementation {
    private final String name;
    private final String safeExampleClass;
    private final MethodHandle allocate;
    private final MethodHandle allocateShared;
    private final MethodHandle liveCount;
    private final MethodHandle fillArray;
    private final MethodHandle fillRange;
    private final MethodHandle fillBuffer;
    private final MethodHandle size;
    private final MethodHandle isClosed;
    private final MethodHandle isShared;
    private final MethodHandle fill;
    private final MethodHandle get;
    private final MethodHandle toByteArray;
    private final MethodHandle copyTo;
    private final MethodHandle close;

    /**
     * @param name short name for reports, e.g. "jni"
     * @param packageName the package holding the implementation's {@code Buffer} and {@code DemoLib}
     * @param safeExampleClass the main class of its safe example
     */
    ContractImplementation(String name, String packageName, String safeExampleClass)
            throws ReflectiveOperationException {
        this.name = name;
        this.safeExampleClass = safeExampleClass;
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> buffer = Class.forName(packageName + ".Buffer");
        Class<?> demoLib = Class.forName(packageName + ".DemoLib");
        MethodType voidType = MethodType.methodType(void.class);
        allocate = lookup.findStatic(buffer, "allocate", MethodType.methodType(buffer, int.class));
        allocateShared = lookup.findStatic(buffer, "allocateShared", MethodType.methodType(buffer, int.class));
        liveCount = lookup.findStatic(buffer, "liveCount", MethodType.methodType(long.class));
        fillArray = lookup.findStatic(demoLib, "fill", MethodType.methodType(void.class, byte[].class));
        fillRange = lookup.findStatic(demoLib, "fill",
                MethodType.methodType(void.class, byte[].class, int.class, int.class));
        fillBuffer = lookup.findStatic(demoLib, "fill", MethodType.methodType(void.class, ByteBuffer.class));
        size = lookup.findVirtual(buffer, "size", MethodType.methodType(int.class)).asType(
                MethodType.methodType(int.class, Object.class));
        isClosed = lookup.findVirtual(buffer, "isClosed", MethodType.methodType(boolean.class)).asType(
                MethodType.methodType(boolean.class, Object.class));
        isShared = lookup.findVirtual(buffer, "isShared", MethodType.methodType(boolean.class)).asType(
                MethodType.methodType(boolean.class, Object.class));
        fill = lookup.findVirtual(buffer, "fill", voidType).asType(MethodType.methodType(void.class, Object.class));
        get = lookup.findVirtual(buffer, "get", MethodType.methodType(byte.class, int.class)).asType(
                MethodType.methodType(byte.class, Object.class, int.class));
        toByteArray = lookup.findVirtual(buffer, "toByteArray", MethodType.methodType(byte[].class)).asType(
                MethodType.methodType(byte[].class, Object.class));
        copyTo = lookup.findVirtual(buffer, "copyTo",
                MethodType.methodType(void.class, int.class, byte[].class, int.class, int.class)).asType(
                MethodType.methodType(void.class, Object.class, int.class, byte[].class, int.class, int.class));
        close = lookup.findVirtual(buffer, "close", voidType).asType(MethodType.methodType(void.class, Object.class));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TestBuffer allocate(int size) {
        return new Adapted(call(() -> (Object) allocate.invoke(size)));
    }

    @Override
    public TestBuffer allocateShared(int size) {
        return new Adapted(call(() -> (Object) allocateShared.invoke(size)));
    }

    @Override
    public long liveCount() {
        return call(() -> (long) liveCount.invokeExact());
    }

    @Override
    public void fill(byte[] array) {
        run(() -> {
            fillArray.invokeExact(array);
        });
    }

    @Override
    public void fill(byte[] array, int offset, int length) {
        run(() -> {
            fillRange.invokeExact(array, offset, length);
        });
    }

    @Override
    public void fill(ByteBuffer buffer) {
        run(() -> {
            fillBuffer.invokeExact(buffer);
        });
    }

    @Override
    public String safeExampleClass() {
        return safeExampleClass;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A Buffer of this implementation, held as an Object. */
    private final class Adapted implements TestBuffer {
        private final Object buffer;

        Adapted(Object buffer) {
            this.buffer = buffer;
        }

        @Override
        public int size() {
            return call(() -> (int) size.invokeExact(buffer));
        }

        @Override
        public boolean isClosed() {
            return call(() -> (boolean) isClosed.invokeExact(buffer));
        }

        @Override
        public boolean isShared() {
            return call(() -> (boolean) isShared.invokeExact(buffer));
        }

        @Override
        public void fill() {
            run(() -> {
                fill.invokeExact(buffer);
            });
        }

        @Override
        public byte get(int index) {
            return call(() -> (byte) get.invokeExact(buffer, index));
        }

        @Override
        public byte[] toByteArray() {
            return call(() -> (byte[]) toByteArray.invokeExact(buffer));
        }

        @Override
        public void copyTo(int index, byte[] dst, int dstOffset, int length) {
            run(() -> {
                copyTo.invokeExact(buffer, index, dst, dstOffset, length);
            });
        }

        @Override
        public void close() {
            run(() -> {
                close.invokeExact(buffer);
            });
        }

        @Override
        public String toString() {
            return buffer.toString();
        }
    }

    private interface Call<T> {
        T get() throws Throwable;
    }

    private interface Run {
        void run() throws Throwable;
    }

    /** Calls through a handle, letting the implementation's own exceptions through unchanged. */
    private static <T> T call(Call<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // the contract declares no checked exceptions
        }
    }

    /** For void methods; a block lambda, because a polymorphic call as an expression lambda would return Object. */
    private static void run(Run run) {
        call(() -> {
            run.run();
            return null;
        });
    }
}
