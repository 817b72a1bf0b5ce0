package io.github.jnibuffer;

/** What tests outside this package may ask of the JNI implementation's internals. */
public final class JniInternals {
    private JniInternals() {}

    /** Whether shared-buffer uses fence themselves (no membarrier), see jni/shared_guard.c. */
    public static boolean guardUsesFences() {
        return DemoLibNatives.guardUsesFences();
    }
}
