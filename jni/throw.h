/*
 * The one way the glue reports errors to Java: throw an exception, then return to Java at once.
 *
 * After any of these the caller must not make another JNI call (other than cleanup such as
 * Release*): with an exception pending, most JNI functions are undefined behaviour.
 * Classes are looked up when an error happens, not cached: errors are rare, and FindClass from a native
 * method uses the class loader of the Java class that declared it, so no global references are needed.
 */
#ifndef JNI_BUFFER_THROW_H
#define JNI_BUFFER_THROW_H

#include <jni.h>

/* Throws a new exception of class_name (e.g. "java/lang/IllegalStateException") with a message. */
void throw_new(JNIEnv *env, const char *class_name, const char *message);

/* Throws io.github.jnibuffer.NativeCallException(function, error_code): a demo_lib call failed. */
void throw_native_call(JNIEnv *env, const char *function, int error_code);

/* Throws OutOfMemoryError with a printf-style message. */
void throw_out_of_memory(JNIEnv *env, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif /* JNI_BUFFER_THROW_H */
