package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import dev.flatgrad.processor.ir.BinaryOp;

/** JavaParser's operator enums to the IR's. */
final class Operators {

  private Operators() {}

  static BinaryOp of(BinaryExpr.Operator op) {
    return switch (op) {
      case OR -> BinaryOp.OR;
      case AND -> BinaryOp.AND;
      case BINARY_OR -> BinaryOp.BITOR;
      case BINARY_AND -> BinaryOp.BITAND;
      case XOR -> BinaryOp.XOR;
      case EQUALS -> BinaryOp.EQ;
      case NOT_EQUALS -> BinaryOp.NE;
      case LESS -> BinaryOp.LT;
      case GREATER -> BinaryOp.GT;
      case LESS_EQUALS -> BinaryOp.LE;
      case GREATER_EQUALS -> BinaryOp.GE;
      case LEFT_SHIFT -> BinaryOp.SHL;
      case SIGNED_RIGHT_SHIFT -> BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT -> BinaryOp.USHR;
      case PLUS -> BinaryOp.ADD;
      case MINUS -> BinaryOp.SUB;
      case MULTIPLY -> BinaryOp.MUL;
      case DIVIDE -> BinaryOp.DIV;
      case REMAINDER -> BinaryOp.REM;
    };
  }

  /** The operator of a compound assignment, or null for plain {@code =}. */
  static BinaryOp of(AssignExpr.Operator op) {
    return switch (op) {
      case ASSIGN -> null;
      case PLUS -> BinaryOp.ADD;
      case MINUS -> BinaryOp.SUB;
      case MULTIPLY -> BinaryOp.MUL;
      case DIVIDE -> BinaryOp.DIV;
      case REMAINDER -> BinaryOp.REM;
      case BINARY_AND -> BinaryOp.BITAND;
      case BINARY_OR -> BinaryOp.BITOR;
      case XOR -> BinaryOp.XOR;
      case LEFT_SHIFT -> BinaryOp.SHL;
      case SIGNED_RIGHT_SHIFT -> BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT -> BinaryOp.USHR;
    };
  }

  /** The Nd function that does what an operator would do on arrays. */
  static String ndName(BinaryOp op) {
    return switch (op) {
      case ADD -> "add";
      case SUB -> "subtract";
      case MUL -> "multiply";
      case DIV -> "divide";
      default -> "…";
    };
  }
}
