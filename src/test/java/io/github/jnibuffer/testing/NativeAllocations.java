package io.github.jnibuffer.testing;

/**
 * A leak oracle that does not trust Java: the number of blocks demo_lib has allocated and not yet freed, counted in C
 * by the test-only counting build of demo_lib ({@code src/test/c/live_allocations.c}). {@code liveCount()} drops when
 * Java's bookkeeping says a block was freed; this count drops only when C's {@code free} ran.
 *
 * <p>The build puts the counting library, with a byte-identical copy of the glue, in
 * {@code target/native-test/counting}, which surefire lists first on {@code java.library.path}: the JNI glue (through
 * its RUNPATH {@code $ORIGIN}) and the Panama lookup (which follows the loader's search order) both load it, and child
 * JVMs inherit the path. The shipped libraries have no counter.
 *
 * <p>Where the counting library cannot exist (tests run against the jar's libraries, e.g. on emulated CPUs),
 * {@code -Djnibuffer.test.nativeCountOracle=false} says so, once, on standard output; then {@link #isChecked()} is false
 * and the leak checks use {@code liveCount()} alone. Without that property a missing oracle fails the tests.
 */
public final class NativeAllocations {
    public static final String PROPERTY = "jnibuffer.test.nativeCountOracle";
    private static final boolean CHECKED = !"false".equals(System.getProperty(PROPERTY, "").trim());

    static {
        if (CHECKED) {
            // The test-only natives, which read the counter; they load the counting demo_lib if nothing has yet.
            System.loadLibrary(DeliberateNativeBugs.LIBRARY);
        } else {
            System.out.println("native allocation count: not available here (-D" + PROPERTY + "=false); leak checks"
                    + " use liveCount() alone");
        }
    }

    private NativeAllocations() {}

    /** Whether the tests check the count kept in C: unless {@code -Djnibuffer.test.nativeCountOracle=false}. */
    public static boolean isChecked() {
        return CHECKED;
    }

    /**
     * The blocks demo_lib has allocated and not freed in this process, by any caller.
     *
     * @throws AssertionError if the demo_lib loaded here is not the counting build (and the oracle was not declared
     *     absent), or if called although it was declared absent
     */
    public static long live() {
        if (!CHECKED) {
            throw new AssertionError("the native allocation count was declared absent (-D" + PROPERTY + "=false)");
        }
        long live = liveAllocations();
        if (live == -1) {
            throw new AssertionError("no libdemo_lib.so is loaded in this JVM");
        }
        if (live == -2) {
            throw new AssertionError("the libdemo_lib.so loaded in this JVM is not the counting build: java.library.path"
                    + " (" + System.getProperty("java.library.path") + ") must list target/native-test/counting"
                    + " first, as the build does; where that library cannot exist, say so with -D" + PROPERTY
                    + "=false");
        }
        return live;
    }

    /** {@code live=} and {@code nativeLive=} lines, for a child JVM to print (nativeLive only when checked). */
    public static String report(long javaLive) {
        return "live=" + javaLive + (CHECKED ? "\nnativeLive=" + live() : "");
    }

    /** The counter of the loaded demo_lib; -1 if none is loaded, -2 if it is not the counting build. */
    private static native long liveAllocations();
}
