// flatgrad:check ran in verify, printed the table, and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('flatgrad-maven-plugin') && log.contains(':check')
assert log =~ /Gradient check: 4-point centred differences of each @Differentiable method, tolerance 1\.0e-07, every entry/
assert log =~ /\[INFO\] method\s+param\s+checked\s+max rel error\s+worst\s+analytic\s+numeric\s+result/
assert log =~ /\[INFO\] nn\.Losses#ridge\s+W\s+15\/15\s+\d\.\d\de-\d\d.*ok/
assert log =~ /\[INFO\] nn\.Losses#softmaxCrossEntropy\s+s\s+10\/10\s+.*ok/
assert log =~ /\[INFO\] nn\.Losses#neuron\s+w0\s+1\/1\s+.*ok/
assert log.contains('[WARNING] unchecked nn.Losses#cube: no @CheckInputs (declare example inputs to check it)')
assert log.contains('PASSED: 4 methods: 3 passed, 0 failed, 1 unchecked')
assert log.contains('BUILD SUCCESS')
return true
