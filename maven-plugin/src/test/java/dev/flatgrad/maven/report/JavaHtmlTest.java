package dev.flatgrad.maven.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaHtmlTest {

  private static final String NEURON = """
      @Differentiable
      static double neuron(double w0, double x0) {
        // a comment with <angle> & "quotes"
        double s = w0 * x0 + 1.5;
        return 1.0 / (1.0 + Math.exp(-s));
      }""";

  /** The text a reader sees: tags dropped, entities read. */
  static String text(String html) {
    return html.replace("</span><span class=\"line\"", "</span>\n<span class=\"line\"")
        .replaceAll("<[^>]+>", "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  @Test
  void losesNoText() {
    String html = JavaHtml.render(NEURON, 7, JavaHtml.Names.NONE);
    assertEquals(NEURON, text(html));
  }

  @Test
  void numbersLinesFromWhereTheMethodStarts() {
    String html = JavaHtml.render(NEURON, 7, JavaHtml.Names.NONE);
    assertTrue(html.startsWith("<span class=\"line\" data-n=\"7\">"), html);
    assertTrue(html.contains("<span class=\"line\" data-n=\"12\">"), html);
    assertFalse(html.contains("data-n=\"13\""), html);
  }

  @Test
  void marksKeywordsLiteralsCommentsAnnotationsAndTypes() {
    String html = JavaHtml.render(NEURON, 1, JavaHtml.Names.NONE);
    assertTrue(html.contains("<span class=\"kw\">return</span>"), html);
    assertTrue(html.contains("<span class=\"kw\">double</span>"), html);
    assertTrue(html.contains("<span class=\"lit\">1.5</span>"), html);
    assertTrue(html.contains("<span class=\"com\">// a comment with &lt;angle&gt; &amp; &quot;quotes&quot;</span>"), html);
    assertTrue(html.contains("<span class=\"an\">@</span><span class=\"an\">Differentiable</span>"), html);
    assertTrue(html.contains("<span class=\"ty\">Math</span>.exp"), html);
  }

  @Test
  void linksValuesAndAdjointsOfTheGraph() {
    String backward = """
        static double f(double x) {
          double s = x * x;
          double dx = 2.0 * x;
          return dx;
        }""";
    String html = JavaHtml.render(backward, 1, new JavaHtml.Names(Map.of("x", "x", "s", "s"), Map.of("dx", "x")));
    assertTrue(html.contains("<span class=\"var\" data-v=\"s\">s</span>"), html);
    assertTrue(html.contains("<span class=\"adj\" data-v=\"x\">dx</span>"), html);
  }

  @Test
  void leavesOutPackagesAsTheGeneratedFilesImportsDo() {
    String generated = """
        public static p.FooGrad.Loss loss(p.Foo self, double[] x) {
          // out = dev.flatgrad.runtime.Nd.sum(x) * self.scale
          double out = dev.flatgrad.runtime.Nd.sum(x) * self.scale + x.length + java.lang.Math.abs(1.0);
          return new p.FooGrad.Loss(out, dev.flatgrad.runtime.Nd.zerosLike(x));
        }""";
    String text = text(JavaHtml.render(generated, 1, JavaHtml.Names.NONE));
    assertTrue(text.contains("// out = Nd.sum(x) * self.scale"), text);
    assertTrue(text.contains("double out = Nd.sum(x) * self.scale + x.length + Math.abs(1.0);"), text);
    // One lower-case name before a class could be a variable: kept, unless it is a known package.
    assertTrue(text.contains("public static p.FooGrad.Loss loss(p.Foo self"), text);
    String known = text(JavaHtml.render(generated, 1, JavaHtml.Names.NONE, java.util.Set.of("p")));
    assertTrue(known.contains("public static FooGrad.Loss loss(Foo self"), known);
    assertTrue(known.contains("return new FooGrad.Loss(out, Nd.zerosLike(x));"), known);
  }

  @Test
  void splitsABlockCommentIntoItsLines() {
    String source = """
        /**
         * Javadoc.
         */
        void f() {}""";
    String html = JavaHtml.render(source, 1, JavaHtml.Names.NONE);
    assertEquals(4, html.split("<span class=\"line\"", -1).length - 1, html);
    assertTrue(html.contains("<span class=\"line\" data-n=\"2\"><span class=\"com\"> * Javadoc.</span></span>"), html);
  }

  @Test
  void showsWhatItCannotParseAsPlainText() {
    String broken = "double f( { <oops> &";
    String html = JavaHtml.render(broken, 3, JavaHtml.Names.NONE);
    assertEquals("<span class=\"line\" data-n=\"3\">double f( { &lt;oops&gt; &amp;</span>", html);
  }
}
