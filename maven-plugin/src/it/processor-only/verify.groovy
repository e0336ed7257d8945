// The processor wrote NeuronGrad.java, javac compiled it, and the gradient it computes is right.
def generated = new File(basedir, 'target/generated-sources/annotations/lecture/NeuronGrad.java')
assert generated.isFile() : "no $generated"
assert generated.text.contains('public static Neuron neuron(double w0, double x0, double w1, double x1, double w2)')

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('flatgrad-maven-plugin')

def runtime = new File(localRepositoryPath, "dev/flatgrad/flatgrad-runtime/${projectVersion}/flatgrad-runtime-${projectVersion}.jar")
def loader = new URLClassLoader([new File(basedir, 'target/classes').toURI().toURL(), runtime.toURI().toURL()] as URL[],
    ClassLoader.platformClassLoader)
def grad = loader.loadClass('lecture.NeuronGrad')
def r = grad.getMethod('neuron', double, double, double, double, double).invoke(null, 2d, -1d, -3d, -2d, -3d)
// The lecture's numbers: f = sigmoid(1) = 0.731, dw0 = -0.196, dx0 = 0.393, dw1 = -0.393, dx1 = -0.589, dw2 = 0.196.
def close = { a, b -> Math.abs(a - b) < 1e-3 }
assert close(r.value(), 0.731)
assert close(r.dw0(), -0.196) && close(r.dx0(), 0.393) && close(r.dw1(), -0.393)
assert close(r.dx1(), -0.589) && close(r.dw2(), 0.196)
def report = grad.getMethod('checkNeuron', double, double, double, double, double).invoke(null, 2d, -1d, -3d, -2d, -3d)
assert report.passed()
return true
