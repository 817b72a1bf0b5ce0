#include "throw.h"

#include <stdarg.h>
#include <stdio.h>

void throw_new(JNIEnv *env, const char *class_name, const char *message)
{
    jclass cls = (*env)->FindClass(env, class_name);
    if (cls == NULL) {
        return; /* FindClass left NoClassDefFoundError pending: that is what Java will see */
    }
    (*env)->ThrowNew(env, cls, message);
    (*env)->DeleteLocalRef(env, cls);
}

void throw_out_of_memory(JNIEnv *env, const char *format, ...)
{
    char message[256];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    throw_new(env, "java/lang/OutOfMemoryError", message);
}
