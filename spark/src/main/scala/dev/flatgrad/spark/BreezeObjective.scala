package dev.flatgrad.spark

import breeze.linalg.DenseVector
import breeze.optimize.DiffFunction

/**
 * A function `point -> (value, gradient)` as the function Breeze's L-BFGS minimises.
 *
 * The module's only Scala: no Java class can implement Breeze's trait `DiffFunction`, whose
 * `apply(x): Double` and `Function1`'s `apply(x): Object` clash in Java; scalac writes the bridge
 * between them.
 */
private[spark] final class BreezeObjective(
    objective: java.util.function.Function[Array[Double], (Double, Array[Double])])
    extends DiffFunction[DenseVector[Double]] {

  override def calculate(x: DenseVector[Double]): (Double, DenseVector[Double]) = {
    val (value, gradient) = objective.apply(x.toArray)
    (value, DenseVector(gradient))
  }
}
