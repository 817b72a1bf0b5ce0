package examples.raw;

/**
 * The raw, one-to-one JNI bindings of demo_lib. <strong>Unsafe:</strong> nothing here checks anything.
 *
 * <p>Each method forwards its arguments to the C function of the same name and returns what C returns.
 * A pointer is a plain {@code long}; nothing remembers its size, whether it was freed, or which thread uses
 * it. Passing a wrong size, a freed pointer or an invented number corrupts memory or crashes the JVM
 * (SIGSEGV, glibc's "double free detected" abort), and forgetting {@link #freeBuffer} leaks. It exists only so
 * that {@code examples.Naive} can show those failures, and the benchmarks can measure a bare JNI call; use
 * {@link io.github.jnibuffer.Buffer} and {@link io.github.jnibuffer.DemoLib} instead.
 *
 * <p>Its natives are in a library of their own, {@code libdemo_raw.so} ({@code examples/jni/raw_demo_lib.c}), built
 * next to the glue in {@code target/native} for the examples and benchmarks, and never shipped: neither this class
 * nor that library is in the jar or the NAR, so the published module offers no unsafe API.
 */
public final class RawDemoLib {
    static {
        // The classic way: System.loadLibrary searches java.library.path, which the examples' command line sets;
        // libdemo_raw.so finds libdemo_lib.so beside it through its RUNPATH $ORIGIN, as the glue does.
        System.loadLibrary("demo_raw");
    }

    private RawDemoLib() {}

    /**
     * Calls {@code char* allocate_buffer(int size)}.
     *
     * @param size number of bytes
     * @return the address of an uninitialised buffer that must be freed exactly once with {@link #freeBuffer},
     *     or 0 (C's NULL) when {@code size <= 0} or malloc failed
     */
    public static native long allocateBuffer(int size);

    /**
     * Calls {@code int fill_buffer(char* buffer, int size)}: writes {@code buffer[i] = i % 256}.
     *
     * @param buffer an address from {@link #allocateBuffer}, not yet freed; anything else is undefined behaviour
     * @param size number of bytes to write; more than were allocated is a heap overflow
     * @return {@code size}, or -1 when {@code buffer} is 0 or {@code size <= 0}
     */
    public static native int fillBuffer(long buffer, int size);

    /**
     * Calls {@code fill_buffer} on the contents of a Java array, the naive way: the glue takes the array's
     * elements, lets C write {@code size} bytes into them and copies them back, trusting {@code size}.
     *
     * @param buffer a Java array; {@code null} crashes the JVM
     * @param size number of bytes to write; more than {@code buffer.length} writes past the array's storage
     * @return {@code size}, or -1 when {@code size <= 0}
     */
    public static native int fillBuffer(byte[] buffer, int size);

    /**
     * Calls {@code int free_buffer(char* buffer)}.
     *
     * @param buffer an address from {@link #allocateBuffer}; freeing it twice is undefined behaviour
     * @return 0, or -1 when {@code buffer} is 0
     */
    public static native int freeBuffer(long buffer);
}
