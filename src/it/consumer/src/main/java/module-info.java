/** A user of jni-buffer, run by the invoker plugin on the module path and on the class path. */
module consumer {
    requires io.github.jnibuffer;
}
