package io.github.jnibuffer.testing;

/**
 * Natives with one deliberate bug each ({@code src/test/c/deliberate_native_bugs.c}, built into the test-only
 * {@code libdemo_jni_testonly.so}). They exist to prove that a check catches such a bug: a check that stays silent
 * here would stay silent on a real one. Run one in a child JVM with {@code DeliberateNativeBugs <bug>}.
 */
public final class DeliberateNativeBugs {
    public static final String LIBRARY = "demo_jni_testonly";

    static {
        System.loadLibrary(LIBRARY); // from java.library.path, which the build sets to both native directories
    }

    private DeliberateNativeBugs() {}

    /** Throws IllegalStateException, after a JNI call made with that exception pending (-Xcheck:jni warns). */
    public static native void jniCallWithExceptionPending();

    /** Reads a demo_lib buffer after freeing it (AddressSanitizer: heap-use-after-free). */
    public static native byte useAfterFree();

    /** {@code value + 1} in C: signed overflow for Integer.MAX_VALUE (UndefinedBehaviorSanitizer). */
    public static native int addOne(int value);

    /** Runs one bug and prints {@code survived} if the process is still alive afterwards. */
    public static void main(String[] args) {
        switch (args[0]) {
            case "jni-call-with-exception-pending" -> {
                try {
                    jniCallWithExceptionPending();
                } catch (IllegalStateException expected) {
                    System.out.println("exception=" + expected.getMessage());
                }
            }
            case "use-after-free" -> System.out.println("read=" + useAfterFree());
            case "signed-overflow" -> System.out.println("sum=" + addOne(Integer.MAX_VALUE));
            default -> throw new IllegalArgumentException("no deliberate bug " + args[0]);
        }
        System.out.println("survived");
    }
}
