package io.github.jnibuffer.testing.fuzz;

/**
 * Random arguments with a bias towards the edges where bugs live: zero, negative, off by one, the int extremes.
 * Positive sizes are capped at {@link #MAX_SIZE} so that a case never holds much memory.
 */
final class Values {
    static final int MAX_SIZE = 1 << 20;
    private static final int[] EDGE_SIZES = {
        Integer.MIN_VALUE, -1, 0, 1, 2, 255, 256, 257, 1023, 1024, 1025, 4096, 65_536, MAX_SIZE};

    private final Choices choices;

    Values(Choices choices) {
        this.choices = choices;
    }

    /**
     * Any size a caller might pass: edges (Integer.MIN_VALUE among them), any int from -Integer.MAX_VALUE to 0, or a
     * positive size up to MAX_SIZE (mostly small).
     */
    int size() {
        return switch (choices.below(4)) {
            case 0 -> EDGE_SIZES[choices.below(EDGE_SIZES.length)];
            case 1 -> -choices.below(Integer.MAX_VALUE) - choices.below(2); // -MAX_VALUE to 0; MIN_VALUE is an edge
            case 2 -> 1 + choices.below(MAX_SIZE);
            default -> 1 + choices.below(600);
        };
    }

    /** An index or offset for something of {@code length} elements: inside, just outside, or anywhere. */
    int index(int length) {
        return switch (choices.below(8)) {
            case 0 -> -1;
            case 1 -> length;
            case 2 -> length - 1;
            case 3 -> 0;
            case 4 -> choices.below(2) == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 5 -> choices.anyInt();
            default -> length <= 0 ? 0 : choices.below(length);
        };
    }

    /** A length for a range starting at {@code start} in something of {@code length}: fits, overruns, or any int. */
    int length(int start, int length) {
        int room = length - start;
        return switch (choices.below(6)) {
            case 0 -> 0;
            case 1 -> -1 - choices.below(3);
            case 2 -> room + 1;
            case 3 -> choices.anyInt();
            default -> room <= 0 ? 0 : 1 + choices.below(room);
        };
    }

    /** A length for a Java array: small (below the 1024-byte copy limit of DemoLib), around it, or larger. */
    int arrayLength() {
        return switch (choices.below(4)) {
            case 0 -> 0;
            case 1 -> 1 + choices.below(64);
            case 2 -> 1000 + choices.below(50);
            default -> choices.below(5000);
        };
    }

    boolean chance(int percent) {
        return choices.below(100) < percent;
    }

    int below(int bound) {
        return choices.below(bound);
    }
}
