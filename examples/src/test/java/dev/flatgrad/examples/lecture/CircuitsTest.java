package dev.flatgrad.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The lecture's scalar circuits, at the lecture's numbers. */
class CircuitsTest {

  @Test
  void addMultiplyAtTheLectureNumbers() {
    CircuitsGrad.AddMultiply g = CircuitsGrad.addMultiply(-2, 5, -4);
    assertEquals(-12, g.value(), 0);
    assertEquals(-4, g.dx(), 0);
    assertEquals(-4, g.dy(), 0);
    assertEquals(3, g.dz(), 0);
    CircuitsGrad.checkAddMultiply(-2, 5, -4).assertPassed();
  }

  @Test
  void neuronAtTheLectureNumbers() {
    CircuitsGrad.Neuron g = CircuitsGrad.neuron(2, -1, -3, -2, -3);
    assertEquals(0.73, g.value(), 0.005);
    assertEquals(-0.20, g.dw0(), 0.005);
    assertEquals(0.39, g.dx0(), 0.005);
    assertEquals(-0.39, g.dw1(), 0.005);
    assertEquals(-0.59, g.dx1(), 0.005);
    assertEquals(0.20, g.dw2(), 0.005);
    // The exact values: the sigmoid gate's gradient s (1 - s) at s = sigmoid(1), times each input.
    double s = 1 / (1 + Math.exp(-1));
    double gate = s * (1 - s);
    assertEquals(s, g.value(), 1e-15);
    assertEquals(-1 * gate, g.dw0(), 1e-15);
    assertEquals(2 * gate, g.dx0(), 1e-15);
    assertEquals(-2 * gate, g.dw1(), 1e-15);
    assertEquals(-3 * gate, g.dx1(), 1e-15);
    assertEquals(gate, g.dw2(), 1e-15);
    CircuitsGrad.checkNeuron(2, -1, -3, -2, -3).assertPassed();
  }
}
