package dev.flatgrad.processor.naming;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names are honest: the user's stay, an adjoint is d + its value's name, a temporary never poses as one. */
class NamingTest {

  private static final Variable X = Variable.parameter("x", Type.DOUBLE);

  private static Stmt declare(Variable v) {
    return new Stmt.Assign(v, null, new Expr.Ref(X), true, Pos.NONE);
  }

  private static Naming name(Variable... declared) {
    List<Stmt> code = new ArrayList<>();
    for (Variable v : declared) {
      code.add(declare(v));
    }
    return Naming.of(List.of(X), List.of(code), Set.of());
  }

  @Test
  void theUsersNamesStayWhateverTemporariesCameFirst() {
    Variable prod = Variable.temp("prod", Type.DOUBLE);
    Variable prod2 = Variable.temp("prod", Type.DOUBLE);
    Variable prod3 = Variable.temp("prod", Type.DOUBLE);
    Variable user = Variable.local("prod3", Type.DOUBLE);
    Naming n = name(prod, prod2, prod3, user);
    assertThat(n.of(user)).isEqualTo("prod3");
    assertThat(List.of(n.of(prod), n.of(prod2), n.of(prod3))).containsExactly("prod", "prod2", "prod4").inOrder();
  }

  @Test
  void aTemporaryIsNeverNamedLikeTheAdjointOfAnotherValue() {
    Variable sum = Variable.local("sum", Type.DOUBLE);
    Variable prod3 = Variable.local("prod3", Type.DOUBLE);
    // the adjoints of two unnamed expressions, a sum and a product
    Variable dOfASum = Variable.temp("dsum", Type.DOUBLE);
    Variable dOfAProduct = Variable.temp("dprod3", Type.DOUBLE);
    Variable dsum = Variable.adjointOf(sum);
    Naming n = name(sum, prod3, dOfASum, dOfAProduct, dsum);
    assertThat(n.of(dsum)).isEqualTo("dsum");
    assertThat(n.of(dOfASum)).isNotEqualTo("dsum");
    assertThat(n.of(dOfASum)).isEqualTo("dsum2");
    assertThat(n.of(dOfAProduct)).isEqualTo("dprod3_2");
  }

  @Test
  void noTemporaryIsNamedAsThoughATemporaryAdjointWereItsOwn() {
    Variable dOfASum = Variable.temp("dsum", Type.DOUBLE);
    Variable sum = Variable.temp("sum", Type.DOUBLE);
    Naming n = name(dOfASum, sum);
    assertThat(n.of(dOfASum)).isEqualTo("dsum");
    assertThat(n.of(sum)).isEqualTo("sum2");
    assertThat(n.of(Variable.adjointOf(sum))).isEqualTo("dsum2");
  }

  @Test
  void anAdjointOfAUserValueKeepsItsNameBesideTheUsersOwnDNames() {
    Variable x = Variable.local("y", Type.DOUBLE);
    Variable userDy = Variable.local("dy", Type.DOUBLE);
    Naming n = name(x, userDy);
    assertThat(n.of(userDy)).isEqualTo("dy");
    assertThat(n.of(Variable.adjointOf(x))).isEqualTo("dy_");
  }

  @Test
  void aVersionOfANameEndingInADigitIsNumberedApart() {
    Variable r1 = Variable.local("r1", Type.DOUBLE);
    Variable r12 = Variable.local("r12", Type.DOUBLE);
    Variable second = r1.newVersion();
    Naming n = name(r1, r12, second);
    assertThat(List.of(n.of(r1), n.of(r12), n.of(second))).containsExactly("r1", "r12", "r1_2").inOrder();
  }

  @Test
  void theAdjointOfAParameterIsNamedAsItsRecordComponent() {
    // d + o is the keyword do, d + ouble the keyword double; value is no generated name inside a method.
    Variable o = Variable.parameter("o", Type.DOUBLE);
    Variable ouble = Variable.parameter("ouble", Type.DOUBLE);
    Variable value = Variable.parameter("value", Type.DOUBLE);
    List<Variable> params = List.of(o, ouble, value);
    List<Variable> adjoints = params.stream().map(Variable::adjointOf).toList();
    List<Stmt> code = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      code.add(new Stmt.Assign(adjoints.get(i), null, new Expr.Ref(params.get(i)), true, Pos.NONE));
    }
    Naming n = Naming.of(params, List.of(code), Set.of());
    List<String> names = params.stream().map(Variable::hint).toList();
    for (int i = 0; i < params.size(); i++) {
      assertThat(n.of(params.get(i))).isEqualTo(names.get(i));
      assertThat(n.of(adjoints.get(i))).isEqualTo(GeneratedNames.gradientComponent(names.get(i), names));
    }
    assertThat(List.of(n.of(adjoints.get(0)), n.of(adjoints.get(1)), n.of(adjoints.get(2))))
        .containsExactly("do_", "double_", "dvalue").inOrder();
  }

  @Test
  void aTemporaryNeverTakesANameTheGeneratedClassReserves() {
    Variable grad = Variable.temp("grad", Type.DOUBLE);
    Naming n = Naming.of(List.of(X), List.of(List.of(declare(grad))), Set.of("grad"));
    assertThat(n.of(grad)).isNotEqualTo("grad");
  }

  @Test
  void aLocalTheGeneratorWritesMovesAsideFromTheUsersNames() {
    Set<String> used = new java.util.HashSet<>(Set.of("grad", "value"));
    assertThat(Naming.fresh("grad", used)).isEqualTo("grad_");
    assertThat(Naming.fresh("grad", used)).isEqualTo("grad__");
    assertThat(Naming.fresh("k", used)).isEqualTo("k");
  }
}
