/*
 * The one way the glue reports its own errors to Java (a JNI function that failed): throw an exception,
 * then return to Java at once. demo_lib's error codes are returned to Java, which throws for them.
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

#endif /* JNI_BUFFER_THROW_H */
