package io.github.jnibuffer.testing;

/** Whether this JVM runs with the AddressSanitizer runtime preloaded: the asan profile's sanitized build. */
public final class AddressSanitizer {
    private AddressSanitizer() {}

    public static boolean isPreloaded() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libasan");
    }
}
