// flatgrad:generate, without the processor, writes the very files the processor writes.
def byProcessor = new File(basedir, 'with-processor/target/generated-sources/annotations/lecture/LossesGrad.java')
def byPlugin = new File(basedir, 'with-plugin/target/generated-sources/flatgrad/lecture/LossesGrad.java')
assert byProcessor.isFile() : "no $byProcessor"
assert byPlugin.isFile() : "no $byPlugin"
assert byPlugin.text == byProcessor.text

// The plugin's module compiled its generated class, and ran no annotation processor.
assert new File(basedir, 'with-plugin/target/classes/lecture/LossesGrad.class').isFile()
assert !new File(basedir, 'with-plugin/target/generated-sources/annotations/lecture/LossesGrad.java').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('Differentiated 1 source into target/generated-sources/flatgrad')
// The second build: incremental.
assert log.contains('Nothing to generate - all sources up to date.')
return true
