// The build stops in generate-sources with the file, line, column and what to do instead.
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/java/nn/Pick.java').canonicalPath
def line = log.readLines().find { it.startsWith("[ERROR] ${file}:[10,5] [Flatgrad") }
assert line : "no error line for ${file}:[10,5] in\n" + log
assert line =~ /falls through/
assert log.contains('flatgrad cannot differentiate this code (1 problem):')
assert !log.contains('--- maven-compiler-plugin') : 'the build stops before javac'
assert !new File(basedir, 'target/generated-sources/flatgrad/nn/PickGrad.java').exists()
return true
