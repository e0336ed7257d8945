// flatgrad:generate read the Java 17 file (at the compiler's <release>) and wrote the gradient;
// it compiled with -Werror beside the records and switches, and flatgrad:check passed it.
def log = new File(basedir, 'build.log').text
assert log.contains('Differentiated 1 source into target/generated-sources/flatgrad')
def generated = new File(basedir, 'target/generated-sources/flatgrad/shapes/ShapesGrad.java')
assert generated.isFile()
assert generated.text.contains('Double.NEGATIVE_INFINITY')
assert generated.text.contains('WEIGHTS.get()')
assert log =~ /\[INFO\] shapes\.Shapes#softMax\s+\(value\)\s+1\/1\s+.*ok/
assert log =~ /\[INFO\]\s+x\s+3\/3\s+.*ok/
assert log.contains('BUILD SUCCESS')
return true
