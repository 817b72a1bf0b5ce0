/*
 * How a C pointer crosses into Java and back: as a jlong, always through intptr_t.
 *
 * intptr_t is the integer type that can hold any object pointer; going through it keeps the cast
 * well-defined on 32- and 64-bit platforms alike (on 32-bit a pointer widens into the jlong
 * and narrows back without loss). Java sees only an opaque number: 0 plays the part of NULL.
 */
#ifndef JNI_BUFFER_POINTER_H
#define JNI_BUFFER_POINTER_H

#include <jni.h>
#include <stdint.h>

static inline jlong pointer_to_jlong(const void *pointer) { return (jlong)(intptr_t)pointer; }

static inline char *jlong_to_pointer(jlong address) { return (char *)(intptr_t)address; }

#endif /* JNI_BUFFER_POINTER_H */
