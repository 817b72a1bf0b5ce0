// Run by maven-invoker-plugin after `mvn verify` of this project succeeded, i.e. after every run exited with 0.
// Checks what each run printed. `basedir` is this project's directory (a copy under the main target/it).

def log = { String run -> new File(basedir, "target/${run}.log").text }
def jdk = Runtime.version().feature()   // the JDK that ran the build, and so the runs

def assertSafeExampleRan = { String run, String text ->
    [
        'Size: 20 bytes',
        'First 16 bytes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]',
        'Java array filled by C: [0, 1, 2, 3, 4, 5, 6, 7]',
        'Live buffers: 0',
    ].each { line -> assert text.contains(line): "${run}: no '${line}' in:\n${text}" }
    // The glue came out of the jar, into <java.io.tmpdir>/jni-buffer-<version>-<hash>-uid<uid>/: no library path
    // was used.
    assert text =~ /Glue mapped from: \/.+\/jni-buffer-[^\/]+-[0-9a-f]{16}-uid\d+\/libdemo_jni(-\d+)?\.so/:
            "${run}: the glue was not extracted from the jar:\n${text}"
}
def assertNoWarning = { String run, String text ->
    assert !text.contains('WARNING'): "${run} printed a warning on JDK ${jdk}:\n${text}"
}

['class-path', 'module-path', 'runnable-jar'].each { run ->
    def text = log(run)
    assertSafeExampleRan(run, text)
    assertNoWarning(run, text)
}
assert log('class-path').contains('jni-buffer module: unnamed module')
assert log('runnable-jar').contains('jni-buffer module: unnamed module')
assert log('module-path').contains('jni-buffer module: module io.github.jnibuffer')

def control = log('module-path-without-native-access')
assertSafeExampleRan('module-path-without-native-access', control)
if (jdk >= 24) {
    assert control.contains('WARNING: A restricted method in java.lang.System has been called'): control
    assert control.contains('io.github.jnibuffer'): control
} else {
    assertNoWarning('module-path-without-native-access', control)
}
println "consumer: all four runs printed what they should on JDK ${jdk}"
return true
