package io.github.jnibuffer.testing.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.SplittableRandom;

/**
 * Where a fuzz case's decisions come from: a seeded random generator ({@link Fuzzer}), or the bytes a
 * coverage-guided fuzzer (Jazzer) chooses, so that both drive the same operations against the same model.
 */
interface Choices {
    /** A value in [0, bound); bound > 0. */
    int below(int bound);

    /** Any int. */
    int anyInt();

    static Choices from(SplittableRandom random) {
        return new Choices() {
            @Override
            public int below(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public int anyInt() {
                return random.nextInt();
            }
        };
    }

    /** Once the fuzzer's bytes run out, FuzzedDataProvider answers with its minimum values: the case ends calmly. */
    static Choices from(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int below(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public int anyInt() {
                return data.consumeInt();
            }
        };
    }
}
