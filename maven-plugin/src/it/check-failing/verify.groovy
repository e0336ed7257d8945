// The generated gradient disagrees with the numeric derivative: the table says FAIL, the build fails.
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/generated-sources/flatgrad/nn/StepsGrad.java').isFile()
assert log =~ /\[INFO\] nn\.Steps#smooth\s+x\s+1\/1\s+.*ok/
assert log =~ /\[INFO\] nn\.Steps#step\s+x\s+1\/1\s+\d\.\d\de[-+]\d\d\s+-\s+2\.000000e\+00\s+\S+\s+FAIL/
assert log.contains('FAILED: 2 methods: 1 passed, 1 failed, 0 unchecked')
assert log.contains('Gradient check failed (tolerance 1.0e-07):')
assert log =~ /nn\.Steps#step: x relative error \d\.\d\de-\d\d, analytic 2\.000000e\+00, numeric/
assert log.contains('BUILD FAILURE')
return true
