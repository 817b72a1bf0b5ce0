package io.github.jnibuffer.testing;

/** The bytes C's fill_buffer writes, computed independently in Java: byte i is (byte) (i % 256). */
public final class Pattern {
    private Pattern() {}

    public static byte[] of(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 256);
        }
        return bytes;
    }
}
