// flatgrad:check ran in verify, printed the table, and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('flatgrad-maven-plugin') && log.contains(':check')
assert log =~ /Gradient check: generated gradients against 4-point centred differences, tolerance 1\.0e-07, every entry/
assert log =~ /\[INFO\] method\s+param\s+checked\s+max rel error\s+worst\s+analytic\s+numeric\s+result/
// The value first, bit for bit against the method's own, then the gradients.
assert log =~ /\[INFO\] nn\.Losses#ridge\s+\(value\)\s+1\/1\s+0\.00e\+00.*ok/
assert log =~ /\[INFO\]\s+W\s+15\/15\s+\d\.\d\de-\d\d.*ok/
assert log =~ /\[INFO\] nn\.Losses#softmaxCrossEntropy\s+\(value\)\s+1\/1\s+.*ok/
assert log =~ /\[INFO\]\s+s\s+10\/10\s+.*ok/
assert log =~ /\[INFO\] nn\.Losses#neuron\s+\(value\)\s+1\/1\s+.*ok/
assert log =~ /\[INFO\]\s+w0\s+1\/1\s+.*ok/
assert log.contains('[WARNING] unchecked nn.Losses#cube: no @CheckInputs (declare example inputs to check it)')
// An array result, through dout; a hand-written @CustomGradient.
assert log =~ /\[INFO\] nn\.Layers#affine\s+\(value\)\s+8\/8\s+.*ok/
assert log =~ /\[INFO\]\s+x\s+12\/12\s+.*ok/
assert log =~ /\[INFO\]\s+W\s+6\/6\s+.*ok/
assert log =~ /\[INFO\]\s+b\s+2\/2\s+.*ok/
assert log =~ /\[INFO\] nn\.Layers#softplus\s+\(value\)\s+1\/1\s+.*ok/
assert log.contains('PASSED: 6 methods: 5 passed, 0 failed, 1 unchecked')
assert log.contains('BUILD SUCCESS')
return true
