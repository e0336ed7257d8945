/**
 * Second derivatives from generated code: {@link dev.flatgrad.examples.second.NewtonCg}, Newton's
 * method with conjugate-gradient steps built on Hessian-vector products, fitting {@link
 * dev.flatgrad.examples.second.LogisticRegression} in a handful of iterations; and {@link
 * dev.flatgrad.examples.second.BlackScholes}, a European call with its first- and second-order
 * Greeks from one generated gradient and one generated Hessian.
 */
package dev.flatgrad.examples.second;
