/*
 * What the glue does when the JVM loads and unloads it: each class loader loads its own copy (internal.loading), and
 * a copy is unloaded once its class loader is collected. The shared-buffer guard lives in libjnibuffer_guard_v2.so
 * (shared_guard.c), one per process, so loading a copy only attaches to it; a failure becomes an
 * UnsatisfiedLinkError from System.load, never the end of the process.
 */
#include <errno.h>
#include <jni.h>

#include "shared_guard.h"
#include "shared_retirement.h"
#include "throw.h"

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    int error = guard_runtime_attach();
    if (error == 0) {
        return JNI_VERSION_1_8;
    }
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) == JNI_OK) {
        /* No printf-style formatting: vsnprintf would need a glibc newer than s390x's first (glibc_baseline.h). */
        const char *message = error == EAGAIN
            ? "jni-buffer's shared-buffer guard could not be set up: pthread_key_create failed with EAGAIN, the process "
              "has used up its thread-specific data keys (PTHREAD_KEYS_MAX)"
            : "jni-buffer's shared-buffer guard could not be set up: pthread_key_create failed, out of memory";
        throw_new(env, "java/lang/UnsatisfiedLinkError", message); /* the JDK rethrows it from System.load */
    }
    return JNI_ERR;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    flush_retired(); /* this copy's queued blocks, before its code goes: no Buffer of its class loader is left */
    guard_runtime_detach();
}
