package dev.flatgrad.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** The goals read sources at the Java release the build compiles them at. */
class MojoSupportTest {

  private static MavenProject project(String... compilerSettings) {
    Model model = new Model();
    model.setBuild(new Build());
    if (compilerSettings.length > 0) {
      Plugin compiler = new Plugin();
      compiler.setArtifactId("maven-compiler-plugin");
      Xpp3Dom configuration = new Xpp3Dom("configuration");
      for (int i = 0; i < compilerSettings.length; i += 2) {
        Xpp3Dom setting = new Xpp3Dom(compilerSettings[i]);
        setting.setValue(compilerSettings[i + 1]);
        configuration.addChild(setting);
      }
      compiler.setConfiguration(configuration);
      model.getBuild().addPlugin(compiler);
    }
    return new MavenProject(model);
  }

  @Test
  void theCompilersReleaseThenItsSourceElseTheNewest() {
    assertEquals(21, MojoSupport.javaRelease(project("release", "21"), "17", "11"));
    assertEquals(17, MojoSupport.javaRelease(project(), "17", "11"));
    assertEquals(11, MojoSupport.javaRelease(project("source", "11"), null, "8"));
    assertEquals(8, MojoSupport.javaRelease(project(), null, "1.8"));
    assertEquals(0, MojoSupport.javaRelease(project(), null, null));
    assertEquals(0, MojoSupport.javaRelease(project(), "${java.version}", ""));
  }
}
