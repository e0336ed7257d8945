// Generated gradients that disagree with the numeric derivative: the table says FAIL, the build fails.
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/generated-sources/flatgrad/nn/StepsGrad.java').isFile()
assert new File(basedir, 'target/generated-sources/flatgrad/nn/SoftGrad.java').isFile()
// A hand-written @CustomGradient with a sign error.
assert log =~ /\[INFO\] nn\.Soft#softplus\s+\(value\)\s+1\/1\s+.*ok/
assert log =~ /\[INFO\]\s+x\s+1\/1\s+\d\.\d\de-\d\d\s+-\s+\S+\s+\S+\s+FAIL/
assert log =~ /\[INFO\] nn\.Steps#smooth\s+\(value\)\s+1\/1\s+.*ok/
// A branch checked exactly at its threshold: no derivative there for the check to agree with.
assert log =~ /\[INFO\] nn\.Steps#step\s+\(value\)\s+1\/1\s+.*ok/
assert log =~ /\[INFO\]\s+x\s+1\/1\s+\d\.\d\de[-+]\d\d\s+-\s+2\.000000e\+00\s+\S+\s+FAIL/
assert log.contains('[ERROR] FAILED: 3 methods: 1 passed, 2 failed, 0 unchecked')
assert log.contains('Gradient check failed (tolerance 1.0e-07):')
assert log =~ /nn\.Soft#softplus: x relative error \d\.\d\de-\d\d, analytic/
assert log =~ /nn\.Steps#step: x relative error \d\.\d\de-\d\d, analytic 2\.000000e\+00, numeric/
assert log.contains('BUILD FAILURE')
return true
