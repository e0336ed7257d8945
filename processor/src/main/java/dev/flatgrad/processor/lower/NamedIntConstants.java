package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.type.PrimitiveType;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of constant expressions of type int (JLS 15.29) that name constant variables, which
 * Java narrows to a char without a cast as it does a literal: {@code char c = A;} with {@code static
 * final int A = 65}, a final local {@code final int k = 3;}, another class's {@code Keys.START}.
 */
final class NamedIntConstants {

  private final Scope scope;
  private final ClassContext cls;
  /** The initializers of the final locals of int-like types declared so far. */
  private final Map<Variable, Expression> finalLocals = new HashMap<>();

  NamedIntConstants(Scope scope, ClassContext cls) {
    this.scope = scope;
    this.cls = cls;
  }

  /** A local declared {@code final} with this initializer: a constant variable if that is a constant. */
  void finalLocal(Variable v, Expression initializer) {
    finalLocals.put(v, initializer);
  }

  /** The value of {@code e} if it is a constant expression of type int, char, short or byte. */
  Optional<Integer> value(Expression e) {
    return value(e, new HashSet<>());
  }

  private Optional<Integer> value(Expression e, Set<Object> visiting) {
    if (e instanceof IntegerLiteralExpr lit) {
      // 2147483648 is a long to javaparser: it is an int only after a minus, and no char then.
      return lit.asNumber() instanceof Integer i ? Optional.of(i) : Optional.empty();
    }
    if (e instanceof CharLiteralExpr lit) {
      return Optional.of((int) lit.asChar());
    }
    if (e instanceof EnclosedExpr enclosed) {
      return value(enclosed.getInner(), visiting);
    }
    if (e instanceof UnaryExpr u) {
      return value(u.getExpression(), visiting).flatMap(v -> switch (u.getOperator()) {
        case PLUS -> Optional.of(v);
        case MINUS -> Optional.of(-v);
        case BITWISE_COMPLEMENT -> Optional.of(~v);
        default -> Optional.empty();
      });
    }
    if (e instanceof BinaryExpr b) {
      Optional<Integer> l = value(b.getLeft(), visiting);
      Optional<Integer> r = value(b.getRight(), visiting);
      return l.isPresent() && r.isPresent() ? binary(b.getOperator(), l.get(), r.get()) : Optional.empty();
    }
    if (e instanceof CastExpr cast && cast.getType() instanceof PrimitiveType p) {
      return value(cast.getExpression(), visiting).flatMap(v -> switch (p.getType()) {
        case INT -> Optional.of(v);
        case CHAR -> Optional.of((int) (char) (int) v);
        case SHORT -> Optional.of((int) (short) (int) v);
        case BYTE -> Optional.of((int) (byte) (int) v);
        default -> Optional.empty();
      });
    }
    if (e instanceof NameExpr n) {
      return name(n.getNameAsString(), visiting);
    }
    if (e instanceof FieldAccessExpr access) {
      // Only TypeName.Identifier is a constant expression: not this.A, not an object's field.
      String first = access.getScope().toString().split("\\.")[0];
      if (!ExprLowering.isQualifiedName(access.getScope())
          || scope.lookup(first).isPresent() || cls.field(first).isPresent()) {
        return Optional.empty();
      }
      Optional<ClassRef> owner = cls.resolveClass(access.getScope().toString());
      if (owner.isPresent() && owner.get().equals(cls.self())) {
        return thisClassField(access.getNameAsString(), visiting);
      }
      return owner.flatMap(o -> otherClassField(o, access.getNameAsString()));
    }
    return Optional.empty();
  }

  private Optional<Integer> name(String name, Set<Object> visiting) {
    Optional<Variable> local = scope.lookup(name);
    if (local.isPresent()) {
      Expression init = finalLocals.get(local.get());
      return init != null && isIntLike(local.get().type()) ? initialized(local.get(), init, visiting) : Optional.empty();
    }
    if (cls.field(name).isPresent()) {
      return thisClassField(name, visiting);
    }
    return cls.staticImportOwner(name, c -> otherClassField(c, name).isPresent())
        .flatMap(c -> otherClassField(c, name));
  }

  private Optional<Integer> thisClassField(String name, Set<Object> visiting) {
    Optional<ClassContext.LocalField> field = cls.field(name);
    if (field.isEmpty() || !field.get().isFinal() || field.get().initializer() == null
        || !(field.get().declaredType() instanceof PrimitiveType p) || !isIntLike(p)) {
      return Optional.empty();
    }
    return initialized(field.get(), field.get().initializer(), visiting);
  }

  /** The value of a constant variable from its initializer; empty for one its own initializer reads. */
  private Optional<Integer> initialized(Object variable, Expression initializer, Set<Object> visiting) {
    if (!visiting.add(variable)) {
      return Optional.empty();
    }
    Optional<Integer> value = value(initializer, visiting);
    visiting.remove(variable);
    return value;
  }

  private Optional<Integer> otherClassField(ClassRef owner, String name) {
    Optional<Object> v = cls.symbols().constantValue(owner.qualifiedName(), name);
    if (v.isPresent() && v.get() instanceof Character c) {
      return Optional.of((int) c);
    }
    // An Integer, Short or Byte; not a Long, Float, Double, Boolean or String.
    return v.filter(n -> n instanceof Integer || n instanceof Short || n instanceof Byte)
        .map(n -> ((Number) n).intValue());
  }

  private static Optional<Integer> binary(BinaryExpr.Operator op, int l, int r) {
    return switch (op) {
      case PLUS -> Optional.of(l + r);
      case MINUS -> Optional.of(l - r);
      case MULTIPLY -> Optional.of(l * r);
      case DIVIDE -> r == 0 ? Optional.empty() : Optional.of(l / r);
      case REMAINDER -> r == 0 ? Optional.empty() : Optional.of(l % r);
      case LEFT_SHIFT -> Optional.of(l << r);
      case SIGNED_RIGHT_SHIFT -> Optional.of(l >> r);
      case UNSIGNED_RIGHT_SHIFT -> Optional.of(l >>> r);
      case BINARY_AND -> Optional.of(l & r);
      case BINARY_OR -> Optional.of(l | r);
      case XOR -> Optional.of(l ^ r);
      default -> Optional.empty();
    };
  }

  private static boolean isIntLike(Type t) {
    return t.equals(Type.INT) || t.equals(Type.CHAR);
  }

  private static boolean isIntLike(PrimitiveType p) {
    return switch (p.getType()) {
      case INT, CHAR, SHORT, BYTE -> true;
      default -> false;
    };
  }
}
