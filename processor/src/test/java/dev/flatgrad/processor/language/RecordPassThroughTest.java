package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records of parameters with components flatgrad does not differentiate beside their double ones
 * ({@code int[] ids}, an {@code int}, a {@code boolean}, a {@code String}, an enum, a record of
 * settings, a {@code long}): differentiated in their double parts, the others read as settings and
 * carried by the gradient record as they were (once the whole record was silently a setting, with
 * no gradient for its arrays). Each gradient is checked against centred differences and its value
 * bit for bit, and the tangent and H·v where generated.
 */
class RecordPassThroughTest {

  private static final String EMBEDDINGS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Embeddings {
        public enum Act { TANH, SQUARE }

        public record Meta(int layers, String name) {}

        public record Table(double[][] E, int[] ids, double[] bias, int dim, boolean mean, String name, Act act,
            Meta meta) {
          double row(int k, double[] x) {
            return Nd.dot(E[ids[k]], x);
          }
        }

        public record Tower(long seed, Table table, double[][] W) {}

        public record Scaled(int[] idx, double k) {}

        /** Ids, a dimension, a flag, an enum and a record of settings beside the arrays. */
        @Differentiable(tangent = true, hessian = true)
        public static double embed(Table p, double[] x) {
          double s = 0.0;
          for (int k = 0; k < p.ids().length; k++) {
            int row = p.ids()[k];
            for (int d = 0; d < p.dim(); d++) {
              double z = p.E()[row][d] * x[d] + p.bias()[d];
              s += p.act() == Act.TANH ? Math.tanh(z) : z * z;
            }
            s += 0.1 * p.row(k, x);
          }
          if (p.mean() && p.name().equals("avg")) {
            s = s / p.ids().length;
          }
          return s * p.meta().layers();
        }

        /** Nested: a long first, the table inside, a matrix after. */
        @Differentiable(hessian = true)
        public static double tower(Tower t, double[] x) {
          int[] ids = t.table().ids();
          double s = Nd.sum(Nd.dot(t.W(), x)) * (t.seed() % 3);
          for (int id : ids) {
            s += Nd.dot(t.table().E()[id], Nd.dot(x, t.W()));
          }
          return s;
        }

        /** An array result. */
        @Differentiable
        public static double[] picked(Table p, double[] x) {
          double[] out = new double[p.ids().length];
          for (int k = 0; k < out.length; k++) {
            out[k] = Math.sin(p.E()[p.ids()[k]][0] * x[0]) + p.bias()[0];
          }
          return out;
        }

        /** A record of a scalar and ids, differentiated where wrt names it. */
        @Differentiable(wrt = {"s", "x"})
        public static double scaled(Scaled s, double[] x) {
          double t = 0.0;
          for (int i : s.idx()) {
            t += s.k() * x[i] * x[i];
          }
          return t;
        }
      }
      """;

  private static Loaded embeddings;

  @BeforeAll
  static void compileTheEmbeddings() {
    embeddings = load(compileOk(source(EMBEDDINGS)));
  }

  private static final RecordPoints POINTS = new RecordPoints(5);

  @BeforeEach
  void seed() {
    POINTS.reseed();
  }

  private static Object make(String name, Object... components) throws Exception {
    return RecordPoints.make(embeddings, "users.Embeddings$" + name, components);
  }

  private static Object table(String act, boolean mean) throws Exception {
    Object meta = make("Meta", 2, "m");
    Object a = Enum.valueOf(embeddings.loadClass("users.Embeddings$Act").asSubclass(Enum.class), act);
    return make("Table", POINTS.matrix(4, 3), new int[] {2, 0, 2}, POINTS.vector(3), 3, mean, mean ? "avg" : "sum", a, meta);
  }

  private static void check(String method, Object... args) {
    assertGradient(embeddings, "users.EmbeddingsGrad", method, args);
  }

  @Test
  void idsAFlagAnEnumAndSettingsBesideTheArrays() throws Exception {
    for (String act : new String[] {"TANH", "SQUARE"}) {
      for (boolean mean : new boolean[] {true, false}) {
        check("embed", table(act, mean), POINTS.vector(3));
      }
    }
  }

  @Test
  void theGradientCarriesTheOtherComponentsAsTheyWere() throws Exception {
    Object p = table("TANH", true);
    Object dp = Loaded.component(embeddings.call("users.EmbeddingsGrad", "embed", p, POINTS.vector(3)), "dp");
    for (String c : new String[] {"ids", "name", "act", "meta"}) {
      assertThat(Loaded.component(dp, c)).isSameInstanceAs(Loaded.component(p, c));
    }
    assertThat(Loaded.component(dp, "dim")).isEqualTo(3);
    assertThat(Loaded.component(dp, "mean")).isEqualTo(true);
    assertThat(((double[][]) Loaded.component(dp, "E"))[1]).isEqualTo(new double[3]); // a row no id reads
  }

  @Test
  void nestedWithALongFirst() throws Exception {
    check("tower", make("Tower", 7L, table("SQUARE", false), POINTS.matrix(3, 3)), POINTS.vector(3));
  }

  @Test
  void anArrayResult() throws Exception {
    check("picked", table("TANH", false), POINTS.vector(3), POINTS.vector(3));
  }

  @Test
  void aScalarAndIdsNamedInWrt() throws Exception {
    check("scaled", make("Scaled", new int[] {0, 2, 2}, 1.5), POINTS.vector(3));
  }
}
