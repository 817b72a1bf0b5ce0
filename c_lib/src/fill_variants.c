/*
 * The variants of fill_buffer's loop, and the choice of one when the library is loaded.
 *
 * Why: GCC compiles the portable loop for baseline x86-64, in SSE2 instructions with their old, non-VEX encoding.
 * The JVM's JIT uses AVX and AVX-512 and may call C with the upper halves of the vector registers still dirty;
 * every old-encoding SSE instruction then pays a transition penalty (2.5x slower at 1 MiB, docs/benchmarks.md).
 * VEX-encoded code pays nothing. So on a CPU with AVX2 the library runs a VEX-encoded loop, written with
 * intrinsics so that it does not depend on what the optimiser makes of the portable loop.
 *
 * How: no GNU IFUNC and no target_clones, which need the glibc dynamic loader (musl's does not support IFUNC, so
 * the library would not load on Alpine). A constructor asks the CPU once (__builtin_cpu_supports, which also checks
 * that the OS saves the AVX registers) and sets a function pointer. On other CPU families only the portable
 * variant is built.
 *
 * No AVX-512 variant: on the AMD EPYC the benchmarks ran on, 64-byte stores filled 4 KiB more slowly than 32-byte
 * ones and 1 MiB only about 15% faster, within the noise of a busy machine; the store bandwidth, not the register
 * width, is the limit. Intel CPUs may also lower their clock for 512-bit code.
 */
#include "fill_variants.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static int always(void) { return 1; }

static void fill_portable(char *buffer, int size)
{
    for (int i = 0; i < size; i++) {
        buffer[i] = (char)(i % 256);
    }
}

#if defined(__x86_64__)
/*
 * 32 bytes per store. The 32 bytes that start at offset k are the first 32 plus k, in every byte (mod 256, which
 * 8-bit lanes do by themselves). The pattern repeats every 256 bytes, so the main loop stores the same eight
 * registers over and over. The last block may overlap the one before it and rewrite bytes with the values they
 * already hold.
 */
__attribute__((target("avx2"))) static void fill_avx2(char *buffer, int size)
{
    const __m256i first = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                           21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    if (size < 16) {
        for (int i = 0; i < size; i++) {
            buffer[i] = (char)i;
        }
        return;
    }
    if (size < 32) { /* two 16-byte stores, overlapping unless size is 32 */
        const __m128i first16 = _mm256_castsi256_si128(first);
        _mm_storeu_si128((__m128i *)buffer, first16);
        _mm_storeu_si128((__m128i *)(buffer + size - 16), _mm_add_epi8(first16, _mm_set1_epi8((char)(size - 16))));
        return;
    }
    int i = 0;
    for (; i + 256 <= size; i += 256) {
        for (int k = 0; k < 256; k += 32) {
            _mm256_storeu_si256((__m256i *)(buffer + i + k), _mm256_add_epi8(first, _mm256_set1_epi8((char)k)));
        }
    }
    for (; i + 32 <= size; i += 32) {
        _mm256_storeu_si256((__m256i *)(buffer + i), _mm256_add_epi8(first, _mm256_set1_epi8((char)i)));
    }
    if (i < size) {
        __m256i last = _mm256_add_epi8(first, _mm256_set1_epi8((char)(size - 32)));
        _mm256_storeu_si256((__m256i *)(buffer + size - 32), last);
    }
}

static int avx2_runs_here(void)
{
    __builtin_cpu_init(); /* needed before __builtin_cpu_supports in code that may run before libgcc's constructor */
    return __builtin_cpu_supports("avx2");
}
#endif

const struct fill_variant fill_variants[] = {
#if defined(__x86_64__)
    {"avx2", fill_avx2, avx2_runs_here},
#endif
    {"portable", fill_portable, always},
};
const int fill_variant_count = (int)(sizeof fill_variants / sizeof fill_variants[0]);

const struct fill_variant *fill_variant_best(void)
{
    for (int i = 0; i < fill_variant_count - 1; i++) {
        if (fill_variants[i].runs_here()) {
            return &fill_variants[i];
        }
    }
    return &fill_variants[fill_variant_count - 1];
}

fill_function *fill_chosen = fill_portable;

/* Runs when the library is loaded (dlopen, or program start for a static copy), before any call can reach it. */
__attribute__((constructor)) static void choose_fill_variant(void) { fill_chosen = fill_variant_best()->fill; }
