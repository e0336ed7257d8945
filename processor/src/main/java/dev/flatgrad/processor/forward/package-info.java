/**
 * Stage 3, forward mode: the tangent program of a lowered method ({@link
 * dev.flatgrad.processor.forward.Tangents}), each statement followed by the statement computing
 * its tangent from the tangent rules beside the adjoint rules, loops and branches as written, and
 * calls of the user's methods through their generated tangent (or H·v) methods ({@link
 * dev.flatgrad.processor.forward.CallTangents}). Second derivatives reverse the tangent program
 * with the reverse stage: Hessian-vector products are reverse over forward.
 */
package dev.flatgrad.processor.forward;
