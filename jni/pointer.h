/*
 * How a C pointer crosses into Java and back: as a jlong, always through intptr_t.
 *
 * Both casts are conversions between an integer and a pointer of the same size, so the compiler does not
 * warn (a direct (jlong)pointer on a 32-bit target is a cast from a pointer to a wider integer, which GCC
 * warns about). intptr_t is signed: on a 32-bit target an address above 2 GiB becomes a negative jlong,
 * exactly as a direct cast would make it, and comes back unchanged. Java must therefore treat the number
 * as opaque: 0 plays the part of NULL, and a negative value is a valid address, not an error.
 */
#ifndef JNI_BUFFER_POINTER_H
#define JNI_BUFFER_POINTER_H

#include <jni.h>
#include <stdint.h>

static inline jlong pointer_to_jlong(const void *pointer) { return (jlong)(intptr_t)pointer; }

static inline char *jlong_to_pointer(jlong address) { return (char *)(intptr_t)address; }

#endif /* JNI_BUFFER_POINTER_H */
