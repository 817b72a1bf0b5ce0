/*
 * demo_lib: a deliberately tiny C library that hands out, fills and frees byte buffers.
 * It knows nothing about Java; the JNI glue in jni/ is its only Java-facing client.
 */
#ifndef DEMO_LIB_H
#define DEMO_LIB_H

/* Only the three functions below are exported from libdemo_lib.so; everything else is hidden. */
#if defined(_WIN32)
#define DEMO_LIB_API __declspec(dllexport)
#else
#define DEMO_LIB_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Returns a new buffer of `size` bytes (uninitialised), or NULL if size <= 0 or malloc fails.
 * The caller owns it and must release it with free_buffer, exactly once. */
DEMO_LIB_API char *allocate_buffer(int size);

/* Writes buffer[i] = (char)(i % 256) for every i in [0, size).
 * Returns size, or -1 if buffer is NULL or size <= 0 (nothing is written then). */
DEMO_LIB_API int fill_buffer(char *buffer, int size);

/* Releases a buffer from allocate_buffer. Returns 0, or -1 if buffer is NULL.
 * Passing any other pointer, or the same one twice, is undefined behaviour. */
DEMO_LIB_API int free_buffer(char *buffer);

#ifdef __cplusplus
}
#endif

#endif /* DEMO_LIB_H */
