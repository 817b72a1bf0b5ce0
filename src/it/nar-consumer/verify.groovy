// Run by maven-invoker-plugin after `mvn verify` of this project succeeded (the run exited with 0).
def text = new File(basedir, 'target/from-nar.log').text
assert text.contains('Filled 20 bytes, the last one 19'): text
def fromNar = new File(basedir, 'target/nar/lib/amd64-Linux-gpp/jni/libdemo_jni.so').canonicalPath
assert text.contains("Glue mapped from: ${fromNar}"): "the glue did not come from the unpacked NAR:\n${text}"
assert !text.contains('WARNING'): text
println "nar-consumer: the glue came from ${fromNar}"
return true
