/**
 * Stage 4, reverse: the forward sweep (the user's code plus exactly the pushes the plan asks for)
 * and the backward sweep (statements in reverse, the chain rule through each expression's gates,
 * branches replayed, loops counted down), with the adjoint bookkeeping that keeps the output
 * flat: first contributions declared, copies aliased, arrays updated in place when owned.
 */
package dev.flatgrad.processor.reverse;
