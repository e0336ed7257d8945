package dev.flatgrad.processor.naming;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names of generated methods, records and components against the user's names that could
 * meet them: keywords made by the {@code d} prefix, a parameter named like another's gradient, a
 * product named like a gradient.
 */
class GeneratedNamesTest {

  @Test
  void aGradientComponentIsTheParametersAdjointUnlessThatIsAKeyword() {
    List<String> params = List.of("x", "o", "ouble", "value", "o_");
    assertThat(GeneratedNames.gradientComponent("x", params)).isEqualTo("dx");
    assertThat(GeneratedNames.gradientComponent("value", params)).isEqualTo("dvalue");
    assertThat(GeneratedNames.gradientComponent("ouble", params)).isEqualTo("double_");
    // do_ would be the component of o_ (do_ is not a keyword, so o_'s stays do_): o's moves on.
    assertThat(GeneratedNames.gradientComponent("o_", params)).isEqualTo("do_");
    assertThat(GeneratedNames.gradientComponent("o", params)).isEqualTo("do__");
    assertThat(GeneratedNames.gradientComponent("o", List.of("o"))).isEqualTo("do_");
  }

  @Test
  void recordsAreNumberedFromTheSecondMethodOfAName() {
    assertThat(GeneratedNames.gradientRecord("loss", 1)).isEqualTo("Loss");
    assertThat(GeneratedNames.gradientRecord("loss", 2)).isEqualTo("Loss2");
    assertThat(GeneratedNames.record("Loss", GeneratedNames.TANGENT)).isEqualTo("LossTangent");
    assertThat(GeneratedNames.tangent("loss")).isEqualTo("lossTangent");
    assertThat(GeneratedNames.hvp("loss")).isEqualTo("lossHvp");
    assertThat(GeneratedNames.pullback("loss")).isEqualTo("lossPullback");
  }

  @Test
  void aCheckIsKnownByItsRecord() {
    assertThat(GeneratedNames.check("LossHvp")).isEqualTo("checkLossHvp");
    assertThat(GeneratedNames.isCheck("checkLoss", Set.of("Loss"))).isTrue();
    // A user's method named like a check of no record is no check.
    assertThat(GeneratedNames.isCheck("checkpoint", Set.of("Loss"))).isFalse();
    assertThat(GeneratedNames.isCheck("check", Set.of("Loss"))).isFalse();
  }

  @Test
  void anHvpProductNamedLikeAGradientMovesAside() {
    // x and xDot both differentiated: the product of x (dxDot) would be xDot's gradient.
    var components = GeneratedNames.hvpComponents(List.of("x", "xDot"), List.of("x", "xDot"));
    assertThat(components.get("x").gradient()).isEqualTo("dx");
    assertThat(components.get("xDot").gradient()).isEqualTo("dxDot");
    assertThat(components.get("x").product()).isEqualTo("dxDot_");
    assertThat(components.get("xDot").product()).isEqualTo("dxDotDot");
    // A keyword's gradient keeps its underscore in the H.v record too.
    assertThat(GeneratedNames.hvpComponents(List.of("o"), List.of("o")).get("o").gradient()).isEqualTo("do_");
  }
}
