package io.github.jnibuffer.testing.fuzz;

import java.util.SplittableRandom;

/**
 * Random arguments with a bias towards the edges where bugs live: zero, negative, off by one, the int extremes.
 * Positive sizes are capped at {@link #MAX_SIZE} so that a case never holds much memory.
 */
final class Values {
    static final int MAX_SIZE = 1 << 20;
    private static final int[] EDGE_SIZES = {
        Integer.MIN_VALUE, -1, 0, 1, 2, 255, 256, 257, 1023, 1024, 1025, 4096, 65_536, MAX_SIZE};

    private final SplittableRandom random;

    Values(SplittableRandom random) {
        this.random = random;
    }

    /** Any size a caller might pass: edges, any int <= 0, or a positive size up to MAX_SIZE (mostly small). */
    int size() {
        return switch (random.nextInt(4)) {
            case 0 -> EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
            case 1 -> -random.nextInt(Integer.MAX_VALUE) - random.nextInt(2); // every int <= 0, MIN_VALUE included
            case 2 -> 1 + random.nextInt(MAX_SIZE);
            default -> 1 + random.nextInt(600);
        };
    }

    /** An index or offset for something of {@code length} elements: inside, just outside, or anywhere. */
    int index(int length) {
        return switch (random.nextInt(8)) {
            case 0 -> -1;
            case 1 -> length;
            case 2 -> length - 1;
            case 3 -> 0;
            case 4 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 5 -> random.nextInt();
            default -> length <= 0 ? 0 : random.nextInt(length);
        };
    }

    /** A length for a range starting at {@code start} in something of {@code length}: fits, overruns, or any int. */
    int length(int start, int length) {
        int room = length - start;
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1 - random.nextInt(3);
            case 2 -> room + 1;
            case 3 -> random.nextInt();
            default -> room <= 0 ? 0 : 1 + random.nextInt(room);
        };
    }

    /** A length for a Java array: small (below the 1024-byte copy limit of DemoLib), around it, or larger. */
    int arrayLength() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(64);
            case 2 -> 1000 + random.nextInt(50);
            default -> random.nextInt(5000);
        };
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }
}
