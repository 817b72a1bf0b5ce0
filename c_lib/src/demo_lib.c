#include <stdlib.h>
#include "demo_lib.h"
#include "fill_variants.h"

char *allocate_buffer(int size)
{
    if (size <= 0) {
        return NULL;
    }
    return malloc((size_t)size);
}

int fill_buffer(char *buffer, int size)
{
    if (buffer == NULL || size <= 0) {
        return -1;
    }
    /* The loop written for this CPU, chosen once when the library was loaded: a function pointer, not GNU IFUNC,
     * which musl's loader cannot load. See fill_variants.c. */
    fill_chosen(buffer, size);
    return size;
}

int free_buffer(char *buffer)
{
    if (buffer == NULL) {
        return -1;
    }
    free(buffer);
    return 0;
}
