/*
 * Built with musl-gcc by .ci/checks/musl: a musl program that loads the shipped glibc-built x86-64 libraries with
 * musl's own dynamic linker, as a JVM on Alpine would, and calls demo_lib's three functions, then sets up the
 * shared-buffer guard's runtime (its thread key, under musl's pthread) and opens and retires one guard cell.
 * Usage: musl-dlopen <directory holding libdemo_lib.so, libjnibuffer_guard_v2.so and libdemo_jni.so>
 */
#include <dlfcn.h>
#include <stdio.h>

static void *open_library(const char *directory, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    void *library = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (library == NULL) {
        fprintf(stderr, "musl could not load %s: %s\n", path, dlerror());
    }
    return library;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <directory>\n", argv[0]);
        return 2;
    }
    void *demo_lib = open_library(argv[1], "libdemo_lib.so");
    void *guard = open_library(argv[1], "libjnibuffer_guard_v2.so");
    /* The glue too: RTLD_NOW binds its imports from demo_lib and the guard runtime, as the JVM's load does. */
    void *glue = open_library(argv[1], "libdemo_jni.so");
    if (demo_lib == NULL || guard == NULL || glue == NULL) {
        return 1;
    }
    /* What the glue's JNI_OnLoad and a shared Buffer's open and close call (jni/shared_guard.h). */
    int (*attach)(void) = (int (*)(void))dlsym(guard, "guard_runtime_attach");
    void *(*open_cell)(char *, int) = (void *(*)(char *, int))dlsym(guard, "guard_open");
    int (*retire)(void *const *, int) = (int (*)(void *const *, int))dlsym(guard, "guard_retire_all");
    void (*recycle)(void *) = (void (*)(void *))dlsym(guard, "guard_recycle");
    if (attach == NULL || open_cell == NULL || retire == NULL || recycle == NULL) {
        fprintf(stderr, "a guard_* function is missing: %s\n", dlerror());
        return 1;
    }
    int attached = attach();
    char block[16];
    void *cell = attached == 0 ? open_cell(block, sizeof block) : NULL;
    int retired = cell == NULL ? -1 : retire(&cell, 1); /* 0: GUARD_FREE */
    if (cell != NULL) {
        recycle(cell);
    }
    printf("guard_runtime_attach -> %d, guard_open %s, guard_retire_all -> %d\n", attached, cell == NULL ? "failed" : "ok",
           retired);
    if (attached != 0 || retired != 0) {
        return 1;
    }
    char *(*allocate_buffer)(int) = (char *(*)(int))dlsym(demo_lib, "allocate_buffer");
    int (*fill_buffer)(char *, int) = (int (*)(char *, int))dlsym(demo_lib, "fill_buffer");
    int (*free_buffer)(char *) = (int (*)(char *))dlsym(demo_lib, "free_buffer");
    if (allocate_buffer == NULL || fill_buffer == NULL || free_buffer == NULL) {
        fprintf(stderr, "a demo_lib function is missing: %s\n", dlerror());
        return 1;
    }
    char *buffer = allocate_buffer(300);
    int filled = buffer == NULL ? -2 : fill_buffer(buffer, 300);
    int last = buffer == NULL ? -1 : (unsigned char)buffer[299];
    int freed = free_buffer(buffer);
    int refused = fill_buffer(NULL, 1);
    printf("allocate_buffer(300) %s, fill_buffer -> %d, buffer[299] = %d, free_buffer -> %d, fill_buffer(NULL) -> %d\n",
           buffer == NULL ? "failed" : "ok", filled, last, freed, refused);
    return buffer != NULL && filled == 300 && last == 299 % 256 && freed == 0 && refused == -1 ? 0 : 1;
}
