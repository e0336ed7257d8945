// A module that requires flatgrad's jars by name compiled, with the generated gradient inside it.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/classes/module-info.class').isFile()
assert new File(basedir, 'target/classes/app/loss/LossesGrad.class').isFile()
// The module does not read java.compiler, so the generated class goes without @Generated.
def generated = new File(basedir, 'target/generated-sources/annotations/app/loss/LossesGrad.java').text
assert !generated.contains('@Generated')

def jar = { name -> new java.util.jar.JarFile(new File(localRepositoryPath,
    "dev/flatgrad/flatgrad-${name}/${projectVersion}/flatgrad-${name}-${projectVersion}.jar")) }
assert jar('runtime').manifest.mainAttributes.getValue('Automatic-Module-Name') == 'dev.flatgrad.runtime'
assert jar('annotations').manifest.mainAttributes.getValue('Automatic-Module-Name') == 'dev.flatgrad.annotations'
return true
