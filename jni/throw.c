#include "throw.h"

void throw_new(JNIEnv *env, const char *class_name, const char *message)
{
    jclass cls = (*env)->FindClass(env, class_name);
    if (cls == NULL) {
        return; /* FindClass left NoClassDefFoundError pending: that is what Java will see */
    }
    (*env)->ThrowNew(env, cls, message);
    (*env)->DeleteLocalRef(env, cls);
}
