// flatgrad:report ran in verify and wrote target/flatgrad: an index linking a page per method, each
// page with the method as written, the generated backward pass and the graph, and what the pages
// need to draw the graph offline.
def report = new File(basedir, 'target/flatgrad')
def index = new File(report, 'index.html')
assert index.isFile()
def html = index.text
assert html.contains('<title>flatgrad report \u00b7 Report sample</title>')
assert html.contains('4 differentiated methods in 2 classes')

// The index links every method, classes in name order, methods in declaration order.
def links = (html =~ /<a href="([^"]+\.html)">([^<]+)<\/a>/).collect { it[1] }
assert links == ['lecture.Neuron.neuron.html', 'nn.Layers.affineRelu.html', 'nn.Layers.sumSquares.html',
                 'nn.Layers.softplus.html']
links.each { assert new File(report, it).isFile() : "no page $it" }
assert html.contains('hand-written (<code>@CustomGradient</code>)')

def text = { String page ->
    page.replaceAll(/<[^>]+>/, '').replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
        .replace('&#39;', "'").replace('&amp;', '&')
}

// A page: the forward source as written, the generated backward pass, and the graph.
def neuron = new File(report, 'lecture.Neuron.neuron.html').text
assert text(neuron).contains('return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));')
assert text(neuron).contains('public static NeuronGrad.Neuron neuron(double w0, double x0')
assert text(neuron).contains('// backward pass')
assert neuron.contains('<span class="adj" data-v="w0">dw0</span>')
assert neuron.contains('<pre id="graph-dot" class="dot" hidden>digraph')
assert neuron.contains('<script src="assets/viz-global.js"></script>')
assert neuron.contains('<a href="index.html">report</a>')

def loop = new File(report, 'nn.Layers.sumSquares.html').text
assert text(loop).contains('s += v[i] * v[i];')
assert text(loop).contains('\u2190 dv')

def relu = new File(report, 'nn.Layers.affineRelu.html').text
assert text(relu).contains('double[][] scores = Nd.add(Nd.dot(x, W), b);')
assert text(relu).contains('double[][] dout')

// The graph as DOT beside the pages, and Graphviz (WebAssembly) to draw it without a network.
def dot = new File(report, 'graphs/lecture.Neuron.neuron.dot').text
assert dot.startsWith('digraph "lecture.Neuron#neuron" {')
assert dot.contains('\u2190 dw0')
def viz = new File(report, 'assets/viz-global.js')
assert viz.length() > 500000
assert viz.text.startsWith('/*!\nViz.js ')
assert new File(report, 'assets/report.js').isFile()
assert new File(report, 'assets/report.css').isFile()

def log = new File(basedir, 'build.log').text
assert log =~ /flatgrad-maven-plugin:[^:]+:report \(default\)/
assert log.contains('[INFO] Wrote the flatgrad report of 4 methods in 2 classes to target/flatgrad/index.html')
assert log.contains('BUILD SUCCESS')
return true
