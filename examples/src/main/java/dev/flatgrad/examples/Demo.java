package dev.flatgrad.examples;

import dev.flatgrad.examples.lecture.CircuitsGrad;

/** The main job: values, gradients and gradient checks of the examples. */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) {
    CircuitsGrad.AddMultiply r = CircuitsGrad.addMultiply(-2, 5, -4);
    System.out.println("(x + y) * z at (-2, 5, -4): " + r);
    System.out.println(CircuitsGrad.checkAddMultiply(-2, 5, -4));
  }
}
