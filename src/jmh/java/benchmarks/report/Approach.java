package benchmarks.report;

import java.awt.Color;

/** What a benchmark row measures, by the way it reaches fill_buffer: the colour of its bar in the chart. */
enum Approach {
    JNI_SAFE("JNI safe (Buffer, DemoLib)", new Color(0x1f, 0x77, 0xb4)),
    JNI_RAW("JNI raw (RawDemoLib)", new Color(0x9e, 0xc9, 0xe9)),
    PANAMA("Panama", new Color(0x2c, 0xa0, 0x2c)),
    JNA("JNA", new Color(0xd6, 0x27, 0x28)),
    PURE_JAVA("pure Java", new Color(0xff, 0x7f, 0x0e)),
    C("C", new Color(0x7f, 0x7f, 0x7f));

    final String label;
    final Color colour;

    Approach(String label, Color colour) {
        this.label = label;
        this.colour = colour;
    }

    /** By group and method name: the benchmarks name their rows after the API they call (see src/jmh/java). */
    static Approach of(Result row) {
        String name = row.name();
        if (row.group().equals("C")) {
            return C;
        } else if (name.startsWith("rawJni")) {
            return JNI_RAW;
        } else if (name.startsWith("panama") || row.group().equals("AvxTransitionBenchmark")) {
            return PANAMA;
        } else if (name.startsWith("jna")) {
            return JNA;
        } else if (name.startsWith("pureJava")) {
            return PURE_JAVA;
        }
        return JNI_SAFE; // Buffer and DemoLib: bufferConfined, byteArray, directByteBuffer, ...
    }
}
