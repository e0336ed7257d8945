package dev.flatgrad.processor.simplify;

import static dev.flatgrad.processor.testing.Ir.assign;
import static dev.flatgrad.processor.testing.Ir.binary;
import static dev.flatgrad.processor.testing.Ir.countUp;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.declare;
import static dev.flatgrad.processor.testing.Ir.i;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simplification pass over backward code, on statements built by hand. */
class BackwardSimplificationTest {

  private final Variable x = scalar("x");
  private final Variable y = scalar("y");

  @Test
  void branchesThatSimplifyToTwinsBecomeOneStatement() {
    Stmt branch = new Stmt.If(binary(BinaryOp.GT, ref(x), d(0.0)),
        new Block(List.of(assign(y, mul(ref(x), d(1.0))))), new Block(List.of(assign(y, ref(x)))), Pos.NONE);
    assertEquals(List.of(assign(y, ref(x))), BackwardSimplification.apply(List.of(branch)));
  }

  @Test
  void anIfWithNothingInItGoesWithItsTest() {
    Variable rows = Variable.local("A", dev.flatgrad.processor.ir.Type.DOUBLE_MATRIX);
    Stmt empty = new Stmt.If(binary(BinaryOp.LT, ref(x), new dev.flatgrad.processor.ir.Expr.Length(ref(rows))),
        new Block(List.of()), new Block(List.of()), Pos.NONE);
    Stmt nested = new Stmt.If(binary(BinaryOp.GT, ref(y), d(0.0)), new Block(List.of(empty)), new Block(List.of()), Pos.NONE);
    assertEquals(List.of(), BackwardSimplification.apply(List.of(nested)));
  }

  @Test
  void aLoopWithNothingInItGoesWithTheCommentsOfWhatWasInIt() {
    Variable i = Variable.local("i", dev.flatgrad.processor.ir.Type.INT);
    Variable trips = Variable.local("trips", dev.flatgrad.processor.ir.Type.INT);
    Stmt gone = new Stmt.Comment(null, assign(y, ref(x)), Pos.NONE);
    Stmt emptied = countUp(i, ref(trips), gone);
    assertEquals(List.of(), BackwardSimplification.apply(List.of(gone, emptied)));
    Variable stack = Variable.stack("tripsStack", dev.flatgrad.processor.ir.Type.INT);
    Stmt popping = new Stmt.Loop(Stmt.LoopKind.FOR, List.of(declare(trips, Tapes.pop(stack))),
        binary(BinaryOp.GT, ref(trips), i(0)), List.of(), new Block(List.of()), Pos.NONE);
    assertEquals(List.of(popping), BackwardSimplification.apply(List.of(popping)));
  }

  @Test
  void anIfOnAConstantIsTheBranchItTakes() {
    Stmt taken = assign(y, ref(x));
    Stmt never = assign(y, d(0.0));
    Stmt decided = new Stmt.If(dev.flatgrad.processor.ir.Expr.Const.ofBoolean(false), new Block(List.of(never)), new Block(List.of(taken)), Pos.NONE);
    assertEquals(List.of(taken), BackwardSimplification.apply(List.of(decided)));
  }

  @Test
  void simplifiedCodeIsItsOwnFixedPoint() {
    List<Stmt> once = BackwardSimplification.apply(List.of(assign(y, mul(d(1.0), mul(ref(x), d(1.0))))));
    assertEquals(List.of(assign(y, ref(x))), once);
    assertEquals(once, BackwardSimplification.apply(once));
  }
}
