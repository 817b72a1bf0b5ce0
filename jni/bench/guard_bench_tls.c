/*
 * For guard_bench only: the thread-local slot pointer that a guard runtime without a lane table would define, in a
 * library of its own as libjnibuffer_guard_v2.so would hold it, so that the uses in another library
 * (guard_bench_uses.c, the glue's stand-in) reach it across a library boundary, as the glue would. Built twice
 * (jni/CMakeLists.txt), one model each, since one initial-exec variable puts all of a library's thread-locals in
 * static TLS:
 *   GUARD_BENCH_INITIAL_EXEC  a fixed offset from the thread pointer, set when the library is loaded (static TLS)
 *   otherwise                 the default model for another library's variable: general-dynamic (__tls_get_addr,
 *                             or a TLS descriptor)
 */
struct guard_user;

#ifdef GUARD_BENCH_INITIAL_EXEC
__attribute__((visibility("default"), tls_model("initial-exec"))) __thread struct guard_user *guard_bench_me_ie;
#else
__attribute__((visibility("default"))) __thread struct guard_user *guard_bench_me_gd;
#endif
